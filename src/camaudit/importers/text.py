"""Turning the text other scanners stored back into observation fields.

Several tools keep the raw head of an HTTP or RTSP reply (Shodan ``data``, masscan ``http`` banners,
Censys ``banner``), and each spells certificate names its own way. These helpers give every importer
the same field names and the same spelling, so one fingerprint rule matches all of them.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from typing import Any

from camaudit.importers.base import MAX_BODY_CHARS, MAX_FIELD_CHARS, as_text, put
from camaudit.importers.reply_decoding import reply_text
from camaudit.page_links import page_links
from camaudit.protocols import soap_envelope
from camaudit.protocols.http import clean_title, html_title, reason_phrase

_STATUS = re.compile(r"^(?:HTTP|RTSP|SIP)/\d(?:\.\d)?\s+(\d{3})")

#: Headers whose value is a field of their own, by lower-case name, per protocol prefix.
_HEADER_FIELDS = {
    "http": {
        "server": "http.server",
        "www-authenticate": "http.www_authenticate",
        "set-cookie": "http.set_cookie",
        "location": "http.location",
    },
    "rtsp": {
        "server": "rtsp.server",
        "www-authenticate": "rtsp.www_authenticate",
        "public": "rtsp.public",
        # An error answer (400, 405, 501) lists the methods in Allow instead: the same list, read only when
        # the answer has no Public (RFC 2326 sections 12.4 and 12.28).
        "allow": "rtsp.public",
        "content-base": "rtsp.content_base",
        "location": "rtsp.location",
    },
}


#: One such header at the start of a line, over a header block led by a line end: the pattern starts with the literal
#: ``\n``, which ``re`` jumps to with a fast search (``^`` in multiline mode was tried at every character: half the
#: cost of reading a head). ``(.*)`` stops at the line's end, as ``(.*)$`` did.
_WANTED_HEADERS = {
    prefix: re.compile(r"\n(" + "|".join(re.escape(name) for name in names) + r")[ \t]*:(.*)", re.IGNORECASE)
    for prefix, names in _HEADER_FIELDS.items()
}

#: Attribute names as nmap, zcrypto/Censys and Shodan spell them -> the RFC 4514 short names that
#: ``cryptography``'s ``rfc4514_string()`` prints.
_SHORT_NAMES = {
    "commonname": "CN",
    "common_name": "CN",
    "cn": "CN",
    "organizationalunitname": "OU",
    "organizationalunit": "OU",  # FOFA's certificate text: "Organizational Unit"
    "organizational_unit": "OU",
    "ou": "OU",
    "organizationname": "O",
    "organization": "O",
    "o": "O",
    "localityname": "L",
    "locality": "L",
    "l": "L",
    "stateorprovincename": "ST",
    "province": "ST",
    "st": "ST",
    "countryname": "C",
    "country": "C",
    "c": "C",
    "streetaddress": "STREET",
    "street_address": "STREET",
    "domaincomponent": "DC",
    "domain_component": "DC",
    "dc": "DC",
    # cryptography prints these two by dotted OID, so the importers do too.
    "emailaddress": "1.2.840.113549.1.9.1",
    "email_address": "1.2.840.113549.1.9.1",
    "serialnumber": "2.5.4.5",
    "serial_number": "2.5.4.5",
}

#: Most-specific first, the order ``rfc4514_string()`` gives for the usual C, ST, L, O, OU, CN
#: sequence. Attributes outside this list (emailAddress, serialNumber ...) usually come last in a
#: certificate, so they go first here.
_DN_ORDER = ("CN", "OU", "O", "L", "ST", "C", "DC")
_DN_RANK = {name: i for i, name in enumerate(_DN_ORDER)}
#: The characters RFC 4514 section 2.4 escapes anywhere in a value; most names have none.
_DN_SPECIAL = re.compile(r'[,+"\\<>;]')


def rtsp_body_fields(body: str, fields: dict[str, str]) -> None:
    """An RTSP DESCRIBE body that is SDP (``v=0`` first) becomes ``rtsp.sdp`` (session name, origin,
    attributes and control URLs name makers and stream paths)."""
    text = body.lstrip()
    if text.startswith("v=0"):
        put(fields, "rtsp.sdp", text.replace("\r\n", "\n"))


def head_fields(text: str, prefix: str, fields: dict[str, str]) -> str:
    """Parse a reply head (status line + headers) into ``<prefix>.*`` fields; return what follows it.

    ``prefix`` is ``http`` or ``rtsp`` (a SIP answer has its own reader, ``protocols/sip.py``). The header block
    is kept whole in ``<prefix>.headers`` (status line excluded, line ends as ``\\n``); repeated headers join with a
    newline. Obsolete folded continuation lines stay in the block but are not appended to the header value.
    """
    head, body = split_head(text)
    newline = head.find("\n")
    first = head if newline < 0 else head[:newline]
    match = _STATUS.match(first)
    if match:
        fields[prefix + ".status"] = match.group(1)
        rest = first[match.end() :]
        # The reason phrase follows the code after white space ("404 Stream Not Found"); "4040" is no phrase "0".
        phrase = reason_phrase(rest) if prefix == "rtsp" and rest[:1].isspace() else ""
        if phrase:
            fields["rtsp.reason"] = phrase
        head = "" if newline < 0 else head[newline + 1 :]
    # Led by a line end, so the first header starts a line as every other does (_WANTED_HEADERS); strip drops it.
    lines = "\n" + head.replace("\r\n", "\n")
    block = lines.strip()
    if block:
        fields[prefix + ".headers"] = block[:MAX_FIELD_CHARS]
        # One C-level scan for the few headers that are fields of their own, instead of a Python
        # loop over every header line: this runs for every HTTP banner of a census. Over the lines as sent: one
        # that starts with white space folds the previous value (RFC 9112 section 5.2) and names no header.
        wanted = _HEADER_FIELDS[prefix]
        allowed: list[str] = []
        for name, value in _WANTED_HEADERS[prefix].findall(lines):
            lower = name.lower()
            if lower == "allow":
                allowed.append(value.strip())
            else:
                put(fields, wanted[lower], value.strip())
        if allowed and prefix + ".public" not in fields:
            for value in allowed:
                put(fields, prefix + ".public", value)
    return body


def split_head(text: str) -> tuple[str, str]:
    """A reply's head and body, split at its first blank line (CRLF CRLF, else LF LF); no blank line: all head."""
    at = text.find("\r\n\r\n")
    if at >= 0:
        return text[:at], text[at + 4 :]
    at = text.find("\n\n")
    if at >= 0:
        return text[:at], text[at + 2 :]
    return text, ""


def body_fields(body: Any, fields: dict[str, str], title: Any = None, *, answer: bool = False) -> None:
    """Fill ``http.body`` (first 64 KiB) and ``http.title`` (given, else taken from the body), and beside a body that
    holds a SOAP envelope near its start ``http.body_request`` (protocols/soap_envelope.py ``body_request``; ``answer``:
    the caller's reading of that envelope found no client's request)."""
    text = as_text(body, MAX_BODY_CHARS)
    if text:
        fields["http.body"] = text
        # Said of this body only: a body kept before it (a raw reply's, then the scanner's own copy) had its own word.
        said = soap_envelope.body_request(text, answer=answer)
        if said is None:
            fields.pop(soap_envelope.BODY_REQUEST, None)
        else:
            fields[soap_envelope.BODY_REQUEST] = said
        links = page_links(text)
        if links:
            fields["http.links"] = links
    given = as_text(title)
    cleaned = clean_title(given) if given else None
    if cleaned:
        fields["http.title"] = cleaned
    elif text:
        found = html_title(text)
        if found:
            fields["http.title"] = found


def _escape(value: str) -> str:
    # RFC 4514 section 2.4: the characters that must be escaped in an attribute value.
    if value[:1] not in ("#", " ") and value[-1:] != " " and _DN_SPECIAL.search(value) is None:
        return value
    out = []
    for i, ch in enumerate(value):
        if ch in ',+"\\<>;' or (i == 0 and ch in "# ") or (i == len(value) - 1 and ch == " "):
            out.append("\\" + ch)
        else:
            out.append(ch)
    return "".join(out)


def _short(name: str) -> str:
    return _SHORT_NAMES.get(name.lower().replace(" ", ""), name)


def dn_from_mapping(names: Mapping[str, Any]) -> str | None:
    """An RFC 4514 string from a name mapping (Shodan ``{"CN": ...}``, nmap ``commonName``, zcrypto
    ``common_name: [...]``), most-specific attribute first as ``cryptography`` prints it."""
    items = tuple(names.items())
    if len(items) <= _DN_KEPT_ITEMS:
        for key, value in items:
            if type(key) is not str or type(value) is not str or len(value) > _DN_KEPT_CHARS:
                break
        else:
            return _kept_dn(items)
    return _dn(items)


#: Names of at most this many text attributes, none longer than :data:`_DN_KEPT_CHARS`, are kept with their RFC 4514
#: text (:data:`_DN_KEPT` of them, least recently used out first): an issuer -- a public CA, a maker's default
#: certificate authority -- repeats across a scan file, and its text took longer to build than to look up.
_DN_KEPT_ITEMS = 8
_DN_KEPT_CHARS = 256
_DN_KEPT = 1024


@lru_cache(maxsize=_DN_KEPT)
def _kept_dn(items: tuple[tuple[str, str], ...]) -> str | None:
    return _dn(items)


def _dn(items: Iterable[tuple[Any, Any]]) -> str | None:
    pairs: list[tuple[str, str]] = []
    for key, value in items:
        values = value if isinstance(value, list) else [value]
        for item in values:
            text = as_text(item)
            if text:
                pairs.append((_short(str(key)), text))
    if not pairs:
        return None
    pairs.sort(key=lambda pair: _DN_RANK.get(pair[0], -1))
    return _join(pairs)


def dn_reversed(text: Any) -> str | None:
    """RFC 4514 text from a zcrypto-style DN (``C=US, O=Example, CN=cam``, as Censys and zgrab2 write
    it, in certificate order): the same attributes, reversed, as ``cryptography`` prints them."""
    pairs = _dn_pairs(text)
    if pairs is None:
        return None
    pairs.reverse()
    return ",".join(f"{k}={v}" for k, v in pairs)[:MAX_FIELD_CHARS] or None


def dn_ranked(text: Any) -> str | None:
    """RFC 4514 text from a DN written in no reliable order (ZoomEye's certificate text prints ``C=CN,CN=x,O=y``;
    Netlas's ``subject_dn`` is most-specific first): its attributes put in the order ``cryptography`` prints the
    usual C, ST, L, O, OU, CN sequence, as :func:`dn_from_mapping` orders a mapping."""
    pairs = _dn_pairs(text)
    if pairs is None:
        return None
    pairs.sort(key=lambda pair: _DN_RANK.get(pair[0], -1))
    return ",".join(f"{k}={v}" for k, v in pairs)[:MAX_FIELD_CHARS] or None


def _dn_pairs(text: Any) -> list[tuple[str, str]] | None:
    """The ``(short name, value)`` pairs of a DN written as text, values as written (escapes kept)."""
    if not isinstance(text, str) or "=" not in text:
        return None
    pairs: list[tuple[str, str]] = []
    for part in _split_unescaped(text):
        key, sep, value = part.partition("=")
        if sep and key.strip().replace(".", "").isalnum():
            pairs.append((_short(key.strip()), value.strip()))
        elif pairs:
            # An unescaped comma inside a value ("O=Example, Inc."): it belongs to the previous value.
            name, previous = pairs[-1]
            pairs[-1] = (name, f"{previous}\\,{part}")
    return pairs


def _split_unescaped(text: str) -> Iterable[str]:
    start = 0
    escaped = False
    for i, ch in enumerate(text):
        if escaped:
            escaped = False
        elif ch == "\\":
            escaped = True
        elif ch == ",":
            yield text[start:i]
            start = i + 1
    yield text[start:]


def _join(pairs: list[tuple[str, str]]) -> str:
    return ",".join(f"{k}={_escape(v)}" for k, v in pairs)[:MAX_FIELD_CHARS]


_HEX_ESCAPE = re.compile(r"\\x([0-9A-Fa-f]{2})")


def unescape_hex(text: str, limit: int = MAX_BODY_CHARS) -> str:
    """A banner written with ``\\xNN`` escapes (masscan's list, grepable and XML output, nmap's ``banner``
    script) back as the reply it was: each escape becomes its byte, the bytes read as :func:`reply_text` reads
    them (UTF-8, else the charset the reply declares, else Latin-1). Only the first ``limit`` characters are
    read."""
    cut = text[:limit]
    if "\\x" not in cut:
        return cut
    if cut.isascii() or max(cut) <= "\xff":
        return reply_text(_HEX_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), cut).encode("latin-1"))
    # Characters beyond Latin-1 beside the escapes (a tool that wrote printable UTF-8 as it is and only control bytes
    # as \xNN: a Chinese maker's name in a Telnet greeting through nmap's banner script) are their UTF-8 bytes, not
    # "?" (bench/parity.py found it).
    pieces, last = [], 0
    for match in _HEX_ESCAPE.finditer(cut):
        pieces += [cut[last : match.start()].encode("utf-8", "replace"), bytes((int(match.group(1), 16),))]
        last = match.end()
    pieces.append(cut[last:].encode("utf-8", "replace"))
    return reply_text(b"".join(pieces))


def decoded(value: Any, encoding: str, limit: int = MAX_BODY_CHARS) -> str | None:
    """A reply stored as ``base64`` or ``hex`` text, decoded (its first ``limit`` bytes); None if it is not."""
    if not isinstance(value, str) or not value:
        return None
    try:
        if encoding == "base64":
            cut = value[: (limit // 3 + 1) * 4].strip()
            raw = base64.b64decode(cut + "=" * (-len(cut) % 4), validate=True)
        elif encoding == "hex":
            cut = value[: limit * 2].strip()
            raw = bytes.fromhex(cut[: len(cut) - len(cut) % 2])
        else:
            return None
    except (binascii.Error, ValueError):
        return None
    return reply_text(raw[:limit])


_UNBROKEN_HEX = re.compile(r"(?:[0-9A-Fa-f]{2}){8,}")
_UNBROKEN_BASE64 = re.compile(r"[A-Za-z0-9+/]{16,}={0,2}")
_PEEK = 4096


def unmarked_encoding(text: str) -> str | None:
    """The reply inside ``text`` when all of it is one unbroken run of hex or base64 that decodes to text
    (zgrab2's banner module with ``--hex``/``--base64``, Rapid7 Sonar's ``data``), else None. A real banner
    that happens to look like either decodes to bytes that are not text and stays as it is."""
    head = text[:_PEEK]
    for pattern, encoding in ((_UNBROKEN_HEX, "hex"), (_UNBROKEN_BASE64, "base64")):
        if pattern.fullmatch(head):
            plain = decoded(text, encoding)
            if plain and _mostly_text(plain):
                return plain
    return None


def _mostly_text(text: str) -> bool:
    """Nine in ten of the first 512 characters printable (line ends and tabs count)."""
    sample = text[:512]
    return sum(ch.isprintable() or ch in "\r\n\t" for ch in sample) >= 0.9 * len(sample)
