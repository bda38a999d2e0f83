"""Base rates: a maker named with nothing typing the device is a video device when (nearly) all it sells is video.

identify/base_rates.py and knowledge/data/catalogues.yaml; docs/identification/resolution.md, "Base rates: a maker's
catalogue and a bare answer" (helper-101, 2026-12-04).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.unit.identify.test_heldout_sources import _held_out_keys

from camaudit.identify import base_rates, identify
from camaudit.identify.base_rates import CATALOGUE_TYPE_CAP, catalogue_type, video_catalogue
from camaudit.identify.provenance import source_keys
from camaudit.identify.resolve import resolve
from camaudit.knowledge.catalogues import CataloguesFile
from camaudit.knowledge.loader import packaged, vendors
from camaudit.model import VIDEO_DEVICE_TYPES, DeviceType, Evidence, Observation

# The 401 a Hikvision DS-2CD2155FWD-I (firmware V5.5.0, Server App-webs/) answers to /ISAPI/System/status:
# github:MissiaL/hikvision-client/tests/fixtures/cassettes/test_auth_firmware_v5_5@cf29e88cdf5a
HIKVISION_401 = (
    "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n<body><h2>Access Error: "
    "401 -- Unauthorized</h2>\r\n<p>Authentication Error</p>\r\n</body>\r\n</html>\r\n"
)
# Stock Embedthis Appweb 3 (github:doghell/appweb-3/src/http/filters/authFilter.c@95d12b0c6013, formatAuthResponse):
# the same template, written by any Appweb 3 product -- it names no maker, so no base rate applies.
APPWEB3_401 = (
    "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n<body><h2>Access Error: "
    "401 -- Unauthorized</h2>\r\n<p>Authentication Error: Access Denied, Missing authorization details.</p>\r\n"
    "</body>\r\n</html>\r\n"
)


def http(body: str, **more: str) -> Observation:
    return Observation(
        "192.0.2.10",
        80,
        "tcp",
        "http",
        "import",
        "2026-01-01T00:00:00Z",
        {"http.status": "401", "http.body": body, **more},
    )


def ev(
    field: str,
    asserts: dict[str, str],
    certainty: float = 0.6,
    *,
    needs: str | None = None,
    rule_id: str = "rule.test",
    port: int | None = 80,
) -> Evidence:
    return Evidence(rule_id, field, "matched text", asserts, certainty, "test", port=port, needs=needs)


# --- the catalogue itself ------------------------------------------------------------------------------------


def test_every_video_catalogue_is_a_video_only_maker_or_a_brand() -> None:
    """A vendor listed ``sells: video`` is a maker all of whose types in vendors.yaml are video, or a brand that builds
    nothing itself (Swann, Lorex, Amcrest: the name on the box decides, so a brand's own catalogue is what counts)."""
    brands = []
    for entry in packaged(CataloguesFile).catalogues:
        if entry.sells != "video":
            continue
        vendor = vendors()[entry.vendor]
        assert set(vendor.makes) <= VIDEO_DEVICE_TYPES, (entry.vendor, vendor.makes)
        if not vendor.is_maker:
            brands.append(entry.vendor)
    assert {"swann", "lorex", "amcrest"} <= set(brands)


def test_the_loader_rejects_a_catalogue_row_without_a_source() -> None:
    row = {"vendor": "swann", "sells": "video", "lines": "Cameras and recorders."}
    with pytest.raises(ValidationError, match="source"):
        CataloguesFile.model_validate({"catalogues": [row]})
    with pytest.raises(ValidationError, match="source"):
        CataloguesFile.model_validate({"catalogues": [{**row, "source": "   "}]})
    assert CataloguesFile.model_validate({"catalogues": [{**row, "source": "https://example.org/about"}]})


def test_the_multi_product_makers_the_brief_names_are_recorded_as_mixed() -> None:
    for vendor in ("tp-link", "d-link", "bosch", "sony", "panasonic", "canon", "xiaomi", "ubiquiti", "honeywell"):
        assert not video_catalogue(vendor), vendor
    for vendor in ("hikvision", "dahua", "uniview", "hanwha", "axis", "vivotek", "mobotix"):
        assert video_catalogue(vendor), vendor
    # Verkada's cameras sit beside alarm panels and environmental sensors of the same name: recorded as mixed.
    assert not video_catalogue("verkada")
    # Not listed: brands no source was read for decide nothing by themselves, nor do unknown names.
    assert not video_catalogue("annke")
    assert not video_catalogue("no-such-vendor")
    assert not video_catalogue(None)


def test_no_catalogue_cites_a_held_out_batch_source() -> None:
    held_out = _held_out_keys()
    citing = [
        f"catalogues.yaml {entry.vendor} cites {key} (held-out: {held_out[key]})"
        for entry in packaged(CataloguesFile).catalogues
        for key in sorted(set(source_keys(entry.source)) & held_out.keys())
    ]
    assert not citing, "\n".join(citing)


# --- a real answer ------------------------------------------------------------------------------------------


def test_a_hikvision_only_401_page_is_a_hikvision_video_device() -> None:
    identity = identify([http(HIKVISION_401)])
    assert identity.manufacturer == "hikvision"
    assert identity.device_type == DeviceType.VIDEO_DEVICE
    assert any("catalogue" in line for line in identity.attribution)
    # The maker's confidence is the headline, unchanged by the base rate.
    assert identity.confidence == pytest.approx(0.6)


def test_the_stock_appweb_page_names_no_maker_and_types_nothing() -> None:
    identity = identify([http(APPWEB3_401)])
    assert identity.manufacturer is None
    assert identity.device_type is None or not identity.is_video_device


# A WS-Discovery answer's name scope, alone. Constructed: real answers (an Amcrest IP2M-841B's ProbeMatch, kept in a
# public WS-Discovery client's test) carry the name scope beside "type/Network_Video_Transmitter", which types the
# device by itself; the name scope alone is the case where only the brand's catalogue can say what the device is.
def onvif_name(name: str) -> Observation:
    return Observation(
        "192.0.2.11",
        3702,
        "udp",
        "ws-discovery",
        "discover",
        "2026-01-01T00:00:00Z",
        {"onvif.scope": f"onvif://www.onvif.org/name/{name}"},
    )


def test_a_camera_only_brand_named_in_a_self_description_is_a_video_device() -> None:
    """Swann builds nothing itself (its recorders are RaySharp's and others'); its own catalogue, not its maker's, types
    the answer. The plain name "Swann" is no lexicon entry of its own (the lexicon reads "Swann Communications", "SWANN
    DVR"), so before the brand had a row the same answer named Swann and typed nothing."""
    identity = identify([onvif_name("Swann")])
    assert identity.brand == "swann"
    assert identity.device_type == DeviceType.VIDEO_DEVICE
    assert any("from swann's catalogue" in line for line in identity.attribution)
    original = base_rates.video_catalogue
    base_rates.video_catalogue = lambda vendor_id: False
    try:
        without = resolve(identity.evidence)
    finally:
        base_rates.video_catalogue = original
    assert without.brand == "swann"
    assert not without.is_video_device


@pytest.mark.parametrize(("name", "maker"), [("Arlo", "arlo"), ("Blink", "blink"), ("Canary", "canary")])
def test_a_camera_only_maker_named_in_a_self_description_is_a_video_device(name: str, maker: str) -> None:
    # The lexicon reads these names only beside video evidence (common words); the answer names the maker by itself.
    identity = identify([onvif_name(name)])
    assert identity.manufacturer == maker
    assert identity.device_type == DeviceType.VIDEO_DEVICE
    assert any(f"from {maker}'s catalogue" in line for line in identity.attribution)


@pytest.mark.parametrize(
    ("name", "vendor"), [("TP-Link", "tp-link"), ("Milesight", "milesight"), ("Intelbras", "intelbras")]
)
def test_a_name_without_a_video_catalogue_types_nothing_from_the_same_answer(name: str, vendor: str) -> None:
    """A multi-product maker (TP-Link, recorded mixed), a maker with routers and IoT gateways beside its cameras and no
    row (Milesight), a maker of routers and intercoms (Intelbras): the name scope alone leaves the device not typed
    video."""
    identity = identify([onvif_name(name)])
    assert identity.brand == vendor
    assert not identity.is_video_device


# --- when the base rate must not speak ----------------------------------------------------------------------


def test_type_confidence_is_a_base_rate_never_more_than_the_cap() -> None:
    maker = [ev("http.body", {"manufacturer": "hikvision"}, 0.95)]
    typed = catalogue_type(None, (), "hikvision", maker, 0.95)
    assert typed is not None
    assert typed[0] == DeviceType.VIDEO_DEVICE.value
    assert typed[1] == CATALOGUE_TYPE_CAP


@pytest.mark.parametrize("maker", ["tp-link", "bosch", "sony", "ubiquiti", "xiaomi", "honeywell", "canon"])
def test_a_multi_product_maker_named_alone_says_nothing_of_the_type(maker: str) -> None:
    identity = resolve([ev("http.server", {"manufacturer": maker}, 0.7)])
    assert identity.manufacturer == maker
    assert not identity.is_video_device


def test_a_maker_named_only_by_a_mac_block_or_another_scanner_types_nothing() -> None:
    for field in ("mac.oui", "import.product"):
        identity = resolve([ev(field, {"manufacturer": "axis"}, 0.6, port=None)])
        assert not identity.is_video_device, field


def test_a_maker_api_answer_that_waits_for_video_evidence_types_nothing() -> None:
    """Hikvision's alarm hubs answer ISAPI too: an API answer alone (``needs: video``) leaves the type unknown."""
    identity = resolve([ev("devinfo.answer", {"manufacturer": "hikvision"}, 0.75, needs="video")])
    assert identity.device_type is None
    assert identity.manufacturer is None


@pytest.mark.parametrize("other", ["printer", "router", "nas", "web_server", "not_camera"])
def test_any_evidence_typing_the_device_stands(other: str) -> None:
    identity = resolve(
        [ev("http.body", {"manufacturer": "hikvision"}, 0.6), ev("http.server", {"device_type": other}, 0.5, port=81)]
    )
    assert not identity.is_video_device


def test_the_name_on_the_box_decides() -> None:
    # A multi-product group's brand with a video maker's firmware marker: the brand (not listed video) decides.
    identity = resolve(
        [ev("http.title", {"brand": "honeywell"}, 0.6), ev("http.server", {"manufacturer": "dahua"}, 0.7, port=81)]
    )
    assert not identity.is_video_device
    # A relabelling brand is not listed either: no type from the OEM table's maker.
    identity = resolve([ev("http.title", {"brand": "annke"}, 0.6)])
    assert identity.manufacturer == "hikvision"
    assert not identity.is_video_device


# --- properties ---------------------------------------------------------------------------------------------

_FIELDS = ("http.body", "http.server", "rtsp.headers", "mac.oui", "import.product", "devinfo.answer", "banner")
_MAKERS = ("hikvision", "axis", "dahua", "tp-link", "sony", "annke", "swann", "lorex", "honeywell", "unknown-brand")
_TYPES = tuple(t.value for t in DeviceType)


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    asserts: dict[str, str] = {}
    for attribute in draw(st.sets(st.sampled_from(("brand", "manufacturer", "device_type")), min_size=1)):
        asserts[attribute] = draw(st.sampled_from(_TYPES if attribute == "device_type" else _MAKERS))
    return Evidence(
        draw(st.sampled_from(("rule.x", "lexicon.x", "words.x"))),
        draw(st.sampled_from(_FIELDS)),
        draw(st.text(max_size=20)),
        asserts,
        draw(st.floats(0.05, 1.0)),
        "test",
        port=draw(st.sampled_from((80, 554, None))),
        needs=draw(st.sampled_from((None, "video"))),
    )


@settings(max_examples=300, deadline=None)
@given(st.lists(evidence(), min_size=1, max_size=5))
def test_the_base_rate_only_ever_fills_an_unknown_type(evs: list[Evidence]) -> None:
    """Against the same resolution without it: same makers, model and conflicts; a type changes only from unknown or
    "not a camera" by absence to ``video_device``, never above the cap, never past a type some evidence asserted."""
    with_rate = resolve(evs)
    original = base_rates.video_catalogue
    base_rates.video_catalogue = lambda vendor_id: False
    try:
        without = resolve(evs)
    finally:
        base_rates.video_catalogue = original
    assert (with_rate.brand, with_rate.manufacturer, with_rate.model) == (
        without.brand,
        without.manufacturer,
        without.model,
    )
    assert with_rate.confidence == without.confidence
    if with_rate.device_type != without.device_type:
        assert with_rate.device_type == DeviceType.VIDEO_DEVICE
        assert without.device_type in (None, DeviceType.NOT_CAMERA)
        assert with_rate.manufacturer or with_rate.brand
        assert not any(e.needs is None and "device_type" in e.asserts for e in evs)
