"""A scanner product string offering two makers as alternatives names neither (identify/alternatives.py).

The strings are nmap's own ``p/`` fields (github:nmap/nmap nmap-service-probes): one probe match for answers that
two makers' devices give alike. Before, the first maker was named and the second kept as a rival.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, ruleset
from camaudit.identify.alternatives import without_rival_alternatives
from camaudit.model import Observation


def _identity(product: str, devicetype: str | None = None):
    fields = {"import.product": product}
    if devicetype:
        fields["import.devicetype"] = devicetype
    return identify([Observation("192.0.2.7", 554, "tcp", "rtsp", "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize(
    "product",
    ["D-Link DCS-2130 or Pelco IDE10DN webcam rtspd", "Planet ICA-HM132 or TRENDnet TV IP302PI rtspd"],
)
def test_two_makers_as_alternatives_name_no_maker_and_no_model(product: str) -> None:
    identity = _identity(product, "webcam")
    assert (identity.brand, identity.manufacturer, identity.model) == (None, None, None)


def test_what_the_alternatives_share_still_types_the_device() -> None:
    assert _identity("D-Link DCS-2130 or Pelco IDE10DN webcam rtspd").device_type == "camera"


@pytest.mark.parametrize(
    "product,maker",
    [
        ("Vivotek IP7131 or IP7138 webcam rtspd", "vivotek"),  # two models of one maker keep it
        ("D-Link DCS-2130 webcam rtspd", "d-link"),  # no alternative at all
    ],
)
def test_one_makers_alternatives_keep_the_maker(product: str, maker: str) -> None:
    identity = _identity(product)
    assert maker in (identity.brand, identity.manufacturer)


def test_only_the_scanners_product_field_is_read_as_alternatives() -> None:
    # A title saying "A or B" is a page's text; the title entries judge it, this rule does not touch it.
    fields = {"http.title": "D-Link DCS-2130 or Pelco IDE10DN"}
    found = ruleset().match_fields(fields)
    assert without_rival_alternatives(fields, found) == found


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80), st.text(max_size=80))
def test_hostile_product_strings_never_raise(left: str, right: str) -> None:
    fields = {"import.product": f"{left} or {right}"}
    found = ruleset().match_fields(fields)
    assert all(ev.asserts for ev in found)
