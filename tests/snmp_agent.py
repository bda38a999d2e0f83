"""An SNMP v2c agent over UDP for the scan tests: it answers GetRequest and GetNextRequest over a table of objects
as RFC 3416 describes (a missing object is ``noSuchObject``, a GetNext past the last one ``endOfMibView``), and
leaves unanswered a message that is not v2c or does not carry its community, as a real agent does.

Its messages are decoded and assembled here byte by byte in BER (X.690), independently of the probe's encoder
(``camaudit.scan.probes.snmp``), so a test checks the probe against the protocol rather than against itself. The unit
tests run it on a free port of 127.0.0.1, the integration tests on UDP 161 of a lab address (binding that needs root).
"""

from __future__ import annotations

import socket
import threading

GET, GET_NEXT, RESPONSE = 0xA0, 0xA1, 0xA2
NO_SUCH_OBJECT, END_OF_MIB_VIEW = b"\x80\x00", b"\x82\x00"


def tlv(tag: int, value: bytes) -> bytes:
    """One BER element (definite length, in the short form or the long)."""
    n = len(value)
    if n < 0x80:
        return bytes([tag, n]) + value
    size = (n.bit_length() + 7) // 8
    return bytes([tag, 0x80 | size]) + n.to_bytes(size, "big") + value


def oid(dotted: str) -> bytes:
    """An OBJECT IDENTIFIER element (base-128 arcs, the high bit on every byte of an arc but its last)."""
    parts = [int(p) for p in dotted.split(".")]
    body = bytearray([40 * parts[0] + parts[1]])
    for part in parts[2:]:
        chunk = [part & 0x7F]
        while part > 0x7F:
            part >>= 7
            chunk.insert(0, 0x80 | (part & 0x7F))
        body += bytes(chunk)
    return tlv(0x06, bytes(body))


def _dotted(body: bytes) -> str:
    parts = [body[0] // 40, body[0] % 40]
    n = 0
    for byte in body[1:]:
        n = (n << 7) | (byte & 0x7F)
        if not byte & 0x80:
            parts.append(n)
            n = 0
    return ".".join(map(str, parts))


def _key(dotted: str) -> tuple[int, ...]:
    return tuple(int(p) for p in dotted.split("."))


def _elements(data: bytes, at: int, end: int) -> list[tuple[int, int, int, int]]:
    """The elements from ``at`` to ``end``: (tag, where it starts, where its contents start, where it ends)."""
    found = []
    while at < end:
        tag, length, start = data[at], data[at + 1], at + 2
        if length & 0x80:
            size = length & 0x7F
            length, start = int.from_bytes(data[start : start + size], "big"), start + size
        if start + length > end:
            raise ValueError("an element runs past its parent")
        found.append((tag, at, start, start + length))
        at = start + length
    return found


#: A Hikvision recorder's system group: sysObjectID under Hikvision's IANA enterprise number (39165), sysDescr
#: invented. Nothing under the private enterprises, so a GetNext hop meets endOfMibView at once.
HIKVISION_DVR = [
    ("1.3.6.1.2.1.1.1.0", tlv(0x04, b"Hikvision DVR")),
    ("1.3.6.1.2.1.1.2.0", oid("1.3.6.1.4.1.39165.1")),
]


class Agent:
    """An agent on UDP ``port`` of ``ip`` (0: a free port, then in :attr:`port`) serving ``objects`` (``(dotted
    OID, BER value)`` in OID order) to the messages that carry ``community``. :attr:`heard` keeps every datagram
    that arrived, :attr:`requests` the PDU tag of each request answered. Run it with ``with`` or start()/close()."""

    def __init__(self, objects: list[tuple[str, bytes]], community: bytes, ip: str = "127.0.0.1",
                 port: int = 0) -> None:
        self.objects = objects
        self.community = community
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((ip, port))
        self.sock.settimeout(0.1)
        self.port: int = self.sock.getsockname()[1]
        self.heard: list[bytes] = []
        self.requests: list[int] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def answer(self, data: bytes) -> bytes | None:
        """The GetResponse to the message ``data``, or ``None`` when it is no v2c GET or GETNEXT with this agent's
        community (or no BER at all)."""
        try:
            ((tag, _at, start, end),) = _elements(data, 0, len(data))
            version, community, (pdu, _pdu_at, start, end) = _elements(data, start, end)
            request_id, _status, _index, varbinds = _elements(data, start, end)
            names = [_elements(data, bind[2], bind[3])[0] for bind in _elements(data, varbinds[2], varbinds[3])]
            asked = [_dotted(data[name[2] : name[3]]) for name in names if name[0] == 0x06]
        except (ValueError, IndexError):
            return None  # no BER, or cut inside an element
        ours = data[version[2] : version[3]] == b"\x01" and data[community[2] : community[3]] == self.community
        if tag != 0x30 or not ours or pdu not in (GET, GET_NEXT) or len(asked) != len(names):
            return None
        self.requests.append(pdu)
        values = dict(self.objects)
        out = b""
        for name in asked:
            if pdu == GET:
                out += tlv(0x30, oid(name) + values.get(name, NO_SUCH_OBJECT))
                continue
            later = [(o, v) for o, v in self.objects if _key(o) > _key(name)]
            found, value = later[0] if later else (name, END_OF_MIB_VIEW)
            out += tlv(0x30, oid(found) + value)
        # The request-id echoed as it came; error-status and error-index 0.
        pdu_body = data[request_id[1] : request_id[3]] + bytes.fromhex("020100020100") + tlv(0x30, out)
        return tlv(0x30, bytes.fromhex("020101") + tlv(0x04, self.community) + tlv(RESPONSE, pdu_body))

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                data, addr = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            self.heard.append(data)
            reply = self.answer(data)
            if reply is not None:
                self.sock.sendto(reply, addr)

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()

    def __enter__(self) -> Agent:
        self.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
