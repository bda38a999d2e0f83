"""Motion-JPEG stream heads read for their maker (``layers/stream_heads.yaml``).

A maker's server-push stream names it where its boundary or part headers are its own: IQinVision's
``--ImageSeparator`` and ``Pragma: trigger=`` (the iq510 reference guide), MOBOTIX's ``MOBOTIX_Fast_Serverpush``
(a multipart parser's test case of the camera's stream), Sony's ``CamTim``/``DataLen`` part headers (Sony's CGI
Command Manual, 5th generation). The boundaries many makers and programs share name nobody and stay "a video device".

Fixtures are written from what those documents print (cited beside each); the software servers' heads are written
from their sources: mjpg-streamer's httpd.c (Server: MJPG-Streamer/0.2, boundary boundarydonotcross), go2rtc's
MJPEG output (boundary=frame), the Android IP Webcam app's boundary as the clients that read it spell it, Axis's
VAPIX manual (boundary=myboundary). None is a capture, and none comes from a held-out source.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import ruleset
from camaudit.identify.provenance import example_keys, source_keys
from camaudit.model import Identity, is_video_device


def stream(head: str, body: str = "") -> Identity:
    return identify_banner(f"HTTP/1.0 200 OK\r\n{head}\r\n\r\n{body}", 80, "192.0.2.120")


def rule_ids(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def makers(identity: Identity) -> set[str]:
    return {m for m in (identity.brand, identity.manufacturer) if m}


#: IQinVision iq510 reference guide, 6.1 and 6.4 (manualshive.com copy): the head and a part with trigger data.
IQINVISION_HEAD = "Cache-Control: no-cache\r\nContent-Type: multipart/x-mixed-replace; boundary=--ImageSeparator"
IQINVISION_PART = (
    "--ImageSeparator\r\nContent-Type: image/jpeg\r\nContent-Length: 0\r\nPragma: trigger=motion 1 2\r\n\r\n"
)
#: The MOBOTIX server-push stream as the multipart parser's test case lays it out.
MOBOTIX_HEAD = "Content-Type: multipart/x-mixed-replace; boundary=--MOBOTIX_Fast_Serverpush"
MOBOTIX_PART = "--MOBOTIX_Fast_Serverpush\r\nContent-Type: image/jpeg\r\n\r\n"
#: Sony's CGI Command Manual (5th generation): /mjpeg's head and a part with CamTim, another with DataLen.
SONY_HEAD = "Content-Type: multipart/x-mixed-replace;boundary=--myboundary"
SONY_CAMTIM_PART = "--myboundary\r\nContent-Type: image/jpeg\r\nCamTim: 2004-05-18 Tue 10:13:05\r\n\r\n"
SONY_DATALEN_PART = "--myboundary\r\nContent-Type: image/jpeg\r\nDataLen: 00028573\r\n\r\n"


@pytest.mark.parametrize(
    ("head", "body", "maker"),
    [
        (IQINVISION_HEAD, IQINVISION_PART, "iqinvision"),
        (IQINVISION_HEAD, "", "iqinvision"),
        (MOBOTIX_HEAD, MOBOTIX_PART, "mobotix"),
        (MOBOTIX_HEAD, "", "mobotix"),
        (SONY_HEAD, SONY_CAMTIM_PART, "sony"),
        (SONY_HEAD, SONY_DATALEN_PART, "sony"),
    ],
)
def test_a_makers_own_stream_head_names_it_and_a_camera(head: str, body: str, maker: str) -> None:
    identity = stream(head, body)
    assert maker in makers(identity), identity.attribution
    assert identity.device_type == "camera", identity.attribution
    assert any(r.startswith("stream.") for r in rule_ids(identity))


@pytest.mark.parametrize("part", [IQINVISION_PART, MOBOTIX_PART, SONY_CAMTIM_PART])
def test_the_parts_alone_kept_without_a_head_name_the_maker(part: str) -> None:
    # A collector that kept only the stream's first bytes (no status line) stores them as the banner.
    identity = identify_banner(part, 80, "192.0.2.121")
    assert makers(identity), identity.attribution
    assert is_video_device(identity.device_type), identity.attribution


@pytest.mark.parametrize(
    ("head", "body"),
    [
        # mjpg-streamer (and uStreamer, which copies its boundary), the camera server of hobby boards and printers.
        (
            "Connection: close\r\nServer: MJPG-Streamer/0.2\r\n"
            "Content-Type: multipart/x-mixed-replace;boundary=boundarydonotcross",
            "--boundarydonotcross\r\nContent-Type: image/jpeg\r\nContent-Length: 28573\r\nX-Timestamp: 1.5\r\n\r\n",
        ),
        # go2rtc's and Home Assistant's MJPEG output.
        ("Content-Type: multipart/x-mixed-replace; boundary=frame", "--frame\r\nContent-Type: image/jpeg\r\n\r\n"),
        # The Android IP Webcam app.
        ("Content-Type: multipart/x-mixed-replace;boundary=Ba4oTvQMY8ew04N8dcnM", ""),
        # Axis's VAPIX MJPEG (myboundary is Dahua's, Sony's and countless programs' too).
        (
            "Content-Type: multipart/x-mixed-replace;boundary=myboundary",
            "--myboundary\r\nContent-Type: image/jpeg\r\nContent-Length: 4096\r\n\r\n",
        ),
        # Sony's and Panasonic's shared head without Sony's part headers.
        (SONY_HEAD, "--myboundary\r\nContent-Type: image/jpeg\r\nContent-Length: 11493\r\n\r\n"),
        # The Foscam-clone family's boundary, with no server line.
        ("Content-Type: multipart/x-mixed-replace;boundary=ipcamera", ""),
    ],
)
def test_shared_and_software_stream_heads_are_video_and_name_nobody(head: str, body: str) -> None:
    identity = stream(head, body)
    assert is_video_device(identity.device_type), identity.attribution
    assert not makers(identity), identity.attribution
    assert not any(r.startswith("stream.") for r in rule_ids(identity))


#: Pieces of the heads and parts above, and MIME punctuation, to build hostile near-misses from.
FRAGMENTS = st.sampled_from(
    [
        "--",
        "ImageSeparator",
        "MOBOTIX_Fast_Serverpush",
        "CamTim: ",
        "DataLen: ",
        "Pragma: trigger=",
        "boundary=",
        "Content-Type: image/jpeg",
        "multipart/x-mixed-replace;",
        "2004-05-18 Tue 10:13:05",
        "0002857",
        '"',
        "\r\n",
        "\n",
        " ",
        "\x00",
    ]
)


@settings(max_examples=80, deadline=None)
@given(st.lists(FRAGMENTS, max_size=40), st.text(max_size=40))
def test_hostile_near_misses_never_raise_and_name_a_maker_only_on_its_whole_sign(parts: list[str], noise: str) -> None:
    text = "".join(parts) + noise
    for stored in (text, f"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n{text}"):
        identity = identify_banner(stored, 80, "192.0.2.122")
        fired = {r for r in rule_ids(identity) if r.startswith("stream.")}
        if "MOBOTIX_Fast_Serverpush" not in text:
            assert not any(r.startswith("stream.mobotix") for r in fired)
        if "ImageSeparator" not in text and "Pragma: trigger=" not in text:
            assert not any(r.startswith("stream.iqinvision") for r in fired)
        if "CamTim:" not in text and "DataLen:" not in text:
            assert not any(r.startswith("stream.sony") for r in fired)


def test_the_sony_entry_is_one_source_with_every_copy_of_the_manual_it_was_written_from() -> None:
    # A held-out reply (batch 6) was quoted from another site's copy of the same Sony manual: leave-one-source-out
    # must leave the entry out for it, so both copies carry the document's key.
    sony = next(r for r in ruleset().rules if r.id == "stream.sony.mjpeg-part-headers")
    quoted = "https://manualsbrain.com/en/manuals/1806584/?page=28 (Sony SNC-DH110 5th-generation CGI command manual)"
    assert "doc:sony-cgi-5th" in source_keys(sony.source) & example_keys(quoted)


#: JVC's VN-V685/686 API guide, 1.3: the answer to /api/video with boundary=on.
JVC_HEAD = (
    "Content-Type: multipart/x-mixed-replace;boundary=--foo\r\nDate: Tue, 02 Oct 2008 07:33:12 GMT\r\n"
    "x-vnv685_response: encode=jpeg&framerate=30&framesize=vga&boundary=on&ptz_info=off"
)


def test_jvcs_api_response_header_names_jvc_without_its_server_line() -> None:
    identity = stream(JVC_HEAD)
    assert "jvc" in makers(identity), identity.attribution
    assert identity.device_type == "camera", identity.attribution
    assert "stream.jvc.vn-api-response-header" in rule_ids(identity)


def test_an_x_response_header_of_another_server_names_nobody() -> None:
    identity = stream("Content-Type: multipart/x-mixed-replace;boundary=--foo\r\nx-response: encode=jpeg&framerate=30")
    assert not makers(identity), identity.attribution
