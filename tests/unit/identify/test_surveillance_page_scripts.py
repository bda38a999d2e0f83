"""Scripts that drive a pan-tilt head or a surveillance SDK's live view (``layers/web_clients_shared.yaml``,
helper-243): a script starting or stopping "real play". (Its sibling entry for per-direction PTZ functions beside a
second PTZ control was removed on 2026-12-07: its 600-character window doubled `identify`'s time on bench/identify.py,
7.5x against 3.4x orjson, and it moved no labelled record; the PTZ pages below stay as half signs that type nothing.)

Each entry types a video device and names nobody. The positive pages are written to the public sources the entries
cite (a traffic-video page driving a surveillance OCX, a rover page driving a Foscam-API webcam, a video platform
client on Dahua's DPSDK OCX); the look-alikes are the development page batches' router, NAS, KVM, printer, media,
smart-home, conferencing and streaming pages (``devreplies_pages3`` and the blind ``devreplies_pages4``), and texts that
carry a half sign or a near name (RealPlayer, ptz_upload, Hikvision's web-SDK call, which its own entry reads).
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.identify.page_records import (
    LOOKALIKE_PAGES,
    PAGES3_LOOKALIKES,
    PAGES4_LOOKALIKES,
    VIDEO_TYPES,
    body_of,
    identity_of,
)

from camaudit.model import Identity

PTZ = "webclient.shared.ptz-direction-functions"
REALPLAY = "webclient.shared.sdk-realplay-calls"
RULES = {PTZ, REALPLAY}


OCX_PTZ_PAGE = (
    '<script>\nfunction ptz_up() {\n\tsv_web_live_ctrl.PTZControl(101, 50, "");\n}\n'
    'function ptz_down() {\n\tsv_web_live_ctrl.PTZControl(102, 50, "");\n}\n</script>'
)
ROVER_PAGE = "<script>\n\tvar PTZ_STOP=1;\n\tvar TILT_UP=0;\n\tvar PAN_LEFT=4;\n\tvar PTZ_LEFT_UP=90;\n</script>"
OCX_LIVE_PAGE = (
    "<script>if (that.m_iPlay == 1) { that.m_bDVRControl.StopRealPlay(); }\n"
    "var bRet = that.m_bDVRControl.StartRealPlay(that.m_iNowChanNo, that.m_iProtocolType, that.m_iStreamType);"
    "</script>"
)
DPSDK_PAGE = (
    '<script>var obj = document.getElementById("DPSDK_OCX");\n'
    "var nRet = obj.DPSDK_StartRealplayByWndNo(gWndId, nWndNo, szCameraId, nStreamType, nMediaType, nTransType);"
    "</script>"
)


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence} & RULES


def page(body: str) -> str:
    return f"<html><head><title></title></head><body>{body}</body></html>"


@pytest.mark.parametrize(
    ("body", "rule"),
    [(OCX_LIVE_PAGE, REALPLAY), (DPSDK_PAGE, REALPLAY)],
    ids=["ocx-realplay", "dpsdk-realplay"],
)
def test_a_page_driving_a_camera_is_a_video_device_of_no_named_maker(body: str, rule: str) -> None:
    identity = identity_of(page(body))
    assert rule in fired(identity)
    assert identity.device_type in VIDEO_TYPES
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence < 0.9


@pytest.mark.parametrize(
    "body",
    [
        '<button onclick="ptz_up()">Up</button>',
        "<li>PTZ up/down/left/right control, 355 degree pan, 90 degree tilt</li>",
        "<script>function ptz_upload_firmware() {} function ptz_download_log() {}</script>",
        # PTZ settings with no preset beside them (with ptz_preset_max or preset_enb beside them they are the pair
        # webclient.shared.ptz-preset-identifiers reads, helper-263: tests/unit/identify/test_camera_login_pages.py).
        "<script>var ptz_enb=0; var ptz_speed=8; var ptz_speed_max=12;</script>",
        OCX_PTZ_PAGE,
        ROVER_PAGE,
        '<a href="realplayer.exe">Download RealPlayer</a>',
        "<script>player.startRealPlayback(); player.stopRealPlayer();</script>",
        '<a href="realplay.html">Live</a>',
    ],
    ids=[
        "one-ptz-function",
        "ptz-prose",
        "ptz-upload",
        "ptz-settings",
        "ptz-functions-alone",
        "ptz-constants-alone",
        "realplayer",
        "realplayback",
        "realplay-link",
    ],
)
def test_a_half_sign_or_a_near_name_types_nothing(body: str) -> None:
    identity = identity_of(page(body))
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


def test_hikvision_web_sdk_call_is_left_to_its_own_entry() -> None:
    # A portal built on Hikvision's web SDK: the SDK entry names Hikvision only beside other video evidence, so the
    # real-play entry must not supply that evidence from the SDK's own call.
    identity = identity_of(page("<script>oWebVideoCtrl.I_StartRealPlay(szIP, {iChannelID: 1});</script>"))
    assert REALPLAY not in fired(identity)
    assert identity.manufacturer is None


@pytest.mark.parametrize(("corpus", "line"), [*LOOKALIKE_PAGES, *PAGES3_LOOKALIKES, *PAGES4_LOOKALIKES])
def test_router_nas_printer_media_hub_and_conferencing_pages_stay_untyped(corpus: str, line: int) -> None:
    identity = identity_of(body_of(corpus, line))
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.text(
        alphabet=st.sampled_from(list("ptz_ up down left right stop zoom in realplay start dpsdk ()$.<>\n")),
        max_size=3000,
    )
)
def test_hostile_pages_never_raise_and_fire_only_on_a_whole_sign(text: str) -> None:
    rules = fired(identity_of(text))
    folded = text.lower()
    if REALPLAY in rules:
        assert "realplay" in folded and "(" in text
