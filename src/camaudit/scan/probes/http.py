"""HTTP and HTTPS: the landing page (one redirect followed), the favicon, and the TLS certificate."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from camaudit.model import Observation
from camaudit.page_links import page_links
from camaudit.protocols import soap_envelope
from camaudit.protocols.certificate import certificate_fields
from camaudit.protocols.http import favicon_hashes, html_title
from camaudit.protocols.http_body import body_text
from camaudit.scan import anomalies
from camaudit.scan.http_client import HttpResponse, http_request
from camaudit.scan.net import ProbeContext, ProbeError
from camaudit.scan.probes.base import WEB, Endpoint, Probe, make_observation, request_path_ok
from camaudit.scan.probes.rtsp import head_fields

# Camera landing pages often redirect in JavaScript (Hikvision: window.location.href = "/doc/page/...").
_JS_REDIRECT = re.compile(
    rb"""(?:window\.|document\.|top\.|self\.)?location(?:\.href)?\s*=\s*["']([^"'\s<>]{1,200})["']"""
)
_META_REFRESH = re.compile(rb"""<meta[^>]{0,100}?url=([^"'\s>]{1,200})""", re.IGNORECASE)


def response_fields(resp: HttpResponse, path: str) -> dict[str, str]:
    """Turn one response into observation fields (docs/observation-fields.md). The body is read in the charset
    the reply declares, as a stored reply's is (:func:`camaudit.protocols.http_body.body_text`)."""
    text = body_text(resp.body, resp.header_block)
    fields: dict[str, str] = {"http.status": str(resp.status), "http.path": path}
    # An empty head or body gives no field, as in a stored reply (importers/text.py).
    if resp.header_block:
        fields["http.headers"] = resp.header_block
    if text:
        fields["http.body"] = text
        said = soap_envelope.body_request(text)  # whose words an envelope is, said once (protocols/soap_envelope.py)
        if said:
            fields[soap_envelope.BODY_REQUEST] = said
    if resp.body_cut:
        # Said as a stored reply says it (importers/sniff.py), so a reader knows the body was not read whole.
        fields["http.body_cut"] = resp.body_cut
    for name, key in (
        ("server", "http.server"),
        ("www-authenticate", "http.www_authenticate"),
        ("location", "http.location"),
        ("set-cookie", "http.set_cookie"),
    ):
        values = [v for v in resp.header(name) if v]  # an empty header says nothing, as in a stored head
        if values:
            fields[key] = "\n".join(values)
    title = html_title(text)
    if title:
        fields["http.title"] = title
    links = page_links(text)
    if links:
        fields["http.links"] = links
    return fields


def redirect_target(resp: HttpResponse, current: str) -> str | None:
    """The same-host path a landing page sends the browser to, if any (HTTP, meta or JavaScript)."""
    candidates: list[str] = []
    if 300 <= resp.status < 400:
        candidates += resp.header("location")
    for rx in (_META_REFRESH, _JS_REDIRECT):
        m = rx.search(resp.body[:16384])
        if m:
            candidates.append(body_text(m.group(1)))
    for target in candidates:
        path = _same_host_path(target)
        if path and path != current and request_path_ok(path):
            return path
    return None


def _same_host_path(target: str) -> str | None:
    # Only follow to a path on the same device: a redirect must never widen the scan's scope.
    if target.startswith("/") and not target.startswith("//"):
        return target
    m = re.match(r"^https?://[^/]+(/.*)?$", target)
    if m:
        return m.group(1) or "/"
    if re.match(r"^[\w.\-]+(/[\w.\-/?=&%]*)?$", target) and "." in target:
        return "/" + target
    return None


def _note_other_hosts(resp: HttpResponse, ip: str) -> None:
    """A redirect to another host is data for the report (``scan/anomalies.py``), never a place to go."""
    for target in resp.header("location") if 300 <= resp.status < 400 else []:
        try:
            host = urlsplit(target.strip()).hostname
        except ValueError:
            continue
        if host and host != ip:
            anomalies.note("out-of-scope", f"redirect to {target[:100]!r} (another host): only its path is asked, "
                           "of this device")


async def probe_http(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    """Landing page (+ one same-host redirect), favicon, and for HTTPS the certificate (from the landing page's
    handshake)."""
    ip, port, tls = ep.ip, ep.port, ep.tls
    protocol = "https" if tls else "http"
    observations: list[Observation] = []
    certificate: list[bytes] = []
    resp = await http_request(ctx, ip, port, "/", tls=tls, peer_certificate=certificate)
    if certificate:
        observations.append(make_observation(ip, port, "tls", certificate_fields(certificate[0])))
    if resp.version.startswith("RTSP/"):
        # An RTSP server on a web port (streams moved off 554): its answer is read as RTSP, whole.
        fields = head_fields("rtsp", resp.status, resp.headers, resp.header_block, resp.body, resp.reason)
        return [*observations, make_observation(ip, port, "rtsp", fields, resp.body)]
    observations.append(make_observation(ip, port, protocol, response_fields(resp, "/"), resp.body))
    _note_other_hosts(resp, ip)
    follow = redirect_target(resp, "/")
    if follow:
        try:
            nxt = await http_request(ctx, ip, port, follow, tls=tls)
            observations.append(make_observation(ip, port, protocol, response_fields(nxt, follow), nxt.body))
        except ProbeError:
            pass
    try:
        icon = await http_request(ctx, ip, port, "/favicon.ico", tls=tls)
        if icon.status == 200 and icon.body and icon.body.lstrip()[:1] != b"<":
            observations.append(make_observation(ip, port, protocol, favicon_hashes(icon.body)))
    except ProbeError:
        pass
    return observations


PROBES = (Probe("http", probe_http, services=WEB),)
