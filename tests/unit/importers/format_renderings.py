"""One stored device reply written in every input format camaudit reads, as each tool really writes it.

The parity test (``test_format_parity.py``) takes the development corpora's Shodan banners, writes each one
again as Censys, zgrab2, masscan, nmap and raw-reply JSON lines would have stored the same reply, reads the
copies back and requires the same identification. The shapes and where they come from:

* Shodan host lookup (``/shodan/host/{ip}``): ``ip_str``, ``ports``, the banners under ``data``
  (https://developer.shodan.io/api, "Host Information").
* Censys Platform: ``services[]{port, protocol, transport_protocol, banner, endpoints[]{path, http{status_code,
  headers{Name: {headers: [...]}}, html_title, body, favicons[]{hash_shodan}}}, cert.parsed{subject_dn,
  issuer_dn}, rtsp{server, www_auth}}`` -- the models of the official SDK (``censys/censys-sdk-python``:
  ``Service``, ``EndpointScanState``, ``HTTP``, ``HTTPRepeatedHeaders``, ``HTTPFavicon``, ``Rtsp``).
* Censys Search 2.0 (legacy): ``services[]{port, service_name, transport_protocol, banner, http.response{
  status_code, headers{Name_With_Underscores: [...]}, html_title, body}, tls.certificates.leaf_data{subject_dn,
  issuer_dn}}`` (``censys-python``'s documented ``view()`` result).
* zgrab2: ``{"ip", "data": {"<module>": {"status", "protocol", "port", "result"}}}``; the http module's
  ``result.response{status_code, headers, body, request.url, request.tls_log}`` with the headers of
  ``lib/http/header.go``'s ``knownHeaders`` as lower_snake lists and every other one under
  ``unknown[{key, value}]`` (``zgrab2_schemas/zgrab2/http.py``); the banner module's ``result.banner``.
* masscan ``-oJ``: ``{"ip", "timestamp", "ports": [{"port", "proto", "service": {"name", "banner"}}]}`` with the
  banner kinds of ``src/masscan-app.c`` (``http``, ``title``, ``html``, ``ssh``, ``ftp``, ``smtp``, ``X509``,
  ``unknown`` for a reply masscan has no parser for); ``-oL`` writes the same events as
  ``banner tcp <port> <ip> <time> <kind> <banner>`` with every byte that is not printable ASCII written
  ``\\xNN`` (``out-text.c``, ``normalize_string``).
* nmap ``-oX`` with ``-sV -sC``: a recognised web service gets ``http-title``, ``http-server-header``,
  ``http-headers`` and ``http-auth`` script outputs and ``ssl-cert``'s ``subject``/``issuer`` tables; a service
  nmap does not recognise keeps each probe's raw answer in the ``fingerprint-strings`` script (``GetRequest``,
  ``RTSPRequest``, ``NULL`` ...); ``banner.nse`` prints what a server says first (FTP, SSH, SMTP, Telnet)
  with control bytes as ``\\xNN``.
* raw replies in JSON lines (``{"ip", "port", "banner"}``): the reply as it came off the wire, head and body.

What a format cannot carry is listed per format in :data:`NOT_CARRIED`, each with the format's own limit;
the test expects exactly the identification the native record gets without those fields.
"""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.sax.saxutils import quoteattr

from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

_TITLE = re.compile(r"<title[^>]*>([^<]*)</title", re.IGNORECASE)
#: A fixed key, so every rendering of a certificate is the same bytes (only the names matter here).
_KEY = ec.derive_private_key(0x5EED, ec.SECP256R1())
_NAME_OIDS = {
    "CN": NameOID.COMMON_NAME,
    "OU": NameOID.ORGANIZATIONAL_UNIT_NAME,
    "O": NameOID.ORGANIZATION_NAME,
    "L": NameOID.LOCALITY_NAME,
    "ST": NameOID.STATE_OR_PROVINCE_NAME,
    "C": NameOID.COUNTRY_NAME,
}
#: Certificate order (least specific first), as zcrypto writes ``subject_dn`` and a certificate holds names.
_CERT_ORDER = ("C", "ST", "L", "O", "OU", "CN")
#: nmap's ssl-cert table keys for the same attributes.
_NMAP_NAMES = {
    "CN": "commonName",
    "OU": "organizationalUnitName",
    "O": "organizationName",
    "L": "localityName",
    "ST": "stateOrProvinceName",
    "C": "countryName",
}


@dataclass(frozen=True)
class Reply:
    """What one Shodan banner holds about one service, independent of any format."""

    ip: str
    port: int
    transport: str
    module: str
    data: str
    status: int | None = None
    title: str | None = None
    html: str | None = None
    favicon_mmh3: int | None = None
    subject: dict[str, str] = field(default_factory=dict)
    issuer: dict[str, str] = field(default_factory=dict)

    @property
    def kind(self) -> str:
        """``http``, ``rtsp``, ``greeting`` (a server that speaks first), ``tls`` (a certificate only) or ``other``."""
        head = self.data.lstrip("\r\n")
        if head.startswith("HTTP/") and not head.startswith(("HTTP/1.1 200 OK\r\nST:", "NOTIFY")):
            return "http"
        if head.startswith("RTSP/"):
            return "rtsp"
        if not head and self.subject:
            return "tls"
        if self.module in ("ftp", "ssh", "smtp", "telnet", "imap", "pop3"):
            return "greeting"
        return "other"

    @property
    def tls(self) -> bool:
        return bool(self.subject) or self.module == "https"

    def head_and_body(self) -> tuple[str, str]:
        """The reply's head (status line and headers, no blank line) and its body (Shodan keeps it apart)."""
        head, _, rest = self.data.partition("\r\n\r\n")
        return head, self.html if self.html else rest

    def page_title(self) -> str | None:
        """The title as the page wrote it (entities and all), as a tool that cuts it out of the page keeps it;
        Shodan's own title when the page has none."""
        found = _TITLE.search(self.html or "")
        return found.group(1) if found and found.group(1).strip() else self.title

    def headers(self) -> list[tuple[str, str]]:
        """The head's header lines as ``(name, value)``, in order, repeated ones kept."""
        head, _ = self.head_and_body()
        found = []
        for line in head.split("\r\n")[1:]:
            name, sep, value = line.partition(":")
            if sep and name.strip():
                found.append((name.strip(), value.strip()))
        return found

    def whole(self) -> str:
        """The reply as it came off the wire: head, blank line, body."""
        head, body = self.head_and_body()
        if not head:
            return self.data
        return f"{head}\r\n\r\n{body}" if self.kind in ("http", "rtsp") else self.data


def reply_of(banner: dict[str, Any]) -> Reply:
    """The format-independent content of one Shodan banner."""
    http = banner.get("http") or {}
    cert = (banner.get("ssl") or {}).get("cert") or {}
    favicon = http.get("favicon") or {}
    return Reply(
        ip=banner["ip_str"],
        port=banner["port"],
        transport=banner.get("transport") or "tcp",
        module=(banner.get("_shodan") or {}).get("module") or "",
        data=banner.get("data") or "",
        status=http.get("status"),
        title=http.get("title"),
        html=http.get("html"),
        favicon_mmh3=favicon.get("hash"),
        subject={k: v for k, v in (cert.get("subject") or {}).items() if isinstance(v, str)},
        issuer={k: v for k, v in (cert.get("issuer") or {}).items() if isinstance(v, str)},
    )


def zcrypto_dn(names: dict[str, str]) -> str:
    """A name as zcrypto writes ``subject_dn``: certificate order, ``, `` between attributes."""
    ordered = [k for k in _CERT_ORDER if k in names] + [k for k in names if k not in _CERT_ORDER]
    return ", ".join(f"{k}={names[k]}" for k in ordered)


def certificate_der(reply: Reply) -> bytes:
    """A certificate carrying the reply's subject and issuer names (masscan stores the DER bytes)."""

    def name(names: dict[str, str]) -> x509.Name:
        return x509.Name([x509.NameAttribute(_NAME_OIDS[k], names[k]) for k in _CERT_ORDER if k in names])

    import datetime

    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name(reply.subject))
        .issuer_name(name(reply.issuer))
        .public_key(_KEY.public_key())
        .serial_number(1)
        .not_valid_before(start)
        .not_valid_after(start + datetime.timedelta(days=3650))
        .sign(_KEY, hashes.SHA256())
    )
    from cryptography.hazmat.primitives.serialization import Encoding

    return cert.public_bytes(Encoding.DER)


def _jsonl(*objects: dict[str, Any]) -> str:
    return "".join(json.dumps(o) + "\n" for o in objects)


# --- Shodan ------------------------------------------------------------------------------------------


def shodan_host(banner: dict[str, Any]) -> str:
    """The banner inside a host lookup (its address given once, for the host)."""
    item = {k: v for k, v in banner.items() if k != "ip_str"}
    return _jsonl({"ip_str": banner["ip_str"], "ports": [banner["port"]], "data": [item]})


# --- Censys ------------------------------------------------------------------------------------------

_CENSYS_PROTOCOL = {"http": "HTTP", "rtsp": "RTSP", "tls": "UNKNOWN"}
_GREETING_PROTOCOL = {"ftp": "FTP", "ssh": "SSH", "smtp": "SMTP", "telnet": "TELNET", "imap": "IMAP", "pop3": "POP3"}


def _service_name(reply: Reply) -> str:
    if reply.kind == "greeting":
        return _GREETING_PROTOCOL[reply.module]
    if reply.kind == "http" and reply.tls:
        return "HTTP"
    return _CENSYS_PROTOCOL.get(reply.kind, "UNKNOWN")


def _censys_service(reply: Reply, name_key: str, http_key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    """A Censys service and its HTTP answer object (empty unless the reply is HTTP). Both shapes keep an HTTP
    service's response head as ``banner`` and its body, status and title in the answer object; any other
    reply is the ``banner`` itself."""
    service: dict[str, Any] = {
        "port": reply.port,
        name_key: _service_name(reply),
        "transport_protocol": reply.transport.upper(),
    }
    answer: dict[str, Any] = {}
    head, body = reply.head_and_body()
    if reply.kind == "http":
        service["banner"] = head + "\r\n"
        answer = {"body": body}
        if reply.status is not None:
            answer["status_code"] = reply.status
        if reply.title:
            answer["html_title"] = reply.title
        service[http_key] = answer
    elif reply.data:
        service["banner"] = reply.data
    return service, answer


def censys_platform(reply: Reply) -> str:
    service, answer = _censys_service(reply, "protocol", "endpoints")
    if answer:
        headers: dict[str, dict[str, list[str]]] = {}
        for name, value in reply.headers():
            headers.setdefault(name, {"headers": []})["headers"].append(value)
        answer["headers"] = headers
        if reply.favicon_mmh3 is not None:
            answer["favicons"] = [{"hash_shodan": reply.favicon_mmh3}]
        service["endpoints"] = [{"path": "/", "endpoint_type": "HTTP", "http": answer}]
    if reply.kind == "rtsp":
        values = {n.lower(): v for n, v in reply.headers()}
        pairs = (("server", values.get("server")), ("www_auth", values.get("www-authenticate")))
        service["rtsp"] = {k: v for k, v in pairs if v}
    if reply.subject:
        service["cert"] = {"parsed": {"subject_dn": zcrypto_dn(reply.subject), "issuer_dn": zcrypto_dn(reply.issuer)}}
    return _jsonl({"ip": reply.ip, "services": [service]})


def censys_legacy(reply: Reply) -> str:
    service, answer = _censys_service(reply, "service_name", "http")
    if answer:
        headers: dict[str, list[str]] = {}
        for name, value in reply.headers():
            headers.setdefault(name.replace("-", "_"), []).append(value)  # Search 2.0 writes "-" as "_"
        answer["headers"] = headers
        service["http"] = {"response": answer}
    if reply.subject:
        leaf = {"subject_dn": zcrypto_dn(reply.subject), "issuer_dn": zcrypto_dn(reply.issuer)}
        service["tls"] = {"certificates": {"leaf_data": leaf}}
    return _jsonl({"ip": reply.ip, "services": [service]})


# --- zgrab2 ------------------------------------------------------------------------------------------

#: ``lib/http/header.go`` knownHeaders (zgrab2_schemas/zgrab2/http.py): written as lower_snake keys.
ZGRAB2_KNOWN_HEADERS = frozenset(
    [
        "access_control_allow_origin",
        "accept_patch",
        "accept_ranges",
        "age",
        "allow",
        "alt_svc",
        "alternate_protocol",
        "cache_control",
        "connection",
        "content_disposition",
        "content_encoding",
        "content_language",
        "content_length",
        "content_location",
        "content_md5",
        "content_range",
        "content_type",
        "expires",
        "last_modified",
        "link",
        "location",
        "p3p",
        "pragma",
        "proxy_agent",
        "proxy_authenticate",
        "public_key_pins",
        "referer",
        "refresh",
        "retry_after",
        "server",
        "set_cookie",
        "status",
        "strict_transport_security",
        "trailer",
        "transfer_encoding",
        "upgrade",
        "vary",
        "via",
        "warning",
        "www_authenticate",
        "x_frame_options",
        "x_xss_protection",
        "content_security_policy",
        "x_content_security_policy",
        "x_webkit_csp",
        "x_content_type_options",
        "x_powered_by",
        "x_ua_compatible",
        "x_content_duration",
        "x_real_ip",
        "x_forwarded_for",
    ]
)


def _zgrab2_certificate(reply: Reply) -> dict[str, Any]:
    return {
        "server_certificates": {
            "certificate": {"parsed": {"subject_dn": zcrypto_dn(reply.subject), "issuer_dn": zcrypto_dn(reply.issuer)}}
        }
    }


def zgrab2(reply: Reply) -> str:
    if reply.kind == "http":
        headers: dict[str, Any] = {}
        unknown: list[dict[str, Any]] = []
        for name, value in reply.headers():
            key = name.lower().replace("-", "_")
            if key in ZGRAB2_KNOWN_HEADERS:
                headers.setdefault(key, []).append(value)
            else:
                unknown.append({"key": name, "value": [value]})
        if unknown:
            headers["unknown"] = unknown
        _head, body = reply.head_and_body()
        scheme = "https" if reply.tls else "http"
        request: dict[str, Any] = {"url": {"scheme": scheme, "host": f"{reply.ip}:{reply.port}", "path": "/"}}
        if reply.subject:
            request["tls_log"] = {"handshake_log": _zgrab2_certificate(reply)}
        response = {"status_code": reply.status or 200, "headers": headers, "body": body, "request": request}
        return _zgrab2_line(reply, "http", {"response": response})
    if reply.kind == "tls":
        return _zgrab2_line(reply, "tls", {"handshake_log": _zgrab2_certificate(reply)})
    if reply.module == "ssh":
        return _zgrab2_line(reply, "ssh", {"server_id": {"raw": reply.data.split("\n", 1)[0].rstrip("\r")}})
    name = reply.module if reply.module in ("ftp", "telnet") else "banner"
    return _zgrab2_line(reply, name, {"banner": reply.whole()})


def _zgrab2_line(reply: Reply, name: str, result: dict[str, Any]) -> str:
    """One zgrab2 output line: the host and one successful module ``name`` (also its protocol) with ``result``."""
    module = {"status": "success", "protocol": name, "port": reply.port, "result": result}
    return _jsonl({"ip": reply.ip, "data": {name: module}})


# --- masscan -----------------------------------------------------------------------------------------

_MASSCAN_GREETING = {"ftp": "ftp", "ssh": "ssh", "smtp": "smtp", "imap": "imap", "pop3": "pop", "telnet": "telnet"}


def masscan_banners(reply: Reply) -> list[tuple[str, str]]:
    """The banners masscan writes for the reply: ``(kind, text)``, in masscan's order."""
    if reply.kind == "http":
        head, body = reply.head_and_body()
        banners = [("http", head + "\r\n\r\n")]
        title = reply.page_title()
        if title:
            banners.append(("title", title))
        if body:
            banners.append(("html", body))
    elif reply.kind == "greeting":
        banners = [(_MASSCAN_GREETING.get(reply.module, "unknown"), reply.data)]
    elif reply.data:
        banners = [("unknown", reply.whole())]
    else:
        banners = []
    if reply.subject:
        banners.append(("X509", base64.b64encode(certificate_der(reply)).decode()))
    return banners


def masscan_json(reply: Reply) -> str:
    lines = [
        "[",
        json.dumps(
            {
                "ip": reply.ip,
                "timestamp": "1727151519",
                "ports": [
                    {"port": reply.port, "proto": reply.transport, "status": "open", "reason": "syn-ack", "ttl": 54}
                ],
            }
        )
        + ",",
    ]
    for kind, text in masscan_banners(reply):
        lines.append(
            json.dumps(
                {
                    "ip": reply.ip,
                    "timestamp": "1727151523",
                    "ports": [
                        {"port": reply.port, "proto": reply.transport, "service": {"name": kind, "banner": text}}
                    ],
                }
            )
            + ","
        )
    lines.append("]")
    return "\n".join(lines) + "\n"


def masscan_escaped(text: str) -> str:
    """``normalize_string``: printable ASCII as it is, except ``<>&\\"'``; every other byte as ``\\xNN``."""
    out = []
    for byte in text.encode("utf-8"):
        char = chr(byte)
        out.append(char if 0x20 <= byte < 0x7F and char not in "<>&\\\"'" else f"\\x{byte:02x}")
    return "".join(out)


def masscan_list(reply: Reply) -> str:
    lines = ["#masscan", f"open {reply.transport} {reply.port} {reply.ip} 1727151519"]
    for kind, text in masscan_banners(reply):
        lines.append(f"banner {reply.transport} {reply.port} {reply.ip} 1727151523 {kind} {masscan_escaped(text)}")
    lines.append("# end")
    return "\n".join(lines) + "\n"


# --- nmap --------------------------------------------------------------------------------------------

_NMAP_SERVICE = {"ftp": "ftp", "ssh": "ssh", "smtp": "smtp", "telnet": "telnet", "imap": "imap", "pop3": "pop3"}


def _script(sid: str, output: str, inner: str = "") -> str:
    return f"<script id={quoteattr(sid)} output={quoteattr(output)}>{inner}</script>"


def _elem(key: str, value: str) -> str:
    return f"<elem key={quoteattr(key)}>{html.escape(value, quote=False)}</elem>"


def nmap_title(reply: Reply) -> str | None:
    """``http-title.nse``: the page's title as written, line ends and tabs taken out, cut to 62 characters and
    "..." when it is longer than 65."""
    title = reply.page_title()
    if not title:
        return None
    title = re.sub("[\r\n\t]", "", title)
    return title[:62] + "..." if len(title) > 65 else title


def nmap_escaped(text: str) -> str:
    """``banner.nse``: printable characters as they are, control bytes as ``\\xNN`` (upper-case hex)."""
    out = []
    for char in text:
        out.append(char if char.isprintable() else "".join(f"\\x{b:02X}" for b in char.encode("utf-8")))
    return "".join(out)


def _xml_safe(text: str) -> str:
    # XML 1.0 cannot hold most control characters, even escaped; nmap writes them as \xNN in script output.
    return "".join(c if c in "\t\n\r" or ord(c) >= 0x20 else f"\\x{ord(c):02X}" for c in text)


def _ssl_cert(reply: Reply) -> str:
    tables = []
    for key, names in (("subject", reply.subject), ("issuer", reply.issuer)):
        elems = "".join(_elem(_NMAP_NAMES.get(k, k), v) for k, v in names.items())
        tables.append(f"<table key={quoteattr(key)}>{elems}</table>")
    subject = "/".join(f"{_NMAP_NAMES.get(k, k)}={v}" for k, v in reply.subject.items())
    return _script("ssl-cert", f"Subject: {subject}", "".join(tables))


def _nmap_port(reply: Reply, service: str, scripts: list[str], extra: str = "") -> str:
    return (
        f'<nmaprun scanner="nmap" args="nmap -sV -sC" version="7.94" xmloutputversion="1.05">\n'
        f'<host starttime="1727151519" endtime="1727151523"><status state="up" reason="syn-ack"/>'
        f'<address addr="{reply.ip}" addrtype="ipv4"/><ports><port protocol="{reply.transport}" '
        f'portid="{reply.port}"><state state="open" reason="syn-ack" reason_ttl="54"/>{service}{extra}'
        f"{''.join(scripts)}</port></ports></host>\n</nmaprun>\n"
    )


def nmap_scripts(reply: Reply) -> str:
    """``nmap -sV -sC``: what nmap's default scripts print for a service nmap recognised."""
    scripts: list[str] = []
    if reply.kind == "http":
        tunnel = ' tunnel="ssl"' if reply.tls else ""
        service = f'<service name="http"{tunnel} method="probed" conf="10"/>'
        title = nmap_title(reply)
        if title:
            scripts.append(_script("http-title", title, _elem("title", title)))
        values = reply.headers()
        servers = [v for n, v in values if n.lower() == "server"]
        if servers:
            scripts.append(_script("http-server-header", servers[0], _elem("", servers[0])))
        lines = "".join(f"\n  {n}: {v}" for n, v in values)
        scripts.append(_script("http-headers", f"{lines}\n  \n  (Request type: GET)\n"))
    elif reply.kind == "rtsp":
        service = '<service name="rtsp" method="probed" conf="10"/>'
        public = next((v for n, v in reply.headers() if n.lower() == "public"), None)
        if public:
            scripts.append(_script("rtsp-methods", public))
    elif reply.kind == "greeting":
        service = f'<service name="{_NMAP_SERVICE[reply.module]}" method="probed" conf="10"/>'
        scripts.append(_script("banner", _xml_safe(nmap_escaped(reply.data.rstrip("\r\n")))))
    else:
        service = '<service name="unknown" method="table" conf="3"/>'
    if reply.subject:
        scripts.append(_ssl_cert(reply))
    return _nmap_port(reply, service, scripts)


_PROBE = {"http": "GetRequest", "rtsp": "RTSPRequest"}
#: nmap-services' name for a port, which -sV writes (``method="table"``) for a service it did not recognise.
_TABLE_NAMES = {
    21: "ftp",
    22: "ssh",
    23: "telnet",
    25: "smtp",
    80: "http",
    443: "https",
    554: "rtsp",
    8080: "http-proxy",
}
#: Characters the fingerprint writes with a backslash (those special in nmap-service-probes' match patterns).
_FP_SPECIAL = set('\\."()[]{}*+?^$|')


def nmap_fp_escaped(data: bytes) -> str:
    """One probe answer as ``service_scan.cc`` writes it into ``servicefp``: printable ASCII as it is, pattern
    characters behind a backslash, ``\\r``/``\\n`` by name, every other byte (space included) as ``\\xNN``."""
    out = []
    for byte in data:
        char = chr(byte)
        if char == "\r":
            out.append("\\r")
        elif char == "\n":
            out.append("\\n")
        elif char in _FP_SPECIAL:
            out.append("\\" + char)
        elif 0x20 < byte < 0x7F:
            out.append(char)
        else:
            out.append(f"\\x{byte:02x}")
    return "".join(out)


def nmap_servicefp(reply: Reply, probe: str) -> str:
    """``service@servicefp``: the fingerprint nmap writes for a service it did not recognise, each probe's whole
    answer in ``r(<probe>,<hex length>,"<escaped>")``, wrapped at 80 characters behind ``SF:``."""
    data = reply.whole().encode("utf-8")
    fingerprint = (
        f"SF-Port{reply.port}-{reply.transport.upper()}:V=7.94%I=7%D=12/3%Time=674EF2A1%P=x86_64-pc-linux-gnu"
        f'%r({probe},{len(data):X},"{nmap_fp_escaped(data)}");'
    )
    lines = [fingerprint[:80]] + ["SF:" + fingerprint[i : i + 77] for i in range(80, len(fingerprint), 77)]
    return "\n".join(lines)


def nmap_strings(text: str) -> str:
    """What ``fingerprint-strings.nse`` prints of an answer: runs of at least 4 printable ASCII characters (blanks
    folded into one space), every other run of bytes (line ends, non-ASCII text) a new line indented by four."""
    out: list[str] = []
    run: list[str] = []
    for byte in text.encode("utf-8"):
        if 0x20 <= byte < 0x7F or byte == 0x09:
            run.append(" " if byte in (0x20, 0x09) else chr(byte))
            continue
        if run:
            out.append("".join(run))
            run = []
        out.append("\n")
    if run:
        out.append("".join(run))
    lines = [re.sub(" +", " ", line) for line in "".join(out).split("\n")]
    kept = [line for line in lines if len(line) >= 4]
    return "\n    " + "\n    ".join(kept)


def nmap_unrecognised(reply: Reply) -> str:
    """``nmap -sV`` for a service it did not recognise: the whole answer in ``servicefp`` (escaped, lossless)
    and the ``fingerprint-strings`` script's printable strings of it."""
    probe = _PROBE.get(reply.kind, "NULL")
    strings = _xml_safe(nmap_strings(reply.whole()))
    scripts = [_script("fingerprint-strings", f"\n  {probe}: {strings}", _elem(probe, strings))]
    if reply.subject:
        scripts.append(_ssl_cert(reply))
    name = _TABLE_NAMES.get(reply.port, "unknown")
    service = (
        f'<service name={quoteattr(name)} method="table" conf="3" servicefp={quoteattr(nmap_servicefp(reply, probe))}/>'
    )
    return _nmap_port(reply, service, scripts)


# --- raw replies -------------------------------------------------------------------------------------


def raw_reply(reply: Reply) -> str | None:
    text = reply.whole()
    return _jsonl({"ip": reply.ip, "port": reply.port, "banner": text}) if text.strip() else None


def raw_reply_base64(reply: Reply) -> str | None:
    """The reply's bytes (UTF-8) in base64, as collectors that keep binary replies write them (``banner_b64``)."""
    text = reply.whole()
    if not text.strip():
        return None
    return _jsonl({"ip": reply.ip, "port": reply.port, "banner_b64": base64.b64encode(text.encode()).decode()})


def raw_reply_chunked(reply: Reply) -> str | None:
    """An HTTP reply with a body as a server sends it with ``Transfer-Encoding: chunked`` (RFC 9112 section 7.1):
    the header in place of ``Content-Length``, the body in chunks of 64 bytes, each after its size in hex."""
    head, body = reply.head_and_body()
    if reply.kind != "http" or not body:
        return raw_reply(reply)
    lines = [line for line in head.split("\r\n") if not line.lower().startswith("content-length:")]
    data = body.encode("utf-8")
    chunks = b"".join(b"%x\r\n%s\r\n" % (len(data[i : i + 64]), data[i : i + 64]) for i in range(0, len(data), 64))
    wire = "\r\n".join([*lines, "Transfer-Encoding: chunked"]).encode("utf-8") + b"\r\n\r\n" + chunks + b"0\r\n\r\n"
    return _jsonl({"ip": reply.ip, "port": reply.port, "banner_b64": base64.b64encode(wire).decode()})


# --- httpx -------------------------------------------------------------------------------------------


def _httpx(reply: Reply, whole: bool) -> str | None:
    """``httpx -json -favicon -tls-grab`` (``whole``: also ``-irr``, the raw head and the body) for an HTTP
    reply; httpx speaks HTTP only. Keys of ``runner.Result`` (github:projectdiscovery/httpx runner/types.go);
    ``tls`` as tlsx's ``clients.Response`` (``subject_dn`` as Go's ``pkix.Name.String()``: most specific first)."""
    if reply.kind != "http":
        return None
    scheme = "https" if reply.tls else "http"
    values = {n.lower(): v for n, v in reply.headers()}
    line: dict[str, Any] = {
        "timestamp": "2026-12-03T10:00:00.000000000Z",
        "port": str(reply.port),
        "url": f"{scheme}://{reply.ip}:{reply.port}",
        "input": reply.ip,
        "scheme": scheme,
        "method": "GET",
        "host": reply.ip,
        "path": "/",
        "a": [reply.ip],
        "status_code": reply.status or 200,
        "failed": False,
    }
    for key, header in (("webserver", "server"), ("content_type", "content-type"), ("location", "location")):
        if values.get(header):
            line[key] = values[header]
    if reply.title:
        line["title"] = reply.title
    if reply.favicon_mmh3 is not None:
        line["favicon"] = str(reply.favicon_mmh3)
    if reply.subject:
        pkix = [k for k in reversed(_CERT_ORDER) if k in reply.subject]
        line["tls"] = {"subject_dn": ",".join(f"{k}={reply.subject[k]}" for k in pkix)}
        if reply.issuer:
            issuer = [k for k in reversed(_CERT_ORDER) if k in reply.issuer]
            line["tls"]["issuer_dn"] = ",".join(f"{k}={reply.issuer[k]}" for k in issuer)
    if whole:
        head, body = reply.head_and_body()
        line["raw_header"] = head + "\r\n\r\n"
        line["body"] = body
    return _jsonl(line)


def httpx_json(reply: Reply) -> str | None:
    return _httpx(reply, whole=False)


def httpx_whole(reply: Reply) -> str | None:
    return _httpx(reply, whole=True)


# --- search engines: ZoomEye, FOFA, Netlas ----------------------------------------------------------------


def _zoomeye_dn(names: dict[str, str]) -> str:
    """A name as ZoomEye's certificate text prints it: attributes sorted by name, values unescaped (``C=CN,CN=TrustAsia
    TLS RSA CA,O=TrustAsia Technologies, Inc.,OU=...`` in a real v1 match, potato-security/PotatoTool
    ``AssetMapper.java``)."""
    return ",".join(f"{k}={names[k]}" for k in sorted(names))


def zoomeye(reply: Reply) -> str:
    """A ZoomEye v1 host match (knownsec/ZoomEye-python ``data.py``; a real match in PotatoTool): the reply whole as
    ``portinfo.banner`` (head and page), Shodan's title as ``portinfo.title`` (a list), ``ico.mmh3``, and the
    certificate printed as text under ``ssl``."""
    portinfo: dict[str, Any] = {"port": reply.port, "service": reply.module or reply.kind, "banner": reply.whole()}
    if reply.title:
        portinfo["title"] = [reply.title]
    match: dict[str, Any] = {"ip": reply.ip, "portinfo": portinfo, "protocol": {"transport": reply.transport}}
    if reply.favicon_mmh3 is not None:
        match["ico"] = {"mmh3": str(reply.favicon_mmh3), "md5": ""}
    if reply.subject:
        match["ssl"] = (
            "SSL Certificate\nVersion: TLS 1.2\nCertificate:\n    Data:\n        Version: 3 (0x2)\n"
            f"        Issuer: {_zoomeye_dn(reply.issuer)}\n        Subject: {_zoomeye_dn(reply.subject)}\n"
        )
    return _jsonl(match)


def fofa(reply: Reply) -> str:
    """A FOFA result as ``gofofa search --format json`` writes it (``pkg/outformats/json.go``: the field names as keys,
    every value a string): an HTTP service's head as ``banner`` and ``header``, its page as ``body``, ``title``,
    ``server``, ``icon_hash`` (Shodan's mmh3), and the certificate's CN and O as ``certs_subject_*``/``certs_issuer_*``."""
    row: dict[str, Any] = {"ip": reply.ip, "port": str(reply.port), "protocol": reply.module or reply.kind,
                           "base_protocol": reply.transport}
    head, body = reply.head_and_body()
    if reply.kind == "http":
        row["banner"] = row["header"] = head + "\r\n"
        row["body"] = body
        if reply.title:
            row["title"] = reply.title
        server = {n.lower(): v for n, v in reply.headers()}.get("server")
        if server:
            row["server"] = server
    elif reply.data:
        row["banner"] = reply.data
    if reply.favicon_mmh3 is not None:
        row["icon_hash"] = str(reply.favicon_mmh3)
    for prefix, names in (("certs_subject", reply.subject), ("certs_issuer", reply.issuer)):
        for key, suffix in (("CN", "cn"), ("O", "org")):
            if names.get(key):
                row[f"{prefix}_{suffix}"] = names[key]
    return _jsonl(row)


_ZCRYPTO_NAMES = {"CN": "common_name", "OU": "organizational_unit", "O": "organization", "L": "locality",
                  "ST": "province", "C": "country"}


def netlas(reply: Reply) -> str:
    """A Netlas response as ``netlas download`` writes it (``{"data": ...}``; netlas-io/netlas-cookbook): an HTTP
    answer parsed under ``http`` (``lower_snake`` header lists, ``status_code``, ``title``, ``body``), any other reply
    under its protocol's key as ``banner`` (the cookbook names ``ftp.banner``, ``telnet.banner``; other protocols
    assumed alike), the certificate as zcrypto's ``subject``/``issuer`` mappings."""
    doc: dict[str, Any] = {"ip": reply.ip, "port": reply.port, "prot4": reply.transport, "host": reply.ip}
    if reply.kind == "http":
        scheme = "https" if reply.tls else "http"
        headers: dict[str, list[str]] = {}
        for name, value in reply.headers():
            headers.setdefault(name.lower().replace("-", "_"), []).append(value)
        _head, body = reply.head_and_body()
        http: dict[str, Any] = {"headers": headers, "body": body}
        if reply.status is not None:
            http["status_code"] = reply.status
        if reply.title:
            http["title"] = reply.title
        doc.update(protocol=scheme, prot7="http", uri=f"{scheme}://{reply.ip}:{reply.port}/", path="/", http=http)
    else:
        protocol = reply.module if reply.module and reply.module not in ("http", "https") else reply.kind
        doc.update(protocol=protocol, prot7=protocol, uri=f"{protocol}://{reply.ip}:{reply.port}")
        if reply.data:
            doc[protocol] = {"banner": reply.data}
    if reply.subject:
        doc["certificate"] = {
            "subject": {_ZCRYPTO_NAMES.get(k, k): [v] for k, v in reply.subject.items()},
            "issuer": {_ZCRYPTO_NAMES.get(k, k): [v] for k, v in reply.issuer.items()},
        }
    return _jsonl({"data": doc})


def binaryedge(reply: Reply) -> str | None:
    """A BinaryEdge event (docs.binaryedge.io "Modules"; real ``webv2`` events in 9oelM/process-binaryedge-urls): an
    HTTP answer as the ``webv2`` module parses it (``response{status{code}, headers{headers{name: value}}, body{content},
    title}``: one value per header name), any other reply as the ``banner`` module's ``banner``."""
    event: dict[str, Any] = {"target": {"ip": reply.ip, "port": reply.port, "protocol": reply.transport}}
    if reply.kind == "http":
        scheme = "https" if reply.tls else "http"
        _head, body = reply.head_and_body()
        response: dict[str, Any] = {
            "url": f"{scheme}://{reply.ip}:{reply.port}/", "path": "/", "redirects": [], "favicon": None,
            "headers": {"headers": {name.lower(): value for name, value in reply.headers()}},
            "body": {"content": body},
        }
        if reply.status is not None:
            response["status"] = {"code": reply.status}
        if reply.title:
            response["title"] = reply.title
        event["origin"] = {"type": "webv2", "ts": 1733392800000}
        event["result"] = {"data": {"response": response}}
    elif reply.data:
        event["origin"] = {"type": "banner", "ts": 1733392800000}
        event["result"] = {"data": {"banner": reply.data}}
    else:
        return None  # a certificate alone: the ssl module's event, which camaudit does not read
    return _jsonl(event)


#: Format name -> (camaudit ``--format``, renderer of one reply).
RENDERINGS: dict[str, tuple[str, Callable[[Reply], str | None]]] = {
    "censys-platform": ("censys", censys_platform),
    "censys-legacy": ("censys", censys_legacy),
    "zgrab2": ("zgrab2", zgrab2),
    "masscan-oJ": ("masscan", masscan_json),
    "masscan-oL": ("masscan", masscan_list),
    "nmap-scripts": ("nmap", nmap_scripts),
    "nmap-fingerprint": ("nmap", nmap_unrecognised),
    "raw-jsonl": ("jsonl", raw_reply),
    "httpx": ("jsonl", httpx_json),
    "httpx-irr": ("jsonl", httpx_whole),
    "raw-jsonl-base64": ("jsonl", raw_reply_base64),
    "raw-jsonl-chunked": ("jsonl", raw_reply_chunked),
    "zoomeye": ("zoomeye", zoomeye),
    "fofa": ("fofa", fofa),
    "netlas": ("netlas", netlas),
    "binaryedge": ("binaryedge", binaryedge),
}
