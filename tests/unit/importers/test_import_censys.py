"""Censys hosts, legacy Search 2.0 and Platform shapes -> one record per host."""

from __future__ import annotations

from pathlib import Path

from camaudit.importers import censys

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def hosts() -> list[censys.ImportRecord]:
    return list(censys.read(DATA / "censys_hosts.jsonl"))


def test_legacy_host() -> None:
    legacy = hosts()[0]
    assert (legacy.position, legacy.ip, legacy.port, legacy.country) == (1, "198.51.100.7", None, "NL")
    http, rtsp, https = legacy.observations
    assert (http.port, http.protocol, http.transport) == (80, "http", "tcp")
    assert http.seen_at == "2024-10-27T14:44:01.811676766Z"
    assert http.fields["http.status"] == "401"
    assert http.fields["http.server"] == "DNVRS-Webs"
    assert 'realm="DS-7608NI-K2"' in http.fields["http.www_authenticate"]
    assert http.fields["http.title"] == "Document Error: Unauthorized"
    assert http.fields["http.favicon.md5"] == "89a932fcc4bd6e2bbc2ece3f34b5e4e7"
    assert (http.fields["import.vendor"], http.fields["import.product"]) == ("Hikvision", "DS-7608NI-K2")
    assert rtsp.protocol == "rtsp" and rtsp.fields["rtsp.status"] == "401"
    assert https.protocol == "https"
    assert https.fields["tls.subject"] == "CN=198.51.100.7,OU=NVR,O=Hikvision,L=HZ,ST=ZJ,C=CN"
    assert https.fields["http.server"] == "webserver"
    assert https.fields["tls.sha256"].startswith("5f0c")


def test_api_envelope_is_unwrapped() -> None:
    view = hosts()[1]
    assert (view.ip, view.country) == ("198.51.100.8", "US")
    assert view.observations[0].fields == {"ssh.banner": "SSH-2.0-OpenSSH_7.4"}


def test_platform_host() -> None:
    platform = hosts()[2]
    assert (platform.ip, platform.country) == ("203.0.113.44", "JP")
    web, rtsp, https, https_login, snmp = platform.observations
    assert web.fields["http.server"] == "Webs"
    assert web.fields["http.title"] == "WEB SERVICE"
    assert web.fields["http.path"] == "/"
    assert web.fields["http.favicon.md5"] == "7b4fbc9b1e9a1d4a0b4f1e2d3c4b5a69"
    assert web.fields["http.favicon.mmh3"] == "2019488876"
    assert web.fields["import.product"] == "web_service\nip_camera"
    assert rtsp.fields["rtsp.server"] == "Rtsp Server/3.0"
    assert rtsp.fields["rtsp.public"].startswith("OPTIONS, DESCRIBE, ANNOUNCE")
    assert https.fields["tls.subject"] == "CN=203.0.113.44,O=Dahua,L=HangZhou,ST=ZheJiang,C=CN"
    assert https_login.port == 443 and https_login.fields == {
        "http.path": "/RPC2_Login",
        "http.status": "200",
    }
    assert (snmp.transport, snmp.fields["snmp.sysdescr"]) == ("udp", "DH-IPC-HFW2431S")


def test_host_without_ip_is_an_error_record() -> None:
    broken = hosts()[3]
    assert (broken.position, broken.error) == (4, "cannot interpret Censys host: no ip")


def test_search_export_array() -> None:
    got = list(censys.read(DATA / "censys_search_export.json"))
    assert [(r.position, r.ip, len(r.observations)) for r in got] == [
        (1, "198.51.100.7", 3),
        (2, "198.51.100.9", 0),
    ]


# --- Censys Platform's parsed SNMP answer ---------------------------------------------------------------
# The property names are Censys's (Snmp: engine, oid_system, oid_physical; Snmp_Engine.organization;
# Snmp_Physical.mfg_name/model_name/firmware_rev -- the Platform API schema as rendered at
# https://raw.githubusercontent.com/api-evangelist/censys/refs/heads/main/json-schema/asset-graph-snmp-schema.json
# and its -engine-, -physical- and -system- siblings). The values are illustrative, not a capture: an Axis
# model and firmware, the default host name AXIS OS gives a product (axis-<serial>, its MAC), net-snmp's own
# enterprise for a plain Linux agent; documentation addresses.


def _snmp_host(snmp: object) -> censys.ImportRecord:
    return censys.parse_host(
        {"ip": "192.0.2.61", "services": [{"port": 161, "protocol": "SNMP", "transport_protocol": "udp",
                                           "snmp": snmp}]},
        1,
    )


def test_platform_snmp_entity_and_engine_values_name_the_hardware() -> None:
    from camaudit.identify import identify
    from camaudit.model import is_video_device

    record = _snmp_host({
        "engine": {"organization": "Axis Communications AB", "pen": 368, "format": "MAC"},
        "oid_system": {"name": "axis-00408c18a2b7", "object_id": "SNMPv2-SMI::enterprises.368.4"},
        "oid_physical": {"mfg_name": "AXIS", "model_name": "P1346", "firmware_rev": "5.50.1"},
    })
    (snmp,) = record.observations
    assert snmp.fields["import.vendor"] == "AXIS\nAxis Communications AB"
    assert (snmp.fields["import.product"], snmp.fields["import.version"]) == ("P1346", "5.50.1")
    assert snmp.fields["snmp.sysname"] == "axis-00408c18a2b7"  # the device's own name, read as a host name
    assert snmp.fields["snmp.sysobjectid"] == "1.3.6.1.4.1.368.4"
    identity = identify(record.observations)
    assert identity.manufacturer == "axis" and is_video_device(identity.device_type)


def test_platform_snmp_of_a_plain_agent_names_no_camera_maker() -> None:
    from camaudit.identify import identify

    record = _snmp_host({"engine": {"organization": "net-snmp", "pen": 8072},
                         "oid_system": {"desc": "Linux gw 4.14.90", "object_id": "1.3.6.1.4.1.8072.3.2.10"}})
    (snmp,) = record.observations
    assert snmp.fields["import.vendor"] == "net-snmp"
    assert identify(record.observations).manufacturer is None


def test_platform_snmp_values_that_are_not_text_are_ignored() -> None:
    record = _snmp_host({"engine": {"organization": 7}, "oid_physical": {"mfg_name": ["AXIS"], "model_name": None},
                         "oid_system": {"name": {"x": 1}, "desc": 3, "object_id": "not an oid"}})
    assert record.error is None
    fields = record.observations[0].fields if record.observations else {}
    assert not {"import.vendor", "import.product", "import.hostnames", "snmp.sysdescr", "snmp.sysobjectid"} & set(fields)


def test_any_platform_snmp_object_reads_into_declared_fields() -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from camaudit.fields import field

    leaf = st.none() | st.integers() | st.text(max_size=200) | st.lists(st.text(max_size=10), max_size=3)
    part = st.dictionaries(
        st.sampled_from(["organization", "name", "desc", "object_id", "mfg_name", "model_name", "firmware_rev",
                         "software_rev"]), leaf, max_size=5)
    snmp = st.dictionaries(st.sampled_from(["engine", "oid_system", "oid_physical"]), part | leaf, max_size=3)

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(snmp)
    def check(value: dict[str, object]) -> None:
        record = _snmp_host(value)
        assert record.error is None
        for obs in record.observations:
            for name, text in obs.fields.items():
                declared = field(name)
                assert declared is not None and declared.accepts(text), (name, text)

    check()
