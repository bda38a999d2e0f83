"""Censys hosts: the legacy Search 2.0 shape and the Censys Platform shape, one host per record.

A host carries all its services, so one input record becomes one :class:`ImportRecord` (``port`` is
None) with an observation per service. Both shapes are read by the same code because they differ only
in where each value lives:

* legacy (``ip``, ``services[]{port, transport_protocol, service_name, banner, http.response{...},
  tls.certificates.leaf_data{subject_dn, issuer_dn}, software[]}``), headers as ``{"Server": [...]}``
  with ``-`` written ``_``;
* Platform (``host.ip``, ``services[]{port, protocol, transport_protocol, banner, endpoints[]{path,
  http{status_code, headers{"Server": {"headers": [...]}}, html_title, body, favicons[]}}, cert.parsed
  {subject_dn, issuer_dn}, software[], hardware[], rtsp, ssh, snmp}``).

API envelopes (``{"result": {...}}``, ``{"result": {"resource": {...}}}``, a Platform search hit's
``{"host_v1": {"resource": {...}}}``) are unwrapped; a saved search answer is read hit by hit. Rows of the
BigQuery datasets (the Universal Internet Dataset: ``host_identifier{ipv4, ipv6}``, ``services[]{transport,
banner}`` with the banner as base64 because it is a BYTES column, maps written as ``[{key, value}]``) are
read as the same host.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from camaudit.importers.base import (
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
    shown,
    valid_ip,
    valid_port,
)
from camaudit.importers.censys_legacy import is_legacy, legacy_observations
from camaudit.importers.censys_modules import header_values, module_fields
from camaudit.importers.certificates import censys_leaf_shape, zcrypto_shape
from camaudit.importers.jsonstream import PARSE_ERRORS, iter_json
from camaudit.importers.sniff import page_fields, sniff
from camaudit.importers.text import decoded, dn_reversed, unmarked_encoding
from camaudit.model import RAW_KEEP_BYTES, Observation

_BANNER_FIELDS = {"ssh": "ssh.banner", "ftp": "ftp.banner", "telnet": "telnet.banner"}
#: A host with more services than this is almost certainly a honeypot "superhost"; its services past
#: the cap are dropped (and said so) so one record cannot flood the output.
MAX_SERVICES = 256


#: Hits read of one saved search answer (Censys pages at most 100 hits; more is a file put together by hand).
MAX_ANSWER_HITS = 10_000


def read(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """Yield one record per Censys host in ``source`` (NDJSON or a JSON array), in file order. A search answer
    saved whole (``{"result": {"hits": [...]}}``: Search 2.0's hosts, the Platform's ``host_v1`` hits) is read hit by
    hit; an error answer (``{"error": ..., "status": "error"}``) is one unreadable record quoting Censys."""
    for position, value, error in iter_json(source, max_bytes):
        if error is not None:
            yield failed(position, error)
            continue
        hits = _answer_hits(value)
        if isinstance(hits, str):
            yield failed(position, hits)
            continue
        for number, host in enumerate((hits if hits is not None else [value])[:MAX_ANSWER_HITS], 1):
            try:
                yield parse_host(host, position)
            except PARSE_ERRORS as exc:
                what = f"Censys search hit {number} of the answer" if hits is not None else "Censys host"
                yield failed(position, f"cannot interpret {what}: {exc}")
        if hits is not None and len(hits) > MAX_ANSWER_HITS:
            yield failed(position, f"saved answer lists {len(hits)} hits; the first {MAX_ANSWER_HITS} were read")


def _answer_hits(value: Any) -> list[Any] | str | None:
    """The hits of a saved search answer, Censys's reason when it is an error answer, else None (a host)."""
    if not isinstance(value, dict) or "ip" in value or "services" in value:
        return None
    result = value.get("result")
    hits = result.get("hits") if isinstance(result, dict) else None
    if isinstance(hits, list):
        return hits
    if value.get("status") == "error" or ("error" in value and "result" not in value):
        reason = value.get("error") or value.get("error_type") or value.get("status")
        return f"Censys answered with an error, not hosts: {shown(reason, 120)}"
    return None


def _unwrap(record: Any) -> dict[str, Any]:
    host = record
    for _ in range(3):
        if not isinstance(host, dict) or "services" in host or "ip" in host or "host_identifier" in host:
            break
        inner = next(
            (host[k] for k in ("result", "resource", "host", "host_v1") if isinstance(host.get(k), dict)), None
        )
        if inner is None:
            break
        host = inner
    if not isinstance(host, dict):
        raise RecordError("record is not a JSON object")
    return host


def parse_host(record: Any, position: int) -> ImportRecord:
    """Turn one decoded Censys host (either shape) into an :class:`ImportRecord`."""
    host = _unwrap(record)
    identifier = as_dict(host.get("host_identifier"))  # BigQuery / Universal Internet Dataset rows
    ip = valid_ip(host.get("ip") or identifier.get("ipv4") or identifier.get("ipv6"))
    services = as_list(host.get("services"))
    observations: list[Observation] = []
    for service in services[:MAX_SERVICES]:
        if isinstance(service, dict):
            observations.extend(_service(ip, service))
    if is_legacy(host):  # Censys's first IPv4 model: ports under p<port>
        observations.extend(legacy_observations(ip, host))
    observations.extend(_host_names(ip, host))
    country = as_dict(host.get("location")).get("country_code")
    network = as_dict(host.get("autonomous_system"))
    asn = network.get("asn")
    name = network.get("name")
    return ImportRecord(
        position=position,
        ip=ip,
        port=None,
        observations=tuple(observations),
        country=country if isinstance(country, str) and country else None,
        asn=f"AS{asn}" if isinstance(asn, int) and not isinstance(asn, bool) else None,
        org=name[:200] if isinstance(name, str) and name else None,
    )


def _host_names(ip: str, host: dict[str, Any]) -> list[Observation]:
    """Censys's own labels, OS and hardware conclusions for the host and the DNS names that point at it: weak evidence
    (``import.*``)."""
    fields: dict[str, str] = {}
    put(fields, "import.tags", _labels(host))
    _software(as_dict(host.get("operating_system")), fields, os=True)
    # The Platform's host-level hardware: what Censys concluded the device is (vendor, product, ``other`` pairs such
    # as ``{"key": "device", "value": "..."}``), weak evidence like a service's hardware (helper-205).
    hardware = host.get("hardware")
    for attribute in (hardware if isinstance(hardware, list) else [hardware])[:8]:
        if isinstance(attribute, dict):
            _software(attribute, fields)
    dns = as_dict(host.get("dns"))
    names = as_list(dns.get("names")) + as_list(as_dict(dns.get("reverse_dns")).get("names"))
    put(fields, "import.hostnames", [n for n in names[:32] if isinstance(n, str)])
    if not fields:
        return []
    seen_at = iso_utc(host.get("last_updated_at") or host.get("snapshot_date"))
    return [Observation(ip, None, None, "import", "import", seen_at, fields)]


def _labels(item: dict[str, Any]) -> list[str]:
    """Censys's labels (``camera``, ``network-video-recorder``, ``LOGIN_PAGE`` ...): strings, or ``{value}``."""
    labels = [lab.get("value") if isinstance(lab, dict) else lab for lab in as_list(item.get("labels"))[:32]]
    return [lab for lab in labels if isinstance(lab, str)]


#: ``other[{key, value}]`` entries of a Censys software/hardware/OS record that say what kind of device it is.
_DEVICE_KEYS = frozenset({"device", "device_type", "type"})


def _software(attribute: dict[str, Any], fields: dict[str, str], *, os: bool = False) -> None:
    """One Censys software / hardware / operating-system record: ``vendor``, ``product``, ``version``, its CPE
    (``uniform_resource_identifier``, ``cpe``) and its ``other`` pairs (``{"key": "device", "value": "Web
    Proxy"}``, ``family``): Censys's conclusions, weak evidence (``import.*``)."""
    put(fields, "import.vendor", attribute.get("vendor"))
    put(fields, "import.os" if os else "import.product", attribute.get("product"))
    put(fields, "import.version", attribute.get("version"))
    cpes = [attribute.get("uniform_resource_identifier"), attribute.get("cpe")]
    put(fields, "import.cpe", [c for c in cpes if isinstance(c, str) and c][:2])
    for pair in as_list(attribute.get("other"))[:16]:
        key, value = as_dict(pair).get("key"), as_dict(pair).get("value")
        if isinstance(key, str) and isinstance(value, str):
            if key.lower() in _DEVICE_KEYS:
                put(fields, "import.devicetype", value)
            elif key.lower() == "family" and value not in fields.get("import.os", "").split("\n"):
                put(fields, "import.os", value)


def _service(ip: str, service: dict[str, Any]) -> list[Observation]:
    port = valid_port(service.get("port"))
    transport = as_transport(service.get("transport_protocol") or service.get("transport"))
    name = str(service.get("service_name") or service.get("protocol") or "").lower()
    seen_at = iso_utc(service.get("observed_at") or service.get("scan_time"))
    fields: dict[str, str] = {}
    banner = _banner_text(service)
    protocol = _banner(banner, name, fields, port)

    response = as_dict(as_dict(service.get("http")).get("response"))
    if response:
        _http(response, fields)
    extra: list[dict[str, str]] = []
    for index, endpoint in enumerate(as_list(service.get("endpoints"))):
        http = as_dict(endpoint).get("http") if isinstance(endpoint, dict) else None
        if not isinstance(http, dict):
            continue
        target = fields if index == 0 else {}
        put(target, "http.path", endpoint.get("path"))
        _http(http, target)
        if index:
            extra.append(target)
    if protocol == "banner" and ("http.status" in fields or name in ("http", "https")):
        protocol = "http"

    _tls(service, fields)
    if protocol == "http" and ("tls.subject" in fields or "https" in name):
        protocol = "https"
    _platform_extras(service, fields)
    # Censys's own labels for the service (``camera``, ``network-video-recorder`` ...): weak evidence.
    put(fields, "import.tags", _labels(service))
    for attribute in (as_list(service.get("software")) + as_list(service.get("hardware")))[:32]:
        if isinstance(attribute, dict):
            _software(attribute, fields)
    # The Platform's per-service OS conclusions (``operating_systems[]``, the same Attribute records; helper-205).
    for attribute in as_list(service.get("operating_systems"))[:8]:
        if isinstance(attribute, dict):
            _software(attribute, fields, os=True)

    raw = banner[:RAW_KEEP_BYTES].encode("utf-8", "replace")
    made = [Observation(ip, port, transport, protocol, "import", seen_at, fields, raw)]
    made += [Observation(ip, port, transport, protocol, "import", seen_at, more) for more in extra]
    return made


#: ``_encoding`` values (how Censys displays a field) -> how the text is decoded.
_DISPLAY = {"DISPLAY_BASE64": "base64", "DISPLAY_HEX": "hex"}


def _banner_text(service: dict[str, Any]) -> str:
    """The service's banner as the reply's text: ``banner`` as ``_encoding`` says it is written (UTF-8 text,
    base64 or hex), else ``banner_hex`` (Censys keeps both; a binary reply may have only the hex)."""
    banner = service.get("banner")
    display = _DISPLAY.get(str(as_dict(service.get("_encoding")).get("banner")))
    if isinstance(banner, str) and banner:
        if display:
            return decoded(banner, display) or banner
        # BigQuery exports write the BYTES banner as base64, unmarked: read it when all of it decodes to text.
        return unmarked_encoding(banner) or banner
    return decoded(service.get("banner_hex"), "hex") or ""


def _banner(banner: str, name: str, fields: dict[str, str], port: int | None) -> str:
    found = sniff(banner, fields, port=port, hint=name)
    if found:
        return found
    target = _BANNER_FIELDS.get(name)
    if target:
        put(fields, target, banner.split("\n", 1)[0].strip() if name == "ssh" else banner.strip())
        return name
    put(fields, "banner", banner.strip())
    return name if name and name != "unknown" else "banner"


def _header_map(headers: Any) -> dict[str, Any]:
    """Response headers as a mapping: the API's ``{"Server": ...}``, or BigQuery's ``[{"key", "value"}]``."""
    if isinstance(headers, list):
        pairs = (as_dict(item) for item in headers[:128])
        return {p["key"]: p.get("value") for p in pairs if isinstance(p.get("key"), str)}
    return as_dict(headers)


def _http(http: dict[str, Any], fields: dict[str, str]) -> None:
    if "http.status" not in fields:
        put(fields, "http.status", http.get("status_code"))
    headers = _header_map(http.get("headers"))
    if headers and "http.headers" not in fields:
        lines = []
        for key, value in headers.items():
            if key.startswith("_"):
                continue  # "_encoding" bookkeeping, not a header
            header = key.replace("_", "-")
            values = [v for v in header_values(value) if isinstance(v, str)]
            lines += [f"{header}: {v}" for v in values]
            lowered = header.lower()
            target = {
                "server": "http.server",
                "www-authenticate": "http.www_authenticate",
                "set-cookie": "http.set_cookie",
                "location": "http.location",
            }.get(lowered)
            if target:
                put(fields, target, values)
        put(fields, "http.headers", "\n".join(lines))
    page_fields(http.get("body"), fields, http.get("html_title"))
    for favicon in as_list(http.get("favicons")):
        if isinstance(favicon, dict):
            put(fields, "http.favicon.md5", favicon.get("md5_hash") or favicon.get("hash_md5"))
            put(fields, "http.favicon.mmh3", favicon.get("hash_shodan"))


def _tls(service: dict[str, Any], fields: dict[str, str]) -> None:
    certificates = as_dict(as_dict(service.get("tls")).get("certificates"))
    leaf = as_dict(certificates.get("leaf_data"))
    parsed = as_dict(as_dict(service.get("cert")).get("parsed"))
    put(fields, "tls.subject", dn_reversed(leaf.get("subject_dn") or parsed.get("subject_dn")))
    put(fields, "tls.issuer", dn_reversed(leaf.get("issuer_dn") or parsed.get("issuer_dn")))
    names = as_list(leaf.get("names")) or as_list(as_dict(service.get("cert")).get("names"))
    put_san(fields, names)
    sha256 = certificates.get("leaf_fp_sha_256") or as_dict(service.get("cert")).get("fingerprint_sha256")
    if isinstance(sha256, str):
        put(fields, "tls.sha256", sha256.lower())
    if parsed:
        zcrypto_shape(parsed, fields)
    if leaf:
        censys_leaf_shape(leaf, fields)


def _platform_extras(service: dict[str, Any], fields: dict[str, str]) -> None:
    # The parsed values repeat what a banner may already have given; the banner's text wins.
    extra: dict[str, str] = {}
    module_fields(service, extra)
    for name, value in extra.items():
        fields.setdefault(name, value)
