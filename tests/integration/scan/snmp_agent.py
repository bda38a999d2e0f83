"""A minimal SNMP v2c agent on UDP 161 for scan tests: answers GETs that carry its community."""

from __future__ import annotations

import socket
import threading


def _tlv(tag: int, value: bytes) -> bytes:
    assert len(value) < 128
    return bytes([tag, len(value)]) + value


#: sysObjectID.0 answered: Hikvision's private enterprise number (IANA PEN 39165) + ".1".
OBJECT_ID = bytes.fromhex("06092b0601040182b17d01")


def response(request_id: bytes, text: bytes, community: bytes) -> bytes:
    """A GetResponse for sysDescr.0 and sysObjectID.0, assembled field by field (short-form lengths only)."""
    descr = _tlv(0x30, bytes.fromhex("06082b06010201010100") + _tlv(0x04, text))
    object_id = _tlv(0x30, bytes.fromhex("06082b06010201010200") + OBJECT_ID)
    pdu = _tlv(0xA2, _tlv(0x02, request_id) + bytes.fromhex("020100020100") + _tlv(0x30, descr + object_id))
    return _tlv(0x30, bytes.fromhex("020101") + _tlv(0x04, community) + pdu)


class Agent:
    """A UDP agent on port 161 of ``ip`` (binding it needs root) that answers GETs with ``community``."""

    def __init__(self, ip: str, community: bytes) -> None:
        self.community = community
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((ip, 161))
        self.sock.settimeout(0.2)
        self.requests: list[bytes] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            try:
                data, addr = self.sock.recvfrom(4096)
            except TimeoutError:
                continue
            self.requests.append(data)
            if self.community in data and b"\xa0" in data:
                # The request-id is the first INTEGER inside the GetRequest PDU (tag 0xa0).
                pdu = data.index(b"\xa0") + 2
                request_id = data[pdu + 2 : pdu + 2 + data[pdu + 1]]
                self.sock.sendto(response(request_id, b"Hikvision DVR", self.community), addr)

    def start(self) -> None:
        self.thread.start()

    def close(self) -> None:
        self.stop.set()
        self.thread.join(2)
        self.sock.close()
