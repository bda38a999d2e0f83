"""ZoomEye results: the host search of API v1 (``matches``) and the asset search of API v2 (``data``), one service each.

Both layouts come from ZoomEye's own documents and clients (docs/importers.md, "Where the field names come from"):

* v1 (``api.zoomeye.org/host/search``; ``zoomeye search -save`` in knownsec's ZoomEye-python, ZoomEye-go): ``ip``,
  ``portinfo{port, service, app, version, device, os, extrainfo, hostname, rdns, title, banner}``,
  ``protocol{transport}``, ``geoinfo{country{code}, asn, organization, isp}``, ``timestamp``, ``ssl`` (the certificate
  as text), ``ico{mmh3, md5}``; the web search's matches (``site``, ``ip: [...]``, ``headers``, ``webapp[]``) too;
* v2 (``api.zoomeye.ai/v2/search``, ``api.md`` of ZoomEye-python): flat keys ``ip``, ``port``, ``service``, ``banner``,
  ``header``, ``body``, ``title`` (a list), ``product``, ``version``, ``device``, ``os``, ``hostname``, ``rdns``,
  ``domain``, ``ssl``, ``iconhash_md5``, ``update_time``, ``asn``, ``isp.name``, ``organization.name``, ``protocol``.

The reply ZoomEye kept (``banner``: the whole HTTP head or the service's greeting) is read by content
(importers/sniff.py) into the fields the live probes fill, so every rule applies. ZoomEye's own conclusions -- its
``app``/``product`` name, ``device`` type, ``os`` -- are someone else's claim and go to the weak ``import.*`` fields.
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
    put,
    valid_ip,
    valid_port,
)
from camaudit.importers.search_engines import (
    BANNER_FIELDS,
    asn_text,
    certificate_text,
    first_text,
    host_names,
    mmh3_text,
    read_results,
    short_text,
    stored_http,
    utc_time,
)
from camaudit.importers.sniff import sniff
from camaudit.model import RAW_KEEP_BYTES, Observation

#: A ZoomEye result has one of these: v1's ``portinfo``, v2's ``port``, a v1 web match's ``site``.
_RESULT_KEYS = ("portinfo", "port", "site")
#: Services whose greeting is a field of its own when it is not recognised by content.


def read(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """Yield one record per ZoomEye result in ``source``, in file order; unreadable ones with a reason."""
    return read_results(source, parse_result, "ZoomEye result", ("matches", "data"), max_bytes)


def parse_result(match: Any, position: int) -> ImportRecord:
    """Turn one ZoomEye result (v1 host or web match, v2 asset) into an :class:`ImportRecord`."""
    if not isinstance(match, dict):
        raise RecordError("record is not a JSON object")
    if not any(key in match for key in _RESULT_KEYS):
        # Another engine's record (a Censys host, a Shodan banner) has none of these: not read as an empty service.
        raise RecordError("not a ZoomEye result: no portinfo, port or site (is --format right?)")
    info = as_dict(match.get("portinfo")) or match  # v1 keeps the service under portinfo, v2 at the top
    ip = _ip_of(match)
    port = valid_port(info.get("port"))
    service = first_text(info.get("service")) or ""
    raw = info.get("banner")
    banner = raw if isinstance(raw, str) else ""
    title = info.get("title") or match.get("title")

    fields: dict[str, str] = {}
    protocol = sniff(banner, fields, port=port, hint=service) if banner else None
    protocol = _http(match, fields, port, service, title) or protocol
    if protocol is None and banner.strip():
        put(fields, BANNER_FIELDS.get(service.lower(), "banner"), banner.strip())
    if certificate_text(match.get("ssl"), fields) and protocol in (None, "http"):
        protocol = "https" if protocol == "http" or service.lower() == "https" else "tls"
    _favicon(match, fields)
    _labels(match, info, fields)
    put(fields, "import.hostnames", host_names(
        [info.get("hostname"), info.get("rdns"), match.get("domain"), match.get("site")], ip))

    transport = as_transport(as_dict(match.get("protocol")).get("transport") or match.get("protocol"))
    seen_at = utc_time(match.get("timestamp") or match.get("update_time"))
    observation = Observation(ip, port, transport, protocol or service.lower() or "banner", "import", seen_at, fields,
                              banner[:RAW_KEEP_BYTES].encode("utf-8", "replace"))
    geo = as_dict(match.get("geoinfo"))
    country = short_text(as_dict(geo.get("country")).get("code"), 8)
    org = geo.get("organization") or geo.get("isp") or match.get("organization.name") or match.get("isp.name")
    return ImportRecord(
        position=position,
        ip=ip,
        port=port,
        observations=(observation,),
        country=country,
        asn=asn_text(geo.get("asn") or match.get("asn")),
        org=short_text(org),
    )


def _ip_of(match: dict[str, Any]) -> str:
    """The address: a string, or the first of the list a v1 web match gives."""
    ip = match.get("ip")
    if isinstance(ip, list):
        ip = ip[0] if ip else None
    if ip is None:
        raise RecordError("no ip")
    return valid_ip(ip)


def _http(match: dict[str, Any], fields: dict[str, str], port: int | None, service: str, title: Any) -> str | None:
    """v2's ``header`` and ``body`` (a v1 web match's ``headers``) when the banner gave no HTTP reply, and the title
    ZoomEye cut out of the page when none was read from it; the protocol when a reply was read."""
    header = match.get("header") or match.get("headers")
    body = match.get("body")
    protocol = stored_http(fields, header if isinstance(header, str) else None,
                           body if isinstance(body, str) else None, first_text(title), port, service)
    # v2's "header.server.name" (and ".version"): the Server header ZoomEye cut out, kept when the head was not.
    server = first_text(match.get("header.server.name"))
    if server and "http.server" not in fields:
        version = first_text(match.get("header.server.version"))
        put(fields, "http.server", f"{server}/{version}" if version and "/" not in server else server)
        protocol = protocol or "http"
    return protocol


def _favicon(match: dict[str, Any], fields: dict[str, str]) -> None:
    """``ico{mmh3, md5}`` (v1) and ``iconhash_md5`` (v2): the mmh3 is Shodan's (ZoomEye's ``iconhash`` search takes
    the same numbers), the MD5 that of the icon's bytes."""
    icon = as_dict(match.get("ico"))
    mmh3 = icon.get("mmh3")
    if isinstance(mmh3, int) and not isinstance(mmh3, bool):
        mmh3 = str(mmh3)
    if isinstance(mmh3, str) and (text := mmh3_text(mmh3)):
        fields["http.favicon.mmh3"] = text
    md5 = icon.get("md5") or match.get("iconhash_md5")
    if isinstance(md5, str) and len(md5) == 32 and all(c in "0123456789abcdefABCDEF" for c in md5):
        fields["http.favicon.md5"] = md5.lower()


def _labels(match: dict[str, Any], info: dict[str, Any], fields: dict[str, str]) -> None:
    """ZoomEye's conclusions about the service: weak evidence, kept as someone else's claim (``import.*``)."""
    put(fields, "import.product", first_text(info.get("app")) or first_text(match.get("product")))
    # A v1 web match names the applications it recognised on the site.
    apps = [as_dict(app).get("name") for app in as_list(match.get("webapp"))[:16]]
    put(fields, "import.product", [a for a in apps if isinstance(a, str) and a])
    put(fields, "import.version", first_text(info.get("version")))
    put(fields, "import.devicetype", first_text(info.get("device")))
    put(fields, "import.os", first_text(info.get("os")))
    put(fields, "import.extrainfo", first_text(info.get("extrainfo")))
