"""One sign, every carrier: does an entry keyed on a carried sign say the same wherever the sign arrives?

    .venv/bin/python bench/parity.py            # the parity tables (entries x carriers, carriers x formats)
    .venv/bin/python bench/parity.py -v         # also every cell that is not "same", with its entry and format
    .venv/bin/python bench/parity.py --kind realm --format shodan

Issue 9: "a rule written for a realm or header in one protocol holds in the others that carry the same header", and
the lexicon and grammars read "every text field". This audit measures it. Every rule and layer entry whose field is
a carried sign -- a realm (``WWW-Authenticate``), a ``Server`` header, a page title, a certificate's names, a stream
description, a greeting, or any short text (``@text``: the lexicon, model grammars, device words) -- is rendered with
its *own first documented example* in each place the same sign can arrive:

* **protocol carriers**: the realm in an HTTP, an RTSP and a SIP 401; the ``Server`` value in an HTTP and an RTSP
  answer, an SSDP answer's ``SERVER`` and a SIP answer's ``Server``; a ``@text`` word also as a page title, an FTP and
  a Telnet greeting, a certificate's CN, an SDP session name and a UPnP description's ``modelName``;
* **formats**: each carrier's reply as a Shodan banner stores it (the native form), as Censys (Platform and Search 2.0),
  zgrab2, masscan ``-oJ``, nmap ``-oX`` (default scripts; ``fingerprint-strings`` for an unrecognised service) and a
  raw-reply JSON line write it (``tests/unit/importers/format_renderings.py``: each shape with its source), as a person
  pastes it (``curl -v`` output; a Python bytes literal where curl does not speak the protocol), and as camaudit's own
  live probe reads it (the probe's parser on the reply's bytes; nothing where no probe asks: SIP).

Every record is constructed here from the entry's example (never from a held-out record). Each cell is compared with
the identity the entry's example gives in its *home field* alone (a group's first member: ``@realm`` ->
``http.www_authenticate``, ``@text`` -> ``http.server``), on what a user reads -- the maker named (brand or
manufacturer) and whether the device is typed video:

* ``same``: the same maker and the same kind of type (video / not video / unknown);
* ``weaker``: the same maker, but the type lost or the confidence 0.1 or more lower;
* ``lost``: a maker the home names is not named, or (with no maker at home) the type is lost;
* ``different``: another maker, or a type of the other kind (video against not video) -- a false claim in waiting.

Where a sign is trustworthy in one place only, the decision is in :data:`DECIDED` with its reason; those cells are
counted apart (``decided``) and never as gaps.
"""

from __future__ import annotations

import argparse
import importlib.util
import io
import json
import re
import sys
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from camaudit.identify import Rule, identify, ruleset
from camaudit.identify.resolve import NOT_CAMERA_BY_ABSENCE
from camaudit.importers import FORMATS
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols import soap, ssdp
from camaudit.protocols.certificate import certificate_fields
from camaudit.scan.http_client import HttpResponse, parse_head
from camaudit.scan.probes.banner import _FIELD_BY_PORT
from camaudit.scan.probes.http import response_fields
from camaudit.scan.probes.rtsp import rtsp_fields

ROOT = Path(__file__).resolve().parent.parent
ADDRESS = "192.0.2.9"


def _renderings() -> Any:
    """The format renderings the importer parity test uses (one definition of each tool's shape)."""
    path = ROOT / "tests" / "unit" / "importers" / "format_renderings.py"
    spec = importlib.util.spec_from_file_location("camaudit_format_renderings", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


render = _renderings()

# --- entries ---------------------------------------------------------------------------------------------------------

#: The field a rule reads -> the kind of sign it is keyed on.
KINDS: dict[str, str] = {
    "http.www_authenticate": "realm",
    "rtsp.www_authenticate": "realm",
    "@realm": "realm",
    "http.server": "server",
    "rtsp.server": "server",
    "upnp.server": "server",
    "@server": "server",
    "http.title": "title",
    "tls.subject": "certificate",
    "tls.issuer": "certificate",
    "rtsp.sdp": "sdp",
    "ftp.banner": "greeting",
    "telnet.banner": "greeting",
    "@text": "text",
}
#: A group's home field: where its entries' examples are read alone to give the reference identity.
#: ``@text``'s home is a Telnet greeting: the one member no rule of its own reads with a word (only whole host names
#: there, identifiers_hostnames.yaml), so the home identity is what the entry itself says.
HOME = {"@realm": "http.www_authenticate", "@server": "http.server", "@text": "telnet.banner"}
#: A ``@text`` entry whose example is a login prompt is a greeting's layout, not a word: read in greetings only.
_PROMPT = re.compile(r"\blogin:\s*$")


@dataclass(frozen=True)
class Entry:
    """One rule or layer entry keyed on a carried sign, and its first documented example."""

    rule: str
    field: str
    kind: str
    value: str

    @property
    def home(self) -> str:
        return HOME.get(self.field, self.field)


def entries(kinds: set[str] | None = None) -> list[Entry]:
    """Every packaged rule and layer entry keyed on a carried sign. Left out: signs of ``requires`` rules (they assert
    nothing), a rule that requires another sign of its reply (its example is half a reply) and a rule bound to its
    product's ports (``ports``: the port is half the sign)."""
    found = []
    for rule in ruleset().rules:
        kind = KINDS.get(rule.field)
        if kind is None or rule.sign_of or rule.requires or rule.ports or (kinds and kind not in kinds):
            continue
        if not rule.asserts and not _captures_identity(rule):
            continue
        value = rule.examples[0].value
        if kind == "text" and _PROMPT.search(value):
            kind = "greeting"
        found.append(Entry(rule.id, rule.field, kind, value))
    return found


def _captures_identity(rule: Rule) -> bool:
    return any(f"(?P<{name}>" in rule.pattern for name in ("brand", "maker", "mac", "model"))


# --- carriers --------------------------------------------------------------------------------------------------------


def _banner(port: int, module: str, data: str, *, transport: str = "tcp", http: dict[str, Any] | None = None,
            subject: dict[str, str] | None = None) -> dict[str, Any]:
    """A Shodan banner (the native form every other format is rendered from)."""
    banner: dict[str, Any] = {"ip_str": ADDRESS, "port": port, "transport": transport, "data": data,
                              "timestamp": "2026-12-05T00:00:00.000000", "_shodan": {"module": module}}
    if http is not None:
        banner["http"] = http
    if subject is not None:
        banner["ssl"] = {"cert": {"subject": subject, "issuer": subject}}
    return banner


def _header_value(value: str) -> str | None:
    """A value that can stand as one header line (no line break, no control character), else None."""
    return value if value.strip() and not re.search(r"[\x00-\x1f\x7f]", value) else None


def _as_realm(entry: Entry) -> str | None:
    """The WWW-Authenticate value the entry's example stands for: a realm entry's example is one; a word is put in a
    Basic realm (as a device names itself there)."""
    if entry.kind == "realm":
        return _header_value(entry.value)
    value = _header_value(entry.value) if entry.kind == "text" else None
    return f'Basic realm="{value}"' if value and '"' not in value else None


def _as_server(entry: Entry) -> str | None:
    return _header_value(entry.value) if entry.kind in ("server", "text") else None


def http_401(entry: Entry) -> dict[str, Any] | None:
    realm = _as_realm(entry)
    if realm is None:
        return None
    data = f"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: {realm}\r\nContent-Length: 0\r\n\r\n"
    return _banner(80, "http", data, http={"status": 401, "html": "", "title": None})


def rtsp_401(entry: Entry) -> dict[str, Any] | None:
    realm = _as_realm(entry)
    if realm is None:
        return None
    return _banner(554, "rtsp-tcp", f"RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: {realm}\r\n\r\n")


_SIP_HEAD = ("Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK776asdhds\r\n"
             "From: <sip:camaudit@192.0.2.1>;tag=1928301774\r\n"
             f"To: <sip:camaudit@{ADDRESS}>;tag=a6c85cf\r\nCall-ID: a84b4c76e66710@192.0.2.1\r\nCSeq: 1 OPTIONS\r\n")


def _sip(status: str, line: str) -> dict[str, Any]:
    """A SIP answer to OPTIONS over UDP with one header of the sign's."""
    data = f"SIP/2.0 {status}\r\n{_SIP_HEAD}{line}\r\nContent-Length: 0\r\n\r\n"
    return _banner(5060, "sip", data, transport="udp")


def sip_401(entry: Entry) -> dict[str, Any] | None:
    """A SIP 401 to OPTIONS (RFC 3261 section 22.2: the same ``WWW-Authenticate`` header as HTTP's)."""
    realm = _as_realm(entry)
    return None if realm is None else _sip("401 Unauthorized", f"WWW-Authenticate: {realm}")


def http_server(entry: Entry) -> dict[str, Any] | None:
    server = _as_server(entry)
    if server is None:
        return None
    data = f"HTTP/1.1 404 Not Found\r\nServer: {server}\r\nContent-Length: 0\r\n\r\n"
    return _banner(80, "http", data, http={"status": 404, "html": "", "title": None, "server": server})


def rtsp_server(entry: Entry) -> dict[str, Any] | None:
    server = _as_server(entry)
    if server is None:
        return None
    return _banner(554, "rtsp-tcp", f"RTSP/1.0 404 Not Found\r\nCSeq: 1\r\nServer: {server}\r\n\r\n")


def ssdp_server(entry: Entry) -> dict[str, Any] | None:
    """An SSDP answer to M-SEARCH (UPnP Device Architecture 1.1, section 1.3.3: ``SERVER: OS/version UPnP/1.1
    product/version``)."""
    server = _as_server(entry)
    if server is None:
        return None
    data = ("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\n"
            f"LOCATION: http://{ADDRESS}:49152/description.xml\r\nSERVER: {server}\r\nST: upnp:rootdevice\r\n"
            "USN: uuid:2f402f80-da50-11e1-9b23-00179d000000::upnp:rootdevice\r\n\r\n")
    return _banner(1900, "upnp", data, transport="udp")


def sip_server(entry: Entry) -> dict[str, Any] | None:
    """A SIP 200 to OPTIONS with its ``Server`` header (RFC 3261 section 20.35)."""
    server = _as_server(entry)
    return None if server is None else _sip("200 OK", f"Server: {server}")


def http_title(entry: Entry) -> dict[str, Any] | None:
    value = _header_value(entry.value)
    if entry.kind not in ("title", "text") or value is None or "<" in value:
        return None
    page = f"<html><head><title>{value}</title></head><body></body></html>"
    data = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(page.encode())}\r\n\r\n"
    return _banner(80, "http", data, http={"status": 200, "html": page, "title": value})


_UPNP_DESCRIPTION = (
    '<?xml version="1.0"?>\n<root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor>'
    "</specVersion><device><deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType><friendlyName>Device</friendlyName>"
    "<manufacturer>-</manufacturer><modelName>{}</modelName><UDN>uuid:device-1</UDN>"
    "</device></root>"
)


def upnp_model(entry: Entry) -> dict[str, Any] | None:
    """A UPnP device description (UDA 1.1 section 2.3) whose ``modelName`` is a word's example, as the description's
    HTTP answer (the address an SSDP answer's LOCATION names)."""
    value = _header_value(entry.value)
    if entry.kind != "text" or value is None:
        return None
    page = _UPNP_DESCRIPTION.format(xml_escape(value))
    data = f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\nContent-Length: {len(page.encode())}\r\n\r\n"
    return _banner(49152, "http", data, http={"status": 200, "html": page, "title": None})


def _greeting(entry: Entry, port: int, module: str, line: Callable[[str], str]) -> dict[str, Any] | None:
    if entry.kind == "greeting" and entry.field != f"{module}.banner" and not (
        module == "telnet" and _PROMPT.search(entry.value)
    ):
        return None
    value = _header_value(entry.value)
    if entry.kind not in ("greeting", "text") or value is None:
        return None
    return _banner(port, module, line(value))


def ftp_greeting(entry: Entry) -> dict[str, Any] | None:
    return _greeting(entry, 21, "ftp", lambda value: f"220 {value}\r\n")


def telnet_greeting(entry: Entry) -> dict[str, Any] | None:
    return _greeting(entry, 23, "telnet", lambda value: value if _PROMPT.search(value) else f"{value}\r\nlogin: ")


_DN_PART = re.compile(r"(?:^|,)\s*([A-Z]{1,2})=((?:[^,]|,(?!\s*[A-Z]{1,2}=))*)")


def tls_certificate(entry: Entry) -> dict[str, Any] | None:
    """A certificate only (no reply text): a certificate entry's example is its DN, a word its CN."""
    if entry.kind == "certificate":
        names = {k: v.strip() for k, v in _DN_PART.findall(entry.value) if k in render._NAME_OIDS}
    elif entry.kind == "text" and _header_value(entry.value):
        names = {"CN": entry.value}
    else:
        return None
    if not names or any(len(v) > 64 or not v for v in names.values()):
        return None  # RFC 5280's upper bounds: a name attribute holds 1 to 64 characters
    banner = _banner(443, "https", "", subject=names)
    if entry.field == "tls.issuer":
        banner["ssl"]["cert"]["subject"] = {"CN": "192.0.2.9"}
    return banner


def rtsp_describe(entry: Entry) -> dict[str, Any] | None:
    """A DESCRIBE answer: an SDP entry's example is (part of) the description; a word the session name."""
    if entry.kind == "sdp":
        lines = entry.value.replace("\r\n", "\n").split("\n")
        if lines[0] != "v=0":
            lines = ["v=0", f"o=- 1 1 IN IP4 {ADDRESS}", "s=Session", "t=0 0", *lines]
    elif entry.kind == "text" and _header_value(entry.value):
        lines = ["v=0", f"o=- 1 1 IN IP4 {ADDRESS}", f"s={entry.value}", "t=0 0"]
    else:
        return None
    sdp = "\r\n".join(line for line in lines if line) + "\r\n"
    data = (f"RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: {len(sdp.encode())}"
            f"\r\n\r\n{sdp}")
    return _banner(554, "rtsp-tcp", data)


#: Carrier name -> (what carries the sign, how the entry's example is placed there).
CARRIERS: dict[str, Callable[[Entry], dict[str, Any] | None]] = {
    "http-realm": http_401,
    "rtsp-realm": rtsp_401,
    "sip-realm": sip_401,
    "http-server": http_server,
    "rtsp-server": rtsp_server,
    "ssdp-server": ssdp_server,
    "sip-server": sip_server,
    "http-title": http_title,
    "ftp": ftp_greeting,
    "telnet": telnet_greeting,
    "tls-cert": tls_certificate,
    "sdp": rtsp_describe,
    "upnp-model": upnp_model,
}

# --- formats ---------------------------------------------------------------------------------------------------------

_RENDERED = ("censys-platform", "censys-legacy", "zgrab2", "masscan-oJ", "nmap-scripts", "nmap-fingerprint",
             "raw-jsonl")
FORMAT_NAMES = ("shodan", *_RENDERED, "pasted", "live")


def _read(fmt: str, text: str) -> tuple[Observation, ...] | None:
    records = list(FORMATS[fmt](io.BytesIO(text.encode("utf-8"))))
    if len(records) != 1 or not records[0].ok:
        return None
    return records[0].observations


def _pasted(banner: dict[str, Any]) -> str:
    """The reply as a person pastes it: ``curl -v`` output for HTTP and RTSP (curl speaks both), a Python bytes
    literal of the reply for anything else (a SIP or SSDP answer printed by a script, a greeting)."""
    reply = render.reply_of(banner)
    text: str = reply.whole()
    if reply.kind in ("http", "rtsp"):
        scheme = reply.kind
        request = "GET / HTTP/1.1" if scheme == "http" else "OPTIONS * RTSP/1.0"
        lines = [f"*   Trying {ADDRESS}:{reply.port}...", f"* Connected to {ADDRESS} ({ADDRESS}) port {reply.port}",
                 f"> {request}", f"> Host: {ADDRESS}" if scheme == "http" else "> CSeq: 1",
                 "> User-Agent: curl/8.5.0", ">"]
        head, _, body = text.partition("\r\n\r\n")
        lines += [f"< {line}" for line in head.split("\r\n")] + ["<"]
        out = "\n".join(lines) + "\n" + body
        return out + ("\n" if body else "") + f"* Connection #0 to host {ADDRESS} left intact\n"
    return repr(text.encode("utf-8"))


def _live(banner: dict[str, Any]) -> tuple[Observation, ...] | None:
    """What camaudit's own probe reads from the same bytes (the probe's parser; no network)."""
    reply = render.reply_of(banner)
    wire = reply.whole().encode("utf-8")
    if reply.kind == "tls":
        fields = certificate_fields(render.certificate_der(reply))
        return (_observation(reply.port, "tls", fields),)
    if reply.module == "upnp":
        parsed = ssdp.parse_reply(wire)
        return (_observation(reply.port, "ssdp", parsed, "udp"),) if parsed else ()
    if reply.kind == "rtsp":
        head, _, body = wire.partition(b"\r\n\r\n")
        return (_observation(reply.port, "rtsp", rtsp_fields(head + b"\r\n\r\n", body)),)
    if reply.kind == "http" and b"urn:schemas-upnp-org:device-1-0" in wire:
        # The SSDP probe's second step: the description its LOCATION names, read by the same reader.
        _head, _, body = wire.partition(b"\r\n\r\n")
        return (_observation(reply.port, "upnp", soap.upnp_description(body)),)
    if reply.kind == "http":
        head, _, body = wire.partition(b"\r\n\r\n")
        status, reason, headers, block = parse_head(head + b"\r\n\r\n")
        response = HttpResponse(status, reason, headers, block, body)
        return (_observation(reply.port, "http", response_fields(response, "/")),)
    if reply.kind == "greeting":
        field = _FIELD_BY_PORT.get(reply.port, "banner")
        return (_observation(reply.port, field.split(".")[0], {field: reply.data}),)
    return None  # no probe of camaudit asks (SIP)


def _observation(port: int, protocol: str, fields: dict[str, str], transport: str = "tcp") -> Observation:
    return Observation(ip=ADDRESS, port=port, transport=transport, protocol=protocol, source="scan",  # type: ignore[arg-type]
                       seen_at="2026-12-05T00:00:00Z", fields=dict(fields))


#: (format, kind of reply or carrier) a format cannot hold, with the format's limit
#: (tests/unit/importers/test_format_parity.py NOT_CARRIED says the same): those cells are not counted.
FORMAT_LIMITS: dict[tuple[str, str], str] = {
    ("nmap-scripts", "rtsp"): "-sV keeps its reading of an RTSP answer as product; only rtsp-methods prints it",
    ("nmap-scripts", "other"): "an unrecognised service's answer is only in fingerprint-strings (nmap-fingerprint)",
    ("nmap-scripts", "upnp-model"): "no default script prints a page body (upnp-info asks UDP 1900, not the "
    "description's TCP port)",
    ("raw-jsonl", "tls"): "a reply's text carries no certificate",
    ("pasted", "tls"): "a pasted reply's text carries no certificate",
}


def read_as(fmt: str, banner: dict[str, Any]) -> tuple[Observation, ...] | None:
    """The banner's reply written in format ``fmt`` and read back (None: the format holds nothing of it)."""
    if fmt == "shodan":
        return _read("shodan", json.dumps(banner) + "\n")
    if fmt == "live":
        return _live(banner)
    if fmt == "pasted":
        return _read("jsonl", json.dumps({"ip": ADDRESS, "port": banner["port"], "banner": _pasted(banner)}) + "\n")
    camaudit_format, rendering = render.RENDERINGS[fmt]
    text = rendering(render.reply_of(banner))
    return None if text is None else _read(camaudit_format, text)


# --- comparison ------------------------------------------------------------------------------------------------------


def _maker(identity: Identity) -> frozenset[str]:
    return frozenset(m for m in (identity.brand, identity.manufacturer) if m)


def _type_class(identity: Identity) -> str:
    """``video``, ``other`` or ``unknown``; "not a camera" by absence (an answer no rule read: the 0.3 default) is
    ``unknown`` -- nothing was read."""
    if is_video_device(identity.device_type):
        return "video"
    if identity.device_type in (None, "unknown") or (
        identity.device_type == "not_camera" and (identity.confidence or 0) <= NOT_CAMERA_BY_ABSENCE
    ):
        return "unknown"
    return "other"


def home_identity(entry: Entry) -> Identity:
    """What the entry's example says in its home field alone."""
    protocol = entry.home.split(".")[0]
    return identify([_observation(None, protocol, {entry.home: entry.value})])  # type: ignore[arg-type]


def verdict(home: Identity, seen: Identity | None) -> str:
    """``same``, ``weaker``, ``lost`` or ``different`` (module docstring)."""
    if seen is None:
        return "lost"
    home_maker, seen_maker = _maker(home), _maker(seen)
    home_type, seen_type = _type_class(home), _type_class(seen)
    if seen_maker and not seen_maker & home_maker:
        return "different"
    if {home_type, seen_type} == {"video", "other"}:
        return "different"
    if home_maker and not seen_maker:
        return "lost"
    if home_type != "unknown" and seen_type == "unknown":
        return "weaker" if home_maker else "lost"
    if home_maker and (seen.confidence or 0) < (home.confidence or 0) - 0.1 + 1e-9:
        return "weaker"
    return "same"


_OTHER_HEADERS = ("rtsp-server", "ssdp-server", "sip-server")
_WEB_SERVER_PROGRAMS = (
    "generic.http.server.", "microsoft.http.server.", "cloudflare.http.server.", "google.http.server.",
    "amazon.http.server.", "akamai.http.server.", "jetty.http.server.", "python.http.server.", "tornado.http.server.",
    "hp.http.server.", "xerox.http.server.", "kyocera.http.server.", "cups.http.server.", "cisco.http.server.",
)
_RTSP_PROGRAMS = ("not-camera.rtsp.server.", "dahua.rtsp.server", "hipcam.rtsp.server.", "generic.rtsp.server.",
                  "avigilon.rtsp.server.", "indigo-security.rtsp.server.", "xiongmai.rtsp.server.",
                  "iqinvision.rtsp.server.", "words.sdk.rtsp-", "words.not-camera.rtsp-tv-servers")
#: Signs read in some carriers only, by decision: (rule id or id prefix, carriers, why). A cell matched here that is not
#: ``same`` counts as ``decided``, never as a gap (docs/identification/matching.md, "One sign in every carrier").
DECIDED: tuple[tuple[tuple[str, ...], tuple[str, ...], str], ...] = (
    (_WEB_SERVER_PROGRAMS, _OTHER_HEADERS,
     "the name of a web-server program (nginx, IIS, Boa, JAWS, webcamXP, a printer's or a router's HTTP server): it "
     "says what serves the pages, and runs on other devices' other services too; only the HTTP Server is read"),
    (("hikvision.http.server.webserver", "vivotek.http.server.network-camera"), _OTHER_HEADERS,
     "a bare word ('webserver', 'Network Camera') names the maker only as that maker's web server calls itself "
     "(nmap's lines); in another header it is a generic word (the camera word still types it)"),
    (_RTSP_PROGRAMS, ("http-server", "ssdp-server", "sip-server", "http-realm", "sip-realm"),
     "the name of an RTSP server program or SDK stack ('Rtsp Server/2.0', rtsp_demo, gortsplib, Lavf): it says what "
     "serves streams; only an RTSP answer's Server is read"),
    (("words.rtsp-protected-stream", "words.software.gortsplib-challenge", "words.software.dss-default-realm"),
     ("http-realm", "sip-realm"),
     "an RTSP challenge's own reading (a protected stream; a streaming library's layout): an HTTP or SIP challenge "
     "guards a page or a call, and gortsplib's realm 'ipcam' in HTTP is camera firmware's"),
    (("shapes.hikvision.", "hikvision.http.www_authenticate.realm-ip-camera"), ("rtsp-realm", "sip-realm"),
     "the layout of Hikvision's *web server's* challenge (App-webs' qop-first order and nonce, GoAhead's domain "
     "parameter): its RTSP stack writes its own (read by the RTSP realm rules); the realm alone still names Hikvision"),
    (("tp-link.http.www_authenticate.router",), ("sip-realm",),
     "a router's web-interface realm names the router's web page; a SIP challenge is a phone service's"),
    (("lexicon.tvt.3", "lexicon.tvt.4", "identifiers.mac.labelled", "reolink.tls."), ("tls-cert",),
     "the example is a fragment of another layout (an O= attribute, a JSON key) or carries an attribute the bench's "
     "certificate cannot (emailAddress): placed as a CN it is not the sign the entry reads"),
    (("lexicon.y-cam.1", "lexicon.hikvision.product-lines.more.3"), ("http-title",),
     "a page titled with a company's or a partner portal's name is that company's site (words.not-camera.shop)"),
    (("words.not-camera.nas-maker-name", "tp-link.http.www_authenticate.router"), ("rtsp-realm",),
     "any RTSP 401 is read as a protected stream (words.rtsp-protected-stream, video at 0.5): the carrier's own "
     "sign, not the entry's (a router's realm on an RTSP answer is no router's answer)"),
)


def decided(entry: Entry, carrier: str) -> str | None:
    """Why the entry is read in some carriers only, if that was decided."""
    for prefixes, carriers, reason in DECIDED:
        if carrier in carriers and entry.rule.startswith(prefixes):
            return reason
    return None


@dataclass(frozen=True)
class Cell:
    entry: Entry
    carrier: str
    fmt: str
    verdict: str
    seen: str


def _said(identity: Identity | None) -> str:
    if identity is None:
        return "nothing read"
    maker = "/".join(sorted(_maker(identity))) or "-"
    return f"{maker} {identity.device_type or '-'} {identity.confidence or 0:.2f}"


def cells(selected: list[Entry], formats: tuple[str, ...] = FORMAT_NAMES,
          carriers: tuple[str, ...] | None = None) -> Iterator[Cell]:
    """Every (entry, carrier, format) the entry's example can be placed in, with its verdict."""
    for entry in selected:
        home = home_identity(entry)
        if not _maker(home) and _type_class(home) == "unknown":
            continue  # the example alone says nothing a user reads (a sign that only helps another)
        for carrier, place in CARRIERS.items():
            if carriers and carrier not in carriers:
                continue
            banner = place(entry)
            if banner is None:
                continue
            kind = render.reply_of(banner).kind
            for fmt in formats:
                if (fmt, kind) in FORMAT_LIMITS or (fmt, carrier) in FORMAT_LIMITS:
                    continue
                observations = read_as(fmt, banner)
                if observations is None and fmt == "live":
                    continue  # no probe of camaudit asks this protocol
                seen = identify(observations) if observations else None
                word = verdict(home, seen)
                if word != "same" and decided(entry, carrier):
                    word = "decided"
                yield Cell(entry, carrier, fmt, word, _said(seen))


def _table(rows: dict[str, Counter[str]], columns: list[str], title: str) -> str:
    out = [title, "", "| | " + " | ".join(columns) + " |", "|---|" + "---|" * len(columns)]
    for row, counts in rows.items():
        out.append(f"| {row} | " + " | ".join(_cell(counts, column) for column in columns) + " |")
    return "\n".join(out)


def _cell(counts: Counter[str], column: str) -> str:
    return str(counts.get(column, 0))


VERDICTS = ["same", "weaker", "lost", "different", "decided"]


_RANK = {"same": 0, "decided": 0, "weaker": 1, "lost": 2, "different": 3}


@dataclass
class Audit:
    """The cells counted: protocol carriers in Shodan's form, each format against Shodan's form of the same reply."""

    carriers: dict[str, Counter[str]]
    formats: dict[str, Counter[str]]
    gaps: list[Cell]
    format_gaps: list[Cell]


def audit(selected: list[Entry], formats: tuple[str, ...] = FORMAT_NAMES,
          carriers: tuple[str, ...] | None = None) -> Audit:
    """Run every cell; ``gaps`` are the Shodan-form cells not ``same`` nor ``decided``, ``format_gaps`` the cells a
    format reads worse than Shodan's form of the same reply."""
    by_carrier: dict[str, Counter[str]] = defaultdict(Counter)
    by_format: dict[str, Counter[str]] = defaultdict(Counter)
    native: dict[tuple[str, str], str] = {}
    gaps, format_gaps = [], []
    for cell in cells(selected, ("shodan", *[f for f in formats if f != "shodan"]), carriers):
        key = (cell.entry.rule, cell.carrier)
        if cell.fmt == "shodan":
            native[key] = cell.verdict
            by_carrier[f"{cell.entry.kind} @ {cell.carrier}"][cell.verdict] += 1
            if cell.verdict not in ("same", "decided"):
                gaps.append(cell)
            continue
        change = _RANK[cell.verdict] - _RANK[native[key]]
        by_format[cell.fmt]["as Shodan's" if change == 0 else "worse" if change > 0 else "better"] += 1
        if change > 0:
            format_gaps.append(cell)
    return Audit(dict(sorted(by_carrier.items())), dict(by_format), gaps, format_gaps)


VERDICTS = ["same", "weaker", "lost", "different", "decided"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kind", action="append", help="only entries of this kind (realm, server, text ...)")
    parser.add_argument("--format", action="append", choices=FORMAT_NAMES, help="only this format (and Shodan's)")
    parser.add_argument("--carrier", action="append", choices=list(CARRIERS), help="only this carrier")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every gap")
    args = parser.parse_args(argv)
    selected = entries(set(args.kind) if args.kind else None)
    formats = tuple(args.format) if args.format else FORMAT_NAMES
    result = audit(selected, formats, tuple(args.carrier) if args.carrier else None)
    print(f"{len(selected)} entries keyed on a carried sign; formats: {', '.join(formats)}\n")
    print(_table(result.carriers, VERDICTS, "Entries x carriers (each entry's first example, in Shodan's form)"))
    print()
    print(_table(result.formats, ["as Shodan's", "worse", "better"],
                 "Formats against Shodan's form of the same reply (entry x carrier cells)"))
    if args.verbose:
        print()
        for cell in [*result.gaps, *result.format_gaps]:
            print(f"{cell.verdict:9s} {cell.entry.rule} @ {cell.carrier} [{cell.fmt}]: home "
                  f"{_said(home_identity(cell.entry))} -> {cell.seen}   ex={cell.entry.value[:70]!r}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
