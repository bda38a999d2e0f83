"""An RTSP answer's method list: ``Public`` of an OPTIONS answer, else ``Allow`` of an error answer.

A 400 or 405 lists the methods it takes in ``Allow`` (RFC 2326 sections 12.4, 12.28): LIVE555-style camera
stacks answer a bad request that way, and nmap's fingerprints of ACTi, Geovision, NUUO and D-Link cameras
are such answers. The importers, the live probe and the passive analyser read the list into the same field,
so the method-order rules see it whichever way the answer came.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers.text import head_fields
from camaudit.passive.http import response_fields
from camaudit.scan.probes.rtsp import rtsp_fields

# LIVE555's answer to a request it cannot parse (liveMedia/RTSPServer.cpp handleCmd_bad), as nmap files
# it for a D-Link DCS-2130 (github:nmap/nmap nmap-service-probes, p/D-Link DCS-2130 or Pelco IDE10DN webcam rtspd/).
BAD_REQUEST = (
    "RTSP/1.0 400 Bad Request\r\nDate: Thu, Dec 03 2026 10:00:00 GMT\r\n"
    "Allow: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER\r\n\r\n"
)
OPTIONS = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\r\n\r\n"


def read_all_ways(answer: str) -> list[str | None]:
    """``rtsp.public`` as the importers, the live probe and the passive analyser read ``answer``."""
    imported: dict[str, str] = {}
    head_fields(answer, "rtsp", imported)
    raw = answer.encode("utf-8")
    probed = rtsp_fields(raw.split(b"\r\n\r\n", 1)[0])
    seen = response_fields(raw)
    assert seen is not None and seen[0] == "rtsp"
    return [imported.get("rtsp.public"), probed.get("rtsp.public"), seen[1].get("rtsp.public")]


def test_an_error_answers_allow_list_is_its_method_list() -> None:
    expected = "OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER"
    assert read_all_ways(BAD_REQUEST) == [expected] * 3


def test_public_wins_over_allow_when_an_answer_has_both() -> None:
    both = OPTIONS.replace("\r\n\r\n", "\r\nAllow: OPTIONS\r\n\r\n")
    assert read_all_ways(both) == ["OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY"] * 3


def test_an_answer_without_either_has_no_method_list() -> None:
    assert read_all_ways("RTSP/1.0 404 Not Found\r\nCSeq: 2\r\n\r\n") == [None] * 3


def test_the_lower_case_allow_of_acti_cameras_is_read_too() -> None:
    # nmap's ACTi fingerprints spell the header 'allow'; header names are case-insensitive (RFC 2326 12).
    answer = "RTSP/1.0 400 Bad Request\r\nDate: Thu, 03 Dec 2026 10:00:00 GMT\r\nallow: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\r\n\r\n"
    assert read_all_ways(answer) == ["OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN"] * 3


_TOKEN = st.text(
    alphabet=st.characters(min_codepoint=33, max_codepoint=126, exclude_characters=":"), min_size=1, max_size=12
)
_VALUE = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=40).map(str.strip).filter(bool)
_HEADER = st.tuples(st.sampled_from(["Public", "Allow", "allow", "PUBLIC", "CSeq", "Server"]) | _TOKEN, _VALUE)


@settings(max_examples=200, deadline=None)
@given(st.lists(_HEADER, max_size=8))
def test_the_three_readers_agree_on_any_header_block(headers: list[tuple[str, str]]) -> None:
    answer = "RTSP/1.0 200 OK\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    imported, probed, seen = read_all_ways(answer)
    public = [value for name, value in headers if name.lower() == "public"]
    allow = [value for name, value in headers if name.lower() == "allow"]
    if public:
        assert imported == "\n".join(public) == probed == seen
    elif allow:
        assert imported == "\n".join(allow) == probed == seen
    else:
        assert imported is probed is seen is None
