"""A path a device sends (an HTTP or RTSP redirect, an advertised ONVIF service) only goes on one of our
request lines when it cannot split or forge that request: one rule for the HTTP, RTSP and ONVIF probes."""

from __future__ import annotations

import pytest

from camaudit.scan.probes.base import request_path_ok
from camaudit.scan.probes.rtsp import redirect_path


@pytest.mark.parametrize("path", ["/", "/onvif/device_service", "/doc/page/login.asp?_1700000000", "/" + "a" * 255])
def test_ordinary_paths_are_followed(path: str) -> None:
    assert request_path_ok(path)


@pytest.mark.parametrize(
    "path",
    [
        "/a\r\nHost: elsewhere",  # a forged header
        "/a HTTP/1.1",  # a forged request line
        "/a\tb",
        "/caf\u00e9",  # not ASCII
        "/a\x00b",
        "index.html",  # not a path
        "",
        "/" + "a" * 256,  # longer than a probe will send
    ],
)
def test_paths_that_could_split_or_forge_a_request_are_refused(path: str) -> None:
    assert not request_path_ok(path)


def test_an_rtsp_redirect_with_a_line_break_is_not_followed() -> None:
    assert redirect_path("rtsp://127.0.0.5:554/live\r\nCSeq: 9", "127.0.0.5", 554) is None
    assert redirect_path("rtsp://127.0.0.5:554/live/ch0", "127.0.0.5", 554) == "/live/ch0"
