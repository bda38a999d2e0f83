"""What professional makers call themselves in a device's own answer (helper-126, 2026-12-04).

An ONVIF Manufacturer (or UPnP manufacturer) that is a maker's name as the IANA enterprise registry or its own
company writes it must name that maker, not a self-reported brand of its own: "Uniview Technologies" became the
brand "uniview-technologies", "JVCKENWOOD" (one word, as the registry lists JVC KENWOOD Corporation) the brand
"jvckenwood", "Meraki" the brand "meraki". A name that only shares a word still names nobody new.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Identity, Observation


def _manufacturer(name: str) -> Identity:
    fields = {"onvif.device_info.manufacturer": name, "onvif.device_info.model": "X1"}
    return identify([Observation("192.0.2.1", 80, "tcp", "onvif", "scan", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize(
    ("name", "vendor"),
    [
        ("Uniview Technologies", "uniview"),
        ("Uniview Europe B.V.", "uniview"),
        ("Zhejiang Uniview Technologies Co., Ltd.", "uniview"),
        ("JVCKENWOOD", "jvc"),
        ("JVCKENWOOD Corporation", "jvc"),
        ("Meraki", "cisco"),
        ("Meraki Networks, Inc.", "cisco"),
        ("Videotec S.P.A.", "videotec"),  # the IANA registry's spelling; "S.p.A." is no suffix the folding drops
        ("CohuHD Costar LLC", "costar"),
    ],
)
def test_a_makers_own_name_is_that_maker(name: str, vendor: str) -> None:
    identity = _manufacturer(name)
    assert identity.brand == vendor
    assert identity.manufacturer == vendor


@pytest.mark.parametrize("name", ["Uniview Technologies Reseller Ltd", "Merakis Cameras"])
def test_a_longer_name_is_not_the_maker(name: str) -> None:
    assert _manufacturer(name).brand not in {"uniview", "cisco"}
