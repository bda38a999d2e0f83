"""Where a device says its services are, read from its answers: only on the address that answered, only
printable paths, never what the first round already asked."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from camaudit.model import Observation
from camaudit.scan.probes.base import make_observation
from camaudit.scan.probes.onvif import DEVICE_SERVICE, MAX_ADVERTISED, advertised_device_services, parse_fault
from camaudit.scan.probes.rtsp import redirect_path

IP = "192.0.2.10"


def _obs(protocol: str, port: int, **fields: str) -> Observation:
    return make_observation(IP, port, protocol, fields, transport="udp" if protocol == "wsd" else "tcp")


def test_an_advertised_device_service_on_the_same_host_is_asked() -> None:
    wsd = _obs("wsd", 3702, **{"onvif.xaddrs": f"http://{IP}:8899/onvif/devices"})
    [ep] = advertised_device_services([wsd], IP)
    assert (ep.ip, ep.port, ep.path, ep.tls) == (IP, 8899, "/onvif/devices", False)


def test_other_hosts_names_and_bad_paths_are_never_asked() -> None:
    xaddrs = " ".join(
        (
            "http://192.0.2.99/onvif/device_service",  # another host: a relay or a lie
            "http://camera.example/onvif/device_service",  # a name: could resolve anywhere
            f"ftp://{IP}/onvif/device_service",
            f"http://{IP}:99999/onvif/device_service",  # no such port
            f"http://{IP}:8080/onvif/dev\x00ice",
        )
    )
    assert advertised_device_services([_obs("wsd", 3702, **{"onvif.xaddrs": xaddrs})], IP) == []


def test_what_the_first_round_asked_is_not_asked_again() -> None:
    wsd = _obs("wsd", 3702, **{"onvif.xaddrs": f"http://{IP}/onvif/device_service https://{IP}:8443/onvif/x"})
    asked = [wsd, _obs("http", 80, **{"http.status": "200"}), _obs("onvif", 8443, **{"onvif.service": "/onvif/x"})]
    assert advertised_device_services(asked, IP) == []
    # Unasked: the default path on port 80 when no web answer was seen there.
    [ep] = advertised_device_services([wsd, _obs("onvif", 8443, **{"onvif.service": "/onvif/x"})], IP)
    assert (ep.port, ep.path) == (80, DEVICE_SERVICE)


def test_at_most_a_few_advertised_services_per_host() -> None:
    xaddrs = " ".join(f"http://{IP}:{8000 + n}/onvif/device_service" for n in range(8))
    assert len(advertised_device_services([_obs("wsd", 3702, **{"onvif.xaddrs": xaddrs})], IP)) == MAX_ADVERTISED


def test_an_rtsp_redirect_is_followed_on_the_same_host_and_port_only() -> None:
    assert redirect_path(f"rtsp://{IP}:554/Streaming/Channels/101?transportmode=unicast", IP, 554) == (
        "/Streaming/Channels/101?transportmode=unicast"
    )
    assert redirect_path(f"rtsp://{IP}/live", IP, 554) == "/live"
    assert redirect_path("/live/ch0", IP, 8554) == "/live/ch0"
    assert redirect_path(f"rtsp://{IP}:8554/live", IP, 554) is None  # another port
    assert redirect_path("rtsp://192.0.2.99/live", IP, 554) is None  # another host
    assert redirect_path("rtsp://cam.example/live", IP, 554) is None
    assert redirect_path(f"http://{IP}/live", IP, 554) is None
    assert redirect_path(f"rtsp://{IP}/a b", IP, 554) is None
    assert redirect_path(f"rtsp://{IP}/a\r\nCSeq: 9", IP, 554) is None


@given(st.text(max_size=300))
def test_hostile_locations_and_xaddrs_never_raise(text: str) -> None:
    path = redirect_path(text, IP, 554)
    assert path is None or (path.isascii() and path.isprintable() and " " not in path)
    for ep in advertised_device_services([_obs("wsd", 3702, **{"onvif.xaddrs": text})], IP):
        assert ep.ip == IP and ep.path.isascii() and ep.path.isprintable()


def test_a_soap_fault_is_read_in_the_firmwares_own_words() -> None:
    soap12 = (
        b'<?xml version="1.0"?><env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
        b'xmlns:ter="http://www.onvif.org/ver10/error"><env:Body><env:Fault><env:Code><env:Value>env:Sender'
        b"</env:Value><env:Subcode><env:Value>ter:NotAuthorized</env:Value></env:Subcode></env:Code><env:Reason>"
        b'<env:Text xml:lang="en">Sender not\n Authorized</env:Text></env:Reason></env:Fault></env:Body></env:Envelope>'
    )
    assert parse_fault(soap12) == "ter:NotAuthorized Sender not Authorized"
    soap11 = (
        b'<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><s:Fault>'
        b"<faultcode>s:Client</faultcode><faultstring>Unauthorized</faultstring></s:Fault></s:Body></s:Envelope>"
    )
    assert parse_fault(soap11) == "Unauthorized"
    assert parse_fault(b"<html>401</html>") is None and parse_fault(b"\xff\x00<") is None


@given(st.binary(max_size=400))
def test_hostile_faults_never_raise(body: bytes) -> None:
    fault = parse_fault(body)
    assert fault is None or len(fault) <= 200
