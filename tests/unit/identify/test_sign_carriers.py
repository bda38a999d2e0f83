"""A maker's own sign names the maker in every header that carries it (bench/parity.py, "One sign in every carrier").

Each value is the rule's own first documented example; the carriers are the headers the same firmware writes them
in: an RTSP answer's and an SSDP answer's Server as well as HTTP's, an RTSP challenge as well as HTTP's.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device


def _seen(protocol: str, fields: dict[str, str]) -> Identity:
    return identify([Observation(ip="192.0.2.5", port=554, transport="tcp", protocol=protocol, source="import",
                                 seen_at="2026-12-05T00:00:00Z", fields=fields)])


@pytest.mark.parametrize(("value", "maker"), [
    ("App-webs/", "hikvision"),
    ("DNVRS-Webs", "hikvision"),
    ("uc-httpd 1.0.0", "xiongmai"),
    ("GeoHttpServer", "geovision"),
    ("VVTK-HTTP-Server", "vivotek"),
    ("Milesight HTTP Server", "milesight"),
    ("ADH-Web", "dedicated-micros"),
])
@pytest.mark.parametrize("field", ["rtsp.server", "upnp.server", "sip.server"])
def test_a_makers_web_server_name_names_it_in_any_server_header(value: str, maker: str, field: str) -> None:
    identity = _seen(field.split(".")[0], {field: value})
    assert maker in (identity.manufacturer, identity.brand)
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize(("realm", "maker"), [
    ('Digest realm="DVRNVRDVS"', "hikvision"),
    ("Basic realm=\"Use 'live' as User Name\"", "bosch"),
    ('Basic realm="Merit LILIN Ent. Co., Ltd."', "lilin"),
    ('Digest realm="iPolis"', "hanwha"),
])
def test_a_makers_web_realm_names_it_in_an_rtsp_challenge(realm: str, maker: str) -> None:
    identity = _seen("rtsp", {"rtsp.www_authenticate": realm})
    assert maker in (identity.manufacturer, identity.brand)


def test_a_web_server_programs_name_in_an_rtsp_server_header_types_nothing() -> None:
    # Decided: nginx names what serves pages; on an RTSP answer it does not make the device a web server.
    identity = _seen("rtsp", {"rtsp.server": "nginx"})
    assert identity.device_type is None or identity.device_type != "web_server"


def test_a_samsung_net_i_realm_names_hanwha_on_http_too() -> None:
    identity = _seen("http", {"http.www_authenticate": 'Digest realm="NET-i", nonce="0000000000000000000000004F2A9C1B"'})
    assert identity.manufacturer == "hanwha"


def test_a_360_camera_named_in_a_upnp_model_name_stays_a_xiaomi_camera() -> None:
    # lexicon_consumer.yaml's own example: "360" was read as a photo camera's kind (words.not-camera.self-named-photo),
    # which outweighed the maker's name in the same value and typed the device not a camera.
    identity = _seen("upnp", {"upnp.model_name": "Mi 360 Camera"})
    assert identity.manufacturer == "xiaomi"
    assert is_video_device(identity.device_type)
    assert not is_video_device(_seen("upnp", {"upnp.model_name": "Action Cam"}).device_type)
