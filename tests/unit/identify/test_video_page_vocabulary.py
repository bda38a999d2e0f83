"""Page vocabulary only video devices combine (``layers/web_clients_shared.yaml``): a main and a secondary stream
named side by side, PTZ control beside its presets.

Each entry types a video device and names nobody. The positive pages are written to the public sources the entries
cite (a page built on Hikvision's web SDK, the RTSP guides' Chinese stream names) and one development camera page
(``devreplies_pages3`` line 11, post hoc: its miss was read before the entry was written). The look-alikes are the
development page batches' router, NAS, KVM, BMC, printer, media, smart-home and monitoring pages, and texts that carry
one half of a pair.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.identify.page_records import LOOKALIKE_PAGES, PAGES3_LOOKALIKES, VIDEO_TYPES, body_of, identity_of

from camaudit.model import Identity

STREAMS = "webclient.shared.main-sub-stream-selector"
PTZ = "webclient.shared.ptz-preset-controls"
RULES = {STREAMS, PTZ}

SDK_DEMO_PAGE = (
    '<fieldset class="preview"><legend>Browse</legend><table><tr><td class="tt">Stream type</td><td>\n'
    '<select id="streamtype" class="sel">\n<option value="1">Main stream</option>\n'
    '<option value="2">Sub stream</option>\n</select></td>\n'
    '<td><input type="button" class="btn" value="Start preview" onclick="clickStartRealPlay();" /></td></tr>'
    "</table></fieldset>\n"
)
PTZ_DEMO_PAGE = (
    '<fieldset class="ptz"><legend>PTZ control</legend><table><tr><td class="tt">PTZ speed</td>'
    '<td><select id="ptzspeed" class="sel"><option>4</option></select></td></tr>\n'
    '<tr><td class="tt">Preset</td><td><input id="preset" type="text" class="txt" value="1" /></td></tr>\n'
    '<tr><td colspan="2"><input type="button" class="btn" value="Set" onclick="clickSetPreset();" />\n'
    '<input type="button" class="btn" value="Call" onclick="clickGoPreset();" /></td></tr></table></fieldset>'
)
CHINESE_STREAMS = '<select id="stream"><option value="0">主码流</option><option value="1">辅码流</option></select>'


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence} & RULES


@pytest.mark.parametrize(
    ("body", "rule"),
    [(SDK_DEMO_PAGE, STREAMS), (CHINESE_STREAMS, STREAMS), (PTZ_DEMO_PAGE, PTZ)],
    ids=["main-sub-stream", "chinese-streams", "ptz-presets"],
)
def test_a_page_pairing_the_words_is_a_video_device_of_no_named_maker(body: str, rule: str) -> None:
    identity = identity_of(f"<html><head><title></title></head><body>{body}</body></html>")
    assert rule in fired(identity)
    assert identity.device_type in VIDEO_TYPES
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence < 0.9


def test_the_hisilicon_camera_live_page_is_now_a_video_device() -> None:
    # Post hoc: devreplies_pages3 line 11 (its 主码流/副码流 selector) was typed "not a camera" before this entry.
    identity = identity_of(body_of("devreplies_pages3", 11))
    assert STREAMS in fired(identity)
    assert identity.device_type in VIDEO_TYPES


@pytest.mark.parametrize(
    "body",
    [
        "<p>Mainstream media covered the launch; the main stream of the river floods in spring.</p>",
        "<select><option>Audio stream 1</option></select><select><option>Subtitle stream</option></select>",
        '<select id="eq"><option>Preset: Rock</option><option>Preset: Jazz</option></select>',
        "<ul><li>PTZ cameras</li><li>Dome cameras</li></ul>",
        "<td>主码流</td>",
    ],
    ids=["main-alone", "player-streams", "equaliser-presets", "ptz-alone", "chinese-main-alone"],
)
def test_one_half_of_a_pair_types_nothing(body: str) -> None:
    identity = identity_of(f"<html><body>{body}</body></html>")
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


@pytest.mark.parametrize(("corpus", "line"), [*LOOKALIKE_PAGES, *PAGES3_LOOKALIKES])
def test_router_nas_kvm_printer_and_media_pages_stay_untyped(corpus: str, line: int) -> None:
    identity = identity_of(body_of(corpus, line))
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list('main sub stream ptz preset 主子辅码流<>"=/-_ \n')), max_size=3000))
def test_hostile_pages_never_raise_and_fire_only_on_a_whole_pair(text: str) -> None:
    rules = fired(identity_of(text))
    folded = text.lower()
    if STREAMS in rules:
        assert ("main" in folded and "stream" in folded) or "主码流" in text
    if PTZ in rules:
        assert "ptz" in folded and "preset" in folded
