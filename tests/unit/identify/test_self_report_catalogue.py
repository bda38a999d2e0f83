"""A self-description naming a video-only vendor as its maker is that vendor's video device (at the base rate).

identify/base_rates.py (``waiting_name_catalogue_type``, ``SELF_REPORT_RULES``); docs/identification/resolution.md,
"Brands have catalogues of their own" (helper-207, 2026-12-06). The maker fields of UPnP descriptions, device API
answers and SNMP sysDescr wait for video evidence (routers, NAS and printers fill them too); a vendor whose catalogue is
video only leaves no such doubt, whatever the field.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, ruleset
from camaudit.identify.base_rates import CATALOGUE_TYPE_CAP, SELF_REPORT_RULES, waiting_name_catalogue_type
from camaudit.model import DeviceType, Evidence, Observation, is_video_device

NOTE = "self-description names it as its maker"


def described(**fields: str) -> Observation:
    return Observation("192.0.2.30", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", dict(fields))


def test_every_self_report_rule_is_in_the_packaged_rule_set() -> None:
    """The rule ids are matched by name: renaming one of them must fail here, not silently stop the base rate."""
    ids = {rule.id for rule in ruleset().rules}
    assert ids >= SELF_REPORT_RULES
    for rule in ruleset().rules:
        if rule.id in SELF_REPORT_RULES:
            assert rule.needs == "video", rule.id


def test_a_camera_apis_brand_key_alone_names_a_video_device() -> None:
    # The brand key of an AXIS M1065-LW's param.cgi answer, "root.Brand.Brand=AXIS"
    # (github:Kane610/axis/tests/test_param_cgi.py@0176b7ce96f6), kept alone: the rest of the answer (ProdType=Network
    # Camera ...) types the device by itself. Before, the brand alone waited for video evidence and typed nothing.
    identity = identify([described(**{"devinfo.manufacturer": "AXIS"})])
    assert identity.manufacturer == "axis"
    assert identity.device_type == DeviceType.VIDEO_DEVICE
    assert any(NOTE in line for line in identity.attribution)


@pytest.mark.parametrize(
    ("fields", "brand"),
    [
        # Constructed: no camera's UPnP description or SNMP walk naming these vendors was found outside held-out
        # sources (discovery.md, "What a device says about itself").
        ({"upnp.manufacturer": "Swann", "upnp.friendlyName": "Front"}, "swann"),
        ({"upnp.manufacturer": "Axis"}, "axis"),
        ({"devinfo.manufacturer": "Arlo"}, "arlo"),
        ({"snmp.sysdescr": "Blink Inc. Sync Module"}, "blink"),
    ],
)
def test_a_video_only_vendor_as_maker_is_a_video_device(fields: dict[str, str], brand: str) -> None:
    identity = identify([described(**fields)])
    assert identity.brand == brand
    assert identity.device_type == DeviceType.VIDEO_DEVICE
    assert any(NOTE in line for line in identity.attribution)


@pytest.mark.parametrize(
    "fields",
    [
        {"upnp.manufacturer": "TP-Link"},  # recorded mixed
        {"devinfo.manufacturer": "Milesight"},  # routers and IoT gateways beside its cameras, no row
        {"upnp.manufacturer": "Verkada"},  # recorded mixed: alarm panels and sensors under the same name
        {"upnp.manufacturer": "Acme Vision"},  # a maker camaudit does not know
        # A router's description naming a video-only maker: the gateway's device type stands.
        {"upnp.manufacturer": "Swann", "upnp.device_type": "urn:schemas-upnp-org:device:InternetGatewayDevice:1"},
    ],
)
def test_no_video_catalogue_or_a_type_of_its_own_leaves_it_as_it_was(fields: dict[str, str]) -> None:
    identity = identify([described(**fields)])
    assert not any(NOTE in line for line in identity.attribution)
    if "upnp.device_type" in fields:
        assert identity.device_type == DeviceType.ROUTER
    elif fields.get("upnp.manufacturer") != "Verkada":
        assert not identity.is_video_device


def test_two_makers_named_say_nothing() -> None:
    identity = identify([described(**{"upnp.manufacturer": "Swann", "devinfo.manufacturer": "Arlo"})])
    assert not any(NOTE in line for line in identity.attribution)


def ev(rule_id: str, asserts: dict[str, str], *, needs: str | None = "video", certainty: float = 0.6) -> Evidence:
    return Evidence(rule_id, "upnp.manufacturer", "x", asserts, certainty, "test", port=80, needs=needs)


def test_a_makers_api_answer_still_waits() -> None:
    """Hikvision's alarm hubs answer ISAPI: an API answer naming the same maker keeps waiting, and so the name does."""
    evs = [
        ev("identifiers.upnp.manufacturer", {"brand": "axis"}),
        ev("axis.vapix.param-answer", {"manufacturer": "axis"}),
    ]
    assert waiting_name_catalogue_type(evs) is None


def test_the_lexicon_reading_the_same_name_does_not_stand_in_the_way() -> None:
    evs = [ev("identifiers.upnp.manufacturer", {"brand": "arlo"}), ev("lexicon.arlo.name.1", {"manufacturer": "arlo"})]
    typed = waiting_name_catalogue_type(evs)
    assert typed is not None
    assert typed[0] == DeviceType.VIDEO_DEVICE.value
    # ... but beside page text alone the lexicon's other readings still veto (the prose rule as it was).
    prose = [ev("lexicon.arlo.1.prose", {"manufacturer": "arlo"}), ev("lexicon.arlo.name.1", {"manufacturer": "arlo"})]
    assert waiting_name_catalogue_type(prose) is None


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(SELF_REPORT_RULES)),
    st.sampled_from(("swann", "axis", "arlo", "tp-link", "verkada", "acme-vision")),
    st.floats(0.05, 1.0),
    st.sampled_from((None, "router", "nas", "printer", "not_camera", "camera")),
)
def test_the_type_is_a_base_rate_and_only_for_a_video_catalogue(
    rule_id: str, vendor: str, certainty: float, other_type: str | None
) -> None:
    evs = [ev(rule_id, {"brand": vendor}, certainty=certainty)]
    if other_type:
        evs.append(ev("rule.other", {"device_type": other_type}, needs=None))
    typed = waiting_name_catalogue_type(evs)
    if typed is None:
        return
    assert vendor in ("swann", "axis", "arlo")
    assert other_type is None or is_video_device(other_type)
    assert typed[1] == round(min(certainty, CATALOGUE_TYPE_CAP), 4)
