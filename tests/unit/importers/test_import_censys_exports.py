"""Censys exports beyond the API's host view: BigQuery / Universal Internet Dataset rows, search hits with
Censys's ``operating_system`` conclusion, certificate names.

``tests/data/importers/censys_bigquery.jsonl``:
* line 1 is a Universal Internet Dataset row as BigQuery exports it: ``host_identifier.ipv4``, ``snapshot_date``,
  ``services[].transport``, the BYTES ``banner`` base64-encoded and maps as ``[{key, value}]`` (the column names
  of https://search.censys.io/data/universal-internet-dataset/definitions, as published queries over
  ``censys-io.universal_internet_dataset`` select them); its banner is the Hikvision NVR reply of
  ``censys_hosts.jsonl``; values invented around it, address from a documentation range;
* line 2 is a real ``CensysHosts().search()`` hit published in
  github:Kylansito/Hackathon-Code-Examples/censysSummary.md@371526c80df5 (an Akamai web proxy; its address
  replaced by a documentation address), with ``operating_system.other`` ``{"key": "device", "value": "Web Proxy"}``;
* line 3 is the HTTPS service of the real ``h.view("8.8.8.8")`` result in that same file, with its
  ``tls.certificates.leaf_data.names`` (address replaced).
"""

from __future__ import annotations

from pathlib import Path

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import censys
from camaudit.importers.base import ImportRecord
from camaudit.model import is_video_device

DATA = Path(__file__).resolve().parents[2] / "data" / "importers" / "censys_bigquery.jsonl"


def _records() -> list[ImportRecord]:
    return list(censys.read(DATA))


def test_a_bigquery_row_is_read_with_its_base64_banner() -> None:
    row = _records()[0]
    assert (row.ip, row.error, row.country) == ("198.51.100.21", None, "NL")
    web = next(o for o in row.observations if o.port == 80)
    assert (web.transport, web.protocol) == ("tcp", "http")
    # The banner column is BYTES: BigQuery writes it as base64, and it is read as the reply it encodes.
    assert web.fields["http.server"] == "DNVRS-Webs"
    assert 'realm="DS-7608NI-K2"' in web.fields["http.www_authenticate"]
    assert web.fields["import.cpe"] == "cpe:2.3:h:hikvision:ds-7608ni-k2:*:*:*:*:*:*:*:*"
    assert web.fields["import.devicetype"] == "NVR"
    assert web.fields["import.tags"] == "network-video-recorder"
    host = next(o for o in row.observations if o.port is None)
    assert host.fields["import.os"] == "Linux"
    assert host.fields["import.hostnames"] == "nvr.example.net"
    identity = identify(row.observations)
    assert (identity.manufacturer, identity.device_type) == ("hikvision", "nvr")


def test_bigquery_header_pairs_without_a_banner() -> None:
    row = {"host_identifier": {"ipv4": "198.51.100.22"}, "services": [{
        "port": 8080, "transport": "TCP", "service_name": "HTTP",
        "http": {"response": {"status_code": 200, "headers": [
            {"key": "Server", "value": {"headers": ["DNVRS-Webs"]}}, {"key": "Content_Type", "value": ["text/html"]},
            {"key": 7, "value": "x"}, "junk"]}}}]}
    record = censys.parse_host(row, 1)
    (web,) = record.observations
    assert web.fields["http.server"] == "DNVRS-Webs"
    assert web.fields["http.headers"] == "Server: DNVRS-Webs\nContent-Type: text/html"
    assert identify(record.observations).manufacturer == "hikvision"


def test_the_operating_system_conclusion_of_a_search_hit() -> None:
    proxy = _records()[1]
    host = next(o for o in proxy.observations if o.port is None)
    assert host.fields["import.vendor"] == "Akamai"
    assert host.fields["import.devicetype"] == "Web Proxy"
    assert host.fields["import.os"] == "Linux"
    assert not is_video_device(identify(proxy.observations).device_type)


def test_certificate_names_reach_tls_san() -> None:
    (https,) = _records()[2].observations
    assert https.fields["tls.san"].split("\n")[:2] == ["*.dns.google.com", "8.8.4.4"]
    assert https.fields["tls.issuer"] == "CN=WR2,O=Google Trust Services,C=US"


def test_an_ordinary_text_banner_is_not_taken_for_base64() -> None:
    row = {"ip": "198.51.100.23", "services": [{"port": 21, "service_name": "FTP", "banner": "220 ready"}]}
    (ftp,) = censys.parse_host(row, 1).observations
    assert ftp.fields["ftp.banner"] == "220 ready"


def test_every_field_is_declared_for_censys() -> None:
    for record in _records():
        for obs in record.observations:
            for name, value in obs.fields.items():
                declared = field(name)
                assert declared is not None and declared.filled_by("import:censys"), name
                assert declared.accepts(value), (name, value)
