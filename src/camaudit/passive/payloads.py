"""Payloads worth reading: DNS, DHCP, vendor discovery, TLS/QUIC hellos and HTTP/RTSP heads.

Called only for packets that carry data. Each reader is bounded and raises its own error type for a
malformed payload; the reason is counted and the run goes on. Discovery payloads go through the very
parsers live discovery uses (:func:`camaudit.protocols.discovery.classify`), so a capture of discovery replies
names the same makers a live ``camaudit discover`` would.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

from camaudit.model import Observation
from camaudit.passive import dhcp, dns, http
from camaudit.passive.localnet import LOCAL, LocalNets
from camaudit.passive.quic import InitialReader, QuicError, looks_like_initial
from camaudit.passive.state import MAX_NAMES_PER_FLOW, Flow, TrafficState, ip_text
from camaudit.passive.tally import Tally
from camaudit.passive.tls import TlsError, record_sni
from camaudit.protocols import wsdiscovery
from camaudit.protocols.discovery import classify
from camaudit.protocols.http import HeadError

#: UDP ports of the discovery protocols live discovery speaks (SADP, DHIP, Dahua 5050, XMEye, WS-Discovery, SSDP,
#: mDNS, Ubiquiti) and Hanwha's IP-installer discovery (7701, whose replies go to 7711).
DISCOVERY_PORTS = frozenset({37020, 37810, 5050, 34569, 3702, 1900, 5353, 10001, 7701, 7711})
#: Text that marks a discovery *reply* (not a probe); a reply with it that yields nothing is malformed.
_WSD_MARKS = tuple(name.encode() for name in wsdiscovery.ANNOUNCING)
_REPLY_MARKS = (*_WSD_MARKS, b"deviceInfo", b"NetWork.NetCommon", b"NOTIFY", b"HTTP/1.1 200")
#: Responses parsed per server port of one device: its banner does not change from one reply to the next.
MAX_RESPONSES_PER_SERVICE = 16
#: Discovery datagrams remembered to skip repeats (devices announce every few seconds).
MAX_SEEN_DATAGRAMS = 65_536
_TCP, _UDP = 6, 17


def iso(ts: float) -> str:
    """A capture timestamp as ISO 8601 UTC (``2026-12-01T10:00:00Z``)."""
    try:
        return datetime.fromtimestamp(ts, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
    except (OverflowError, OSError, ValueError):
        return "1970-01-01T00:00:00Z"


def _looks_like_discovery(body: bytes) -> bool:
    """A discovery reply sent from or to a port other than its protocol's (replayed or relayed)."""
    first = body[0]
    if body[4:8] == b"DHIP":
        return True
    if first == 0x3C:  # "<": SADP or WS-Discovery XML (a ProbeMatch, a Hello, or the answer to a Resolve)
        head = body[:4096]
        return any(mark in head for mark in _WSD_MARKS)
    if first == 0xFF:  # XMEye: message 1531 (little-endian) at offset 14
        return len(body) >= 20 and body[14:16] == b"\xfb\x05"
    if first in (0x48, 0x4E):  # "H", "N": an SSDP answer or announcement (HTTP over UDP is nothing else)
        return body.startswith((b"HTTP/1.1 200", b"NOTIFY * HTTP/1.1")) and b"USN:" in body[:2048].upper()
    return first == 0xB3 and len(body) >= 0x78  # Dahua 5050 reply


def _wants_name(flow: Flow) -> bool:
    return flow.names is None or len(flow.names) < MAX_NAMES_PER_FLOW


class PayloadReader:
    """Reads the payloads of one run into its :class:`TrafficState`."""

    def __init__(self, state: TrafficState, local: LocalNets, tally: Tally) -> None:
        self.state, self.local, self.tally = state, local, tally
        self.quic = InitialReader()
        self._seen: dict[bytes, None] = {}
        self._responses: dict[tuple[bytes, int], int] = {}

    def read(self, ts: float, src: bytes, dst: bytes, proto: int, sport: int, dport: int, body: bytes,
             flow: Flow | None, src_kind: int) -> None:
        """Read one payload; a payload that cannot be read is counted with its reason, never raised."""
        try:
            if proto == _UDP:
                self._udp(ts, src, dst, sport, dport, body, flow, src_kind)
            elif proto == _TCP:
                self._tcp(ts, src, dst, sport, dport, body, flow, src_kind)
        except (dns.DnsError, dhcp.DhcpError, TlsError, QuicError) as exc:
            self.tally.add(f"{exc} (skipped)")
        except HeadError:
            self.tally.add("HTTP/RTSP responses whose status line cannot be read (skipped)")
        except Exception as exc:  # the safety net: one strange payload must never end the run
            self.tally.add(f"payloads a parser could not read ({type(exc).__name__}; skipped)")

    def _udp(self, ts: float, src: bytes, dst: bytes, sport: int, dport: int, body: bytes, flow: Flow | None,
             src_kind: int) -> None:
        if sport == 53 or dport == 53:
            self._dns(ts, src, dst, body, src_kind)
        elif sport in (67, 68) and dport in (67, 68):
            message = dhcp.parse(body)
            self.state.dhcp(message.mac, message.fields, message.address)
        elif sport in DISCOVERY_PORTS or dport in DISCOVERY_PORTS or _looks_like_discovery(body):
            self._discovery(ts, src, sport, body)
        elif sport > dport and flow is not None and _wants_name(flow) and looks_like_initial(body):
            # A client's Initial: from its ephemeral port to the service port.
            name = self.quic.server_name(body)
            if name:
                flow.add_name(name)

    def _tcp(self, ts: float, src: bytes, dst: bytes, sport: int, dport: int, body: bytes, flow: Flow | None,
             src_kind: int) -> None:
        first = body[0]
        if first == 0x16:
            # Only ClientHellos (handshake type 1) are read, and only while the destination lacks names.
            if flow is not None and len(body) > 5 and body[5] == 1 and _wants_name(flow):
                name = record_sni(body)
                if name:
                    flow.add_name(name)
        elif first == 0x48 or first == 0x52:  # "H", "R": an HTTP or RTSP response
            if src_kind == LOCAL:
                self._response(ts, src, sport, body)
        elif sport == 53 or dport == 53:
            self._dns(ts, src, dst, body[2:], src_kind)
        elif first in http.REQUEST_STARTS and flow is not None and _wants_name(flow) and http.is_request(body):
            host = http.request_host(body)
            if host:
                flow.add_name(host)

    def _dns(self, ts: float, src: bytes, dst: bytes, body: bytes, src_kind: int) -> None:
        message = dns.parse(body)
        state = self.state
        if message.is_response:
            for _text, packed, name in message.addresses:
                state.learn_name(packed, name)
            if self.local.kind(dst) == LOCAL:
                for name in message.questions:
                    state.asked(dst, name, ts, count=False)
        elif src_kind == LOCAL:
            for name in message.questions:
                state.asked(src, name, ts)

    def _response(self, ts: float, src: bytes, sport: int, body: bytes) -> None:
        key = (src, sport)
        count = self._responses.get(key, 0)
        if count >= MAX_RESPONSES_PER_SERVICE or (not count and len(self._responses) >= MAX_SEEN_DATAGRAMS):
            return
        self._responses[key] = count + 1
        parsed = http.response_fields(body)
        if parsed is not None:
            protocol, fields = parsed
            obs = Observation(ip_text(src), sport, "tcp", protocol, "passive", iso(ts), fields, body)
            self.state.observe(src, obs)

    def _discovery(self, ts: float, src: bytes, sport: int, body: bytes) -> None:
        key = src + hashlib.blake2b(body, digest_size=12).digest()
        if key in self._seen:
            return  # a repeated announcement
        if len(self._seen) >= MAX_SEEN_DATAGRAMS:
            self._seen.pop(next(iter(self._seen)))
        self._seen[key] = None
        protocol, parsed = classify(body, sport)
        if not parsed:
            if any(mark in body[:4096] for mark in _REPLY_MARKS) and protocol != "unknown":
                self.tally.add(f"{protocol} discovery replies that could not be read (malformed; skipped)")
            return
        ip = ip_text(src)
        for fields in parsed:
            self.state.observe(src, Observation(ip, sport, "udp", protocol, "passive", iso(ts), fields, body))
