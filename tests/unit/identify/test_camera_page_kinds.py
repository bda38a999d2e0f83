"""Camera web pages by kind (``layers/web_clients_shared.yaml``, helper-259): signs that recur across makers' and open
firmwares' camera pages and that no look-alike combines.

Each entry types a video device and names nobody. The positive pages are written to the public sources each entry
cites; the look-alikes are the development page batches' router, NAS, KVM, BMC, printer, media, smart-home and
monitoring pages, product prose, and pages carrying one half of a pair.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.identify.page_records import LOOKALIKE_PAGES, PAGES3_LOOKALIKES, VIDEO_TYPES, body_of, identity_of

from camaudit.model import Identity

IMAGE = "webclient.shared.image-tuning-controls"
TOOLBAR = "webclient.shared.liveview-toolbar-words"
MENU = "webclient.shared.settings-menu-motion-privacy"
RULES = {IMAGE, TOOLBAR, MENU}

#: Written to the cited camera settings page's layout (hanskimvz/IPAiCamera, sony_isp.cgi): day/night, BLC, DNR.
SENSOR_PAGE = (
    '<div id="Day_Night_Settings"><table><tr><td><input id="tdn_auto" name="dnmode" type="radio" value=0>\n'
    '<input id="tdn_night" name="dnmode" type="radio" value=2></td></tr></table></div>\n'
    '<div id="Backlight_Switch"><table><tr name="support_blc"><td>'
    '<input id="blc_off" name="blc" type="radio" value=0 ><input id="blc_on" name="blc" type="radio" value=1>'
    "</td></tr></table></div>\n"
    '<div id="Image_Enhancement"><div id="dnr" name="dnr" class="long"></div>'
    '<select size="1" class="radius" name="defog"><option value=0>off</option></select></div>'
)
#: Written to the cited open firmware's preview page (Thingino preview.cgi): night-mode buttons.
PREVIEW_PAGE = (
    '<div class="buttons btn-group d-flex" role="group" aria-label="Night Mode">\n'
    '<input type="checkbox" class="btn-check" name="daynight" id="daynight" value="1">\n'
    '<label class="btn btn-dark" for="daynight" title="Night mode"></label>\n'
    '<input type="checkbox" class="btn-check" name="ircut" id="ircut" value="1">\n'
    '<input type="checkbox" class="btn-check" name="ir850" id="ir850" value="1"></div>'
)

#: Written to the cited web clients' language tables (louxy/workfile lang_en.js and lang_zh_cn.js; the Sonix camera's
#: en-US.js): the live view's snapshot beside manual recording or two-way audio.
TOOLBAR_TABLE = '_Live:  "Live View",\n\n_Snapshot:  "Snapshot",\n\n_Manual_Recording: "Manual Recording",'
TOOLBAR_SONIX = "LV_Snapshot = 'Snapshot';\nLV_Flip = 'Flip';\nLV_Mirror = 'Mirror';\nLV_TwoWayAudio = 'Two way audio';"
TOOLBAR_ZH = '_Snapshot:  "快照",\n\n_Manual_Recording:  "手动录像",'
#: Written to the cited settings menus (zhouyanfss/cameraH videoAudioSet.asp and its Chinese page; the Sonix strings).
MENU_PAGE = (
    '<ul><li class="choose" onclick="videoShow(1)">Character display</li>\n'
    '<li class="choose" onclick="videoShow(2)">Motion detection</li>\n'
    '<li class="choose" onclick="videoShow(3)">Privacy mask</li></ul>'
)
MENU_ZH = '<ul><li onclick="videoShow(2)">移动侦测</li>\n<li onclick="videoShow(3)">隐私区域</li></ul>'
MENU_SONIX = "NV_Private_Mask = 'Private Mask';\nNV_Network = 'Network';\nNV_Motion_detection = 'Motion Detection';"


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence} & RULES


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (SENSOR_PAGE, IMAGE),
        (PREVIEW_PAGE, IMAGE),
        (f"<script>var lang_en={{{TOOLBAR_TABLE}}}</script>", TOOLBAR),
        (f"<script>{TOOLBAR_SONIX}</script>", TOOLBAR),
        (f"<script>var lang_zh_cn={{{TOOLBAR_ZH}}}</script>", TOOLBAR),
        (MENU_PAGE, MENU),
        (MENU_ZH, MENU),
        (f"<script>{MENU_SONIX}</script>", MENU),
    ],
    ids=[
        "sensor-settings",
        "night-mode-buttons",
        "toolbar-table",
        "toolbar-sonix",
        "toolbar-chinese",
        "menu-page",
        "menu-chinese",
        "menu-sonix",
    ],
)
def test_a_camera_page_of_the_kind_is_a_video_device_of_no_named_maker(body: str, rule: str) -> None:
    identity = identity_of(f"<html><head><title></title></head><body>{body}</body></html>")
    assert rule in fired(identity)
    assert identity.device_type in VIDEO_TYPES
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence < 0.9


@pytest.mark.parametrize(
    "body",
    [
        # A shop's product list: the vocabulary as prose, no control.
        "<ul><li>120dB Wide Dynamic Range</li><li>3D Digital Noise Reduction</li><li>Backlight Compensation</li>"
        "<li>IR-cut filter with auto switch</li></ul>",
        # One control alone: a billing form's "Bill To Company" select, a bank form's withdrawal reason.
        '<label for="status">Bill To Company</label><select class="form-control" id="blc" name="blc"></select>',
        '<label>Reason<input id="wdr" placeholder="Reason for deduction"></label>',
        # Two controls of one group only.
        '<div id="dnr" name="dnr"></div><select name="defog"></select><input name="ir850">',
        # Longer names that merely start with a term.
        '<input id="wdrx" name="wdrawal"><input id="dnrate" name="ircuts2">',
        # Labels, not controls.
        '<label for="wdr">WDR</label><label for="dnr">DNR</label>',
        # A data sheet's or shop's sentences: the toolbar and menu words as prose, not UI strings.
        "<p>Two-way audio, snapshots and manual recording right in the app.</p>",
        "<p>Supports motion detection and privacy masks.</p><p>支持移动侦测和隐私遮挡，抓拍和对讲</p>",
        # One word of a pair: a backup tool's snapshot, a walkie-talkie's talk button, an alarm hub's motion sensor.
        "<button>Snapshot</button><button>Restore</button>",
        "<button>Talk</button><button>Listen</button>",
        "<li>Motion Detection</li><li>Tamper alarm</li><li>Door contact</li>",
        # The words inside longer menu texts.
        "<li>Privacy Policy</li><li>Motion detection zones</li><li>Create snapshot</li><li>Recording</li>",
    ],
    ids=[
        "product-prose",
        "billing-select",
        "bank-form",
        "one-group",
        "longer-names",
        "labels-only",
        "feature-sentence",
        "data-sheet-sentences",
        "backup-snapshot",
        "walkie-talkie",
        "alarm-hub-menu",
        "longer-menu-texts",
    ],
)
def test_prose_and_half_signs_type_nothing(body: str) -> None:
    identity = identity_of(f"<html><body>{body}</body></html>")
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


@pytest.mark.parametrize(("corpus", "line"), [*LOOKALIKE_PAGES, *PAGES3_LOOKALIKES])
def test_router_nas_kvm_printer_and_media_pages_stay_untyped(corpus: str, line: int) -> None:
    identity = identity_of(body_of(corpus, line))
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


#: Hostile pages built from the entries' own words and the characters around them, in any order.
PIECES = [
    *"id name = wdr blc day night dnr ir cut \"'<>/_-\n",
    "snapshot",
    "manual record",
    "two way audio",
    "motion detection",
    "privacy mask",
    "快照",
    "手动录像",
    "移动侦测",
    "隐私区域",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=300).map("".join))
def test_hostile_pages_never_raise_and_fire_only_on_a_whole_pair(text: str) -> None:
    rules = fired(identity_of(text))
    folded = text.lower()
    if IMAGE in rules:
        assert folded.count("id") + folded.count("name") >= 2
    if TOOLBAR in rules:
        assert ("snapshot" in folded and ("manual record" in folded or "two way audio" in folded)) or (
            "快照" in text and "手动录像" in text
        )
    if MENU in rules:
        assert ("motion detection" in folded and "privacy mask" in folded) or (
            "移动侦测" in text and "隐私区域" in text
        )
