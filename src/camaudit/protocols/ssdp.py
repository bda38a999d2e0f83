"""SSDP (UPnP) M-SEARCH and its replies: ``SERVER`` and ``LOCATION`` name many DVRs and cameras."""

from __future__ import annotations

from urllib.parse import urlsplit

SSDP_GROUP = "239.255.255.250"
SSDP_PORT = 1900


def build_probe() -> bytes:
    return (
        "M-SEARCH * HTTP/1.1\r\n"
        f"HOST: {SSDP_GROUP}:{SSDP_PORT}\r\n"
        'MAN: "ssdp:discover"\r\n'
        "MX: 2\r\n"
        "ST: ssdp:all\r\n"
        "\r\n"
    ).encode("ascii")


def parse_reply(data: bytes) -> dict[str, str] | None:
    """Fields of an M-SEARCH response or NOTIFY; ``None`` when the datagram is neither."""
    text = data[:4096].decode("utf-8", errors="replace")
    first, _, rest = text.partition("\r\n")
    if not (first.startswith("HTTP/1.1 200") or first.upper().startswith("NOTIFY")):
        return None
    fields: dict[str, str] = {}
    for line in rest.split("\r\n"):
        name, sep, value = line.partition(":")
        key = {"server": "upnp.server", "location": "upnp.location", "st": "upnp.st", "usn": "upnp.usn"}.get(
            name.strip().lower()
        )
        if sep and key and value.strip():
            fields[key] = value.strip()[:512]
    return fields or None


def description_target(location: str | None, sender: str) -> tuple[int, str] | None:
    """``(port, path)`` of the UPnP description an SSDP ``LOCATION`` names, only when it is plain HTTP on the
    device that answered (``sender``); ``None`` otherwise: camaudit never follows a reply to another host."""
    if not location:
        return None
    try:
        url = urlsplit(location.strip())
        port = url.port or 80
    except ValueError:
        return None
    if url.scheme != "http" or url.hostname != sender:
        return None
    return port, (url.path or "/") + (f"?{url.query}" if url.query else "")
