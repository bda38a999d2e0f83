"""Axis products without a camera are not typed video devices (rules/http.yaml ``axis.text.non-video-product``).

AXIS OS runs Axis's network speakers (C-series), door controllers (A1xxx), readers (A4xxx) and I/O relays
(A9xxx) as well as its cameras, and they name themselves the cameras' way ("AXIS C1410 Network Mini Speaker",
help.axis.com). Before 2026-12-03 the title rule and the AXIS OS header rules typed them ``video_device``. Axis's
video door stations (A8xxx) and video intercoms (I8016-LVE) are video and stay ``intercom``.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Observation, is_video_device


def _obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation(ip="192.0.2.90", port=port, transport="tcp", protocol=protocol, source="import",
                       seen_at="2026-12-03T00:00:00Z", fields=fields)


@pytest.mark.parametrize("name", ["AXIS C1410 Network Mini Speaker", "AXIS C1310-E Network Horn Speaker",
                                  "AXIS C8110 Network Audio Bridge", "AXIS A1610 Network Door Controller",
                                  "AXIS A4020-E Reader"])
def test_an_axis_speaker_door_controller_or_reader_is_not_a_video_device(name: str) -> None:
    for observations in (
        [_obs({"http.title": name})],
        [_obs({"http.title": name, "http.headers": "Server: Apache\nAxis-Setup: vapix"})],
        [_obs({"ftp.banner": f"220 {name} 11.0.89 (2023) ready."}, 21, "ftp")],
    ):
        identity = identify(observations)
        assert not is_video_device(identity.device_type), (name, identity.attribution)
        assert identity.brand == "axis"
        assert identity.model == name.split()[1]


@pytest.mark.parametrize(("name", "kind"), [("AXIS I8016-LVE Network Video Intercom", "intercom"),
                                            ("AXIS A8105-E Network Video Door Station", "intercom"),
                                            ("AXIS P3245-LVE Network Camera", "camera")])
def test_axis_video_door_stations_intercoms_and_cameras_stay_video(name: str, kind: str) -> None:
    identity = identify([_obs({"http.title": name})])
    assert identity.device_type == kind and identity.manufacturer == "axis"


# --- Several AXIS OS signs at once (helper-85, 2026-12-03) -------------------------------------------------------
# Every AXIS OS device answers VAPIX with Brand "AXIS", an AXIS_<MAC> realm, Axis's headers and an Axis MAC: each
# a "video device" sign, which together outvoted the product name. The device's own ProdNbr/ProdType and its
# default mDNS instance name ("<model> - <serial>") now decide. Product lines from help.axis.com manuals.

_REALM_REPLY = {"http.www_authenticate": 'Digest realm="AXIS_ACCC8E5A3B7C", nonce="x"',
                "http.headers": "Server: Apache\nAxis-Setup: vapix"}


def _vapix(number: str, kind: str) -> Observation:
    return _obs({"axis.brand": "AXIS", "axis.prod_nbr": number, "axis.prod_type": kind, "axis.version": "11.8.64",
                 "axis.serial": "ACCC8E5A3B7C"})


@pytest.mark.parametrize(("number", "kind"), [("C1410", "Network Mini Speaker"), ("C1310-E", "Network Horn Speaker"),
                                              ("A1601", "Network Door Controller"), ("A9188", "Network I/O Relay Module"),
                                              ("D2110-VE", "Security Radar"), ("D4100-E", "Network Strobe Siren")])
def test_an_axis_non_camera_answering_vapix_beside_its_realm_headers_and_mac_is_not_video(number: str, kind: str) -> None:
    identity = identify([_vapix(number, kind), _obs(_REALM_REPLY)])
    assert not is_video_device(identity.device_type), identity.attribution
    assert (identity.brand, identity.manufacturer, identity.model) == ("axis", "axis", number)


def test_the_product_number_alone_decides_when_the_product_type_is_new() -> None:
    identity = identify([_vapix("C1211-E", "Network Ceiling Speaker Mk II"), _obs(_REALM_REPLY)])
    assert not is_video_device(identity.device_type), identity.attribution


def test_an_axis_speakers_default_mdns_name_is_axis_but_not_video() -> None:
    announced = Observation(ip="192.0.2.90", port=5353, transport="udp", protocol="mdns", source="discover",
                            seen_at="2026-12-03T00:00:00Z",
                            fields={"mdns.service": "_axis-video._tcp", "mdns.instance": "AXIS C1410 - ACCC8E5A3B7C"})
    identity = identify([announced])
    assert not is_video_device(identity.device_type), identity.attribution
    assert identity.brand == "axis" and identity.model == "C1410"


@pytest.mark.parametrize(("number", "kind", "expected"), [("P3245-LVE", "Network Camera", "camera"),
                                                          ("Q6075-E", "PTZ Network Camera", "camera"),
                                                          ("A8105-E", "Network Video Door Station", "intercom")])
def test_axis_cameras_and_door_stations_answering_vapix_stay_video(number: str, kind: str, expected: str) -> None:
    identity = identify([_vapix(number, kind), _obs(_REALM_REPLY)])
    assert identity.device_type == expected and identity.model == number


def test_an_axis_video_decoder_is_not_called_a_non_camera() -> None:
    identity = identify([_obs({"http.title": "AXIS D1110 Video Decoder 4K", **_REALM_REPLY})])
    assert is_video_device(identity.device_type), identity.attribution
