"""Web-UI markers: what a maker's login page writes (body strings, links, redirects) names the maker.

Sources in ``rules/http.yaml`` and ``layers/paths.yaml`` (an asset-tagging rule set that searches default web
pages, Greenbone's detection scripts). A marker shared by several makers' pages types the device only.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Observation


def page(fields: dict[str, str]) -> Observation:
    return Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)


@pytest.mark.parametrize(
    ("fields", "maker_field", "maker"),
    [
        ({"http.body": '<html><span id="use_AUserPwdCfmTip"></span></html>'}, "manufacturer", "dahua"),
        ({"http.body": '<meta http-equiv="refresh" content="0; url=/guest/main.html">'}, "brand", "illustra"),
        ({"http.body": '<object id="RSVideoOcx" classid="clsid:0"></object>'}, "manufacturer", "raysharp"),
        ({"http.title": "Milesight Network Camera"}, "manufacturer", "milesight"),
        ({"http.www_authenticate": 'Digest realm="iPolis"'}, "manufacturer", "hanwha"),
        ({"http.location": "/home/monitoring.cgi"}, "manufacturer", "hanwha"),
        ({"http.links": "/view/multiView.shtml"}, "manufacturer", "axis"),
    ],
)
def test_a_makers_login_page_marker_names_the_maker_of_a_video_device(
    fields: dict[str, str], maker_field: str, maker: str
) -> None:
    identity = identify([page(fields)])
    assert getattr(identity, maker_field) == maker
    assert identity.device_type is not None and identity.device_type.value in ("camera", "video_device", "nvr", "dvr")


def test_a_preview_plugin_page_is_a_recorder_of_no_named_maker() -> None:
    identity = identify([page({"http.body": '<a id="prew_downloadplugin" href="#">Download</a>'})])
    assert identity.device_type is not None and identity.device_type.value == "video_device"
    assert identity.brand is None and identity.manufacturer is None


def test_a_page_naming_avigilon_alone_is_not_an_avigilon_device() -> None:
    identity = identify([page({"http.body": "<p>Copyright Avigilon Corporation</p>", "http.server": "nginx"})])
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "fields",
    [
        {"http.body": '<div class="main-select">'},
        {"http.location": "/home/monitoring.html"},
        {"http.www_authenticate": 'Digest realm="Polis"'},
        {"http.title": "Milesight Router"},
    ],
)
def test_look_alike_markers_name_nobody(fields: dict[str, str]) -> None:
    identity = identify([page(fields)])
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    ("fields", "maker"),
    [
        ({"http.links": "/ssi.cgi/Login.htm"}, "geovision"),
        ({"http.body": 'document.write("<INPUT name=umd5 type=hidden>");'}, "geovision"),
    ],
)
def test_geovision_login_page_markers_name_geovision(fields: dict[str, str], maker: str) -> None:
    identity = identify([page(fields)])
    assert identity.manufacturer == maker


@pytest.mark.parametrize(
    ("md5", "maker"),
    [
        ("7de37347ff2f9277824b3e3cfe4a8ada", "trendnet"),
        ("d9526978908979fa5018db0bcc762aa0", "mobotix"),
        ("bd1b5fef10a0846b2db322b90a57b746", "flir"),
    ],
)
def test_a_camera_makers_favicon_names_the_maker(md5: str, maker: str) -> None:
    identity = identify(
        [Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.favicon.md5": md5})]
    )
    assert identity.brand == maker
    assert identity.device_type is not None and identity.device_type.value == "camera"
