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
from tests.unit.identify.page_records import LOOKALIKE_PAGES, VIDEO_TYPES, body_of, identity_of

from camaudit.model import Identity

IMAGE = "webclient.shared.image-tuning-controls"
RULES = {IMAGE}

#: The third and fourth page batches' look-alikes (routers, KVM, BMC, printers, 3-D printer hosts, NAS, media, hubs).
PAGES3_LOOKALIKES = [("devreplies_pages3", n) for n in (8, 9, 10, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 28, 29)]

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


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence} & RULES


@pytest.mark.parametrize(
    ("body", "rule"),
    [(SENSOR_PAGE, IMAGE), (PREVIEW_PAGE, IMAGE)],
    ids=["sensor-settings", "night-mode-buttons"],
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
    ],
    ids=["product-prose", "billing-select", "bank-form", "one-group", "longer-names", "labels-only"],
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


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.sampled_from(list('id name = wdr blc hlc day night dnr defog ir cut 850 "\'<>/_-\n')), max_size=3000))
def test_hostile_pages_never_raise_and_fire_only_on_two_named_controls(text: str) -> None:
    rules = fired(identity_of(text))
    folded = text.lower()
    if IMAGE in rules:
        assert folded.count("id") + folded.count("name") >= 2
