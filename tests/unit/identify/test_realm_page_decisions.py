"""Challenges and refusal pages decided against as camera signs, and one decided for (helper-143, 2026-12-05).

docs/identification/rtsp-sdp.md, "RTSP stack defaults", records why each is or is not read; these tests hold the
decisions, so an entry written later that contradicts one has to face its reason:

* the "Protected Object" refusal page is Allegro RomPager's template (WhatWeb's PowerAlert plugin quotes it from a
  Tripp Lite UPS on NetSilicon; a ZyXEL router's RomPager answer in a public forum copy carries it too), not a camera
  SDK's: alone it types nothing,
  and a camera realm beside it still names the camera;
* gSOAP's default realm ``gSOAP Web Service`` (its runtime's fallback when the application sets none) names the
  toolkit, which non-camera services run too: alone it types no video device;
* Android's IP Webcam app (``Server: IP Webcam Server``, nmap's and awesome-shodan-queries' fingerprint) is a phone
  serving its camera: a camera, and no maker -- the app's developer makes no cameras.

Answers are composed in the layouts those sources quote (hosts and realms beside them invented).
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation, is_video_device


def _http(text: str, port: int = 80) -> Identity:
    fields: dict[str, str] = {}
    assert sniff(text.replace("\n", "\r\n"), fields, port=port) == "http"
    return identify([Observation("192.0.2.7", port, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


#: RomPager's refusal page as the UPS quoted by WhatWeb writes it, and the shorter template of the same text.
ROMPAGER_PAGES = {
    "netsilicon ups": '<h1>Protected Object</h1>This object on the Netsilicon is protected.<p>Return to '
    '<A TARGET="_top" HREF="index.html">Last page</A><p>',
    "template": "<HTML>\n<HEAD>\n<TITLE>Protected Object</TITLE></HEAD><BODY>\n<H1>Protected Object</H1>"
    "This object is protected.<P>\n</BODY></HTML>",
}


@pytest.mark.parametrize("page", ROMPAGER_PAGES.values(), ids=ROMPAGER_PAGES.keys())
def test_the_protected_object_page_alone_is_no_camera_sign(page: str) -> None:
    identity = _http(f"HTTP/1.0 401 Unauthorized\nContent-Type: text/html\n\n{page}")
    assert not is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer is None and identity.brand is None


def test_a_camera_realm_beside_the_protected_object_page_still_names_the_camera() -> None:
    # Vivotek's realm "streaming_server" (rules/http.yaml) is what names a Vivotek, not the page under it.
    identity = _http(
        'HTTP/1.0 401 Unauthorized\nWWW-Authenticate: Basic realm="streaming_server"\nContent-Type: text/html\n\n'
        + ROMPAGER_PAGES["template"]
    )
    assert is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer == "vivotek"


@pytest.mark.parametrize("port", [80, 8080, 8000])
def test_gsoaps_default_realm_alone_types_no_video_device(port: int) -> None:
    identity = _http('HTTP/1.1 401 Unauthorized\nWWW-Authenticate: Basic realm="gSOAP Web Service"\n\n', port)
    assert not is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer is None


def test_an_android_ip_webcam_app_is_a_camera_with_no_maker() -> None:
    identity = _http("HTTP/1.1 200 OK\nServer: IP Webcam Server 0.4\nContent-Type: text/html\n\n<html></html>", 8080)
    assert identity.device_type == "camera", identity.attribution
    assert identity.manufacturer is None and identity.brand is None
