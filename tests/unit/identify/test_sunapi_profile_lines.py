"""Hanwha SUNAPI's video-profile answer read by its line grammar (layers/api_bodies.yaml
``hanwha.sunapi-video-profile-lines``): ``Channel.<n>.Profile.<n>.<Name>=<value>`` lines, as networkoptix's SUNAPI
client parses them (hanwha_response.cpp, hanwha_video_profile.cpp). The answers below are written to that parser and
its parameter names; none is a capture.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import match_fields
from camaudit.model import is_video_device

_IP = "192.0.2.155"
_TEXT = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
_RULE = "answers.hanwha.sunapi-video-profile-lines"

#: A camera's first two video profiles as media.cgi?msubmenu=videoprofile&action=view lists them (written here).
PROFILES = (
    "Channel.0.Profile.1.Name=MJPEG\r\nChannel.0.Profile.1.EncodingType=MJPEG\r\n"
    "Channel.0.Profile.1.Resolution=1920x1080\r\nChannel.0.Profile.2.Name=H.264\r\n"
    "Channel.0.Profile.2.EncodingType=H264\r\nChannel.0.Profile.2.H264.GOVLength=30\r\n"
)


def _rules(body: str) -> set[str]:
    return {evidence.rule_id for evidence in match_fields({"http.body": body})}


@pytest.mark.parametrize("head", [_TEXT, ""])
def test_a_video_profile_answer_names_hanwha_and_types_a_video_device(head: str) -> None:
    identity = identify_banner(head + PROFILES, 80, _IP)
    assert identity.manufacturer == "hanwha" and is_video_device(identity.device_type)
    assert identity.confidence < 0.9  # one reply, no model


@pytest.mark.parametrize("body", [
    # Written here: one line alone, a generic config file's lower-case names, channel parameters without a profile
    # (every recorder-like config has channels), spaced assignments, bracketed indices, the names in one line of prose,
    # Dahua's table lines and Axis's parameter lines.
    "Channel.0.Profile.1.Name=MJPEG\n",
    "channel.0.profile.1.name=main\nchannel.0.profile.1.codec=h264\n",
    "Channel.0.Name=Front door\nChannel.0.Type=IP\n",
    "Channel.0.Profile.1.Name = MJPEG\nChannel.0.Profile.1.Bitrate = 4096\n",
    "Channel[0].Profile[1].Name=MJPEG\nChannel[0].Profile[1].Bitrate=4096\n",
    "Set Channel.0.Profile.1.Name=MJPEG, then Channel.0.Profile.1.Bitrate=4096.",
    "table.Encode[0].MainFormat[0].Video.BitRate=2048\ntable.Encode[0].MainFormat[0].Video.FPS=25\n",
    "root.Image.I0.Appearance.Resolution=1920x1080\nroot.Image.I0.Appearance.Compression=30\n",
])
def test_look_alikes_name_nobody(body: str) -> None:
    assert _RULE not in _rules(body)
    assert identify_banner(_TEXT + body, 80, _IP).manufacturer != "hanwha"


_NAME = st.from_regex(r"[A-Z][A-Za-z0-9]{0,20}(\.[A-Za-z0-9]{1,12})?", fullmatch=True)
_VALUE = st.text(st.characters(codec="ascii", exclude_characters="\r\n"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(codec="ascii"), max_size=60), st.integers(0, 255), st.integers(1, 10),
       st.lists(st.tuples(_NAME, _VALUE), min_size=2, max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_any_profile_lines_are_read_whatever_precedes_them(
    before: str, channel: int, profile: int, pairs: list[tuple[str, str]], eol: str
) -> None:
    lines = eol.join(f"Channel.{channel}.Profile.{profile}.{name}={value}" for name, value in pairs)
    assert _RULE in _rules(before + "\n" + lines + eol)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_without_raising_and_the_entry_claims_only_hanwhas_video_device(text: str) -> None:
    identify_banner(_TEXT + text, 80, _IP)
    for evidence in match_fields({"http.body": text}):
        if evidence.rule_id == _RULE:
            assert dict(evidence.asserts) == {"manufacturer": "hanwha", "device_type": "video_device"}
