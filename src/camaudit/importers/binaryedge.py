"""BinaryEdge events: one module's answer about one service each, as the web app's download and the API give them.

The layout is BinaryEdge's event (docs.binaryedge.io, "Modules": ``banner``, ``service-simple``, ``service``,
``webv2``; real ``webv2`` events of a download quoted in 9oelM/process-binaryedge-urls): ``target{ip, port,
protocol}``, ``origin{type, ts}`` (the module that answered, milliseconds since 1970; ``origin.country`` is the
scanner's, not the target's), ``result.data`` by module:

* ``banner``: ``banner`` (the reply as it came);
* ``service-simple`` / ``service``: ``service{name, product, version, device | devicetype, ostype, hostname,
  extrainfo, cpe[], banner}`` -- nmap's service probes' reading, and the answer it read;
* ``webv2``: ``response{status{code}, headers{headers{name: value}}, body{content}, title, favicon{content,
  mmh3_hash, md5_hash}, redirects[{headers}], path}``, ``apps[{name, version, cpe}]`` (BinaryEdge's conclusions).

The host and search APIs wrap events (``{"events": [{"port", "results": [...]}]}``; ``{"events": [...]}``): both are
read event by event. Replies are read by content (importers/sniff.py); BinaryEdge's conclusions (the service's
product, device type, OS, CPEs, the web apps it recognised) go to the weak ``import.*`` fields.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from camaudit.importers.base import (
    MAX_FIELD_CHARS,
    MAX_RECORD_BYTES,
    ImportRecord,
    RecordError,
    Source,
    as_dict,
    as_list,
    as_transport,
    failed,
    iso_utc,
    put,
    put_san,
    valid_ip,
    valid_port,
)
from camaudit.importers.certificates import pem_certificate
from camaudit.importers.jsonstream import PARSE_ERRORS, iter_json
from camaudit.importers.search_engines import BANNER_FIELDS, first_text, host_names
from camaudit.importers.sniff import page_fields, sniff
from camaudit.importers.text import dn_from_mapping
from camaudit.model import RAW_KEEP_BYTES, Observation
from camaudit.protocols.certificate import serial_hex
from camaudit.protocols.http import base64_icon, favicon_hashes

#: Events read of one API answer (the host API returns a host's recent events; a search page holds 20).
MAX_EVENTS = 10_000
#: Characters of a leaf certificate's PEM read: a certificate is a few KiB.
_MAX_PEM_CHARS = 64 * 1024


def read(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """Yield one record per BinaryEdge event in ``source``, in file order; unreadable ones with a reason."""
    for position, value, error in iter_json(source, max_bytes):
        if error is not None:
            yield failed(position, error)
            continue
        events = _answer_events(value)
        single = len(events) == 1 and events[0] is value
        for number, event in enumerate(events[:MAX_EVENTS], 1):
            what = "BinaryEdge event" if single else f"BinaryEdge event {number} of the answer"
            try:
                yield parse_event(event, position)
            except PARSE_ERRORS as exc:
                yield failed(position, f"cannot interpret {what}: {exc}")
        if len(events) > MAX_EVENTS:
            yield failed(position, f"answer lists {len(events)} events; the first {MAX_EVENTS} were read")


def _answer_events(value: Any) -> list[Any]:
    """The events of an API answer (search: ``events`` are events; host: ``events[].results``), else the value."""
    if not isinstance(value, dict) or "target" in value or not isinstance(value.get("events"), list):
        return [value]
    events: list[Any] = []
    for item in value["events"][:MAX_EVENTS]:
        results = item.get("results") if isinstance(item, dict) else None
        events.extend(results[:MAX_EVENTS] if isinstance(results, list) else [item])
    return events


def parse_event(event: Any, position: int) -> ImportRecord:
    """Turn one BinaryEdge event (or one result of the scanning engine v2) into an :class:`ImportRecord`."""
    if not isinstance(event, dict):
        raise RecordError("record is not a JSON object")
    task = as_dict(event.get("task"))
    if task and "body" in event:
        return _engine_v2_result(event, task, position)
    target = as_dict(event.get("target"))
    if not target or "result" not in event:
        raise RecordError("not a BinaryEdge event: no target and result (is --format right?)")
    origin = as_dict(event.get("origin"))
    module = (first_text(origin.get("type")) or "").lower()
    seen_at = iso_utc(origin["ts"] // 1000) if isinstance(origin.get("ts"), int) else ""
    return _record(target, module, as_dict(as_dict(event.get("result")).get("data")), seen_at, position)


def _engine_v2_result(event: dict[str, Any], task: dict[str, Any], position: int) -> ImportRecord:
    """A result of BinaryEdge's scanning engine v2 (docs.binaryedge.io, "Scanning Engine v2 - Scanning Modules"): the
    module in ``task.module_name``, its output in ``body`` -- ``banner{banner, probe}``, ``service-simple{service{name,
    product, ...}, probe{data{sent, recv}}}``, ``webv2{request, response}`` (the response as the v1 ``webv2`` event's).
    The published pages show bodies only, not where a result names its target: the address is read from a ``target``
    as the v1 event writes it (``{ip, port, protocol}``, at the top or in ``task``), or from the target string the
    ``noop`` module's example shows (``hostname,ip,TCP,port``); a result with neither is refused, naming them."""
    target = as_dict(event.get("target")) or as_dict(task.get("target"))
    if not target:
        target = _target_string(event.get("target")) or _target_string(task.get("target"))
    if not target:
        raise RecordError("a BinaryEdge scanning engine v2 result without its target's address: "
                          "target.ip and target.port (or a target string 'hostname,ip,TCP,port') are needed")
    module = (first_text(task.get("module_name")) or "").lower()
    body = as_dict(event.get("body"))
    data = dict(body)
    recv = as_dict(as_dict(body.get("probe")).get("data")).get("recv")
    if isinstance(recv, str) and "banner" not in data and isinstance(body.get("service"), dict):
        data["service"] = {**body["service"], "banner": recv}  # service-simple's answer, where v1 kept it
    return _record(target, module, data, "", position)


def _target_string(value: Any) -> dict[str, Any]:
    """The ``hostname,ip,TCP,port`` target string of the v2 ``noop`` module's documented arguments, as a v1 target."""
    if not isinstance(value, str) or value.count(",") != 3 or len(value) > 512:
        return {}
    _host, ip, transport, port = value.split(",")
    return {"ip": ip, "port": port, "protocol": transport.lower()}


def _record(target: dict[str, Any], module: str, data: dict[str, Any], seen_at: str, position: int) -> ImportRecord:
    """One record from a target, the module that answered and its output (v1 ``result.data``, v2 ``body``)."""
    ip = valid_ip(target.get("ip"))
    port = valid_port(target.get("port"))

    fields: dict[str, str] = {}
    service = as_dict(data.get("service"))
    name = (first_text(service.get("name")) or "").lower().removeprefix("ssl/")
    response = as_dict(data.get("response"))
    raw = ""
    protocol = None
    if response:
        protocol = _web(response, fields)
    for text in (data.get("banner"), service.get("banner")):
        if isinstance(text, str) and text.strip():
            raw = raw or text
            found = sniff(text, fields, port=port, hint=name or module)
            if found is None and not protocol:
                put(fields, BANNER_FIELDS.get(name, "banner"), text.strip())
            protocol = protocol or found
    _labels(service, as_list(data.get("apps")), fields)
    if _certificate(as_dict(data.get("cert_info")), fields):
        protocol = "https" if protocol == "http" else protocol or "tls"
    put(fields, "import.hostnames", host_names([service.get("hostname")], ip))

    observation = Observation(ip, port, as_transport(target.get("protocol")), protocol or name or module or "banner",
                              "import", seen_at, fields, raw[:RAW_KEEP_BYTES].encode("utf-8", "replace"))
    return ImportRecord(position=position, ip=ip, port=port, observations=(observation,))


def _web(response: dict[str, Any], fields: dict[str, str]) -> str:
    """``webv2``'s parsed answer: status, headers (a name -> value mapping), body, title, favicon, redirects."""
    put(fields, "http.status", as_dict(response.get("status")).get("code"))
    headers = as_dict(as_dict(response.get("headers")).get("headers"))
    lines: list[str] = []
    for key, value in list(headers.items())[:128]:
        name = "-".join(part.capitalize() for part in str(key).replace("_", "-").split("-"))
        values = [v for v in (value if isinstance(value, list) else [value])[:16] if isinstance(v, str)]
        lines += [f"{name}: {v}" for v in values]
        target = {"Server": "http.server", "Www-Authenticate": "http.www_authenticate",
                  "Set-Cookie": "http.set_cookie", "Location": "http.location"}.get(name)
        if target:
            put(fields, target, values)
    put(fields, "http.headers", "\n".join(lines)[:MAX_FIELD_CHARS])
    put(fields, "http.path", first_text(response.get("path")))
    page_fields(as_dict(response.get("body")).get("content"), fields, first_text(response.get("title")))
    for earlier in as_list(response.get("redirects"))[:10]:
        said = as_dict(as_dict(earlier).get("headers"))
        put(fields, "http.location", said.get("location") if isinstance(said.get("location"), str) else None)
        if "http.server" not in fields and isinstance(said.get("server"), str):
            put(fields, "http.server", said["server"])
    _favicon(as_dict(response.get("favicon")), fields)
    return "https" if str(response.get("url", "")).startswith("https:") else "http"


def _favicon(favicon: dict[str, Any], fields: dict[str, str]) -> None:
    """The icon BinaryEdge kept (``content``, base64), hashed as the live probe hashes it; else its ``md5_hash``."""
    icon = base64_icon(favicon.get("content"))
    if icon:
        fields.update(favicon_hashes(icon))
        return
    md5 = favicon.get("md5_hash")
    if isinstance(md5, str) and len(md5) == 32 and all(c in "0123456789abcdefABCDEF" for c in md5):
        fields["http.favicon.md5"] = md5.lower()


def _certificate(cert_info: dict[str, Any], fields: dict[str, str]) -> bool:
    """The ``ssl`` module's leaf certificate (``cert_info.certificate_chain[0]``): its PEM (``as_pem``) read as the live
    TLS probe reads the certificate a device presents; else the names of its ``as_dict`` (``subject``/``issuer``
    mappings in OpenSSL's long attribute names, which keep one value per attribute)."""
    chain = as_list(cert_info.get("certificate_chain"))
    leaf = as_dict(chain[0]) if chain else {}
    pem = leaf.get("as_pem")
    if isinstance(pem, str) and pem_certificate(pem[:_MAX_PEM_CHARS], fields):
        return True
    parsed = as_dict(leaf.get("as_dict"))
    put(fields, "tls.subject", dn_from_mapping(as_dict(parsed.get("subject"))))
    put(fields, "tls.issuer", dn_from_mapping(as_dict(parsed.get("issuer"))))
    dns = as_dict(as_dict(parsed.get("extensions")).get("X509v3 Subject Alternative Name")).get("DNS")
    put_san(fields, as_list(dns))
    named = "tls.subject" in fields or "tls.issuer" in fields
    # as_dict writes the serial as hex text (the ssl module's documented event: "E020DABB9BF82B7B161D7B217F4CFD9D");
    # ssl-simple's schema names a "serial_number" string without an example of its base, so it is not read.
    serial = serial_hex(parsed.get("serialNumber"), base=16) if named else None
    if serial is not None:
        fields.setdefault("tls.serial", serial)
    return named


def _labels(service: dict[str, Any], apps: list[Any], fields: dict[str, str]) -> None:
    """BinaryEdge's conclusions: the service's reading by nmap's probes and the web apps it recognised."""
    put(fields, "import.product", first_text(service.get("product")))
    names = [as_dict(app).get("name") for app in apps[:16]]
    put(fields, "import.product", [n for n in names if isinstance(n, str) and n])
    put(fields, "import.version", first_text(service.get("version")))
    put(fields, "import.devicetype", first_text(service.get("device")) or first_text(service.get("devicetype")))
    put(fields, "import.os", first_text(service.get("ostype")))
    put(fields, "import.extrainfo", first_text(service.get("extrainfo")))
    cpes = [c for c in as_list(service.get("cpe"))[:8] + [as_dict(a).get("cpe") for a in apps[:16]]
            if isinstance(c, str) and c]
    put(fields, "import.cpe", cpes)
