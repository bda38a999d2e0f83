"""Page text naming one video-only maker, with nothing typing the device, is that maker's video device (weakly).

identify/base_rates.py (``waiting_name_catalogue_type``) and its use in identify/resolve.py; docs/identification/resolution.md,
"A video-only maker named in page text" (helper-163, 2026-12-05). The counter-examples are the pages the brief named:
a reseller's page, a router's list of supported cameras, a VMS's device list, a NAS's surveillance application.
"""

from __future__ import annotations

import importlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, resolve
from camaudit.identify.base_rates import PROSE_TYPE_CAP, waiting_name_catalogue_type
from camaudit.model import DeviceType, Evidence, Observation, is_video_device

# Invented, in the wording of a MOBOTIX camera's plain-text CGI help (a copyright line naming "MOBOTIX AG", the
# camera in running prose): no other sign of the device in it.
MOBOTIX_HELP = (
    "INF: Event-API v1.0, (c) MOBOTIX AG, Germany, 2001-2017\nINF:\n"
    "INF: Reads the events the camera has stored.\nINF: Each line holds one event.\n"
)
NOTE = "names it and no other maker"
#: The resolver's module (the package exports its ``resolve`` function under the same name).
resolve_module = importlib.import_module("camaudit.identify.resolve")


def page(body: str, **more: str) -> Observation:
    return Observation(
        "192.0.2.20",
        80,
        "tcp",
        "http",
        "import",
        "2026-01-01T00:00:00Z",
        {"http.status": "200", "http.body": body, **more},
    )


def test_a_video_only_makers_help_text_is_that_makers_video_device() -> None:
    identity = identify([page(MOBOTIX_HELP)])
    assert identity.device_type == DeviceType.VIDEO_DEVICE
    assert identity.manufacturer == "mobotix"
    # Weak: below the catalogue's cap for a name in the device's own short fields, never the firm band.
    assert identity.confidence < 0.5
    assert any(NOTE in line for line in identity.attribution)


def test_the_same_name_in_a_title_still_goes_through_the_plain_lexicon() -> None:
    """A name the device writes in its title is no prose reading: the lexicon types it at its own certainty."""
    identity = identify([page("<html></html>", **{"http.title": "MOBOTIX Camera"})])
    assert identity.manufacturer == "mobotix"
    assert not any(NOTE in line for line in identity.attribution)


@pytest.mark.parametrize(
    ("what", "body", "more"),
    [
        (
            "a router's list of supported cameras",
            "<p>Port forwarding presets for IP cameras: Hikvision, Dahua, Axis, MOBOTIX.</p>",
            {"http.title": "Router Setup"},
        ),
        (
            "a VMS's device list",
            "<ul><li>Axis Communications</li><li>Hanwha Vision</li><li>Vivotek</li></ul>",
            {"http.title": "Device drivers"},
        ),
        (
            "a NAS's surveillance application",
            "<div>Add IP camera: brand Axis, model P1375</div>",
            {"http.title": "Synology Surveillance Station"},
        ),
        (
            "a reseller's page with a shop title",
            "<p>MOBOTIX M16 dual-lens camera, in stock.</p>",
            {"http.title": "Security Camera Shop"},
        ),
        (
            "a reseller of a multi-product maker",
            "<p>Bosch cameras and Bosch drills, delivered next day.</p>",
            {"http.title": "Welcome"},
        ),
        (
            "a relabelling brand's name",
            "<p>Annke recorders for home and business.</p>",
            {"http.title": "Welcome"},
        ),
    ],
)
def test_pages_that_name_makers_without_being_their_devices_stay_unnamed(
    what: str, body: str, more: dict[str, str]
) -> None:
    identity = identify([page(body, **more)])
    assert not identity.is_video_device, what
    assert identity.manufacturer is None and identity.brand is None, what


def test_a_printer_sign_beside_the_name_stands() -> None:
    evs = [
        Evidence(
            "lexicon.hikvision.prose", "http.body", "Hikvision", {"manufacturer": "hikvision"}, 0.36, "t", needs="video"
        ),
        Evidence("rule.printer", "http.server", "HP LaserJet", {"device_type": "printer"}, 0.8, "t"),
    ]
    assert waiting_name_catalogue_type(evs) is None
    assert resolve(evs).device_type == DeviceType.PRINTER


def test_two_makers_in_one_page_name_nobody() -> None:
    evs = [
        Evidence("lexicon.axis.1.prose", "http.body", "Axis", {"manufacturer": "axis"}, 0.36, "t", needs="video"),
        Evidence(
            "lexicon.mobotix.prose", "http.body", "MOBOTIX", {"manufacturer": "mobotix"}, 0.36, "t", needs="video"
        ),
    ]
    assert waiting_name_catalogue_type(evs) is None
    identity = resolve(evs)
    assert identity.manufacturer is None and not identity.is_video_device


def test_a_maker_named_elsewhere_that_disagrees_stops_it() -> None:
    """A MAC block of another maker beside the page's name: two makers, no base rate."""
    evs = [
        Evidence(
            "lexicon.mobotix.prose", "http.body", "MOBOTIX", {"manufacturer": "mobotix"}, 0.36, "t", needs="video"
        ),
        Evidence("oui.registry.vendor", "mac.oui", "Hangzhou Hikvision", {"manufacturer": "hikvision"}, 0.45, "t"),
    ]
    assert waiting_name_catalogue_type(evs) is None


def test_the_type_confidence_never_exceeds_the_cap() -> None:
    evs = [Evidence("lexicon.axis.1.prose", "http.body", "AXIS", {"manufacturer": "axis"}, 0.95, "t", needs="video")]
    typed = waiting_name_catalogue_type(evs)
    assert typed is not None
    assert typed[0] == DeviceType.VIDEO_DEVICE.value
    assert typed[1] == PROSE_TYPE_CAP


def test_a_maker_api_answer_whose_namespace_names_the_maker_still_waits() -> None:
    """Hikvision's alarm hubs answer ISAPI too, and its namespace URL puts "hikvision" into the page text: the API
    answer and the page's name together are still one answer waiting for video evidence."""
    evs = [
        Evidence(
            "lexicon.hikvision.prose", "http.body", "hikvision", {"manufacturer": "hikvision"}, 0.36, "t", needs="video"
        ),
        Evidence(
            "answers.isapi.x", "devinfo.answer", "<DeviceInfo>", {"manufacturer": "hikvision"}, 0.75, "t", needs="video"
        ),
    ]
    assert waiting_name_catalogue_type(evs) is None
    identity = resolve(evs)
    assert not identity.is_video_device


def test_a_model_grammar_read_in_page_text_is_not_a_name() -> None:
    """Only the lexicon's prose reading carries the base rate: a number in a maker's grammar in a page may be a
    shop's or a manual's."""
    evs = [
        Evidence("models.axis.camera.prose", "http.body", "P1375", {"manufacturer": "axis"}, 0.36, "t", needs="video")
    ]
    assert waiting_name_catalogue_type(evs) is None


# --- properties ---------------------------------------------------------------------------------------------

_IDS = ("lexicon.mobotix.prose", "lexicon.axis.1.prose", "lexicon.bosch.prose", "lexicon.x", "rule.x", "words.x")
_FIELDS = ("http.body", "http.title", "rtsp.headers", "mac.oui", "import.product")
_MAKERS = ("mobotix", "axis", "hikvision", "bosch", "annke", "unknown-brand")
_TYPES = tuple(t.value for t in DeviceType)


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    asserts: dict[str, str] = {}
    for attribute in draw(st.sets(st.sampled_from(("brand", "manufacturer", "device_type")), min_size=1)):
        asserts[attribute] = draw(st.sampled_from(_TYPES if attribute == "device_type" else _MAKERS))
    rule_id = draw(st.sampled_from(_IDS))
    return Evidence(
        rule_id,
        draw(st.sampled_from(_FIELDS)),
        draw(st.text(max_size=20)),
        asserts,
        draw(st.floats(0.05, 1.0)),
        "test",
        port=draw(st.sampled_from((80, 554, None))),
        needs="video" if rule_id.endswith(".prose") else draw(st.sampled_from((None, "video"))),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(evidence(), min_size=1, max_size=5))
def test_the_prose_base_rate_only_fills_an_unknown_type_with_the_one_maker_named(evs: list[Evidence]) -> None:
    """Against the same resolution without it: a change only ever turns an unknown or absent type into a weak
    ``video_device`` of the one maker every piece of evidence names, a video-only one, with no non-video type."""
    with_rate = resolve(evs)
    original = resolve_module.waiting_name_catalogue_type
    resolve_module.waiting_name_catalogue_type = lambda evidence: None
    try:
        without = resolve(evs)
    finally:
        resolve_module.waiting_name_catalogue_type = original
    if with_rate == without:
        return
    assert with_rate.device_type == DeviceType.VIDEO_DEVICE
    assert without.device_type in (None, DeviceType.NOT_CAMERA)
    named = {v for e in evs for k, v in e.asserts.items() if k in ("brand", "manufacturer")}
    assert len(named) == 1
    assert with_rate.manufacturer in named | {None}
    assert with_rate.manufacturer in ("mobotix", "axis", "hikvision")
    assert not any(not is_video_device(e.asserts.get("device_type") or "video_device") for e in evs)
    assert any(NOTE in line for line in with_rate.attribution)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300), st.text(max_size=300))
def test_a_page_naming_two_video_makers_never_gets_the_prose_base_rate(before: str, after: str) -> None:
    identity = identify([page(f"{before} MOBOTIX {after} Hikvision {before}")])
    assert not any(NOTE in line for line in identity.attribution)
