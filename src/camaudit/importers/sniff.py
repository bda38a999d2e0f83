"""Reading a stored reply by what it contains, whatever port or module a scanner filed it under.

Scan files keep raw replies as opaque text: Shodan's ``data``, Censys's ``banner``, zgrab2's and masscan's
banners, nmap's ``banner`` script. A camera's reply there may be an RTSP or HTTP head, an SSDP answer, a
UPnP device description, an ONVIF SOAP answer or WS-Discovery ProbeMatch, a Hikvision SADP ProbeMatch, a
Dahua DHDiscover or Xiongmai NetWork.NetCommon JSON body, or an FTP/SSH/Telnet/SMTP greeting -- on any
port, under any module name. :func:`sniff` recognises each by its content and fills the same observation
fields the live probe or discovery reply for that protocol fills (docs/observation-fields.md), so every rule
written for the live field applies to the stored one.

Safe on hostile text: at most :data:`MAX_SNIFF_CHARS` are looked at, XML goes through defusedxml (no
entities, no external DTDs), JSON through the standard parser with its recursion guard, and a reply that
fails to parse is simply not recognised (the caller keeps it as a plain banner). Nothing here raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from functools import partial
from typing import Any
from xml.etree.ElementTree import ParseError

from camaudit.importers import (
    api_answers,
    cut_json,
    device_documents,
    pasted,
    self_description,
    settings_keys,
)
from camaudit.importers.base import MAX_FIELD_CHARS, put
from camaudit.importers.reply_decoding import DecodedReply, looks_quoted, stored_body, unquoted
from camaudit.importers.text import body_fields, head_fields, rtsp_body_fields, split_head
from camaudit.importers.web_page import is_web_page
from camaudit.protocols import baichuan, dhip, mdns, sadp, sip, soap, soap_envelope, wsdiscovery, xmeye
from camaudit.protocols.snmp_text import MAX_SNMP_CHARS, snmp_fields

#: Characters of a stored reply that sniffing reads; the rest is ignored.
MAX_SNIFF_CHARS = 64 * 1024
#: How far into a blob a JSON body may start (after a binary DHIP or DVRIP header).
_JSON_START_WITHIN = 64

_SSDP_HEADERS = {"server": "upnp.server", "location": "upnp.location", "st": "upnp.st", "nt": "upnp.st",
                 "usn": "upnp.usn"}
_SSDP_MARK = re.compile(r"^(?:ST|NT|USN)[ \t]*:", re.IGNORECASE | re.MULTILINE)
#: The same after a status line: led by its line end, which ``re`` jumps to (``^`` is tried at every character).
_SSDP_LINE = re.compile(r"\n(?:ST|NT|USN)[ \t]*:", re.IGNORECASE)
_HTML_TYPE = re.compile(r"^content-type[ \t]*:[ \t]*text/html", re.IGNORECASE | re.MULTILINE)
_HEADER_LINE = re.compile(r"^([A-Za-z][A-Za-z0-9-]{0,40})[ \t]*:[ \t]*(.*?)[ \t]*$", re.MULTILINE)
_FTP = re.compile(r"^220[ -]", re.ASCII)
_SMTP = re.compile(r"^220[ -][^\n]{0,200}\b(?:E?SMTP|[Mm]ail)\b", re.ASCII)
_TELNET_HINTS = ("telnet",)
_FTP_PORTS = (21, 2121)
_TELNET_PORTS = (23, 2323)
#: What may lead a stored reply before its first character: white space, a NUL, and a byte-order mark (a Windows
#: tool that wrote the reply as a UTF-8 text file: an RTSP head behind U+FEFF was read as a plain banner and lost
#: its realm and server; bench/perturb.py "leading-bom").
_LEADING = "\r\n\t \x00\ufeff"
#: Replies made of lines: only these are unescaped when their line ends were written as "\r\n" text.
_LINE_PROTOCOLS = ("RTSP/", "HTTP/", "SIP/", "NOTIFY ", "M-SEARCH ", "SSH-", "220", "Server:", "CSeq:")
_ESCAPED_PEEK = 2048
_C_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|[rnt\\\"'0])")
_C_CHARS = {"r": "\r", "n": "\n", "t": "\t", "0": "\x00"}
#: A head without its status line: it starts with a header every HTTP, RTSP or SSDP reply may carry.
_HEAD_ONLY = re.compile(
    r"(?:Server|WWW-Authenticate|CSeq|Date|Content-Type|Content-Length|Connection|Cache-Control|Location|"
    r"Set-Cookie|Public|Expires|Pragma|Last-Modified|ETag|Accept-Ranges|Transfer-Encoding|Keep-Alive|"
    r"X-Frame-Options|ST|USN|NT)[ \t]*:[ \t]*[^\r\n]{1,2048}\r?\n[A-Za-z][A-Za-z0-9-]{0,40}[ \t]*:",
    re.IGNORECASE,
)
#: What printed SNMP system values always contain (names or the numeric OID of the system group).
_SNMP_MARKS = ("sysDescr", "sysObjectID", "3.6.1.2.1.1.", "3.6.1.4.1.", "::enterprises.", "-MIB::")
_CSEQ = re.compile(r"^CSeq[ \t]*:", re.IGNORECASE | re.MULTILINE)
_NO_HINT = frozenset({"unknown", "banner"})
#: What starts a reply as a Telnet server's: a negotiation (WILL/WONT/DO/DONT, or SB) of an option numbered
#: below 50 (RFC 854/855 and the options IANA lists: ECHO 1, TERMINAL-TYPE 24, NAWS 31 ...). A UTF-16 text's
#: byte-order mark (FF FE) before its first character is not one.
_TELNET_COMMAND = re.compile("\xff[\xfa-\xfe][\x00-\x31]")
#: Telnet commands (RFC 854): IAC (255) before WILL/WONT/DO/DONT (251-254) and an option, or before another
#: command (241-249); RFC 855 sub-negotiation IAC SB (250) ... IAC SE (240). A banner stored with them (Shodan
#: keeps the bytes as U+00FF... characters) reads as the prompt only once they are out: zgrab2's telnet module
#: keeps them apart (``will``/``do`` lists), so a rule anchored at the prompt (``^192\.0\.0\.64 login:``)
#: matches the same banner from either.
_TELNET_NEGOTIATION = re.compile("\xff(?:(\xff)|[\xfb-\xfe].|\xfa[^\xff]{0,256}(?:\xff\xf0)?|[\xf0-\xf9])", re.DOTALL)
_FAULTS = (ValueError, ParseError, LookupError, RecursionError, UnicodeError, TypeError)
#: Protocols of bare API answers whose key names are read for a camera's settings vocabulary too.
_ANSWER_PROTOCOLS = frozenset({"http", "xmeye", "onvif", "baichuan"})
_BAICHUAN_MAGIC = baichuan.MAGIC.decode("latin-1")


def sniff(text: str, fields: dict[str, str], *, port: int | None = None, hint: str = "") -> str | None:
    """Fill ``fields`` from a stored reply recognised by its content; return its protocol, else ``None``.

    ``hint`` is the scanner's own name for the service (Shodan module, Censys service name ...), used only
    to tell greetings apart that look alike (an FTP from an SMTP ``220``). ``None`` means the text is none of
    the replies this module knows; the caller keeps it as a plain banner. A
    :class:`~camaudit.importers.reply_decoding.DecodedReply` (stored bytes :func:`reply_text` read) has its HTTP
    body read as it is; any other reply's body is de-chunked and inflated here, as its head says.
    """
    decoded = text if isinstance(text, DecodedReply) else None
    start = text[:MAX_SNIFF_CHARS]  # a plain str, even of a DecodedReply (and no copy of a short plain one)
    reply = pasted.unwrapped(start)
    if reply is not None:
        # A reply pasted as a tool printed it (curl -v, a hex dump, a bytes literal ...): read as the device sent it.
        decoded = reply if isinstance(reply, DecodedReply) else None
        start = reply[:MAX_SNIFF_CHARS]
    if start[:1] in _LEADING:
        start = start.lstrip(_LEADING)
    if not start:
        return None
    if looks_quoted(start):
        # A reply a collection stored entity-escaped or as a JSON string (reply_decoding.unquoted).
        start = unquoted(start).lstrip(_LEADING)
    if start[-1:] == "\x00" and start[:1] == "<":
        # A C collector's terminating NULs after a document: no part of it (XML stops at them). Binary replies keep
        # theirs (a Baichuan or DHIP header's fields end in zero bytes).
        start = start.rstrip("\x00")
    if start.startswith(_LINE_PROTOCOLS) and "\n" not in start[:_ESCAPED_PEEK] and "\\n" in start[:_ESCAPED_PEEK]:
        # A reply whose line ends were written as the two characters "\r\n" (a collector that stored repr()).
        start = _C_ESCAPE.sub(_c_unescaped, start)
    # A scanner's name for a service it did not recognise is no hint at all (masscan's and nmap's "unknown").
    named = hint.lower()
    try:
        protocol = _sniff(start, fields, port, "" if named in _NO_HINT else named, decoded)
        if protocol is None and not is_web_page(start):
            described = self_description.read(start, fields)
            if settings_keys.read(start, fields) or described:
                # Not a reply this module knows, but an API answer that describes the device (a ``key=value``
                # dump, a ``var`` list, JSON, XML) or whose keys are a camera's settings: an HTTP body kept without
                # its head, read as :func:`page_fields` reads the same body (its self-describing values, its
                # settings vocabulary, and the text as the page for the grammars of @answer).
                body_fields(start, fields)
                return "http"
            if _json_answer(start):
                # Any other JSON document kept without its head is an API answer too: its key names are names, not
                # words a device writes about itself, so it is kept as the answer's body (@answer, @prose), never as
                # banner text, where the device words read every token ("webcam" in a 3D printer's settings).
                body_fields(start, fields)
                return "http"
        elif protocol in _ANSWER_PROTOCOLS and not start.startswith(_LINE_PROTOCOLS):
            # A bare API answer another reader recognised (an ISAPI document, a DVRIP or Reolink answer): its key
            # names still say what kind of device answered (importers/settings_keys.py).
            settings_keys.read(start, fields)
        if protocol is None and reply is not None:
            # A pasted reply no reader knows: the caller would keep the text as pasted (a hex dump, a literal) as
            # the banner; the banner is what the device sent.
            put(fields, "banner", start.strip())
            return "banner"
        return protocol
    except _FAULTS:
        return None


def _sniff(text: str, fields: dict[str, str], port: int | None, hint: str, decoded: DecodedReply | None) -> str | None:
    if text.startswith("HTTP/"):
        # Most stored replies, settled first: no reader tried before this one below (Baichuan's magic, a Telnet
        # command, a header name, "RTSP/") reads a text that starts so.
        if _ssdp_answer(text):
            _ssdp(text, fields)
            return "ssdp"
        first = None if decoded is None else partial(_http_reply, decoded=decoded)
        _exchange(text, fields, _NEXT_HTTP, _http_reply, first)
        return "http"
    if text.startswith(_BAICHUAN_MAGIC):
        # Reolink's Baichuan header (TCP 9000); its bytes were read as Latin-1, one character each.
        return "baichuan" if baichuan.reply_fields(text[:MAX_SNIFF_CHARS].encode("latin-1"), fields) else None
    if _TELNET_COMMAND.match(text):
        # A Telnet server negotiates options before its prompt, on any port (RFC 854).
        put(fields, "telnet.banner", telnet_text(text).strip())
        return "telnet"
    if _HEAD_ONLY.match(text):
        return _head_only(text, fields)
    if text.startswith("RTSP/"):
        _exchange(text, fields, _NEXT_RTSP, _rtsp_reply)
        return "rtsp"
    if text.startswith("SIP/2.0 "):
        # A SIP answer (RFC 3261): HTTP's head syntax; read by the one SIP reader the live probe uses too.
        fields.update(sip.answer_fields(text))
        return "sip"
    opening = text[:16].upper()
    # A status line in another case ("http/1.1 200 ok") is read as SSDP when it is an M-SEARCH answer.
    if opening.startswith(("NOTIFY * HTTP", "M-SEARCH * HTTP")) or (opening.startswith("HTTP/") and _ssdp_answer(text)):
        _ssdp(text, fields)
        return "ssdp"
    if text.startswith("v=0"):
        rtsp_body_fields(text, fields)
        return "rtsp"
    if text.startswith("SSH-"):
        put(fields, "ssh.banner", text.split("\n", 1)[0].strip())
        return "ssh"
    if text.startswith("<"):
        return _document(text, fields)[0]
    if text.startswith(("{", "[")) and _json_document(text, fields):
        return "http"
    protocol = _json_reply(text, fields)
    if protocol:
        return protocol
    if device_documents.text_document_fields(text, fields):
        return "http"
    answer = api_answers.text_answer(text, fields)  # "http", or a client's request quoted with its HTTP head
    if answer:
        return answer
    # net-snmp's printed output or masscan's SNMP banner (protocols/snmp_text.py); ``find`` copies nothing.
    if any(text.find(mark, 0, MAX_SNMP_CHARS) >= 0 for mark in _SNMP_MARKS) and snmp_fields(text, fields):
        return "snmp"
    return _greeting(text, fields, port, hint) or _mdns_listing(text, fields)


def _mdns_listing(text: str, fields: dict[str, str]) -> str | None:
    """A printed mDNS answer (a scanner's mdns banner lists services as ``<instance>._<type>._tcp.local``)."""
    head = text[: mdns.MAX_TEXT_SCAN]
    if "._tcp.local" not in head and "._udp.local" not in head:
        return None
    found = mdns.text_fields(text)
    if "mdns.service" not in found:
        return None
    for name, value in found.items():
        fields.setdefault(name, value)
    return "mdns"


#: A line that starts the next answer of an exchange stored as one text (RTSP OPTIONS then DESCRIBE; an HTTP
#: 401 then the page): a status line at the start of a line.
_NEXT_RTSP = re.compile(r"\r?\n(?=RTSP/\d\.\d \d{3}\b)")
_NEXT_HTTP = re.compile(r"\r?\n(?=HTTP/\d(?:\.\d)? \d{3}\b)")
#: What each of those needs in the text: a reply without it is one answer, told by a search in C, not a split
#: (the optional ``\r`` that leads the patterns above gives ``re`` no literal to jump to: it tries every
#: character of a 64 KB reply).
_NEXT_MARKS = {_NEXT_RTSP: "\nRTSP/", _NEXT_HTTP: "\nHTTP/"}
#: Answers of one stored exchange read.
MAX_ANSWERS = 8


def _exchange(text: str, fields: dict[str, str], next_answer: re.Pattern[str],
              reader: Callable[[str, dict[str, str]], None],
              first: Callable[[str, dict[str, str]], None] | None = None) -> None:
    """A reply, or the answers of one exchange a collector stored together (an RTSP OPTIONS answer, then the
    DESCRIBE answer with its realm or session description): the first answer's fields (read by ``first`` when
    given), and from each later one the fields the answers before it lacked (its header block added to theirs).
    One reply is read as before."""
    answers = next_answer.split(text, MAX_ANSWERS - 1) if _NEXT_MARKS[next_answer] in text else [text]
    (first or reader)(answers[0], fields)
    for answer in answers[1:]:
        found: dict[str, str] = {}
        reader(answer, found)
        for name, value in found.items():
            if name == soap_envelope.BODY_REQUEST and fields.get("http.body") is not found.get("http.body"):
                continue  # said of this answer's body, which an earlier answer's body kept out
            if name not in fields:
                fields[name] = value
            elif name.endswith(".headers"):
                fields[name] = f"{fields[name]}\n{value}"[:MAX_FIELD_CHARS]


def _rtsp_reply(text: str, fields: dict[str, str]) -> None:
    rtsp_body_fields(head_fields(text, "rtsp", fields), fields)


def _head_only(text: str, fields: dict[str, str]) -> str:
    """A reply head kept without its status line (a banner cut at the start, a tool that stored the headers):
    RTSP when its header block carries a CSeq, SSDP when it carries ST/NT/USN, else HTTP (a body may spell either)."""
    end = _head_end(text)
    if _CSEQ.search(text, 0, end):
        head_fields(text, "rtsp", fields)
        return "rtsp"
    if _SSDP_MARK.search(text, 0, end):
        _ssdp(text, fields)
        return "ssdp"
    _http_reply(text, fields)
    return "http"


def _http_reply(text: str, fields: dict[str, str], decoded: DecodedReply | None = None) -> None:
    """An HTTP reply stored whole: its head, then its body (de-chunked and inflated as the head says, unless
    ``decoded`` says that was done) read as :func:`page_fields` reads a body that a scanner stored apart (a login
    page, or a camera CGI's plain-text answer kept in the raw reply of a collector that has no separate body
    property: masscan, a thread's pasted reply)."""
    body = head_fields(text, "http", fields)
    if not body and decoded is None and "http.body" not in fields:
        return  # a head alone (Shodan's ``data``): nothing to decode, no page
    if decoded is None:
        body, cut = stored_body(body, fields.get("http.headers", ""))
    else:
        cut = decoded.body_cut
    if cut:
        fields["http.body_cut"] = cut
    if "http.body" in fields:
        document_fields(body, fields)
    else:
        page_fields(body, fields)


def page_fields(body: Any, fields: dict[str, str], title: Any = None) -> None:
    """An HTTP body, wherever the scan file keeps it (inside the raw reply, Shodan's ``http.html``, Censys's and
    zgrab2's ``body``, masscan's ``html`` banner): a device document or API answer fills its own fields and is
    not page text; anything else is page text (``http.body``, links, and the title given, else the page's own).
    Every format reads a body this one way, so the same reply gives the same fields whichever file held it
    (tests/unit/importers/test_format_parity.py)."""
    # ``isspace`` stops at the first other character; ``strip`` copied the whole page to say the same.
    if not isinstance(body, str):
        body_fields(body, fields, title)
        return
    if not body or body.isspace():
        body_fields(None, fields, title)
        return
    if looks_quoted(body):
        body = unquoted(body)  # a page or answer a collection stored entity-escaped or as a JSON string
    protocol, answer = _read_body(body, fields)
    body_fields(None if protocol is not None else body, fields, title, answer=answer)


def _c_unescaped(match: re.Match[str]) -> str:
    code = match.group(1)
    return chr(int(code[1:], 16)) if code[0] == "x" else _C_CHARS.get(code, code)


def _head_end(text: str) -> int:
    """Where the header block of a reply ends (its first blank line), within the first 4096 characters: an SSDP
    header searched for past it would be found in a body (a page, or compressed bytes that happen to spell
    ``USN:``). Unlike :func:`~camaudit.importers.text.split_head` it takes the earlier of the two blank-line forms
    and copies nothing: a head written with LF line ends stops at its own blank line even when a body further on
    holds CRLF CRLF."""
    crlf = text.find("\r\n\r\n", 0, 4096)
    # An LF LF that starts before a CRLF CRLF ends before its last character (none starts inside one).
    lf = text.find("\n\n", 0, 4096 if crlf < 0 else crlf + 1)
    if lf >= 0:
        return lf
    return crlf if crlf >= 0 else min(len(text), 4096)


def _ssdp_answer(text: str) -> bool:
    """An HTTP reply that is an SSDP M-SEARCH answer: an SSDP header (ST/NT/USN) in its header block, and no HTML
    body type there (a web page that carries a NT/ST-like header is still a web page). Both are looked for in the
    header block only: a body -- a page, a second answer stored after this one, compressed bytes -- may spell
    either. ``text`` starts with a status line, so an SSDP header follows a line end."""
    end = _head_end(text)
    return _SSDP_LINE.search(text, 0, end) is not None and _HTML_TYPE.search(text, 0, end) is None


def _ssdp(text: str, fields: dict[str, str]) -> None:
    """An SSDP M-SEARCH answer or NOTIFY: ``upnp.server``/``location``/``st``/``usn``; a description after it."""
    head, body = split_head(text)
    for name, value in _HEADER_LINE.findall(head.replace("\r\n", "\n").replace("\r", "\n")):
        key = _SSDP_HEADERS.get(name.lower())
        if key and value and key not in fields:
            fields[key] = value[:512]
    if body.lstrip().startswith("<"):
        _document(body.lstrip(), fields)


def document_fields(body: str, fields: dict[str, str]) -> str | None:
    """Fill ``fields`` from an HTTP body that is an XML, JSON or ``key=value`` device document (ONVIF answer,
    UPnP description, SADP/DHIP/XMEye reply, a maker's device-information page: importers/device_documents.py)
    or any other answer of a maker's API (importers/api_answers.py); return its protocol, else ``None``. Safe on
    any text."""
    return _read_body(body, fields)[0]


def _read_body(body: str, fields: dict[str, str]) -> tuple[str | None, bool]:
    """:func:`document_fields`, and whether its reading of a SOAP envelope at the body's start found no client's
    request (protocols/soap_envelope.py ``body_request``: the body, kept as page text, is then said to be no request
    without a second parse)."""
    text = body[:MAX_SNIFF_CHARS] if len(body) > MAX_SNIFF_CHARS else body
    text = text.lstrip("\r\n\t \ufeff")
    if text[-1:] == "\x00":
        text = text.rstrip("\x00")  # a C collector's terminating NULs (an XML parser stops at them)
    envelope = None
    try:
        protocol, envelope = _body_document(text, fields)
        if protocol is None and is_web_page(text):
            return None, _no_request(envelope)  # the common case: neither reader below reads a web page
        if protocol is None:
            # Any other non-HTML answer that describes the device (importers/self_description.py); the body
            # stays page text for the rules that read it whole.
            self_description.read(text, fields)
        # What its key names say, whichever reader took it: a camera's or recorder's settings, a maker's spellings
        # (importers/settings_keys.py).
        settings_keys.read(text, fields)
        return protocol, _no_request(envelope)
    except _FAULTS:
        return None, _no_request(envelope)


def _no_request(envelope: soap_envelope.Reading | None) -> bool:
    """Whether a reading of a SOAP envelope was made (by :func:`_document`) and found no client's request."""
    return envelope is not None and envelope.request is None


def _body_document(text: str, fields: dict[str, str]) -> tuple[str | None, soap_envelope.Reading | None]:
    """A body's protocol (else ``None``), and the reading of its SOAP envelope when :func:`_document` made one."""
    if text.startswith("<"):
        return _document(text, fields)
    if text.startswith(("{", "[")):
        return ("http" if _json_document(text, fields) else _json_reply(text, fields)), None
    if device_documents.text_document_fields(text, fields):
        return "http", None
    return api_answers.text_answer(text, fields), None


def _document(text: str, fields: dict[str, str]) -> tuple[str | None, soap_envelope.Reading | None]:
    """A document starting with ``<``: its protocol (else ``None``), and the reading of its SOAP envelope when one was
    made (``None``: no envelope starts in its first 2 KB, or a web page)."""
    if text[:14].lower().startswith(("<!doctype html", "<html")):
        return None, None  # a web page: the common case of an HTTP body, settled without a scan of it
    head = text[:4096]
    if "<ProbeMatch>" in head or "<ProbeMatch " in head:
        # Hikvision SADP: a flat, namespace-less ProbeMatch (WS-Discovery's is namespaced).
        found = sadp.parse_reply(text.encode("utf-8", "replace"))
        if found:
            fields.update(found)
            return "sadp", None
    envelope = None
    if "Envelope" in head[:2048]:
        # The namespaces its start tag declares say which SOAP stack answered, even when the body was cut
        # (protocols/soap_envelope.py); the envelope is then read on as before, and this one reading of its start
        # tag serves api_answers too.
        envelope = soap_envelope.reading(text)
        soap_envelope.keep(envelope, fields)
        messages = wsdiscovery.parse_message(text.encode("utf-8", "replace"))
        if messages:
            for name, value in messages[0].items():
                fields.setdefault(name, value[:MAX_FIELD_CHARS])
            return "wsd", envelope
    else:
        messages = wsdiscovery.body_messages(head)
        if messages:
            for name, value in messages[0].items():
                fields.setdefault(name, value[:MAX_FIELD_CHARS])
            return "wsd", None
    if device_documents.xml_document_fields(text, head, fields):
        return "http", envelope
    # Parse only what names itself a UPnP description or an ONVIF answer near its start (the root namespace,
    # the SOAP body's first element): an HTML page is not worth a parse.
    if "urn:schemas-upnp-org:device" in head or "GetDeviceInformationResponse" in head or "GetScopesResponse" in head:
        root = soap.partial_root(text.encode("utf-8", "replace"))
        protocol = None if root is None else _first_reader(
            (("onvif", soap.onvif_fields), ("upnp", soap.upnp_fields)), root, fields)
        if protocol == "onvif":
            # The device's ONVIF service answered, whatever its Manufacturer field says (blank on many OEM
            # cameras): the same answer kind, and the same makers' namespaces (``onvif.namespaces``), as any other
            # ONVIF envelope records (importers/api_answers.py).
            api_answers.onvif_answered(text, fields)
        if protocol:
            return protocol, envelope
    # Any other answer of a maker's API (an ISAPI or Foscam CGI answer, an ONVIF envelope): importers/api_answers.py.
    return api_answers.xml_answer(text, head, fields, envelope or soap_envelope.NO_ENVELOPE), envelope


def _json_reply(text: str, fields: dict[str, str]) -> str | None:
    """A DHDiscover or NetWork.NetCommon JSON body, or a Dahua RPC2 or Xiongmai DVRIP answer
    (importers/api_answers.py), alone or after a short binary header (DHIP, DVRIP)."""
    at = text.find("{", 0, _JSON_START_WITHIN)
    if at < 0:
        return None
    body = text[at:].rstrip("\x00\r\n ")
    if '"deviceInfo"' in body or '"NetWork.NetCommon"' in body:
        doc = cut_json.loads(body)
        return _first_reader((("dhip", dhip.device_fields), ("xmeye", xmeye.netcommon_fields)), doc, fields)
    if not api_answers.json_marked(body):
        return None
    doc = cut_json.loads(body)
    return api_answers.json_answer(doc, fields)


def _json_document(text: str, fields: dict[str, str]) -> bool:
    """A maker's JSON device-information answer (Reolink GetDevInfo, 2N system info), read whole; else any
    other JSON answer of a maker's API (importers/api_answers.py)."""
    if device_documents.json_marked(text):
        doc = cut_json.loads(text)
        if device_documents.json_document_fields(doc, fields) is not None:
            return True
    elif not api_answers.json_marked(text):
        return False
    else:
        doc = cut_json.loads(text)
    return api_answers.json_answer(doc, fields) is not None


def _json_answer(text: str) -> bool:
    """Whether ``text`` is a JSON object or list, whole or cut short (importers/cut_json.py)."""
    if not text.startswith(("{", "[")):
        return False
    try:
        cut_json.loads(text)
    except (ValueError, RecursionError):
        return False
    return True


def _first_reader(readers: Iterable[tuple[str, Callable[[Any], dict[str, str] | None]]], doc: Any,
                  fields: dict[str, str]) -> str | None:
    """The protocol of the first reader that finds fields in ``doc``, its fields added to ``fields``."""
    for protocol, reader in readers:
        found = reader(doc)
        if found:
            fields.update(found)
            return protocol
    return None


def telnet_text(text: str) -> str:
    """A Telnet banner without its option negotiation (an escaped IAC, 255 255, is one 255)."""
    if "\xff" not in text:
        return text
    return _TELNET_NEGOTIATION.sub(lambda m: "\xff" if m.group(1) else "", text)


def _greeting(text: str, fields: dict[str, str], port: int | None, hint: str) -> str | None:
    """FTP, SMTP and Telnet greetings: the first is told from the second by its words, Telnet by name or port."""
    clean = text.strip()
    if _SMTP.match(clean) and not hint.startswith("ftp"):
        put(fields, "banner", clean)
        return "smtp"
    if _FTP.match(clean) and ("FTP" in clean.split("\n", 1)[0].upper() or hint.startswith("ftp") or port in _FTP_PORTS):
        put(fields, "ftp.banner", clean)
        return "ftp"
    if hint.startswith(_TELNET_HINTS) or (not hint and port in _TELNET_PORTS):
        put(fields, "telnet.banner", telnet_text(clean).strip())
        return "telnet"
    return None
