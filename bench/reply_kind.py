"""The kind of reply a labelled record holds, for ``bench/accuracy.py --by-kind``: where the misses are.

A record is sorted by what the importer read from it (its first observation): the protocol the importer typed it
as, whether it kept the device's bytes, the bytes' first characters and whether an HTTP status line was read.
First match wins:

1. **RTSP answer** -- typed ``rtsp``, or the bytes open with ``RTSP/``;
2. a record with no reply bytes at all: **TLS / certificate** when it holds certificate fields, else a
   **search-engine record** (only the engine's own parse: Shodan's ``snmp`` or ``mdns`` keys, a ZoomEye or
   FOFA row without the banner);
3. **discovery / UPnP / ONVIF** -- typed ``ssdp``, ``upnp``, ``wsd``, ``onvif``, ``sadp``, ``dhip``, ``xmeye`` or
   ``mdns`` (an SSDP answer opens with ``HTTP/1.1 200 OK`` but is discovery);
4. **TLS / certificate** -- typed ``tls``;
5. **HTTP with body** / **HTTP headers only** -- an HTTP status line was read (``http.status``), with or without
   a body (``http.body``); a pasted ``curl -v`` log lands here too, since what was read from it is an HTTP answer;
6. **banner** -- typed ``ftp``, ``telnet``, ``ssh``, ``smtp``, ``pop3``, ``imap`` or ``snmp`` (an SNMP sysDescr is
   the device's one-line self-description), or typed ``banner`` (the importer knew no protocol) and opening with
   text that is neither JSON nor XML;
7. **private-protocol body** -- any other record with bytes: bodies of private service protocols (DVRIP, Baichuan,
   Dahua RPC) and API answers kept without an HTTP head (JSON, XML), binary greetings;
8. **other** -- nothing read (an unreadable record).
"""

from __future__ import annotations

from camaudit.importers.base import ImportRecord

RTSP = "RTSP answer"
HTTP_BODY = "HTTP with body"
HTTP_HEAD = "HTTP headers only"
TLS = "TLS / certificate"
DISCOVERY = "discovery / UPnP / ONVIF"
BANNER = "banner (FTP/Telnet/SSH/SMTP/SNMP)"
PRIVATE = "private-protocol body"
SEARCH_ENGINE = "search-engine record"
OTHER = "other"
#: Every kind, in the order the table prints them.
KINDS = (RTSP, HTTP_BODY, HTTP_HEAD, TLS, DISCOVERY, BANNER, PRIVATE, SEARCH_ENGINE, OTHER)

_DISCOVERY_PROTOCOLS = frozenset({"ssdp", "upnp", "wsd", "onvif", "sadp", "dhip", "xmeye", "mdns"})
_BANNER_PROTOCOLS = frozenset({"ftp", "telnet", "ssh", "smtp", "pop3", "imap", "snmp"})
#: Bytes a structured body opens with (after blanks): JSON or XML, no greeting.
_STRUCTURED = (b"{", b"[", b"<")


def _text_greeting(raw: bytes) -> bool:
    """Whether ``raw`` opens like a line of text (a greeting) rather than a structured or binary body."""
    start = raw.lstrip()[:16]
    if not start or start.startswith(_STRUCTURED):
        return False
    return all(32 <= byte < 127 or byte in (9, 10, 13) for byte in start)


def reply_kind(record: ImportRecord) -> str:
    """The kind of reply ``record`` holds (one of :data:`KINDS`; the module docstring gives the order)."""
    if not record.observations:
        return OTHER
    seen = record.observations[0]
    protocol, fields, raw = seen.protocol, seen.fields, seen.raw
    if protocol == "rtsp" or raw.startswith(b"RTSP/"):
        return RTSP
    if not raw:
        return TLS if any(name.startswith("tls.") for name in fields) else SEARCH_ENGINE
    if protocol in _DISCOVERY_PROTOCOLS:
        return DISCOVERY
    if protocol == "tls":
        return TLS
    if "http.status" in fields:
        return HTTP_BODY if fields.get("http.body") else HTTP_HEAD
    if protocol in _BANNER_PROTOCOLS or (protocol == "banner" and _text_greeting(raw)):
        return BANNER
    return PRIVATE
