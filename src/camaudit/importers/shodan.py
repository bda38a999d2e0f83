"""Shodan banners (``shodan download`` / stream NDJSON, ``.json.gz``, or a saved JSON array).

One banner is one service on one port, so one input record becomes one :class:`ImportRecord` with one
observation. Field names follow the banner as Shodan documents it (``ip_str``, ``port``, ``transport``,
``data``, ``http{...}``, ``ssl.cert{...}``, ``location.country_code``, ``_shodan.module``); see
``docs/importers.md`` for which were checked against real records.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from typing import Any

from camaudit.importers.base import (
    MAX_RECORD_BYTES,
    ImportRecord,
    RecordError,
    Source,
    as_dict,
    as_transport,
    host_port,
    iso_utc,
    put,
    put_mac,
    valid_ip,
    valid_port,
)
from camaudit.importers.certificates import pem_certificate, shodan_san
from camaudit.importers.jsonstream import exact_integer, read_json_records
from camaudit.importers.shodan_modules import module_fields
from camaudit.importers.sniff import page_fields, sniff
from camaudit.importers.text import dn_from_mapping
from camaudit.model import RAW_KEEP_BYTES, Observation
from camaudit.protocols.certificate import key_bits, key_type_name, put_shape, serial_hex, signature_name, timestamp
from camaudit.protocols.http import base64_icon, favicon_hashes
from camaudit.protocols.snmp_text import snmp_value

#: ``_shodan.module`` prefixes (or, failing that, ports) whose banner is a field of its own.
_BANNER_FIELDS = (("ssh", "ssh.banner", 22), ("ftp", "ftp.banner", 21), ("telnet", "telnet.banner", 23))

#: Where a banner writes its certificate's serial (``ssl.cert.serial``, a JSON integer); the digits are group 1, and
#: what follows them must end the number (``1.5`` or ``1e5`` is not an integer written whole).
_SERIAL_WRITTEN = re.compile(rb'"serial"[ \t\r\n]{0,64}:[ \t\r\n]{0,64}(-?[0-9]{1,400})(?![0-9.eE])')


def read(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[ImportRecord]:
    """Yield one record per Shodan banner in ``source``, in file order; unreadable ones with a reason."""
    return read_json_records(source, parse_banner, "Shodan banner", max_bytes, ip_key="ip_str", exact=exact_serials)


def exact_serials(banner: Any, text: bytes) -> None:
    """Put back the exact ``ssl.cert.serial`` of a banner (or of each banner of a host lookup) that the JSON decoder
    rounded: Shodan writes the serial as a JSON integer, most CA serials are 16-20 bytes, and orjson reads any
    integer past 64 bits as a float -- which :func:`serial_hex` refuses, so ``tls.serial`` was lost. The digits are
    read from the banner's own JSON ``text``; a serial that cannot be read back exactly is left out."""
    if not isinstance(banner, dict):
        return
    items = banner.get("data")
    if not isinstance(items, list) and "ssl" not in banner:
        return  # one banner without a certificate (most of them): nothing rounded
    for item in items[:MAX_HOST_BANNERS] if isinstance(items, list) else (banner,):
        cert = as_dict(as_dict(as_dict(item).get("ssl")).get("cert"))
        serial = cert.get("serial")
        if isinstance(serial, float):
            cert["serial"] = exact_integer(text, _SERIAL_WRITTEN, serial)


def _ip_of(banner: dict[str, Any]) -> str:
    ip = banner.get("ip_str")
    if ip is not None:
        return valid_ip(ip)
    number = banner.get("ip")
    if isinstance(number, int) and not isinstance(number, bool) and 0 <= number < 1 << 32:
        return str(ipaddress.IPv4Address(number))
    raise RecordError("no ip_str")


def parse_banner(banner: Any, position: int) -> ImportRecord:
    """Turn one decoded Shodan banner into an :class:`ImportRecord`.

    A host as Shodan's host lookup returns it (``shodan host --format json``, the API's ``/shodan/host/{ip}``:
    ``ip_str``, ``ports`` and its banners under ``data``) becomes one record with an observation per banner,
    like a Censys host; its ``port`` is None unless it has a single one.
    """
    if not isinstance(banner, dict):
        raise RecordError("record is not a JSON object")
    if isinstance(banner.get("data"), list):
        return _host(banner, position)
    if isinstance(banner.get("matches"), list):
        raise RecordError("a saved search result, not a banner: give its matches one per line (jq -c '.matches[]')")
    if isinstance(banner.get("ports"), list) and "cpes" in banner and "port" not in banner:
        return _internetdb(banner, position)
    if len(banner) == 1 and isinstance(banner.get("detail"), str):
        # InternetDB's answer for an address it has nothing on ({"detail": "No information available"}).
        raise RecordError(f"an InternetDB answer without a host: {banner['detail'][:80]!r}")
    ip = _ip_of(banner)
    port = valid_port(banner.get("port"))
    if port is None:
        raise RecordError("no port")
    transport = as_transport(banner.get("transport"))
    module = as_dict(banner.get("_shodan")).get("module")
    module = module if isinstance(module, str) else ""
    data = banner.get("data")
    data = data if isinstance(data, str) else ""
    http = banner.get("http")
    ssl = banner.get("ssl")

    fields: dict[str, str] = {}
    # Whatever the module says, the reply is read by what it contains (importers/sniff.py).
    protocol = sniff(data, fields, port=port, hint=module) or _banner_fields(data, module, port, fields)
    if protocol == "http":
        protocol = "https" if ssl or module.startswith("https") else "http"
    if isinstance(http, dict):
        _http_fields(http, fields)
        if protocol not in ("http", "https"):
            protocol = "https" if ssl else "http"
    elif banner.get("html") or banner.get("title"):
        # Banners before the ``http`` property kept the page and its title at the top level (the schema marks them
        # deprecated: "Use http.html instead"); older downloads still carry them.
        page_fields(_stripped(banner.get("html")), fields, _stripped(banner.get("title")))
    if isinstance(ssl, dict):
        _tls_fields(ssl, fields)
        if protocol == "banner":
            protocol = "tls"
    snmp = banner.get("snmp")
    if isinstance(snmp, dict):
        # Text only, the description whole (it is sysDescr.0 alone, as the live probe and the Censys importer
        # keep it: nmap's snmp-sysdescr output is cut at its first line because nmap adds the uptime after it),
        # and the object ID as a dotted number even when Shodan printed it by name (SNMPv2-SMI::enterprises.368.4).
        snmp_value("descr", snmp.get("description"), fields)
        snmp_value("oid", snmp.get("objectid"), fields)
        # sysName: the name the device gives itself, often its firmware's default host name.
        snmp_value("name", snmp.get("name"), fields)
        # What Shodan's SNMP parser read of the agent's hardware (its schema: model_name, serial_number, mac_address):
        # the model is Shodan's reading, weak like Censys's ENTITY-MIB model; the serial and MAC are the device's.
        put(fields, "import.product", _stripped(snmp.get("model_name")))
        put(fields, "devinfo.serial", _stripped(snmp.get("serial_number")))
        put_mac(fields, snmp.get("mac_address"))
        protocol = "snmp"
    module_fields(banner, fields)
    if protocol == "banner" and "upnp.manufacturer" in fields:
        protocol = "upnp"
    elif protocol == "banner" and "mdns.service" in fields:
        protocol = "mdns"
    put(fields, "import.product", banner.get("product"))
    put(fields, "import.version", banner.get("version"))
    put(fields, "import.devicetype", banner.get("devicetype"))
    put(fields, "import.os", banner.get("os"))
    # Shodan's own conclusions and names for the host: weak evidence, named as such (import.*).
    put(fields, "import.info", banner.get("info"))
    cpe23, cpe = banner.get("cpe23"), banner.get("cpe")
    if cpe23 or cpe:
        put(fields, "import.cpe", [c for c in _list(cpe23) + _list(cpe) if isinstance(c, str)])
    _put_texts(fields, "import.tags", banner.get("tags"))
    _put_texts(fields, "import.hostnames", banner.get("hostnames"))

    observation = Observation(
        ip=ip,
        port=port,
        transport=transport,
        protocol=protocol,
        source="import",
        seen_at=iso_utc(banner.get("timestamp")),
        fields=fields,
        raw=data[:RAW_KEEP_BYTES].encode("utf-8", "replace"),
    )
    country = as_dict(banner.get("location")).get("country_code")
    return ImportRecord(
        position=position,
        ip=ip,
        port=port,
        observations=(observation,),
        country=country if isinstance(country, str) and country else None,
        asn=_text_or_none(banner.get("asn")),
        org=_text_or_none(banner.get("org")),
    )


#: Banners read of one host lookup (Shodan keeps one per open port; more is a broken or hostile file).
MAX_HOST_BANNERS = 256


def _host(host: dict[str, Any], position: int) -> ImportRecord:
    ip = _ip_of(host)
    observations: list[Observation] = []
    country = asn = org = None
    for item in host["data"][:MAX_HOST_BANNERS]:
        if not isinstance(item, dict) or isinstance(item.get("data"), list):
            continue
        # A banner inside a host lookup may leave out what the host already says (its address).
        record = parse_banner({"ip_str": ip, **item} if "ip_str" not in item and "ip" not in item else item, position)
        observations.extend(record.observations)
        country, asn, org = country or record.country, asn or record.asn, org or record.org
    # What the lookup says of the host as a whole (its names, tags, OS guess) when its banners do not.
    host_fields: dict[str, str] = {}
    put(host_fields, "import.os", host.get("os"))
    put(host_fields, "import.tags", [t for t in _list(host.get("tags")) if isinstance(t, str)])
    put(host_fields, "import.hostnames", [h for h in _list(host.get("hostnames")) if isinstance(h, str)])
    said = {(name, value) for o in observations for name, value in o.fields.items()}
    host_fields = {name: value for name, value in host_fields.items() if (name, value) not in said}
    if host_fields:
        observations.append(Observation(ip, None, None, "import", "import", iso_utc(host.get("last_update")),
                                        host_fields))
    ports = {o.port for o in observations if o.port is not None}
    country_code = as_dict(host.get("location")).get("country_code") or host.get("country_code")
    return ImportRecord(
        position=position,
        ip=ip,
        port=ports.pop() if len(ports) == 1 else None,
        observations=tuple(observations),
        country=country_code if isinstance(country_code, str) and country_code else country,
        asn=_text_or_none(host.get("asn")) or asn,
        org=_text_or_none(host.get("org")) or org,
    )


def _internetdb(answer: dict[str, Any], position: int) -> ImportRecord:
    """Shodan's InternetDB answer for one address (``https://internetdb.shodan.io/{ip}``: ``ip``, ``ports``, ``cpes``,
    ``hostnames``, ``tags``, ``vulns``), which keeps no banner: Shodan's CPEs, tags and host names for the whole
    host, its weak claims, as one host-level observation (``port`` set only when one port is listed)."""
    ip = valid_ip(answer.get("ip"))
    fields: dict[str, str] = {}
    _put_texts(fields, "import.cpe", answer.get("cpes"))
    _put_texts(fields, "import.tags", answer.get("tags"))
    _put_texts(fields, "import.hostnames", answer.get("hostnames"))
    port = host_port(answer.get("ports"), 32)
    observation = Observation(ip, port, None, "import", "import", "", fields)
    return ImportRecord(position=position, ip=ip, port=port, observations=(observation,))


def _put_texts(fields: dict[str, str], name: str, value: Any) -> None:
    """``fields[name]`` from the strings of a JSON list (most banners have none: no list is built then)."""
    if value:
        put(fields, name, [item for item in _list(value) if isinstance(item, str)])


def _list(value: Any) -> list[Any]:
    return value[:32] if isinstance(value, list) else []


def _stripped(value: Any) -> str | None:
    """A text value as Shodan gave it, when it is text with something in it."""
    return value if isinstance(value, str) and value.strip() else None


def _text_or_none(value: Any) -> str | None:
    return value[:200] if isinstance(value, str) and value else None


def _banner_fields(data: str, module: str, port: int, fields: dict[str, str]) -> str:
    for prefix, name, default_port in _BANNER_FIELDS:
        if module.startswith(prefix) or (not module and port == default_port):
            # SSH: Shodan appends key type and fingerprints after the identification line.
            put(fields, name, data.split("\n", 1)[0].strip() if prefix == "ssh" else data.strip())
            return prefix
    put(fields, "banner", data.strip())
    return "banner"


def _http_fields(http: dict[str, Any], fields: dict[str, str]) -> None:
    if "http.status" not in fields:
        put(fields, "http.status", http.get("status"))
    if "http.server" not in fields:
        put(fields, "http.server", http.get("server"))
    # Shodan's ``http.location`` is the path it requested, not a Location header.
    put(fields, "http.path", http.get("location"))
    page_fields(http.get("html"), fields, http.get("title"))
    favicon = http.get("favicon")
    if isinstance(favicon, dict):
        put(fields, "http.favicon.mmh3", favicon.get("hash"))
        # ``data`` is the icon itself, base64 with a newline every 76 characters (what ``hash`` is the mmh3 of): its
        # MD5 is what Recog's, nmap's and Censys's icon fingerprints name, which ``hash`` alone never matched.
        icon = base64_icon(favicon.get("data"))
        if icon:
            for name, value in favicon_hashes(icon).items():
                fields.setdefault(name, value)


def _tls_fields(ssl: dict[str, Any], fields: dict[str, str]) -> None:
    cert = as_dict(ssl.get("cert"))
    subject = cert.get("subject")
    if isinstance(subject, dict):
        put(fields, "tls.subject", dn_from_mapping(subject))
    issuer = cert.get("issuer")
    if isinstance(issuer, dict):
        put(fields, "tls.issuer", dn_from_mapping(issuer))
    sha256 = as_dict(cert.get("fingerprint")).get("sha256")
    if isinstance(sha256, str):
        put(fields, "tls.sha256", sha256.lower())
    if cert:
        # Shodan's banner: ``issued``/``expires`` as GeneralizedTime, ``serial`` an integer, ``sig_alg`` OpenSSL's
        # name, ``pubkey: {type, bits}``.
        pubkey = as_dict(cert.get("pubkey"))
        put_shape(fields, {
            "tls.not_before": timestamp(cert.get("issued")),
            "tls.not_after": timestamp(cert.get("expires")),
            "tls.serial": serial_hex(cert.get("serial")),
            "tls.key_type": key_type_name(pubkey.get("type")),
            "tls.key_bits": key_bits(pubkey.get("bits")),
            "tls.signature": signature_name(cert.get("sig_alg")),
        })
    chain = ssl.get("chain")
    if isinstance(chain, list) and chain and isinstance(chain[0], str):
        _leaf_fields(chain[0], fields)
    if "tls.san" not in fields:
        # Without the chain's PEM the names are still in the summary, as the extension's value (helper-216).
        shodan_san(cert.get("extensions"), fields)


def _leaf_fields(pem: str, fields: dict[str, str]) -> None:
    """The names ``ssl.cert`` leaves out, from the leaf certificate of ``ssl.chain`` (PEM, leaf first): its
    subjectAltName as ``tls.san`` -- what Censys (``cert.names``), zgrab2 (``subject_alt_name``) and nmap
    (``ssl-cert``) give for the same certificate -- and its names and fingerprint where ``ssl.cert`` had none."""
    pem_certificate(pem, fields)
