"""nmap XML (``-oX``): one ``<host>`` per record.

Parsed with defusedxml's ``iterparse`` so an entity declaration is refused instead of expanded (billion
laughs) and no external DTD is fetched; the ``<!DOCTYPE nmaprun>`` line every real nmap file starts with
carries no declarations and is accepted. Each finished ``<host>`` is turned into a record and cleared,
so memory stays flat however many hosts the file has. A malformed or truncated file keeps every host
before the fault and ends with one error record saying where and why.

Read per host: addresses (``ipv4``/``ipv6``, ``mac`` with ``@vendor``), and per open port
``service@product/@version/@devicetype/@extrainfo/@ostype/@hostname`` and its ``cpe``, and the scripts
``http-title``, ``http-server-header``, ``http-headers``, ``http-favicon``, ``rtsp-methods``,
``rtsp-url-brute``, ``ssl-cert``, ``banner`` and ``fingerprint-strings`` (both read by content, see
``importers/sniff.py``), ``snmp-sysdescr``, ``upnp-info``/``broadcast-upnp-info`` and
``wsdd-discover``/``broadcast-wsdd-discover`` (their ``Label: value`` lines, as nselib prints them).
masscan's ``-oX`` output is read too: its ``service@banner`` is a masscan banner of kind ``service@name``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import iterparse

from camaudit.importers.base import (
    MAX_FIELD_CHARS,
    ImportRecord,
    RecordError,
    Source,
    as_transport,
    failed,
    iso_utc,
    open_binary,
    put,
    put_san,
    stream_error,
    valid_ip,
    valid_port,
)
from camaudit.importers.budget import markup_guarded
from camaudit.importers.certificates import pem_certificate
from camaudit.importers.masscan_banners import masscan_banner
from camaudit.importers.nmap_os import os_fields
from camaudit.importers.reply_decoding import reply_text
from camaudit.importers.sniff import sniff
from camaudit.importers.text import dn_from_mapping, unescape_hex
from camaudit.macaddress import normalise_mac
from camaudit.model import Observation
from camaudit.protocols.certificate import key_bits, key_type_name, put_shape, signature_name, timestamp
from camaudit.protocols.http import clean_title

_MD5 = re.compile(r"\b([0-9A-Fa-f]{32})\b")
#: The attribute name that ends a segment of the old ssl-cert text output, read backwards.
_NAME_REVERSED = re.compile(r"[A-Za-z0-9.]+")
_TLS_NAMES = ("https", "ssl", "tls")
#: Probe answers of ``fingerprint-strings`` read; lines of any one script output read.
MAX_PROBE_ANSWERS = 16
MAX_SCRIPT_LINES = 256
MAX_SERVICEFP_CHARS = 64 * 1024
#: ``r(<probe>,<hex length>,"<escaped answer>")`` of nmap's service fingerprint (its ``\"`` and ``\\`` escaped).
_SERVICEFP_ANSWER = re.compile(r'r\(([A-Za-z0-9_-]{1,40}),[0-9A-Fa-f]{1,8},"((?:[^"\\]|\\.){0,16384})"\)')
_FP_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|.)")
_FP_CHARS = {"r": "\r", "n": "\n", "t": "\t", "0": "\x00"}
_HEADER_LINE = re.compile(r"(?m)(?<=^  )[A-Za-z][A-Za-z0-9-]{0,60}: [^\n]{0,4096}")
_RTSP_URL = re.compile(r"rtsp://[^\s<>\"']{1,256}")
#: ``http-auth`` text lines: ``  Basic realm=WebAdmin``, ``  Digest charset=utf-8 nonce=... realm=x``.
_AUTH_LINE = re.compile(r"^\s{0,8}(Basic|Digest|Negotiate|NTLM|Bearer)\b ?(.{0,2048})$", re.IGNORECASE)
_AUTH_REALM = re.compile(r"\brealm=(.{1,512}?)(?= [a-z]{2,12}=|$)")
#: Labels of nselib/upnp.lua (``upnp-info``, ``broadcast-upnp-info``).
_UPNP_LINES = {
    "server": "upnp.server",
    "location": "upnp.location",
    "name": "upnp.friendly_name",
    "manufacturer": "upnp.manufacturer",
    "model descr": "upnp.model_description",
    "model name": "upnp.model_name",
    "model version": "upnp.model_number",
}
#: Labels of nselib/wsdd.lua (``wsdd-discover``, ``broadcast-wsdd-discover``).
_WSDD_LINES = {"address": "onvif.xaddrs", "type": "wsd.types"}
#: ``http-headers`` prints the reply's header lines; these are fields of their own.
_HTTP_HEADERS = {
    "server": "http.server",
    "www-authenticate": "http.www_authenticate",
    "location": "http.location",
    "set-cookie": "http.set_cookie",
}


def read(source: Source) -> Iterator[ImportRecord]:
    """Yield one record per ``<host>`` of an nmap XML file, in file order."""
    opened, owned = open_binary(source)
    # No attribute or text node may make the parser hold more than the markup budget (budget.py).
    stream = markup_guarded(opened, owns=owned)
    position = 0
    try:
        root: Element | None = None
        for event, element in iterparse(stream, events=("start", "end"), forbid_dtd=False):
            if event == "start":
                if root is None:
                    root = element
                continue
            if element.tag != "host":
                continue
            position += 1
            yield host_record(element, position)
            # Drop the finished host from the tree so a huge scan is never held whole.
            element.clear()
            if root is not None:
                root.clear()
    except DefusedXmlException as exc:
        yield failed(position + 1, f"refused unsafe XML ({type(exc).__name__}): entities are not expanded")
    except ParseError as exc:
        yield failed(position + 1, f"malformed or truncated XML: {exc}")
    except LookupError as exc:  # the XML declaration names an encoding Python does not know
        yield failed(position + 1, f"malformed XML: {exc}")
    except (EOFError, OSError, ValueError) as exc:
        yield failed(position + 1, stream_error(exc) or f"cannot read input: {exc}")
    finally:
        if owned:
            stream.close()


def host_record(host: Element, position: int, host_fields: Mapping[str, str] | None = None) -> ImportRecord:
    """One ``<host>`` element as a record. The text outputs (``importers/nmap_text.py``) build the same element
    from their lines and read it here, so every output maps a script to the same fields; ``host_fields`` are
    what only they print per host (``Service Info``), added to the host-level observation."""
    ip: str | None = None
    mac: str | None = None
    vendor: str | None = None
    for address in host.iter("address"):
        kind = address.get("addrtype")
        if kind in ("ipv4", "ipv6") and ip is None:
            ip = address.get("addr")
        elif kind == "mac":
            mac = normalise_mac(address.get("addr"))
            vendor = address.get("vendor")
    if not ip:
        return failed(position, "host without an IPv4/IPv6 address")
    try:
        ip = valid_ip(ip)
        if any(valid_port(port.get("portid")) is None for port in host.iter("port")):
            raise RecordError("port without a portid")
    except RecordError as exc:
        return failed(position, str(exc))
    seen_at = iso_utc(host.get("endtime") or host.get("starttime"))
    observations: list[Observation] = []
    if mac:
        fields = {"mac": mac}
        put(fields, "import.vendor", vendor)
        observations.append(Observation(ip, None, None, "mac", "import", seen_at, fields))
    for port in host.iter("port"):
        state = port.find("state")
        if state is not None and state.get("state") not in ("open", "open|filtered"):
            continue
        observation = _port(ip, port, seen_at)
        if observation is not None:
            observations.append(observation)
    host_level = _host_fields(host)
    for name, value in (host_fields or {}).items():
        put(host_level, name, value)
    if host_level:
        observations.append(Observation(ip, None, None, "import", "import", seen_at, host_level))
    ports = {o.port for o in observations if o.port is not None}
    return ImportRecord(position, ip, ports.pop() if len(ports) == 1 else None, tuple(observations))


def _host_fields(host: Element) -> dict[str, str]:
    """The host's DNS names (``hostnames/hostname@name``), nmap's OS guess and what its host scripts say."""
    fields: dict[str, str] = {}
    names = [h.get("name") or "" for h in host.iter("hostname")][:32]
    put(fields, "import.hostnames", [n for n in names if n])
    os_element = host.find("os")
    if os_element is not None:
        os_fields(os_element, fields)
    hostscript = host.find("hostscript")
    if hostscript is not None:
        for script in hostscript.findall("script")[:64]:
            _script(script, fields)
    return fields


def _port(ip: str, port: Element, seen_at: str) -> Observation | None:
    number = valid_port(port.get("portid"))
    transport = as_transport(port.get("protocol"))
    fields: dict[str, str] = {}
    service = port.find("service")
    name = ""
    answers: list[str] = []
    if service is not None:
        name = service.get("name") or ""
        put(fields, "import.product", service.get("product"))
        put(fields, "import.version", service.get("version"))
        put(fields, "import.devicetype", service.get("devicetype"))
        put(fields, "import.os", service.get("ostype"))
        put(fields, "import.extrainfo", service.get("extrainfo"))
        put(fields, "import.hostnames", service.get("hostname"))
        put(fields, "import.cpe", [c.text for c in service.findall("cpe")[:16] if c.text])
        answers = _servicefp_answers(service.get("servicefp") or "")
        recognised = _probe_answers(answers, fields, port=number, hint=name)
        if recognised and service.get("method") == "table":
            name = recognised  # nmap named the port from its table; the answer says what it is
        if service.get("tunnel") == "ssl" and name == "http":
            name = "https"
        banner = service.get("banner")
        if banner:  # masscan -oX: one banner per <service name="http|title|ssh|..." banner="...">
            name = masscan_banner(name, unescape_hex(banner), fields, number)
    for script in port.iter("script"):
        if answers and script.get("id") == "fingerprint-strings":
            # The script prints the printable strings of the same answers (line ends, runs of blanks and
            # non-ASCII text dropped): read whole from servicefp above, they are not read again cut down.
            continue
        # The port and nmap's service name tell greetings apart that look alike (an FTP or a Telnet banner).
        _script(script, fields, number, name)
    if not fields:
        return None
    protocol = name or ("rtsp" if "rtsp.public" in fields else "banner")
    if protocol in _TLS_NAMES and "http.title" in fields:
        protocol = "https"
    return Observation(ip, number, transport, protocol, "import", seen_at, fields)


def _elems(script: Element) -> dict[str, str]:
    return {e.get("key") or "": e.text or "" for e in script.findall("elem")}


def _script(script: Element, fields: dict[str, str], port: int | None = None, hint: str = "") -> None:
    sid = script.get("id")
    # Cut before any regex or split runs: work per script stays bounded whatever the file holds.
    output = (script.get("output") or "")[:MAX_FIELD_CHARS]
    if sid == "http-title":
        title = _elems(script).get("title") or output
        if not output.startswith("Site doesn't have a title"):
            put(fields, "http.title", clean_title(title))
    elif sid == "http-server-header":
        values = [e.text for e in script.findall("elem") if e.text] or [output]
        put(fields, "http.server", [v.strip() for v in values])
    elif sid == "http-favicon":
        match = _MD5.search(output)
        if match:
            put(fields, "http.favicon.md5", match.group(1).lower())
        elif output.strip():  # nmap's favicon-db knew the icon: its name for it ("Hikvision DVR")
            put(fields, "import.product", output.strip())
    elif sid == "http-generator":  # the page's <meta name="generator">, as nmap read it
        put(fields, "import.product", output.strip())
    elif sid == "rtsp-methods":
        put(fields, "rtsp.public", output.strip())
    elif sid == "ssl-cert":
        _ssl_cert(script, output, fields)
    elif sid == "banner":
        # banner.nse writes control and non-ASCII bytes as \xNN ("220 FTP version 1.0\x0D\x0A").
        reply = unescape_hex(output)
        if sniff(reply, fields, port=port, hint=hint) is None:
            put(fields, "banner", reply.strip())
    elif sid == "snmp-sysdescr":
        put(fields, "snmp.sysdescr", output.strip().split("\n", 1)[0].strip())
    elif sid == "snmp-info":
        _snmp_info(script, output, fields)
    elif sid == "fingerprint-strings":
        _fingerprint_strings(script, fields, port, hint)
    elif sid == "http-headers":
        _labelled(output, _HTTP_HEADERS, fields)
        put(fields, "http.headers", "\n".join(m.group(0) for m in _HEADER_LINE.finditer(output)))
    elif sid in ("upnp-info", "broadcast-upnp-info"):
        _labelled(output, _UPNP_LINES, fields)
        # Older nselib prints the SSDP SERVER value alone on the first line.
        first = output.strip().split("\n", 1)[0].strip()
        if "UPnP/" in first and ": " not in first:
            fields.setdefault("upnp.server", first[:MAX_FIELD_CHARS])
    elif sid in ("wsdd-discover", "broadcast-wsdd-discover"):
        _labelled(output, _WSDD_LINES, fields)
    elif sid == "rtsp-url-brute":
        put(fields, "rtsp.location", _RTSP_URL.findall(output)[:16])
    elif sid == "http-auth":
        put(fields, "http.www_authenticate", _challenges(script, output))


def _snmp_info(script: Element, output: str, fields: dict[str, str]) -> None:
    """``snmp-info`` (SNMPv3 engine ID, answered without credentials): the IANA enterprise that made the agent
    (``enterprise: ciscoSystems``) -> ``import.vendor``, and the MAC the engine ID carries when its format
    is ``mac``. Its element table when there is one, else its ``key: value`` text lines."""
    values = _elems(script)
    if not values:
        for line in output.splitlines()[:MAX_SCRIPT_LINES]:
            key, sep, value = line.strip().partition(": ")
            if sep:
                values[key] = value
    put(fields, "import.vendor", values.get("enterprise", "").strip() or None)
    if values.get("engineIDFormat", "").strip() == "mac":
        put(fields, "mac", normalise_mac(values.get("engineIDData", "").strip()))


def _challenges(script: Element, output: str) -> list[str]:
    """``http-auth``'s challenges as ``WWW-Authenticate`` values (``Basic realm="IP Camera(C1214)"``): from its
    XML tables (``scheme`` and ``params``), else from its text lines (``Basic realm=WebAdmin``, unquoted)."""
    found = []
    for table in script.findall("table")[:8]:
        scheme = next((e.text for e in table.findall("elem") if e.get("key") == "scheme" and e.text), None)
        params = table.find("table[@key='params']")
        pairs = {e.get("key") or "": e.text or "" for e in params.findall("elem")} if params is not None else {}
        if scheme:
            found.append(_challenge(scheme, pairs))
    if found:
        return found
    for line in output.splitlines()[1:MAX_SCRIPT_LINES]:
        match = _AUTH_LINE.match(line)
        if match:
            realm = _AUTH_REALM.search(match.group(2))
            found.append(_challenge(match.group(1), {"realm": realm.group(1).strip()} if realm else {}))
    return found


def _challenge(scheme: str, params: dict[str, str]) -> str:
    # The realm first and quoted, as devices send it; rules quote it the same way.
    ordered = sorted(params.items(), key=lambda kv: kv[0] != "realm")
    return " ".join([scheme.strip()[:40], ", ".join(f'{k}="{v}"' for k, v in ordered if k)]).strip()


def _fingerprint_strings(script: Element, fields: dict[str, str], port: int | None, hint: str) -> None:
    """nmap's ``fingerprint-strings``: the raw answers of an unrecognised service, one ``elem`` per probe.

    Each answer is read by content (an HTTP or RTSP head, an SSDP answer, a device document ...); the first
    answer that is none of those is kept as the service's banner."""
    answers = [e.text or "" for e in script.findall("elem")[:MAX_PROBE_ANSWERS]]
    _probe_answers(answers, fields, indented=True, port=port, hint=hint)


def _probe_answers(
    answers: list[str], fields: dict[str, str], *, indented: bool = False, port: int | None = None, hint: str = ""
) -> str | None:
    """Read each probe answer by content; the first unrecognised one is the banner. The first answer's protocol."""
    first: str | None = None
    for answer in answers:
        text = answer[:MAX_FIELD_CHARS]
        if indented:  # the script prints each string on its own line, indented by four spaces
            text = "\n".join(line.strip() for line in text.strip().split("\n"))
        found = sniff(text, fields, port=port, hint=hint) if text.strip() else None
        first = first or found
        if text.strip() and found is None and "banner" not in fields:
            put(fields, "banner", text.strip())
    return first


def _servicefp_answers(fingerprint: str) -> list[str]:
    """The raw probe answers inside ``service@servicefp`` (``r(GetRequest,1A4,"HTTP/1\\.0\\x20401...")``),
    unescaped: what an unrecognised service said, written by nmap -sV into every XML file."""
    joined = fingerprint[:MAX_SERVICEFP_CHARS].replace("\nSF:", "")
    return [_unescape(body) for _name, body in _SERVICEFP_ANSWER.findall(joined)[:MAX_PROBE_ANSWERS]]


def _unescape(body: str) -> str:
    # Each \xNN is one byte of the answer: the bytes are read as the reply's own text (UTF-8, its charset).
    return reply_text(_FP_ESCAPE.sub(_unescaped, body).encode("latin-1", "replace"))


def _unescaped(match: re.Match[str]) -> str:
    code = match.group(1)
    if len(code) == 3:  # \xNN
        return chr(int(code[1:], 16))
    return _FP_CHARS.get(code, code)


def _labelled(output: str, labels: dict[str, str], fields: dict[str, str]) -> None:
    """``Label: value`` lines of a script's text output, the labels nmap's scripts print, into fields."""
    for line in output.splitlines()[:MAX_SCRIPT_LINES]:
        label, sep, value = line.strip().partition(": ")
        target = labels.get(label.lower()) if sep else None
        if target and value.strip() and target not in fields:
            fields[target] = value.strip()[:MAX_FIELD_CHARS]


def _ssl_cert(script: Element, output: str, fields: dict[str, str]) -> None:
    for key, target in (("subject", "tls.subject"), ("issuer", "tls.issuer")):
        table = script.find(f"table[@key='{key}']")
        names: dict[str, Any] = {}
        if table is not None:
            names = {e.get("key") or "": e.text or "" for e in table.findall("elem")}
        else:
            label = "Subject: " if key == "subject" else "Issuer: "
            line = next((ln for ln in output.splitlines() if ln.strip().startswith(label)), "")
            names = _name_pairs(line.strip()[len(label) :])
        put(fields, target, dn_from_mapping(names))
    sha256 = next((e.text for e in script.findall("elem") if e.get("key") == "sha256"), None)
    put(fields, "tls.sha256", (sha256 or "").lower() or None)
    # subjectAltName: the extensions table (-oX of nmap 7), else the "Subject Alternative Name:" text line.
    san = next((t.findtext("elem[@key='value']") for t in script.findall("table[@key='extensions']/table")[:32]
                if t.findtext("elem[@key='name']") == "X509v3 Subject Alternative Name"), None)
    if san is None:
        line = next((ln for ln in output.splitlines() if ln.strip().startswith("Subject Alternative Name: ")), "")
        san = line.strip()[len("Subject Alternative Name: "):] if line else None
    san_names = [n.strip().split(":", 1)[-1].strip() for n in (san or "").split(",")[:64]]
    put_san(fields, san_names)
    _ssl_cert_shape(script, output, fields)


#: ssl-cert's text lines for the certificate's shape (``-v`` prints the key and signature lines).
_SHAPE_LABELS = {"public key type": "type", "public key bits": "bits", "signature algorithm": "sig_algo",
                 "not valid before": "notBefore", "not valid after": "notAfter"}


def _ssl_cert_shape(script: Element, output: str, fields: dict[str, str]) -> None:
    """Validity, key and signature from ssl-cert's tables (``-oX``: ``validity``, ``pubkey``, ``sig_algo``), else
    its text lines; the PEM it keeps at ``-vv`` is read whole, as the live probe reads a certificate."""
    pem = script.findtext("elem[@key='pem']")
    if pem:
        pem_certificate(pem, fields)
    shape = {
        "type": script.findtext("table[@key='pubkey']/elem[@key='type']"),
        "bits": script.findtext("table[@key='pubkey']/elem[@key='bits']"),
        "sig_algo": script.findtext("elem[@key='sig_algo']"),
        "notBefore": script.findtext("table[@key='validity']/elem[@key='notBefore']"),
        "notAfter": script.findtext("table[@key='validity']/elem[@key='notAfter']"),
    }
    for line in output.splitlines()[:MAX_SCRIPT_LINES]:
        label, sep, value = line.strip().partition(":")
        key = _SHAPE_LABELS.get(label.strip().lower()) if sep else None
        if key is not None and not shape[key]:
            shape[key] = value.strip()
    put_shape(fields, {
        "tls.key_type": key_type_name(shape["type"]),
        "tls.key_bits": key_bits(shape["bits"]),
        "tls.signature": signature_name(shape["sig_algo"]),
        "tls.not_before": timestamp(shape["notBefore"]),
        "tls.not_after": timestamp(shape["notAfter"]),
    })


def _name_pairs(text: str) -> dict[str, str]:
    """``commonName=x/organizationName=y`` (old ssl-cert text output) as a mapping.

    Split, not one ``findall``: a regex pair search restarts at every character of a long line with no
    ``=`` and takes quadratic time (seconds on 20 KB), which a hostile file could exploit.
    """
    names: dict[str, str] = {}
    for segment in text.split("/"):
        left, sep, value = segment.partition("=")
        key = _NAME_REVERSED.match(left[::-1]) if sep else None
        if key is not None:
            names[key.group(0)[::-1]] = value
    return names
