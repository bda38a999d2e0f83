"""masscan's text outputs, line by line: ``-oL`` (list), ``-oG`` (grepable) and ``-oX`` (XML).

masscan writes every event on a line of its own in all three, so the masscan reader takes them through the
same endpoint gathering as its JSON forms (``importers/masscan.py``). Banners in these outputs are written
with ``\\xNN`` escapes for every byte that is not printable ASCII and for ``<>&\\"'`` (masscan's
``normalize_string``); they are turned back into the reply here. Shapes, from masscan's ``out-text.c``,
``out-grepable.c`` and ``out-xml.c``::

    open tcp 80 192.0.2.1 1727151519
    banner tcp 80 192.0.2.1 1727151523 http.server nginx/1.24.0 (Ubuntu)
    Timestamp: 1727151519	Host: 192.0.2.1 ()	Ports: 80/open/tcp//http//
    Host: 192.0.2.1 ()	Port: 80	Service: title	Banner: Welcome to nginx!
    <host endtime="1727151523"><address addr="192.0.2.1" addrtype="ipv4"/><ports><port protocol="tcp"
      portid="80"><state state="open" reason="syn-ack" reason_ttl="63" /><service name="title"
      banner="Welcome to nginx!"></service></port></ports></host>
"""

from __future__ import annotations

import re
from typing import NamedTuple
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from camaudit.importers.base import RecordError, valid_ip, valid_port
from camaudit.importers.text import unescape_hex

#: A line of these outputs longer than this is not masscan's (its banners are at most a few KiB escaped).
MAX_TEXT_LINE = 256 * 1024


class Event(NamedTuple):
    """One port status or banner of one endpoint."""

    ip: str
    port: int | None
    proto: str
    timestamp: str | None
    name: str | None = None
    banner: str | None = None


_LIST = re.compile(r"(open|closed|banner) (tcp|udp|sctp|icmp) (\d{1,5}) (\S+) (\d{1,12})(?: (\S+) ?(.*))?", re.S)
_GREP_PORTS = re.compile(r"(?:Timestamp: (\d{1,12})\s+)?Host: (\S+) \([^)]{0,300}\)\s+Ports: (.{1,65536})", re.S)
_GREP_PORT = re.compile(r"(\d{1,5})/(open|closed)/(tcp|udp|sctp)/")
_GREP_BANNER = re.compile(r"Host: (\S+) \([^)]{0,300}\)\s+Port: (\d{1,5})\s+Service: (\S+)\s+Banner: ?(.*)", re.S)
#: XML lines that hold no event: the declaration, comments and the scan's own elements.
_XML_FRAME = (b"<?xml", b"<!", b"<nmaprun", b"</nmaprun", b"<scaninfo", b"<runstats", b"</runstats", b"<finished",
              b"<hosts", b"<verbose", b"<debugging", b"<host>", b"</host>")


def text_events(line: bytes) -> list[Event] | None:
    """The events of one non-JSON masscan line; ``None`` for a line that carries none (a comment, XML
    framing); :class:`RecordError` for a line that is none of masscan's text outputs."""
    if line.startswith(b"#"):
        return None
    if line.startswith(b"<"):
        if line.startswith((b"<host ", b"<host>")) and b"<address" in line:
            return _xml_events(line)
        if line.startswith(_XML_FRAME):
            return None
        raise RecordError("not a masscan line (an XML element other than <host>)")
    if len(line) > MAX_TEXT_LINE:
        raise RecordError(f"masscan text line longer than {MAX_TEXT_LINE} bytes")
    text = line.decode("utf-8", "replace")
    match = _LIST.fullmatch(text)
    if match:
        kind, proto, port, ip, stamp, name, banner = match.groups()
        if kind == "banner":
            return [Event(valid_ip(ip), valid_port(port), proto, stamp, name, unescape_hex(banner or ""))]
        return [Event(valid_ip(ip), valid_port(port), proto, stamp)] if kind == "open" else []
    match = _GREP_BANNER.fullmatch(text)
    if match:
        ip, port, name, banner = match.groups()
        return [Event(valid_ip(ip), valid_port(port), "tcp", None, name, unescape_hex(banner.rstrip("\t")))]
    match = _GREP_PORTS.fullmatch(text)
    if match:
        stamp, ip, ports = match.groups()
        address = valid_ip(ip)
        return [Event(address, valid_port(p), proto, stamp) for p, state, proto in _GREP_PORT.findall(ports)
                if state == "open"][:64]
    raise RecordError("not a masscan line (neither JSON nor its list, grepable or XML output)")


def _xml_events(line: bytes) -> list[Event]:
    if len(line) > MAX_TEXT_LINE:
        raise RecordError(f"masscan XML line longer than {MAX_TEXT_LINE} bytes")
    try:
        host = fromstring(line, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise RecordError(f"refused unsafe XML ({type(exc).__name__})") from None
    except ParseError as exc:
        raise RecordError(f"malformed masscan XML line: {exc}") from None
    address = host.find("address")
    ip = valid_ip(address.get("addr") if address is not None else None)
    stamp = host.get("endtime")
    events = []
    for port in host.iter("port"):
        number, proto = valid_port(port.get("portid")), port.get("protocol") or "tcp"
        service = port.find("service")
        state = port.find("state")
        if service is not None and service.get("banner") is not None:
            banner = unescape_hex(service.get("banner") or "")
            events.append(Event(ip, number, proto, stamp, service.get("name") or "", banner))
        elif state is None or state.get("state") == "open":
            events.append(Event(ip, number, proto, stamp))
    return events[:64]
