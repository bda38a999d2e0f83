"""A local server's certificate from a packet capture: the server->client side of its TLS connections, reassembled.

A TLS 1.0-1.2 server sends its certificate in clear, in the Certificate message of its first flight, which usually
spans several TCP segments (a chain of 1-4 KiB over 1,460-byte segments). Only connections whose server is inside
the local networks are followed, from the segment that starts with the ServerHello's record, on any port; the
bytes are taken strictly in order (the TCP sequence number is the one that was expected next; a segment repeated
whole is skipped), so a gap or a segment out of order ends that connection, counted, and the next connection of
the same server tries again. At most :data:`MAX_FLOWS` connections are followed at once (the oldest given up when
another starts) and at most :data:`~camaudit.passive.tls.MAX_FLIGHT_BYTES` of each are read, so memory stays flat
however long the capture is; once a server's certificate is read, its later connections on that port are not
followed. The certificate becomes the same ``tls.*`` fields a scan gives
(:func:`camaudit.protocols.certificate.certificate_fields`), observed for the server on its port.
"""

from __future__ import annotations

from camaudit.model import Observation
from camaudit.passive.payloads import iso
from camaudit.passive.state import TrafficState, ip_text
from camaudit.passive.tally import Tally
from camaudit.passive.tls import ServerFlight, TlsError
from camaudit.protocols.certificate import certificate_fields

#: Connections followed at once (each holds at most 32 KiB, most far less).
MAX_FLOWS = 2048
#: Servers (address, port) whose certificate was read and whose later connections are not followed.
MAX_SERVERS_READ = 65_536
_SEQ = 1 << 32
_HALF = 1 << 31


class _Flow:
    __slots__ = ("flight", "next_seq")

    def __init__(self, next_seq: int) -> None:
        self.next_seq = next_seq
        self.flight = ServerFlight()


class ServerCertificates:
    """Follows the server side of local servers' TLS connections until each gives its certificate."""

    def __init__(self, state: TrafficState, tally: Tally) -> None:
        self.state, self.tally = state, tally
        self._flows: dict[tuple[bytes, int, bytes, int], _Flow] = {}
        self._read: dict[tuple[bytes, int], None] = {}

    def segment(self, ts: float, src: bytes, sport: int, dst: bytes, dport: int, seq: int, body: bytes) -> None:
        """One TCP segment with data, sent by a local address ``src`` from port ``sport``."""
        key = (src, sport, dst, dport)
        flow = self._flows.get(key) if self._flows else None
        if flow is None:
            # A server's first flight starts with a handshake record (0x16, version 3.x) holding a ServerHello (2).
            if len(body) < 6 or body[0] != 0x16 or body[1] != 3 or body[5] != 2 or (src, sport) in self._read:
                return
            if len(self._flows) >= MAX_FLOWS:
                self._flows.pop(next(iter(self._flows)))
                self.tally.add(f"TLS server flights given up unread: more than {MAX_FLOWS:,} at once (oldest first)")
            flow = self._flows[key] = _Flow(seq)
        ahead = (seq - flow.next_seq) % _SEQ
        if ahead:
            overshoot = (seq + len(body) - flow.next_seq) % _SEQ
            if ahead >= _HALF and (overshoot == 0 or overshoot >= _HALF):
                return  # a retransmission of bytes already read
            del self._flows[key]
            self.tally.add("TLS server flights with a gap or a segment out of order (certificate not read)")
            return
        flow.next_seq = (seq + len(body)) % _SEQ
        try:
            der = flow.flight.feed(body)
        except TlsError as exc:
            del self._flows[key]
            self.tally.add(f"{exc} (skipped)")
            return
        if der is None:
            return
        del self._flows[key]
        if len(self._read) >= MAX_SERVERS_READ:
            self._read.pop(next(iter(self._read)))
        self._read[(src, sport)] = None
        fields = certificate_fields(der)
        self.state.observe(src, Observation(ip_text(src), sport, "tcp", "tls", "passive", iso(ts), fields))

    def finish(self) -> None:
        """End of a capture: count the flights it ended inside of."""
        if self._flows:
            self.tally.add("TLS server flights the capture ended before their certificate", len(self._flows))
            self._flows.clear()
