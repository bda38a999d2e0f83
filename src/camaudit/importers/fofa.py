"""FOFA results: one service each, as JSON objects keyed by FOFA's field names.

FOFA's API answers ``/api/v1/search/all`` with rows of bare values in the order of the ``fields`` the query asked for
(``{"error": false, "results": [["192.0.2.1", "80"], ...]}``); the answer does not repeat the field names, so a row
cannot be read without them, and a saved answer of rows is refused with that reason rather than guessed at. FOFA's
command-line client writes each row as an object keyed by the field names (``gofofa search --format json -f
ip,port,protocol,banner,...``: ``pkg/outformats/json.go``, every value a string) -- the form this importer reads, one
per line, in a JSON array, or as the ``results`` of an answer whose rows are objects.

The field names are FOFA's (its API help, the official ``fofa-py``/``fofa-java`` clients, ``fofax``'s field list):
``ip``, ``port``, ``protocol``, ``base_protocol``, ``banner`` (the reply: for HTTP its head), ``header``, ``body``,
``title``, ``server``, ``cert``, ``certs_subject_cn``/``_org``, ``certs_issuer_cn``/``_org``, ``icon_hash`` (Shodan's
mmh3), ``product``, ``product_category``, ``version``, ``os``, ``host``, ``domain``, ``cname``, ``country``,
``as_number``, ``as_organization``, ``lastupdatetime``. The replies are read by content (importers/sniff.py); FOFA's
own conclusions (``product``, ``product_category``, ``os``) go to the weak ``import.*`` fields. FOFA's host answer
(``/api/v1/host/{ip}``: lists of the host's ports, protocols, products and categories) is read as one host-level
observation of FOFA's claims (helper-255).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from camaudit.importers.base import (
    MAX_RECORD_BYTES,
    ImportRecord,
    RecordError,
    Source,
    as_transport,
    host_port,
    put,
    valid_ip,
    valid_port,
)
from camaudit.importers.search_engines import (
    BANNER_FIELDS,
    asn_text,
    certificate_text,
    host_names,
    mmh3_text,
    read_results,
    short_text,
    stored_http,
    utc_time,
)
from camaudit.importers.sniff import sniff
from camaudit.importers.text import dn_from_mapping
from camaudit.model import RAW_KEEP_BYTES, Observation

_NO_NAMES = (
    "a FOFA API row lists values without their field names (the answer does not repeat the query's 'fields'): "
    "export the results as objects, e.g. gofofa search --format json -f ip,port,protocol,banner,header,title,cert"
)


def read(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """Yield one record per FOFA result in ``source``, in file order; unreadable ones with a reason."""
    return read_results(source, parse_result, "FOFA result", ("results", "data"), max_bytes)


def parse_result(row: Any, position: int) -> ImportRecord:
    """Turn one FOFA result (an object keyed by FOFA's field names) into an :class:`ImportRecord`."""
    if isinstance(row, list):
        return _default_row(row, position)
    if not isinstance(row, dict):
        raise RecordError("record is not a JSON object")
    if "ip" not in row:
        raise RecordError("no ip (ask FOFA for the ip field)")
    if isinstance(row.get("port"), list) and not any(isinstance(value, dict) for value in row.values()):
        return _host_answer(row, position)
    if any(isinstance(value, dict | list) for value in row.values()):
        # FOFA's values are text; nested objects are another engine's record (a Shodan banner, a Censys host).
        raise RecordError("not a FOFA result: its values are text, this record nests objects (is --format right?)")
    ip = valid_ip(_text(row, "ip"))
    port = valid_port(_text(row, "port"))
    service = (_text(row, "protocol") or "").lower()
    banner = _text(row, "banner") or ""

    fields: dict[str, str] = {}
    protocol = sniff(banner, fields, port=port, hint=service) if banner.strip() else None
    protocol = _http(row, fields, port, service) or protocol
    if protocol is None and banner.strip():
        put(fields, BANNER_FIELDS.get(service, "banner"), banner.strip())
    if _certificate(row, fields) and protocol in (None, "http"):
        protocol = "https" if protocol == "http" or service == "https" else "tls"
    if icon := mmh3_text(_text(row, "icon_hash")):
        fields["http.favicon.mmh3"] = icon
    # FOFA's conclusions about the service: weak evidence, kept as someone else's claim.
    put(fields, "import.product", _text(row, "product"))
    put(fields, "import.tags", _text(row, "product_category"))
    put(fields, "import.version", _text(row, "version"))
    put(fields, "import.os", _text(row, "os"))
    put(fields, "import.hostnames", host_names([row.get("host"), row.get("domain"), row.get("cname")], ip))

    observation = Observation(ip, port, as_transport(_text(row, "base_protocol")), protocol or service or "banner",
                              "import", utc_time(_text(row, "lastupdatetime")), fields,
                              banner[:RAW_KEEP_BYTES].encode("utf-8", "replace"))
    return ImportRecord(
        position=position,
        ip=ip,
        port=port,
        observations=(observation,),
        country=short_text(_text(row, "country"), 8),
        asn=asn_text(row.get("as_number")),
        org=short_text(_text(row, "as_organization")),
    )


def _default_row(row: list[Any], position: int) -> ImportRecord:
    """A bare row of the API's default fields: FOFA's API documentation gives ``fields`` the default ``host,ip,port``
    (so do its clients: fofa-dart's ``SearchAll``), and published answers hold such rows in either order of host and
    ip (pythonfofa's README: ``["46.101.204.107", "hotel-bing.hotels-rimini-it.com", "80"]``). A row of exactly three
    text values -- one an IP address, one a port, one a host (a name with a dot, or a URL) -- is read so, by the values'
    shapes; it holds no reply, so it gives the address and the host name and nothing to identify. Any other bare row
    is refused: its fields cannot be known."""
    if len(row) != 3 or not all(isinstance(value, str) and 0 < len(value) <= 2048 for value in row):
        raise RecordError(_NO_NAMES)
    ips = [v for v in row if _is_ip(v)]
    ports = [v for v in row if v.isascii() and v.isdigit() and len(v) <= 5]
    hosts = [v for v in row if v not in ips and v not in ports and ("." in v or "://" in v) and " " not in v]
    if len(ips) != 1 or len(ports) != 1 or len(hosts) != 1:
        raise RecordError(_NO_NAMES)
    ip = valid_ip(ips[0])
    port = valid_port(ports[0])
    fields: dict[str, str] = {}
    put(fields, "import.hostnames", host_names([hosts[0]], ip))
    observation = Observation(ip, port, "tcp", "banner", "import", "", fields, b"")
    return ImportRecord(position=position, ip=ip, port=port, observations=(observation,))


#: Values of each list of a host answer read (a host has a few dozen ports and products; more is a hostile file).
MAX_HOST_VALUES = 64


def _host_answer(row: dict[str, Any], position: int) -> ImportRecord:
    """FOFA's host answer (``/api/v1/host/{ip}``; fofapro/fofa-java ``HostData``: ``host``, ``ip``, ``asn``, ``org``,
    ``country_name``, ``country_code``, ``protocol``, ``port``, ``category`` and ``product`` lists, ``update_time``):
    FOFA's products and categories for the whole host, its weak claims, as one host-level observation (``port`` set
    only when one port is listed)."""
    ip = valid_ip(_text(row, "ip"))
    fields: dict[str, str] = {}
    put(fields, "import.product", _texts(row.get("product")))
    put(fields, "import.tags", _texts(row.get("category")))
    put(fields, "import.hostnames", host_names([row.get("host")], ip))
    port = host_port(row["port"], MAX_HOST_VALUES)
    observation = Observation(ip, port, None, "import", "import", utc_time(_text(row, "update_time")), fields)
    return ImportRecord(position=position, ip=ip, port=port, observations=(observation,),
                        country=short_text(_text(row, "country_code"), 8), asn=asn_text(row.get("asn")),
                        org=short_text(_text(row, "org")))


def _texts(value: Any) -> list[str]:
    """The non-empty texts of a host answer's list."""
    items = value[:MAX_HOST_VALUES] if isinstance(value, list) else []
    return [item.strip() for item in items if isinstance(item, str) and item.strip()]


def _is_ip(value: str) -> bool:
    try:
        valid_ip(value)
    except RecordError:
        return False
    return True


def _text(row: dict[str, Any], key: str) -> str | None:
    """A FOFA value: gofofa writes every value as a string; a number is read as its digits."""
    value = row.get(key)
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return value if isinstance(value, str) and value else None


def _http(row: dict[str, Any], fields: dict[str, str], port: int | None, service: str) -> str | None:
    """``header`` (the HTTP head) with ``body`` when the banner gave no HTTP reply; ``server`` and ``title`` where the
    reply did not give them. The protocol when a reply was read."""
    protocol = stored_http(fields, _text(row, "header"), _text(row, "body"), _text(row, "title"), port, service)
    server = _text(row, "server")
    if server and "http.server" not in fields and (protocol in ("http", "https") or service in ("http", "https")):
        put(fields, "http.server", server)
        protocol = protocol or "http"
    return protocol


def _certificate(row: dict[str, Any], fields: dict[str, str]) -> bool:
    """The certificate's names: from ``cert`` when it is the certificate printed as text, else from the
    ``certs_subject_*``/``certs_issuer_*`` fields FOFA extracts from it."""
    if certificate_text(_text(row, "cert"), fields):
        return True
    subject = dn_from_mapping({"CN": _text(row, "certs_subject_cn"), "O": _text(row, "certs_subject_org")})
    issuer = dn_from_mapping({"CN": _text(row, "certs_issuer_cn"), "O": _text(row, "certs_issuer_org")})
    put(fields, "tls.subject", subject if "tls.subject" not in fields else None)
    put(fields, "tls.issuer", issuer if "tls.issuer" not in fields else None)
    return bool(subject or issuer)
