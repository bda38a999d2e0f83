"""ProjectDiscovery httpx's JSON lines (``httpx -json``): one web answer per line, read as the HTTP reply it was.

The keys are those of httpx's ``runner.Result`` (``runner/types.go``, github:projectdiscovery/httpx@2b1ab2a1):
``url``, ``input``, ``host``, ``port`` (text), ``a`` (the addresses a name resolved to), ``scheme``,
``status_code``, ``webserver`` (the Server header), ``title``, ``content_type``, ``location`` (a redirect's
Location), ``path``, ``favicon`` (the Shodan-style mmh3 of the icon, with ``-favicon``), ``favicon_md5``,
``tech`` (httpx's wappalyzer conclusions, with ``-td``), ``header`` (the headers, lower_snake keys, with ``-irh``),
``raw_header`` and ``body`` (with ``-irr``), and ``tls`` (tlsx's ``clients.Response``: ``subject_dn``,
``issuer_dn``, ``subject_an``, ``fingerprint_hash.sha256``, ``certificate`` in PEM). A line with the raw head is
read as that reply whole (``importers/sniff.py``); the parsed values fill what it did not give. Without ``body``, the
page is read from ``headless_body`` (the page a browser rendered, ``-ss``), else ``body_preview`` (its first
characters, ``-bp``); ``cname`` (the names the host's name pointed to) is kept as ``import.hostnames``; the redirects
httpx followed (``chain[].response`` with ``-include-chain``, ``httputil.ChainItem``) give their ``Server``,
``WWW-Authenticate`` and ``Location`` where the final page gave none, as Shodan's ``http.redirects`` do.
"""

from __future__ import annotations

from typing import Any

from camaudit.importers.base import (
    RecordError,
    as_dict,
    as_list,
    as_port,
    iso_utc,
    put,
    put_san,
    scheme_port,
    valid_ip,
)
from camaudit.importers.certificates import pem_certificate
from camaudit.importers.shodan_modules import redirect_replies
from camaudit.importers.sniff import page_fields, sniff
from camaudit.importers.zgrab2 import HEADER_FIELDS
from camaudit.model import RAW_KEEP_BYTES, Observation
from camaudit.protocols.certificate import put_shape, serial_hex, timestamp

#: Headers of httpx's ``header`` map read, and values of one header.
MAX_HEADERS = 128


def is_httpx(line: dict[str, Any]) -> bool:
    """An httpx result: a URL with the answer's status or server, and none of camaudit's own observation keys."""
    return isinstance(line.get("url"), str) and ("status_code" in line or "webserver" in line) and "fields" not in line


def httpx_line(line: dict[str, Any]) -> Observation:
    """One httpx result as an observation; :class:`RecordError` when it names no address."""
    ip = _address(line)
    port = as_port(line.get("port"))
    scheme = str(line.get("scheme") or "")
    if not port:
        port = scheme_port(scheme)
    fields: dict[str, str] = {}
    head = line.get("raw_header")
    body = _body(line)
    raw = ""
    if isinstance(head, str) and head.startswith("HTTP/"):
        raw = head.rstrip("\r\n") + "\r\n\r\n" + (body if isinstance(body, str) else "")
        sniff(raw, fields, port=port, hint="http")
        if "http.title" not in fields:  # httpx's own title, where the body it kept holds none
            page_fields(None, fields, line.get("title"))
    else:
        _parsed(line, body, fields)
    chain = line.get("chain")
    if chain:
        redirect_replies((as_dict(item).get("response") for item in as_list(chain)), fields)
    _tls(as_dict(line.get("tls")), fields)
    put(fields, "http.favicon.mmh3", line.get("favicon"))
    put(fields, "http.favicon.md5", line.get("favicon_md5"))
    put(fields, "import.tags", [t for t in as_list(line.get("tech"))[:32] if isinstance(t, str)])
    put(fields, "import.hostnames", [n for n in as_list(line.get("cname"))[:8] if isinstance(n, str)])
    protocol = "https" if scheme == "https" or "tls.subject" in fields else "http"
    return Observation(ip, port, "tcp", protocol, "import", iso_utc(line.get("timestamp")), fields,
                       raw[:RAW_KEEP_BYTES].encode("utf-8", "replace"))


def _address(line: dict[str, Any]) -> str:
    """``host`` when it is an address (httpx writes the name it was given there), else the first of ``a``."""
    for value in [line.get("host"), *as_list(line.get("a"))[:4], *as_list(line.get("aaaa"))[:4]]:
        try:
            return valid_ip(value)
        except RecordError:
            continue
    raise RecordError("an httpx result without an address (host, a)")


def _parsed(line: dict[str, Any], body: str | None, fields: dict[str, str]) -> None:
    """The values httpx parsed, when it kept no raw head: status, Server, Location, headers (``-irh``), body."""
    put(fields, "http.status", line.get("status_code"))
    lines = []
    for key, value in list(as_dict(line.get("header")).items())[:MAX_HEADERS]:
        values = [v for v in (value if isinstance(value, list) else [value]) if isinstance(v, str)]
        lines += [f"{'-'.join(p.capitalize() for p in str(key).split('_'))}: {v}" for v in values]
        target = HEADER_FIELDS.get(str(key).lower().replace("-", "_"))
        if target:
            put(fields, target, values)
    put(fields, "http.headers", "\n".join(lines))
    if "http.server" not in fields:
        put(fields, "http.server", line.get("webserver"))
    if "http.location" not in fields:
        put(fields, "http.location", line.get("location"))
    put(fields, "http.path", line.get("path"))
    page_fields(body, fields, line.get("title"))


def _body(line: dict[str, Any]) -> str | None:
    """The page httpx kept: the body (``-irr``), else the page a browser rendered (``headless_body``), else the
    body's first characters (``body_preview``)."""
    for key in ("body", "headless_body", "body_preview"):
        value = line.get(key)
        if isinstance(value, str) and value:
            return value
    return None


def _tls(tls: dict[str, Any], fields: dict[str, str]) -> None:
    """tlsx's reading of the certificate: its names as written (most specific first, as ``cryptography`` prints
    them), else the PEM it kept."""
    put(fields, "tls.subject", tls.get("subject_dn"))
    put(fields, "tls.issuer", tls.get("issuer_dn"))
    sha256 = as_dict(tls.get("fingerprint_hash")).get("sha256")
    if isinstance(sha256, str):
        put(fields, "tls.sha256", sha256.lower())
    put_san(fields, as_list(tls.get("subject_an")))
    # tlsx writes the serial as colon-separated hex and the dates as RFC 3339.
    put_shape(fields, {
        "tls.not_before": timestamp(tls.get("not_before")),
        "tls.not_after": timestamp(tls.get("not_after")),
        "tls.serial": serial_hex(tls.get("serial"), base=16),
    })
    pem = tls.get("certificate")
    if isinstance(pem, str):
        pem_certificate(pem, fields)
