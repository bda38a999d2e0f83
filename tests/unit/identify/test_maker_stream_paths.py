"""Stream-path conventions of makers beyond the big three (layers/paths.yaml, helper-91 2026-12-04).

Each fixture is an RTSP answer whose Content-Base (or SDP control URL) carries the path the cited public
source documents for that maker; nothing else in the answer names anyone. Paths that several makers'
firmware serves type a camera and name nobody.
"""

from __future__ import annotations

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, ruleset
from camaudit.model import Observation


def rtsp(fields: dict[str, str]) -> Observation:
    return Observation("192.0.2.1", 554, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)


def describe_answer(content_base: str) -> Observation:
    # A DESCRIBE 200 whose SDP names nothing: the path is the only sign.
    sdp = "v=0\no=- 1 1 IN IP4 0.0.0.0\ns=Session\nt=0 0\nm=video 0 RTP/AVP 96\na=control:trackID=1\n"
    headers = f"CSeq: 2\nContent-Base: {content_base}\nContent-Type: application/sdp"
    return rtsp({"rtsp.status": "200", "rtsp.headers": headers, "rtsp.content_base": content_base, "rtsp.sdp": sdp})


def http_page(body: str) -> Observation:
    return Observation(
        "192.0.2.9", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.status": "200", "http.body": body}
    )


def test_uniview_unicast_path_names_uniview() -> None:
    # wiki.zohead.com (宇视RTSP取流URL格式): rtsp://<ip>:<port>/unicast/c<number>/s<number>/live.
    identity = identify([describe_answer("rtsp://192.0.2.40:554/unicast/c1/s0/live/")])
    assert identity.is_video_device
    assert identity.manufacturer == "uniview"
    assert any(e.rule_id == "paths.uniview.unicast" for e in identity.evidence)


def test_uniview_playback_path_names_uniview() -> None:
    # The same page's playback URL: /c1/b<start>/e<end>/replay/ with UNIX times.
    identity = identify([describe_answer("rtsp://192.0.2.40:554/c1/b1494208846/e1494209026/replay/")])
    assert identity.manufacturer == "uniview"


def test_tvt_query_shaped_path_names_tvt() -> None:
    # github:dannielperez/pytvt tests/test_rtsp_snapshot_backend.py: RTSP = "rtsp://10.0.0.1:554/chID=1&streamType=main".
    identity = identify([describe_answer("rtsp://10.0.0.1:554/chID=1&streamType=main/")])
    assert identity.is_video_device
    assert identity.manufacturer == "tvt"


def test_another_makers_channel_query_is_not_tvt() -> None:
    # support.amlinksecurity.com: AMLINK's own scheme /video/livemedia?Ch=1&Streamtype=0 is not TVT's.
    identity = identify([describe_answer("rtsp://192.0.2.41:554/video/livemedia?Ch=1&Streamtype=0/")])
    assert identity.manufacturer is None and identity.brand is None


def test_hanwha_recorder_live_channel_names_hanwha() -> None:
    # support.hanwhavision.eu "RTSP URL's": NVR rtsp://<DeviceIP>:port/LiveChannel/0/media.smp.
    identity = identify([describe_answer("rtsp://192.0.2.42:558/LiveChannel/0/media.smp/")])
    assert identity.manufacturer == "hanwha"
    assert identity.device_type == "nvr"


def test_geovision_channel_sdp_names_geovision() -> None:
    # gist solusipse/edbf5d600d74fa6023ee: a GV-MFD520 streams at rtsp://192.168.1.73:8554/CH001.sdp.
    identity = identify([describe_answer("rtsp://192.168.1.73:8554/CH001.sdp/")])
    assert identity.manufacturer == "geovision"
    assert identity.device_type == "camera"


def test_avigilon_default_primary_names_avigilon() -> None:
    identity = identify([describe_answer("rtsp://192.0.2.44/defaultPrimary?streamType=u/")])
    assert identity.manufacturer == "avigilon"


def test_live_ch_path_of_white_label_cameras_names_nobody() -> None:
    # iSpy's camera list gives rtsp live/ch00_0 for the white-label "IPCAM v380" as well as Sighthound's for
    # Ubiquiti's airCam: a camera, and no maker (it named Ubiquiti before 2026-12-04).
    identity = identify([describe_answer("rtsp://192.0.2.27:554/live/ch00_0/")])
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None


def test_play_sdp_shared_by_trendnet_d_link_and_alibi_names_nobody() -> None:
    identity = identify([describe_answer("rtsp://192.0.2.48/play1.sdp/")])
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None


def test_a_forum_post_listing_stream_paths_is_no_camera() -> None:
    # Page text naming a maker's path is the prose variant: no type, and no maker without other video evidence.
    page = "<p>Uniview: rtsp://admin:pass@IP:554/unicast/c1/s0/live and TVT: rtsp://IP/chID=1&streamType=main</p>"
    identity = identify(
        [
            Observation(
                "192.0.2.9",
                80,
                "tcp",
                "http",
                "import",
                "2026-01-01T00:00:00Z",
                {"http.status": "200", "http.body": page},
            )
        ]
    )
    assert not identity.is_video_device
    assert identity.manufacturer is None


def test_live_sdp_access_name_shared_by_vivotek_d_link_and_toshiba_names_nobody() -> None:
    # Sighthound's camera table: /live.sdp for Vivotek IP7131 and for D-Link DCS-2120 and Toshiba IK-WD01A.
    identity = identify([describe_answer("rtsp://192.0.2.13/live.sdp/")])
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None


def test_vivotek_viewer_cgi_still_names_vivotek() -> None:
    identity = identify([rtsp({"rtsp.content_base": "http://192.0.2.13/cgi-bin/viewer/video.jpg"})])
    assert identity.manufacturer == "vivotek"


def test_mjpg_video_path_of_axis_and_its_clones_names_nobody_but_axis_cgi_names_axis() -> None:
    # Sighthound's camera table: Bluestork's Bluepix streams /mjpg/video.mjpg, Axis's own CGI is /axis-cgi/.
    clone = identify([http_page('<img src="/mjpg/video.mjpg">')])
    assert clone.manufacturer is None and clone.brand is None
    axis = identify([describe_answer("rtsp://192.0.2.9/axis-media/media.amp/")])
    assert axis.manufacturer == "axis"


def test_the_bank_named_dahua_is_no_camera_maker() -> None:
    # 大华银行 (United Overseas Bank in China) shares the short Chinese name of Dahua; its certificate is no camera.
    cert = Observation(
        "192.0.2.60",
        443,
        "tcp",
        "https",
        "import",
        "2026-01-01T00:00:00Z",
        {"tls.subject": "CN=大华银行(中国)有限公司,O=大华银行(中国)有限公司,C=CN"},
    )
    identity = identify([cert])
    assert identity.manufacturer is None and not identity.is_video_device
    legal = Observation(
        "192.0.2.61",
        443,
        "tcp",
        "https",
        "import",
        "2026-01-01T00:00:00Z",
        {"tls.subject": "CN=浙江大华技术股份有限公司,C=CN"},
    )
    assert identify([legal]).manufacturer == "dahua"


def test_uniview_short_chinese_name_names_uniview() -> None:
    # The short name 宇视 as Chinese guides write it (wiki.zohead.com: "宇视RTSP取流URL格式").
    identity = identify([rtsp({"rtsp.server": "宇视 IPC"})])
    assert identity.manufacturer == "uniview"


def test_huacam_and_toshiba_stream_cgis_name_their_brands() -> None:
    # Sighthound's camera table: Huacam /goform/stream?cmd=get&channel=0, Toshiba IK-WB11A /getstream.cgi?10&&...
    assert identify([http_page('<img src="/goform/stream?cmd=get&channel=0">')]).brand in (None, "huacam")
    huacam = identify([rtsp({"rtsp.content_base": "http://192.0.2.51/goform/stream?cmd=get&channel=0"})])
    assert huacam.brand == "huacam"
    toshiba = identify([rtsp({"rtsp.content_base": "http://192.0.2.52/getstream.cgi?10&&admin&secret&0&0&0&0&0"})])
    assert toshiba.brand == "toshiba"


# The conventions added here, each with the maker it names (None: type only).
CONVENTIONS = {
    "/unicast/c1/s0/live": "uniview",
    "/chID=1&streamType=main": "tvt",
    "/LiveChannel/0/media.smp": "hanwha",
    "/CH001.sdp": "geovision",
    "/defaultPrimary?streamType=u": "avigilon",
    "/live/ch00_0": None,
    "/play1.sdp": None,
    "/live.sdp": None,
    "/medias1": None,
}
_HOST = st.from_regex(r"\A[a-z0-9]{1,12}(?:\.[a-z0-9]{1,8}){0,3}(?::[0-9]{1,5})?\Z")
_TAIL = st.text(st.sampled_from("/?&=_-.abcdefghijklmnopqrstuvwxyz0123456789"), max_size=24)


@settings(max_examples=120, deadline=None)
@given(host=_HOST, path=st.sampled_from(sorted(CONVENTIONS)), tail=_TAIL)
def test_a_convention_never_names_another_maker(host: str, path: str, tail: str) -> None:
    # Whatever host and trailing text surround one maker's path, no other maker is named. A host that names a
    # maker itself (Hypothesis draws "hikvision" from the lexicon's constants) is not the path's doing: skipped.
    alone = identify([describe_answer(f"rtsp://{host}/{tail}")])
    assume(alone.manufacturer is None and alone.brand is None)
    identity = identify([describe_answer(f"rtsp://{host}{path}{tail}")])
    named = identity.manufacturer or identity.brand
    assert named in (CONVENTIONS[path], None)


@settings(max_examples=150, deadline=None)
@given(value=st.text(max_size=300))
def test_the_new_path_entries_hold_on_hostile_text(value: str) -> None:
    # Random text in a URL field: identification answers, and a shared path never names a maker.
    identity = identify([rtsp({"rtsp.content_base": value, "rtsp.headers": "CSeq: 1"})])
    shared = {r.id for r in ruleset().rules if r.id.startswith("paths.shared.")}
    assert all(
        not (e.rule_id in shared and (e.asserts.get("manufacturer") or e.asserts.get("brand")))
        for e in identity.evidence
    )
