"""What a WS-Discovery answer's ``Types`` says about the device: an ONVIF device, a printer or scanner, a computer.

UDP 3702 answers for cameras (ONVIF), for printers and scanners (Microsoft's WS-Print/WS-Scan) and for Windows hosts
and Samba servers (Function Discovery's ``pub:Computer``). rules/discovery.yaml reads the local names of ``Types``
(``onvif.wsd.types.device``, ``onvif.wsd.types.network-video``, ``wsd.types.print-scan``, ``wsd.types.computer``),
and the ONVIF profiles a device claims in its scopes (``onvif.scope.profile``); protocols/wsdiscovery.py reads a
ResolveMatch (the answer to a Resolve) as it reads a ProbeMatch.

The answers below are assembled here (invented envelopes, addresses and uuids) around the ``Types`` lists the cited
public sources show: ``tds:Device`` (the ONVIF Core Specification's device type; UniversalScanner's WS-Discovery
self-test, github:julienblitte/UniversalScanner/UniversalScanner/Wsdiscovery.selftest@a8363c5a6063), ``Device
wprt:PrintDeviceType`` and ``Device pub:Computer`` (nmap's broadcast-wsdd-discover sample output,
github:nmap/nmap/scripts/broadcast-wsdd-discover.nse@6c7c8c93d623), ``wsdp:Device pub:Computer`` with wsdd's
namespace table (github:christgau/wsdd/src/wsdd.py@018a8ffc07b1), ``dn:NetworkVideoStorage``/``Display``/``Analytics``
(ONVIF's device types in github:use-go/onvif/Device.go@0176d27c9fe9), ``Profile/<letter>`` scopes (ONVIF's profile
list, https://www.onvif.org/profiles/).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, is_video_device
from camaudit.protocols import discovery, wsdiscovery

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
RULES = ("onvif.wsd.types.device", "onvif.wsd.types.network-video", "wsd.types.print-scan", "wsd.types.computer")


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


def resolve_match(types: str, xaddrs: str, scopes: str) -> str:
    """The answer to a Resolve (WS-Discovery 2005/04): the same description as a ProbeMatch, in ResolveMatches."""
    return (
        f'<?xml version="1.0" encoding="utf-8"?><soap:Envelope {WSD_NAMESPACES}><soap:Header>'
        "<wsa:Action>http://schemas.xmlsoap.org/ws/2005/04/discovery/ResolveMatches</wsa:Action></soap:Header>"
        "<soap:Body><wsd:ResolveMatches><wsd:ResolveMatch><wsa:EndpointReference>"
        "<wsa:Address>urn:uuid:1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0</wsa:Address></wsa:EndpointReference>"
        f"<wsd:Types>{types}</wsd:Types><wsd:Scopes>{scopes}</wsd:Scopes><wsd:XAddrs>{xaddrs}</wsd:XAddrs>"
        "<wsd:MetadataVersion>1</wsd:MetadataVersion></wsd:ResolveMatch></wsd:ResolveMatches></soap:Body>"
        "</soap:Envelope>"
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


def test_a_resolve_answer_is_read_like_a_probe_answer() -> None:
    answer = resolve_match("dn:NetworkVideoTransmitter tds:Device", "http://192.0.2.59/onvif/device_service",
                           "onvif://www.onvif.org/name/AXIS%20M3045-V onvif://www.onvif.org/hardware/M3045-V")
    messages = wsdiscovery.parse_message(answer.encode())
    assert [m["wsd.message"] for m in messages] == ["ResolveMatch"]
    assert messages[0]["onvif.scope"].splitlines() == ["onvif://www.onvif.org/name/AXIS M3045-V",
                                                        "onvif://www.onvif.org/hardware/M3045-V"]
    identity = identified(answer)
    assert is_video_device(identity.device_type) and identity.brand == "axis" and identity.model == "M3045-V"


def test_a_resolve_answer_from_a_printer_is_a_printer() -> None:
    identity = identified(resolve_match("wsdp:Device wprt:PrintDeviceType", "http://192.0.2.60:50000/", ""))
    assert identity.device_type == "printer"


def test_a_camera_announcing_the_onvif_type_beside_its_video_scopes_stays_a_camera_not_a_printer() -> None:
    identity = identified(probe_match(
        "dn:NetworkVideoTransmitter tds:Device", "http://192.0.2.56/onvif/device_service",
        "onvif://www.onvif.org/type/video_encoder onvif://www.onvif.org/Profile/Streaming"))
    assert is_video_device(identity.device_type)
    assert not fired(identity) & {"wsd.types.print-scan", "wsd.types.computer"}


def test_onvif_recorders_displays_and_analytics_devices_are_video_devices() -> None:
    # use-go/onvif's device types: a storage device (a recorder), a display, an analytics box.
    for kind in ("NetworkVideoStorage", "NetworkVideoDisplay", "NetworkVideoAnalytics"):
        identity = identified(probe_match(f"dn:{kind}", "http://192.0.2.57/onvif/services"))
        assert is_video_device(identity.device_type), kind
        assert "onvif.wsd.types.network-video" in fired(identity)


def test_a_device_announcing_only_its_onvif_profiles_is_a_video_device() -> None:
    # No type/ scope and no Profile/Streaming: the profiles a device claims (T, G) are ONVIF's video profiles.
    evidence = match_fields({"onvif.scope": "onvif://www.onvif.org/Profile/T\nonvif://www.onvif.org/Profile/G\n"
                                            "onvif://www.onvif.org/location/"})
    assert [e.asserts for e in evidence if e.rule_id == "onvif.scope.profile"] == [{"device_type": "video_device"}]


def test_a_camera_claiming_the_access_control_profile_is_not_made_an_access_controller() -> None:
    identity = identified(probe_match(
        "dn:NetworkVideoTransmitter", "http://192.0.2.58/onvif/device_service",
        "onvif://www.onvif.org/Profile/Streaming onvif://www.onvif.org/Profile/G onvif://www.onvif.org/Profile/C "
        "onvif://www.onvif.org/name/IP-Camera"))
    assert is_video_device(identity.device_type)
    assert identity.device_type != "access_control"


def test_the_quick_install_profile_alone_types_nothing() -> None:
    evidence = match_fields({"onvif.scope": "onvif://www.onvif.org/Profile/Q/Operational"})
    assert not [e for e in evidence if e.asserts.get("device_type")]


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


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.text(max_size=80), st.sampled_from([
    "onvif://www.onvif.org/Profile/T", "onvif://www.onvif.org/Profile/", "onvif://www.onvif.org/Profile/Q/Operational",
    "onvif://www.onvif.org/profile/c", "\n", "Profile/G"])), max_size=20).map("\n".join))
def test_any_scope_list_is_read_without_error_and_the_profile_rule_only_types(scopes: str) -> None:
    for evidence in match_fields({"onvif.scope": scopes}):
        if evidence.rule_id == "onvif.scope.profile":
            assert evidence.asserts == {"device_type": "video_device"}
