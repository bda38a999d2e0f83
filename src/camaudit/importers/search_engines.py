"""What the search-engine importers share (ZoomEye, FOFA, Netlas): their files, and the text they keep.

A researcher gets these engines' data three ways, and each importer reads all three as the same records:

* one result per line, as the engines' own command-line tools write it (``netlas download``, ``gofofa --format
  json``) or as ``jq -c '.matches[]'`` cuts a saved answer;
* a JSON array of results (or of whole answers, as ZoomEye-go saves a multi-page search);
* an API answer saved whole (``zoomeye search -save`` writes ``{"total", "matches": [...], "facets"}``): its list of
  results (``matches``, ``data``, ``items``, ``results``) is read item by item, up to :data:`MAX_ANSWER_ITEMS`.

An answer is one JSON text, so it is held whole like any record and is bound by the same 8 MiB cap; a bigger one is
refused with the ``jq`` line that cuts it into one result per line. An engine's error answer (``{"error": ...,
"message": ...}``) becomes one unreadable record that quotes the engine's reason.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from camaudit.importers.base import (
    MAX_RECORD_BYTES,
    ImportRecord,
    RecordError,
    Source,
    failed,
    put,
    shown,
    valid_ip,
)
from camaudit.importers.jsonstream import PARSE_ERRORS, iter_json
from camaudit.importers.sniff import page_fields, sniff
from camaudit.importers.text import body_fields, dn_from_mapping, dn_ranked
from camaudit.protocols.certificate import san_lines, serial_hex

#: Results read of one saved answer: the engines page at most 10,000 results (ZoomEye's ``pagesize``, FOFA's
#: ``size``); more is a file put together by hand, or a hostile one.
MAX_ANSWER_ITEMS = 10_000

Parse = Callable[[Any, int], ImportRecord]
#: Where a banner the engine labelled with one of these services goes when no reader took it.
BANNER_FIELDS = {"ssh": "ssh.banner", "ftp": "ftp.banner", "telnet": "telnet.banner"}


def read_results(source: Source, parse: Parse, what: str, lists: tuple[str, ...],
                 max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """One record per result of ``source``, in order: a result per line or array element, or the ``lists`` of a saved
    API answer item by item; unreadable ones with a reason (``what`` names the result kind)."""
    for position, value, error in iter_json(source, max_bytes):
        if error is not None:
            yield failed(position, _too_long_answer(error, lists) if error.startswith("record longer") else error)
            continue
        items = _answer_items(value, lists)
        if items is None:
            yield _parsed(parse, value, position, what)
            continue
        if isinstance(items, str):
            yield failed(position, items)
            continue
        for number, item in enumerate(items[:MAX_ANSWER_ITEMS], 1):
            yield _parsed(parse, item, position, f"{what} {number} of the saved answer")
        if len(items) > MAX_ANSWER_ITEMS:
            yield failed(position, f"saved answer lists {len(items)} results; the first {MAX_ANSWER_ITEMS} were read")


def _parsed(parse: Parse, value: Any, position: int, what: str) -> ImportRecord:
    try:
        return parse(value, position)
    except PARSE_ERRORS as exc:
        return failed(position, f"cannot interpret {what}: {exc}", _address_of(value))


def _address_of(value: Any) -> str | None:
    """The result's address for the user to find it by -- only when it is a real address."""
    if not isinstance(value, dict):
        return None
    inner = value.get("data")
    ip = value.get("ip", inner.get("ip") if isinstance(inner, dict) else None)
    try:
        return valid_ip(ip)
    except RecordError:
        return None


def _answer_items(value: Any, lists: tuple[str, ...]) -> list[Any] | str | None:
    """The results of a saved API answer, a reason when it is an error answer, or None when ``value`` is one result.

    A result never holds a list of objects under these names at its top (ZoomEye's ``title`` is a list of strings,
    FOFA's values are strings), so a list of objects there says the record is an answer."""
    if not isinstance(value, dict):
        return None
    for key in lists:
        items = value.get(key)
        if isinstance(items, list) and (not items or not isinstance(items[0], str)):
            return items
    return _error_reason(value)


def _error_reason(value: dict[str, Any]) -> str | None:
    """An engine's error answer: ZoomEye ``{"error": "...", "message": "..."}``, FOFA ``{"error": true, "errmsg"}``,
    Netlas ``{"detail": "..."}`` with nothing else a result has."""
    if "ip" in value or "data" in value or "portinfo" in value:
        return None
    error = value.get("error")
    message = value.get("message") or value.get("errmsg") or value.get("detail")
    if error is True or (isinstance(error, str) and error) or (message and len(value) <= 4):
        return f"the search engine answered with an error, not results: {shown(message or error, 120)}"
    return None


def _too_long_answer(error: str, lists: tuple[str, ...]) -> str:
    return f"{error} (a saved answer this big: give its results one per line, jq -c '.{lists[0]}[]')"


# --- values the engines write their own way -------------------------------------------------------------------------


def first_text(value: Any) -> str | None:
    """A text value, or the first text of a list of them (ZoomEye writes ``title`` as a list)."""
    if isinstance(value, list):
        value = next((v for v in value[:8] if isinstance(v, str) and v.strip()), None)
    return value.strip() or None if isinstance(value, str) else None


def asn_text(value: Any) -> str | None:
    """An autonomous system number as ``AS<n>``, whether written ``4837``, ``"4837"``, ``"AS4837"`` or ``["4837"]``."""
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, int) and not isinstance(value, bool) and value > 0:
        return f"AS{value}"
    if isinstance(value, str):
        digits = value.strip().upper().removeprefix("AS")
        if digits.isascii() and digits.isdigit() and len(digits) <= 10:
            return f"AS{int(digits)}"
    return None


def utc_time(value: Any) -> str:
    """A time as ``YYYY-MM-DDTHH:MM:SSZ``: ISO 8601 with or without a zone, ``T`` or a space between date and time
    (FOFA's ``lastupdatetime``), fractions dropped (Netlas's ``last_updated``). A time without a zone is taken as UTC:
    ZoomEye's clients add eight hours to show Beijing time, so its times are UTC; FOFA does not say. ``""`` when it is
    not a time."""
    if not isinstance(value, str) or not 10 <= len(value) <= 40:
        return ""
    try:
        when = datetime.fromisoformat(value.strip().replace(" ", "T", 1).replace("Z", "+00:00"))
    except ValueError:
        return ""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def short_text(value: Any, limit: int = 200) -> str | None:
    """A name for the record (an organisation, a country code): text, cut to ``limit``, else None."""
    return value.strip()[:limit] or None if isinstance(value, str) else None


_HOST_PART = re.compile(r"^(?:[a-z][a-z0-9+.-]*://)?([^/:\s]+)", re.IGNORECASE)


def host_names(values: list[Any], ip: str) -> list[str]:
    """Host names from values that may be URLs or ``host:port`` (FOFA's ``host``), the address itself left out."""
    names: list[str] = []
    for value in values[:32]:
        for item in value[:32] if isinstance(value, list) else [value]:
            match = _HOST_PART.match(item.strip()) if isinstance(item, str) else None
            name = match.group(1).lower() if match else ""
            if name and name != ip and "." in name and name not in names and not name.replace(".", "").isdigit():
                names.append(name[:253])
    return names


# --- a certificate kept as text -------------------------------------------------------------------------------------

#: ``Subject:``/``Issuer:`` lines of a certificate printed as text (Go's ``certinfo``, as ZoomEye's ``ssl`` keeps it;
#: OpenSSL's ``x509 -text``), the name on the same line.
_NAME_LINE = re.compile(r"^[ \t]*(Subject|Issuer):[ \t]*(\S[^\r\n]{0,1023})$", re.MULTILINE)
_SAN_LINE = re.compile(r"^[ \t]*X509v3 Subject Alternative Name:[^\r\n]*\r?\n[ \t]*([^\r\n]{1,4096})$", re.MULTILINE)
_DNS_NAME = re.compile(r"DNS:([^,\s]{1,253})")
#: A name printed as a block (FOFA's ``cert``): ``Subject:`` or ``Issuer:`` alone on its line, then one indented
#: ``Attribute: value`` line per attribute (``Country``, ``Province``, ``Locality``, ``Organization``,
#: ``Organizational Unit``, ``CommonName``), up to the first line that is not indented.
_NAME_BLOCK = re.compile(r"^(Subject|Issuer):[ \t]*\r?\n((?:[ \t]+\S[^\r\n]{0,1023}(?:\r?\n|$)){1,16})", re.MULTILINE)
_BLOCK_ITEM = re.compile(r"^[ \t]+([A-Za-z][A-Za-z ]{0,39}):[ \t]*(\S[^\r\n]{0,1023})$", re.MULTILINE)
#: FOFA's ``DNS Names:`` block: the subjectAltName's DNS names, one a line, indented.
_DNS_BLOCK = re.compile(r"^DNS Names:[ \t]*\r?\n((?:[ \t]+\S[^\r\n]{0,252}(?:\r?\n|$)){1,64})", re.MULTILINE)
#: The serial number of a certificate printed as text: in decimal on its label's line (FOFA's ``cert``: ``Serial Number:
#: 14010541196828421591573906082435440804``), with the hex after it in brackets when it is short (OpenSSL's ``4096
#: (0x1000)``), or as colon-separated hex bytes on the next line (OpenSSL's ``x509 -text`` for a long one).
_SERIAL_LINE = re.compile(
    r"^[ \t]*Serial Number:[ \t]*(?:([0-9]{1,100})(?:[ \t]+\(0x[0-9a-fA-F]{1,100}\))?"
    r"|\r?\n[ \t]+((?:[0-9a-fA-F]{2}:){0,63}[0-9a-fA-F]{2}))[ \t]*\r?$",
    re.MULTILINE,
)
#: Kept of a certificate text: the names come first, the key and signature bytes after them.
_CERTIFICATE_TEXT_CHARS = 16 * 1024


def certificate_text(text: Any, fields: dict[str, str]) -> bool:
    """Fill ``tls.subject``, ``tls.issuer``, ``tls.san`` and ``tls.serial`` from a certificate printed as text; False
    when the text names neither subject nor issuer. Two layouts are read: a name on its label's line (``Subject:
    C=CN, O=x, CN=y``, Go's ``certinfo`` as ZoomEye keeps it, OpenSSL's ``x509 -text``) and a name as a block of
    ``Attribute: value`` lines under its label (FOFA's ``cert``), with the DNS names of ``X509v3 Subject Alternative
    Name`` or of a ``DNS Names:`` block, and the ``Serial Number:`` (:data:`_SERIAL_LINE`). Names are put in
    ``cryptography``'s order (:func:`dn_ranked`, :func:`dn_from_mapping`), so a rule written against the live TLS
    probe matches."""
    if not isinstance(text, str):
        return False
    head = text[:_CERTIFICATE_TEXT_CHARS]
    if "Certificate" not in head and "Serial Number:" not in head:
        return False
    found = False
    for kind, name in _NAME_LINE.findall(head):
        target = "tls.subject" if kind == "Subject" else "tls.issuer"
        ranked = dn_ranked(name.strip()) if "=" in name else None
        if ranked and target not in fields:
            fields[target] = ranked
            found = True
    for kind, block in _NAME_BLOCK.findall(head):
        target = "tls.subject" if kind == "Subject" else "tls.issuer"
        attributes: dict[str, list[str]] = {}
        for attribute, value in _BLOCK_ITEM.findall(block):
            attributes.setdefault(attribute.strip(), []).append(value.strip())
        name = dn_from_mapping(attributes) if attributes else None
        if name and target not in fields:
            fields[target] = name
            found = True
    san = _SAN_LINE.search(head)
    dns = _DNS_NAME.findall(san.group(1)) if san else []
    block = _DNS_BLOCK.search(head) if not dns else None
    names = san_lines(dns or (block.group(1).split() if block else []))
    if names:
        put(fields, "tls.san", names)
    serial = _SERIAL_LINE.search(head)
    if serial and found:
        decimal, colons = serial.groups()
        value = serial_hex(decimal) if decimal else serial_hex(colons, base=16)
        if value is not None:
            fields.setdefault("tls.serial", value)
    return found


def stored_http(
    fields: dict[str, str], header: str | None, body: str | None, title: str | None, port: int | None, service: str
) -> str | None:
    """An engine's stored HTTP head (with its ``body``, when kept) read as a reply when the banner gave none, the page
    when no reply gave one, and the engine's ``title`` where none was read; the protocol when a reply was read."""
    protocol = None
    if "http.status" not in fields and "http.headers" not in fields and header and header.strip():
        reply = header if body is None else f"{header.rstrip()}\r\n\r\n{body}"
        protocol = sniff(reply, fields, port=port, hint=service or "http")
    if body and "http.body" not in fields:
        page_fields(body, fields, title)
        protocol = protocol or "http"
    if title and "http.title" not in fields:
        body_fields(None, fields, title)
    return protocol


def mmh3_text(value: str | None) -> str | None:
    """``value`` when it is a favicon's mmh3 as Shodan writes it (a signed 32-bit number); else None."""
    return value if value and value.lstrip("-").isdigit() and value.isascii() and len(value) <= 11 else None
