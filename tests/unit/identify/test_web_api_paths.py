"""Web-API endpoints a maker's own web client calls (layers/paths.yaml, helper-246 2026-12-07).

A device that redirects to, links or refuses one of these paths serves it: Hikvision's /SDK/webLanguage and Dahua's
/RPC2_Login name the maker (their OEMs keep the maker's firmware). Look-alikes -- the XML-RPC convention /RPC2, router,
NAS and framework paths -- name nobody and type nothing, and page text that only mentions a path (a honeypot's log,
an exploit list) is no camera.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Observation


def http(fields: dict[str, str]) -> Observation:
    return Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)


@pytest.mark.parametrize(
    ("fields", "maker", "rule"),
    [
        ({"http.status": "302", "http.location": "/SDK/webLanguage"}, "hikvision", "paths.hikvision.sdk-weblanguage"),
        (
            {"http.status": "401", "http.refused_path": "/SDK/webLanguage"},
            "hikvision",
            "paths.hikvision.sdk-weblanguage",
        ),
        ({"http.status": "200", "http.links": "/js/app.js\n/RPC2_Login"}, "dahua", "paths.dahua.rpc2-login"),
        ({"http.status": "302", "http.location": "http://192.0.2.1/RPC2_Login"}, "dahua", "paths.dahua.rpc2-login"),
    ],
)
def test_a_makers_web_api_path_names_the_maker_of_a_video_device(fields: dict[str, str], maker: str, rule: str) -> None:
    identity = identify([http(fields)])
    assert identity.manufacturer == maker
    assert identity.is_video_device
    assert any(e.rule_id == rule for e in identity.evidence)


@pytest.mark.parametrize(
    "fields",
    [
        # XML-RPC servers (Python's SimpleXMLRPCServer, supervisord, rTorrent) answer on /RPC2.
        {"http.status": "401", "http.refused_path": "/RPC2"},
        {"http.status": "302", "http.location": "/RPC2_Logout"},
        # Routers, NAS boxes and generic frameworks.
        {"http.status": "302", "http.location": "/cgi-bin/luci"},
        {"http.status": "200", "http.links": "/webman/index.cgi\n/webman/modules/login.js"},
        {"http.status": "200", "http.links": "/js/jquery.js\n/css/style.css\n/login.html"},
        {"http.status": "302", "http.location": "/SDK/webLanguages"},
    ],
)
def test_look_alike_paths_name_nobody_and_type_nothing(fields: dict[str, str]) -> None:
    identity = identify([http(fields)])
    assert identity.manufacturer is None and identity.brand is None
    assert not identity.is_video_device


def test_a_page_that_only_mentions_the_paths_is_no_camera() -> None:
    # A honeypot's request log lists the probes it saw: the paths in page text say nothing about this host.
    log = "<pre>GET /SDK/webLanguage HTTP/1.1 404\nPOST /RPC2_Login HTTP/1.1 404\nGET /cgi-bin/luci HTTP/1.1 404</pre>"
    identity = identify([http({"http.status": "200", "http.body": log, "http.server": "nginx"})])
    assert identity.manufacturer is None and identity.brand is None
    assert not identity.is_video_device


@settings(max_examples=60, deadline=None)
@given(prefix=st.text(max_size=200), suffix=st.text(max_size=200))
def test_hostile_strings_around_the_paths_never_raise(prefix: str, suffix: str) -> None:
    for path in ("/SDK/webLanguage", "/RPC2_Login"):
        identity = identify([http({"http.status": "302", "http.location": prefix + path + suffix})])
        assert identity.manufacturer in (None, "hikvision", "dahua")
