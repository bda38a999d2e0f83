"""The bare RTSP answer, decided on development data: it types nothing alone; a bridge that names itself is no camera.

A bare answer -- a status line, CSeq, perhaps a Date and the basic method list, nothing any rule reads as a maker or a
piece of software -- comes from cameras and from TV tuners, relays and bridges alike. Development data (the third RTSP
batch, docs/identification/measurement.md) holds four such answers whose type rests on the bare answer alone: one camera
and three not cameras, among them a camera and a SAT>IP tuner with the same method list. So the bare answer still needs
a second sign (docs/identification/rtsp-sdp.md, "The bare answer, decided on development data"); what explains a bare
answer away is a sign of its own, such as the Server header tuya-ipc-terminal writes on every answer.

Bytes: the SAT>IP tuner's and the bridge's OPTIONS answers are captures quoted in public issue threads (the batch's
lines 15 and 17), the camera's is Recog's fingerprint example (the development corpus shodan_captures, line 62) less
the Server line its own rule reads; the
bridge's DESCRIBE is written to the format its code gives (github:seydx/tuya-ipc-terminal/pkg/rtsp/protocol.go
@10ebbb23b1af, generateSDP), not captured.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.rtsp_answer import answer, rule_ids

from camaudit.identify import match_fields
from camaudit.model import is_video_device

TUYA_RULE = "not-camera.rtsp.server.tuya-ipc-terminal"
#: A GSS.Box SAT>IP tuner's OPTIONS answer (github:perexg/satip-axe issue 51; the list as far as it was read).
SATIP_TUNER = "RTSP/1.0 200 OK\nCSeq: 1\nDate: Fri, 11 Mar 2016 12:35:54 GMT\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\n\n"
#: A camera's OPTIONS answer with the same method list: Recog's example (rapid7/recog rtsp_servers.xml) without its
#: 'Server: Indigo-Security/1.0' line -- the rule reading that header was written from the same example, so
#: leave-one-source-out judges the development record as this bare answer.
CAMERA = "RTSP/1.0 200 OK\nCSeq: 1\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\n\n"
#: tuya-ipc-terminal's OPTIONS answer as it traced it (github:seydx/tuya-ipc-terminal issue 11).
BRIDGE_OPTIONS = (
    "RTSP/1.0 200 OK\nServer: TuyaIPCTerminal/1.0\nDate: Fri, 22 Aug 2025 07:18:58 GMT\n"
    "Public: OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN\nCSeq: 9\n\n"
)
BRIDGE_SDP = (
    "v=0\no=- 1755846000 1755846000 IN IP4 0.0.0.0\ns=Tuya Camera Stream\nc=IN IP4 0.0.0.0\nt=0 0\na=control:*\n"
    "a=range:npt=0-\nm=video 0 RTP/AVP 96\na=rtpmap:96 H264/90000\na=control:video\n"
)


def _bridge_describe(server: str | None) -> str:
    head = "RTSP/1.0 200 OK\n"
    if server is not None:
        head += f"Server: {server}\n"
    length = len(BRIDGE_SDP.replace("\n", "\r\n"))
    head += (
        f"CSeq: 2\nContent-Base: rtsp://192.0.2.9:2410/Porch\nContent-Length: {length}\nContent-Type: application/sdp\n"
    )
    return head + "\n" + BRIDGE_SDP


def test_a_camera_and_a_tv_tuner_answering_the_same_bare_list_get_the_same_unknown_type() -> None:
    for text in (SATIP_TUNER, CAMERA):
        identity = answer(text)
        # Neither "a camera" (the tuner would be a false claim) nor "not a camera" (the camera would be): unknown.
        assert identity.device_type is None and identity.confidence == 0.0, identity.attribution
        assert identity.manufacturer is None and identity.brand is None
        assert rule_ids(identity) == {"words.rtsp-answered"}
        assert any("needs a second sign" in note for note in identity.attribution)


def test_the_tuya_bridge_names_itself_and_is_not_typed_a_camera() -> None:
    identity = answer(BRIDGE_OPTIONS, port=2410)
    assert identity.device_type == "not_camera" and identity.confidence >= 0.9, identity.attribution
    assert identity.manufacturer is None and identity.brand is None
    assert TUYA_RULE in rule_ids(identity)


def test_the_bridges_own_description_of_the_camera_it_carries_does_not_make_it_one() -> None:
    # The description offers video and calls it a camera stream; the bridge's header says what answered.
    identity = answer(_bridge_describe("TuyaIPCTerminal/1.0"), port=2410)
    assert identity.device_type == "not_camera", identity.attribution
    assert identity.manufacturer is None and identity.brand is None
    # Without the header the same description is a video stream on offer, typed as such: the header decides.
    headless = answer(_bridge_describe(None), port=2410)
    assert headless.device_type is not None and is_video_device(headless.device_type), headless.attribution
    assert TUYA_RULE not in rule_ids(headless)


def _fires(server: str) -> bool:
    return any(e.rule_id == TUYA_RULE for e in match_fields({"rtsp.server": server}))


@settings(max_examples=80, deadline=None)
@given(st.lists(st.integers(min_value=0, max_value=999), min_size=1, max_size=3))
def test_any_version_of_the_bridge_is_read(parts: list[int]) -> None:
    assert _fires("TuyaIPCTerminal/" + ".".join(str(p) for p in parts))


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_only_the_bridges_exact_header_is_read(before: str, after: str) -> None:
    server = (before + "TuyaIPCTerminal/1.0" + after).replace("\r", " ").replace("\n", " ")
    exact = server == "TuyaIPCTerminal/1.0" or (
        server.startswith("TuyaIPCTerminal/1.0")
        and all(c in "0123456789." for c in server[len("TuyaIPCTerminal/1.0") :])
    )
    if not exact:
        assert not _fires(server), server


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=2000))
def test_hostile_server_values_never_raise(server: str) -> None:
    match_fields({"rtsp.server": server})
