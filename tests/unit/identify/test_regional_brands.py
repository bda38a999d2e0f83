"""Small and regional camera brands found in two independent public camera lists.

knowledge/data/vendors.yaml and the lexicon (layers/lexicon_pro.yaml, layers/lexicon_consumer.yaml);
docs/identification/models-and-lexicon.md, "Small and regional camera brands, and brands no list knows" (helper-163,
2026-12-05). Each brand is named from a short field the device writes; names that are also common words (March,
lupus, digitus) are matched only in their company form, and brands that sell much else wait for video evidence.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.knowledge.loader import catalogue, vendors
from camaudit.model import Identity, Observation

NEW = ("march-networks", "hi-focus", "3xlogic", "camius", "asecam", "lupus", "steinel", "db-power", "digitus")


def titled(title: str, **more: str) -> Identity:
    fields = {"http.status": "200", "http.title": title, **more}
    return identify([Observation("192.0.2.40", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


def with_mac(mac: str, **fields: str) -> Identity:
    return identify(
        [Observation("192.0.2.41", 80, "tcp", "http", "scan", "2026-01-01T00:00:00Z", {"mac": mac, **fields})]
    )


def test_every_new_brand_is_a_vendor_with_a_source() -> None:
    for vendor_id in NEW:
        assert vendor_id in vendors(), vendor_id
        assert vendors()[vendor_id].source


@pytest.mark.parametrize(
    ("title", "brand", "maker"),
    [
        ("March Networks VideoSphere", "march-networks", "march-networks"),
        ("3xLOGIC VIGIL Server", "3xlogic", None),
        ("Hi-Focus DVR", "hi-focus", None),
        ("Camius NVR", "camius", None),
        ("ASECAM 8MP Dome", "asecam", None),
    ],
)
def test_a_video_only_brand_in_a_title_names_it_and_types_a_video_device(
    title: str, brand: str, maker: str | None
) -> None:
    identity = titled(title)
    assert identity.brand == brand
    assert identity.manufacturer == maker
    assert identity.is_video_device


@pytest.mark.parametrize("title", ["Lupus Electronics GmbH", "STEINEL GmbH", "DBPOWER", "DIGITUS"])
def test_a_multi_product_brand_alone_names_nobody(title: str) -> None:
    identity = titled(title)
    assert identity.brand is None
    assert not identity.is_video_device


@pytest.mark.parametrize(
    ("title", "brand"),
    [
        ("Lupus Electronics IP Camera", "lupus"),
        ("STEINEL Network Camera", "steinel"),
        ("DBPOWER IP Camera", "db-power"),
        ("DIGITUS Network Camera", "digitus"),
    ],
)
def test_a_multi_product_brand_beside_a_camera_word_is_named(title: str, brand: str) -> None:
    identity = titled(title)
    assert identity.brand == brand
    assert identity.is_video_device


@pytest.mark.parametrize(
    "title",
    ["in march networks were slow", "Networks of March", "lupus erythematosus", "digitus medius", "DB power supply"],
)
def test_common_words_name_nobody(title: str) -> None:
    identity = titled(title)
    assert identity.brand is None and identity.manufacturer is None


def test_march_networks_block_names_the_maker() -> None:
    """00:10:BE is registered to MARCH NETWORKS CORPORATION (IEEE MA-L), now an alias of the vendor."""
    identity = with_mac("00:10:be:12:34:56")
    assert identity.manufacturer == "march-networks"


def test_hi_focus_block_names_the_brand_only_beside_video_evidence() -> None:
    """A4:17:52 is Hifocus Electronics India's block: a relabelling brand's card says nothing of the device."""
    assert with_mac("a4:17:52:12:34:56").brand is None
    identity = with_mac("a4:17:52:12:34:56", **{"http.title": "Network Camera"})
    assert identity.brand == "hi-focus"


def test_an_onvif_manufacturer_of_a_new_brand_is_no_longer_self_reported() -> None:
    fields = {"onvif.device_info.manufacturer": "Hi-Focus", "onvif.device_info.model": "HD401W1-H"}
    identity = identify([Observation("192.0.2.42", 80, "tcp", "onvif", "scan", "2026-01-01T00:00:00Z", fields)])
    assert identity.brand == "hi-focus"
    assert not any("as the device reports it" in line for line in identity.attribution)


def test_march_networks_catalogue_is_video() -> None:
    entry = catalogue("march-networks")
    assert entry is not None and entry.sells == "video"


#: Each new name with the lexicon entry that reads it (rule ids lexicon.<entry>, lexicon.<entry>.<n>, ... .prose).
_ENTRIES = {
    "March Networks": "march-networks",
    "3xLOGIC": "3xlogic",
    "Hi-Focus": "hi-focus",
    "Camius": "camius",
    "ASECAM": "asecam",
    "DBPOWER": "db-power",
    "DIGITUS": "digitus",
}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(_ENTRIES)),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8),
    st.booleans(),
)
def test_a_name_glued_to_letters_is_not_read_by_its_entry(name: str, glue: str, before: bool) -> None:
    """Names are words: a letter touching either end of one never fires its lexicon entry."""
    text = f"{glue}{name}" if before else f"{name}{glue}"
    entry = f"lexicon.{_ENTRIES[name]}"
    fired = [e.rule_id for e in titled(text).evidence]
    assert not [rule for rule in fired if rule == entry or rule.startswith(entry + ".")], text
