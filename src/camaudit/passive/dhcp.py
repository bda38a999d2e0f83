"""DHCP as a device announces itself: vendor class (option 60), host name (12) and the options it asks
for (55), which together often name the maker or its firmware family, plus the address a server gives it."""

from __future__ import annotations

from dataclasses import dataclass

_COOKIE = b"\x63\x82\x53\x63"
_BOOTP = 236
_ACK = 5


class DhcpError(ValueError):
    """The datagram is not readable DHCP; the text says why."""


@dataclass(frozen=True, slots=True)
class DhcpMessage:
    #: The client's hardware address as ``aa:bb:cc:dd:ee:ff``.
    mac: str
    from_client: bool
    #: Observation fields the client sent (``dhcp.vendor_class``, ``dhcp.hostname``, ``dhcp.parameter_list``).
    fields: dict[str, str]
    #: For a server's ACK: the address it assigned; for a client: the address it has or asks for.
    address: str | None


def _text(value: bytes) -> str:
    return value.rstrip(b"\x00").decode("utf-8", errors="replace").strip()[:255]


def _ip(value: bytes) -> str | None:
    return ".".join(str(b) for b in value) if len(value) == 4 and value != b"\x00\x00\x00\x00" else None


def parse(data: bytes) -> DhcpMessage:
    """Read one DHCP (BOOTP) datagram."""
    if len(data) < _BOOTP + 4 or data[_BOOTP : _BOOTP + 4] != _COOKIE:
        raise DhcpError("not a DHCP message (no magic cookie)")
    op, htype, hlen = data[0], data[1], data[2]
    if htype != 1 or hlen != 6:
        raise DhcpError("a DHCP message for a non-Ethernet client")
    mac = ":".join(f"{b:02x}" for b in data[28:34])
    options: dict[int, bytes] = {}
    pos = _BOOTP + 4
    while pos < len(data):
        code = data[pos]
        if code == 255:
            break
        if code == 0:
            pos += 1
            continue
        if pos + 1 >= len(data) or pos + 2 + data[pos + 1] > len(data):
            raise DhcpError("a DHCP option runs past the end of the message")
        size = data[pos + 1]
        # Repeated options are concatenated (RFC 3396).
        options[code] = options.get(code, b"") + data[pos + 2 : pos + 2 + size]
        pos += 2 + size
    from_client = op == 1
    fields: dict[str, str] = {}
    if from_client:
        for code, key in ((60, "dhcp.vendor_class"), (12, "dhcp.hostname")):
            if options.get(code):
                text = _text(options[code])
                if text:
                    fields[key] = text
        if options.get(55):
            fields["dhcp.parameter_list"] = ",".join(str(b) for b in options[55])
        address = _ip(data[12:16]) or _ip(options.get(50, b""))
    else:
        kind = options.get(53, b"")
        address = _ip(data[16:20]) if kind[:1] == bytes([_ACK]) else None
    return DhcpMessage(mac, from_client, fields, address)
