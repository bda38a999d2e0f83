"""What a WS-Discovery answer's ``Types`` says about the device: an ONVIF device, a printer or scanner, a computer.

UDP 3702 answers for cameras (ONVIF), for printers and scanners (Microsoft's WS-Print/WS-Scan) and for Windows hosts
and Samba servers (Function Discovery's ``pub:Computer``). rules/discovery.yaml reads the local names of ``Types``
(``onvif.wsd.types.device``, ``wsd.types.print-scan``, ``wsd.types.computer``).

The answers below are assembled here (invented envelopes, addresses and uuids) around the ``Types`` lists the cited
public sources show: ``tds:Device`` (the ONVIF Core Specification's device type; UniversalScanner's WS-Discovery
self-test, github:julienblitte/UniversalScanner/UniversalScanner/Wsdiscovery.selftest@a8363c5a6063), ``Device
wprt:PrintDeviceType`` and ``Device pub:Computer`` (nmap's broadcast-wsdd-discover sample output,
github:nmap/nmap/scripts/broadcast-wsdd-discover.nse@6c7c8c93d623), ``wsdp:Device pub:Computer`` with wsdd's
namespace table (github:christgau/wsdd/src/wsdd.py@018a8ffc07b1).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, is_video_device
from camaudit.protocols import discovery

WSD_NAMESPACES = (
    'xmlns:soap="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:wsa="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
    'xmlns:wsd="http://schemas.xmlsoap.org/ws/2005/04/discovery" '
    'xmlns:wsdp="http://schemas.xmlsoap.org/ws/2006/02/devprof" '
    'xmlns:pub="http://schemas.microsoft.com/windows/pub/2005/07" '
    'xmlns:wprt="http://schemas.microsoft.com/windows/2006/08/wdp/print" '
    'xmlns:wscn="http://schemas.microsoft.com/windows/2006/08/wdp/scan" '
    'xmlns:tds="http://www.onvif.org/ver10/device/wsdl" '
    'xmlns:dn="http://www.onvif.org/ver10/network/wsdl"'
)
RULES = ("onvif.wsd.types.device", "wsd.types.print-scan", "wsd.types.computer")


def probe_match(types: str, xaddrs: str, scopes: str = "") -> str:
    scope_element = f"<wsd:Scopes>{scopes}</wsd:Scopes>" if scopes else ""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope {WSD_NAMESPACES}><soap:Header>'
        "<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ProbeMatches</wsa:Action>"
        "<wsa:MessageID>urn:uuid:0f5d3b8e-2c4a-4e1b-9f7d-5a6b7c8d9e0f</wsa:MessageID></soap:Header><soap:Body>"
        "<wsd:ProbeMatches><wsd:ProbeMatch><wsa:EndpointReference>"
        "<wsa:Address>urn:uuid:1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0</wsa:Address></wsa:EndpointReference>"
        f"<wsd:Types>{types}</wsd:Types>{scope_element}<wsd:XAddrs>{xaddrs}</wsd:XAddrs>"
        "<wsd:MetadataVersion>1</wsd:MetadataVersion></wsd:ProbeMatch></wsd:ProbeMatches></soap:Body></soap:Envelope>"
    )


def identified(data: str) -> Identity:
    banner = {"ip_str": "198.51.100.41", "port": 3702, "transport": "udp", "data": data,
              "_shodan": {"module": "ws-discovery"}}
    record: ImportRecord = shodan.parse_banner(banner, 1)
    return identify(record.observations)


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def test_an_onvif_device_that_announces_only_its_type_is_a_video_device() -> None:
    # No scope names it and its service address is not /onvif/device_service (Axis-style /onvif/services), so the
    # ONVIF device type is the one sign.
    identity = identified(probe_match("tds:Device", "http://192.0.2.51/onvif/services"))
    assert is_video_device(identity.device_type)
    assert "onvif.wsd.types.device" in fired(identity)
    assert identity.manufacturer is None and identity.brand is None


def test_a_wsd_printer_is_a_printer_and_no_video_device() -> None:
    identity = identified(probe_match("wsdp:Device wprt:PrintDeviceType", "http://192.0.2.52:50000/"))
    assert identity.device_type == "printer"
    assert not is_video_device(identity.device_type)


def test_a_multi_function_printer_that_also_scans_is_a_printer() -> None:
    identity = identified(probe_match("wsdp:Device wscn:ScanDeviceType wprt:PrintDeviceType",
                                      "http://192.0.2.53:8018/wsd"))
    assert identity.device_type == "printer"


def test_a_windows_host_or_samba_server_is_not_a_camera() -> None:
    identity = identified(probe_match("wsdp:Device pub:Computer", "http://192.0.2.54:5357/1b2c3d4e"))
    assert identity.device_type == "not_camera"
    assert not is_video_device(identity.device_type)


def test_the_same_types_read_from_a_live_discovery_datagram() -> None:
    protocol, messages = discovery.classify(
        probe_match("Device wprt:PrintDeviceType", "http://192.0.2.55:50000/").encode(), 3702)
    assert protocol == "wsd" and messages
    evidence = match_fields(messages[0])
    assert {e.rule_id for e in evidence} >= {"wsd.types.print-scan"}
    assert all(e.asserts.get("device_type") != "video_device" for e in evidence)


def test_a_camera_announcing_the_onvif_type_beside_its_video_scopes_stays_a_camera_not_a_printer() -> None:
    identity = identified(probe_match(
        "dn:NetworkVideoTransmitter tds:Device", "http://192.0.2.56/onvif/device_service",
        "onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming"))
    assert is_video_device(identity.device_type)
    assert not fired(identity) & {"wsd.types.print-scan", "wsd.types.computer"}


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(["tds:Device", "wsdp:Device", "pub:Computer", "wprt:PrintDeviceType", "Device",
                              ":", " ", "\n", "x" * 60, "tds:", ":Computer", "wscn:ScanDeviceType"]),
             max_size=40).map(" ".join),
))
def test_any_types_list_is_read_without_error_and_the_rules_claim_only_a_device_type(types: str) -> None:
    for evidence in match_fields({"wsd.types": types}):
        if evidence.rule_id in RULES:
            assert set(evidence.asserts) == {"device_type"}
            assert evidence.asserts["device_type"] in {"video_device", "printer", "not_camera"}
