"""SNMP system values however a tool printed them, nmap's favicon and generator names, zgrab2 certificate
names and modules without a banner: each reaches identify as the field the live probes fill.

Sources of the values: the AXIS P5534-E sysDescr is a real one from
github:librenms/librenms/tests/snmpsim/axiscam.snmprec@8a1f2da217a1; the printed forms are net-snmp's
(``snmpget`` default, ``-On`` numeric, ``iso.`` without MIBs) and masscan's SNMP banner, ``<name>:<value>``
per varbind (github:robertdavidgraham/masscan/src/proto-snmp.c@fd5e917a6775, ``snmp_banner``); the favicon
name is nmap's favicon-db entry ``89B932FCC47CF4CA3FAADB0CFDEF89CF: Hikvision DVR`` (nmap 7.93,
nselib/data/favicon-db); the BACnet result uses the keys of zgrab2's bacnet module (``vendor_name``,
``model_name``) with illustrative values; the RTSP answer of the last test is illustrative.
"""

from __future__ import annotations

import io
import json

from tests.load import held_call

from camaudit.identify import identify
from camaudit.importers import jsonl, masscan, nmap, zgrab2
from camaudit.importers.sniff import sniff
from camaudit.protocols.snmp_text import snmp_fields

AXIS = "; AXIS P5534-E; PTZ Dome Network Camera; 5.40.9.2; May 15 2012 09:50; 188.1; 1;"


def test_net_snmp_printed_forms() -> None:
    for text in (
        f"SNMPv2-MIB::sysDescr.0 = STRING: {AXIS}\nSNMPv2-MIB::sysObjectID.0 = OID: SNMPv2-SMI::enterprises.368.4",
        f'iso.3.6.1.2.1.1.1.0 = STRING: "{AXIS}"\niso.3.6.1.2.1.1.2.0 = OID: iso.3.6.1.4.1.368.4',
        f".1.3.6.1.2.1.1.1.0 = STRING: {AXIS}\n.1.3.6.1.2.1.1.2.0 = OID: .1.3.6.1.4.1.368.4",
    ):
        fields: dict[str, str] = {}
        assert sniff(text, fields) == "snmp"
        assert fields == {"snmp.sysdescr": AXIS, "snmp.sysobjectid": "1.3.6.1.4.1.368.4"}


def test_text_that_only_mentions_a_system_is_not_snmp() -> None:
    for text in ("the system is up", "sysadmin: root", "sysName is cam", "SNMPv2-MIB::sysUpTime.0 = Timeticks: (1) 0:00"):
        assert not snmp_fields(text, {})
    # A printed sysName.0 is SNMP output, read as the agent's host name (test_snmp_sysname.py).
    assert snmp_fields("SNMPv2-MIB::sysName.0 = STRING: cam", {})


def test_masscan_snmp_banner() -> None:
    line = json.dumps({"ip": "192.0.2.70", "timestamp": "1717000000", "ports": [{"port": 161, "proto": "udp",
                       "service": {"name": "snmp", "banner": f"\nsysDescr:{AXIS}\nsysObjectID:1.3.6.1.4.1.368.4"}}]})
    (record,) = masscan.read(io.BytesIO(f"[\n{line}\n]\n".encode()))
    (obs,) = record.observations
    assert obs.protocol == "snmp"
    assert obs.fields["snmp.sysdescr"] == AXIS
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.model) == ("axis", "P5534-E")


def test_jsonl_collectors_snmp_values_and_printed_replies() -> None:
    lines = [
        {"ip": "192.0.2.71", "port": 161, "sysDescr": AXIS, "sysObjectID": "1.3.6.1.4.1.368.4"},
        {"ip": "192.0.2.72", "port": 161, "response": f"SNMPv2-MIB::sysDescr.0 = STRING: {AXIS}"},
    ]
    records = list(jsonl.read(io.BytesIO("\n".join(json.dumps(x) for x in lines).encode())))
    assert [r.error for r in records] == [None, None]
    for record in records:
        (obs,) = record.observations
        assert (obs.protocol, obs.fields["snmp.sysdescr"]) == ("snmp", AXIS)
        assert identify(record.observations).manufacturer == "axis"


def test_nmap_favicon_name_and_generator() -> None:
    xml = ('<?xml version="1.0"?><nmaprun><host><address addr="192.0.2.73" addrtype="ipv4"/><ports>'
           '<port protocol="tcp" portid="80"><state state="open"/><service name="http"/>'
           '<script id="http-favicon" output="Hikvision DVR"/>'
           '<script id="http-generator" output="TYPO3 4.2 CMS"/></port></ports></host></nmaprun>')
    (record,) = list(nmap.read(io.BytesIO(xml.encode())))
    fields = record.observations[0].fields
    assert fields["import.product"].split("\n") == ["Hikvision DVR", "TYPO3 4.2 CMS"]
    assert "http.favicon.md5" not in fields
    identity = identify(record.observations)
    assert identity.manufacturer == "hikvision"


def test_zgrab2_certificate_names_and_structured_modules() -> None:
    target = {"ip": "192.0.2.74", "data": {
        "tls": {"status": "success", "protocol": "tls", "port": 443, "result": {"handshake_log": {
            "server_certificates": {"certificate": {"parsed": {
                "subject_dn": "CN=192.0.2.74", "issuer_dn": "CN=192.0.2.74",
                "extensions": {"subject_alt_name": {"dns_names": ["cam.example"], "ip_addresses": ["192.0.2.74"]}}}}}}}},
        "bacnet": {"status": "success", "protocol": "bacnet", "port": 47808, "result": {
            "is_bacnet": True, "vendor_id": 5, "vendor_name": "Johnson Controls, Inc.", "model_name": "NAE5510-2"}},
        "rtsp": {"status": "success", "protocol": "rtsp", "port": 554, "result": {
            "response": "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Basic realm=\"Hipcam RealServer\"\r\n\r\n"}},
    }}
    record = zgrab2.parse_target(target, 1)
    by_port = {o.port: o for o in record.observations}
    assert by_port[443].fields["tls.san"] == "cam.example\n192.0.2.74"
    assert by_port[47808].fields == {"import.vendor": "Johnson Controls, Inc.", "import.product": "NAE5510-2"}
    assert by_port[554].protocol == "rtsp"
    assert by_port[554].fields["rtsp.www_authenticate"] == 'Basic realm="Hipcam RealServer"'


def test_structured_modules_are_bounded() -> None:
    deep: dict[str, object] = {"vendor": "x"}
    for _ in range(50):
        deep = {"a": deep, "b": ["y" * 40] * 100}
    record = zgrab2.parse_target({"ip": "192.0.2.75", "data": {"m": {"protocol": "m", "result": deep}}}, 1)
    assert record.error is None


def test_snmp_patterns_stay_linear_on_hostile_text() -> None:
    for text in ("sys" * 6000, ".1" * 8000 + ".3.6.1.2.1.1.1.0 = STRING: x", "sysDescr.0 = " + "=" * 16000,
                 "\n".join(["SNMPv2-MIB::sysObjectID.0 = OID: " + "1." * 2000] * 4)):
        held_call(lambda text=text: (snmp_fields(text, {}), sniff(text, {})), 0.5, f"reading {text[:20]!r}...")


def test_nmap_ssl_cert_subject_alternative_names() -> None:
    # ssl-cert.nse (nmap 7.93): the extensions table in -oX, the "Subject Alternative Name:" line in the text.
    table = ('<table key="extensions"><table><elem key="name">X509v3 Subject Alternative Name</elem>'
             '<elem key="value">DNS:cam.example, IP Address:192.0.2.76</elem></table></table>')
    text = "Subject: commonName=cam.example&#10;Subject Alternative Name: DNS:cam.example, IP Address:192.0.2.76"
    for inner, output in ((table, "x"), ("", text)):
        xml = ('<?xml version="1.0"?><nmaprun><host><address addr="192.0.2.76" addrtype="ipv4"/><ports>'
               '<port protocol="tcp" portid="443"><state state="open"/><service name="https"/>'
               f'<script id="ssl-cert" output="{output}">{inner}</script></port></ports></host></nmaprun>')
        (record,) = list(nmap.read(io.BytesIO(xml.encode())))
        assert record.observations[0].fields["tls.san"] == "cam.example\n192.0.2.76"


def test_a_shared_certificates_names_are_not_the_devices() -> None:
    # A CDN certificate lists many tenants; one of them may be a camera maker's web site.
    names = [f"site{i}.example" for i in range(20)] + ["www.hikvision.com"]
    target = {"ip": "192.0.2.77", "data": {"tls": {"protocol": "tls", "port": 443, "result": {"handshake_log": {
        "server_certificates": {"certificate": {"parsed": {"subject_dn": "CN=cdn.example",
                                                           "extensions": {"subject_alt_name": {"dns_names": names}}}}}}}}}}
    record = zgrab2.parse_target(target, 1)
    assert "tls.san" not in record.observations[0].fields
    assert identify(record.observations).manufacturer is None
