"""Device-type words and model numbers that misread look-alikes, found by running the layers over ~1M PyPI and npm
package summaries and nmap's service fingerprints (docs/identification/http.md, "HTTP answers read by their shape"):
each look-alike beside the device's own wording, which must still be read."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import match_fields, resolve
from camaudit.model import Identity, is_video_device


def _identity(field: str, value: str) -> Identity:
    return resolve(match_fields({field: value}, port=80, protocol="http"))


@pytest.mark.parametrize(
    "title",
    [
        "Unix IPC server",  # inter-process communication, not a camera's "IPC WEB" login page
        "ipc-server",
        "frigate-hass-card",  # a Home Assistant card for Frigate, not Frigate
        "homebridge-zoneminder",
        "python-zoneminder",
        "motioneye_client",
        "FLIR thermal imaging file reader",  # reads radiometric JPEGs; no camera
        "Python library to read thermographic images",
        "Tools for thermal imaging data analysis",
        "Humax iHDR-5200C DVR",  # television set-top recorders
        "FetchTV DVR",
        "Foxtel iQ PVR",
    ],
)
def test_look_alikes_are_no_video_device(title: str) -> None:
    identity = _identity("http.title", title)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None


@pytest.mark.parametrize(
    ("title", "device_type"),
    [
        ("IPC WEB", "video_device"),
        ("IPC Login", "video_device"),
        ("Frigate", "nvr"),
        ("ZM - ZoneMinder Console", "nvr"),
        ("Powered by ZoneMinder.", "nvr"),
        ("Thermal Imaging Camera", "thermal_camera"),
        ("Thermographic Camera", "thermal_camera"),
        ("Standalone DVR", "dvr"),
    ],
)
def test_the_devices_own_wording_is_still_read(title: str, device_type: str) -> None:
    identity = _identity("http.title", title)
    assert identity.device_type is not None and identity.device_type.value == device_type


def test_a_bare_axis_p8221_is_an_axis_audio_module_not_a_camera() -> None:
    # AXIS P8221 I/O Audio Module (https://www.axis.com/products/axis-p8221-io-audio-module): the P letter is the
    # cameras', the number is not.
    identity = _identity("http.title", "AXIS P8221")
    assert identity.device_type is not None and identity.device_type.value == "not_camera"
    assert identity.brand == "axis"
    camera = _identity("http.title", "AXIS P3245-LVE Network Camera")
    assert camera.device_type is not None and camera.device_type.value == "camera"


def test_hikvisions_nonce_layout_names_hikvision_whatever_the_realm() -> None:
    # MissiaL/hikvision-client's cassette of a DS-2CD2155FWD-I, with the device renamed in the realm.
    challenge = 'Digest qop="auth", realm="Warehouse gate(83813)", nonce="4d5755784d7a41344d546b365a446b31597a51354e513d3d", stale="FALSE"'
    identity = _identity("http.www_authenticate", challenge)
    assert identity.manufacturer == "hikvision"
    assert identity.confidence < 0.9


@settings(max_examples=300, deadline=None)
@given(nonce=st.text(alphabet="0123456789abcdef", min_size=16, max_size=64))
def test_random_hex_nonces_name_nobody(nonce: str) -> None:
    # An MD5 or random hex nonce has bytes below 0x20 almost everywhere; only the hex spelling of base64 text
    # (every byte 0x2b-0x7a) ending in "=" is Hikvision's. Hypothesis may still build one: then it has that layout.
    evidence = match_fields({"http.www_authenticate": f'Digest realm="x", nonce="{nonce}"'})
    shaped = len(nonce) % 2 == 0 and nonce.endswith("3d") and all(
        nonce[i] in "234567" for i in range(0, len(nonce), 2)
    ) and len(nonce) >= 42
    assert any(e.rule_id == "shapes.hikvision.app-webs-nonce" for e in evidence) == shaped
