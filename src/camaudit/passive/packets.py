"""Packets -> :class:`~camaudit.passive.state.TrafficState`: link layer, IP, ports, and flow totals.

This is the per-packet path, so it reads headers with plain indexing and keeps work per packet small:
every packet updates its destination's totals (one dictionary lookup), and only payloads that can carry
something worth knowing (DNS, DHCP, discovery, a TLS or QUIC hello, an HTTP/RTSP head) are handed to
:mod:`camaudit.passive.payloads`; the TCP data a local address sends also goes to :mod:`camaudit.passive.tls_flows`,
which follows only the connections that start with a server's TLS ServerHello (one lookup otherwise).
Link types: Ethernet (with 802.1Q/802.1ad tags), Linux cooked capture v1 and v2, raw IP, and BSD loopback.
IPv4 and IPv6 (extension headers walked, fragments of both reassembled).
"""

from __future__ import annotations

from camaudit.passive.fragments import Reassembler
from camaudit.passive.localnet import EXTERNAL, GROUP, LOCAL, LocalNets
from camaudit.passive.payloads import PayloadReader
from camaudit.passive.state import TrafficState
from camaudit.passive.tally import Tally
from camaudit.passive.tls_flows import ServerCertificates

_VLAN = frozenset({0x8100, 0x88A8, 0x9100})
_IPV4, _IPV6, _ARP = 0x0800, 0x86DD, 0x0806
_RAW_IP = frozenset({101, 12, 14})
#: IPv6 extension headers walked to reach the transport header (hop-by-hop, routing, dest. options).
_IPV6_EXT = frozenset({0, 43, 60})
_IPV6_FRAGMENT = 44
_TCP, _UDP = 6, 17
_NULL_FAMILIES = {2: _IPV4, 24: _IPV6, 28: _IPV6, 30: _IPV6}


class PacketReader:
    """Feeds packets into a :class:`TrafficState` (one instance per run; files are read one after another)."""

    def __init__(self, state: TrafficState, local: LocalNets, tally: Tally) -> None:
        self.state, self.local, self.tally = state, local, tally
        self.fragments = Reassembler(tally)
        self.payloads = PayloadReader(state, local, tally)
        self.certificates = ServerCertificates(state, tally)
        self.packets = 0
        self.non_ip = 0
        #: Packets between two addresses that are both outside the local networks (not summarised).
        self.transit = 0
        self.first_ts, self.last_ts = float("inf"), float("-inf")

    def packet(self, ts: float, linktype: int, data: bytes) -> None:
        """Account for one captured packet."""
        self.packets += 1
        if ts > self.last_ts:
            self.last_ts = ts
        if ts < self.first_ts:
            self.first_ts = ts
        smac = b""
        if linktype == 1:
            if len(data) < 14:
                self.tally.add("frames shorter than an Ethernet header")
                return
            etype = (data[12] << 8) | data[13]
            off = 14
            smac = data[6:12]
            while etype in _VLAN:
                if len(data) < off + 4:
                    self.tally.add("VLAN-tagged frames cut off inside the tag")
                    return
                etype = (data[off + 2] << 8) | data[off + 3]
                off += 4
        elif linktype in _RAW_IP or linktype in (228, 229):
            if not data:
                return
            etype, off = (_IPV4 if data[0] >> 4 == 4 else _IPV6), 0
        elif linktype == 113:  # Linux cooked capture (SLL)
            if len(data) < 16:
                self.tally.add("Linux cooked-capture frames shorter than their header")
                return
            etype, off = (data[14] << 8) | data[15], 16
            if data[4:6] == b"\x00\x06":
                smac = data[6:12]
        elif linktype == 276:  # SLL2
            if len(data) < 20:
                self.tally.add("Linux cooked-capture v2 frames shorter than their header")
                return
            etype, off = (data[0] << 8) | data[1], 20
            if data[11] == 6:
                smac = data[12:18]
        elif linktype in (0, 108):  # BSD loopback: the address family in host byte order
            if len(data) < 4:
                return
            family = data[0] if data[0] else data[3]
            etype, off = _NULL_FAMILIES.get(family, 0), 4
        else:
            self.tally.add(f"packets of link type {linktype} (not read)")
            return
        if etype == _IPV4:
            self._ipv4(ts, data, off, smac)
        elif etype == _IPV6:
            self._ipv6(ts, data, off, smac)
        elif etype == _ARP:
            self._arp(data, off)
        else:
            self.non_ip += 1

    def _arp(self, data: bytes, off: int) -> None:
        # Ethernet/IPv4 ARP only: the sender's MAC and IP are what a switch would learn.
        if len(data) >= off + 28 and data[off : off + 6] == b"\x00\x01\x08\x00\x06\x04":
            sender_ip = data[off + 14 : off + 18]
            if self.local.kind(sender_ip) == LOCAL:
                self.state.learn_mac(sender_ip, data[off + 8 : off + 14], arp=True)

    def _ipv4(self, ts: float, data: bytes, off: int, smac: bytes) -> None:
        if len(data) < off + 20:
            self.tally.add("IPv4 headers cut short by the capture (skipped)")
            return
        vhl = data[off]
        ihl = (vhl & 0x0F) * 4
        total = (data[off + 2] << 8) | data[off + 3]
        if vhl >> 4 != 4 or ihl < 20 or total < ihl:
            self.tally.add("IPv4 headers with a bad version or length (skipped)")
            return
        src, dst, proto = data[off + 12 : off + 16], data[off + 16 : off + 20], data[off + 9]
        end = off + total
        payload = data[off + ihl : end]
        frag = ((data[off + 6] << 8) | data[off + 7]) & 0x3FFF
        if frag:
            whole = self.fragments.add((src, dst, proto, (data[off + 4] << 8) | data[off + 5]),
                                       (frag & 0x1FFF) * 8, bool(frag & 0x2000), payload, ts)
            if whole is None:
                return
            payload, total = whole, len(whole) + ihl
        elif end > len(data):
            self.tally.add("packets cut short by the capture's snap length (counted; payload read as far as kept)")
        self._transport(ts, src, dst, proto, payload, total, smac)

    def _ipv6(self, ts: float, data: bytes, off: int, smac: bytes) -> None:
        if len(data) < off + 40:
            self.tally.add("IPv6 headers cut short by the capture (skipped)")
            return
        if data[off] >> 4 != 6:
            self.tally.add("IPv6 headers with a bad version (skipped)")
            return
        total = 40 + ((data[off + 4] << 8) | data[off + 5])
        nxt = data[off + 6]
        src, dst = data[off + 8 : off + 24], data[off + 24 : off + 40]
        end = off + total
        if end > len(data):
            self.tally.add("packets cut short by the capture's snap length (counted; payload read as far as kept)")
        pos = off + 40
        for _ in range(8):
            if nxt in _IPV6_EXT:
                if pos + 2 > len(data):
                    self.tally.add("IPv6 extension headers cut short (skipped)")
                    return
                nxt, pos = data[pos], pos + 8 + data[pos + 1] * 8
            elif nxt == _IPV6_FRAGMENT:
                if pos + 8 > len(data):
                    self.tally.add("IPv6 fragment headers cut short (skipped)")
                    return
                field = (data[pos + 2] << 8) | data[pos + 3]
                ident = int.from_bytes(data[pos + 4 : pos + 8], "big")
                proto = data[pos]
                whole = self.fragments.add((src, dst, proto, ident), field & 0xFFF8, bool(field & 1),
                                           data[pos + 8 : end], ts)
                if whole is None:
                    return
                self._transport(ts, src, dst, proto, whole, len(whole) + 40, smac)
                return
            else:
                break
        self._transport(ts, src, dst, nxt, data[pos:end], total, smac)

    def _transport(self, ts: float, src: bytes, dst: bytes, proto: int, payload: bytes, size: int,
                   smac: bytes) -> None:
        local = self.local
        src_kind, dst_kind = local.kind(src), local.kind(dst)
        state = self.state
        if src_kind == LOCAL and smac and state.ip_mac.get(src) is None:
            state.learn_mac(src, smac)
        if proto in (_TCP, _UDP):
            if len(payload) < 4:
                self.tally.add("TCP/UDP headers cut short by the capture (ports unknown; skipped)")
                return
            sport, dport = (payload[0] << 8) | payload[1], (payload[2] << 8) | payload[3]
            if proto == _UDP:
                body = payload[8:]
            elif len(payload) >= 20:
                body = payload[(payload[12] >> 4) * 4 :]
            else:
                body = b""
        else:
            sport = dport = 0
            body = b""
        if src_kind == LOCAL:
            if dst_kind == EXTERNAL or (dst_kind == LOCAL and sport >= dport):
                device, peer, out = src, dst, True
            elif dst_kind == LOCAL:
                device, peer, out = dst, src, False
            else:
                device = b""  # to a group address: nobody's destination
        elif dst_kind == LOCAL and src_kind == EXTERNAL:
            device, peer, out = dst, src, False
        elif dst_kind == GROUP or src_kind == GROUP:
            # On the local segment but nobody's destination: DHCP from 0.0.0.0, or a device announcing
            # itself from an address outside the local ranges (a factory default such as 192.0.0.64).
            device = b""
        else:
            # Between two outside addresses: not summarised, but a discovery reply there still names its sender
            # (a replayed capture, or a lab on addresses the user did not name as local).
            self.transit += 1
            if proto == _UDP and body:
                self.payloads.read(ts, src, dst, proto, sport, dport, body, None, src_kind)
            return
        flow = None
        if device:
            port = sport if sport < dport else dport
            key = (device, peer, proto, port)
            flow = state.flows.get(key)
            if flow is None:
                # The device offers the service when the service port is its own.
                flow = state.new_flow(key, ts, (port == sport) == out)
            if flow is not None:
                if out:
                    flow.pk_out += 1
                    flow.b_out += size
                else:
                    flow.pk_in += 1
                    flow.b_in += size
                if ts > flow.last:
                    flow.last = ts
                    minute = int(ts) // 60
                    if minute != flow.last_minute:
                        flow.minutes += 1
                        flow.last_minute = minute
        if body:
            self.payloads.read(ts, src, dst, proto, sport, dport, body, flow, src_kind)
            if proto == _TCP and src_kind == LOCAL:
                # A local server's TLS flight, followed for its certificate (tls_flows: bounded, in order only).
                self.certificates.segment(ts, src, sport, dst, dport, int.from_bytes(payload[4:8], "big"), body)

    def finish(self) -> None:
        """End of input: count what never completed."""
        self.fragments.finish()
        self.certificates.finish()
