"""Small and regional camera brands that two usable public sources name, and brands named by a common word.

knowledge/data/vendors.yaml, layers/lexicon_pro.yaml, layers/lexicon_consumer.yaml, layers/models.yaml;
docs/identification/models-and-lexicon.md, "Small and regional brands: the candidates" (helper-184, 2026-12-05).
The strings below are the sources' own (a StrixCamDB or ch-bas model or product name, a maker's manual's title, an
IEEE organisation name); they are placed in a page title, as a camera's web page or a scan file would carry them.
No source states who makes these brands' devices, so none of them may ever name a manufacturer.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.knowledge.loader import canonical_vendor, maker_of, oem_relations, vendors
from camaudit.model import Identity, Observation

NEW = ("advidia", "avycon", "eneo", "cnb", "yale", "qubo", "adt")


def titled(title: str, **more: str) -> Identity:
    fields = {"http.status": "200", "http.title": title, **more}
    return identify([Observation("192.0.2.50", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


def with_mac(mac: str, **fields: str) -> Identity:
    return identify(
        [Observation("192.0.2.51", 80, "tcp", "http", "scan", "2026-01-01T00:00:00Z", {"mac": mac, **fields})]
    )


def test_every_new_brand_is_a_vendor_with_a_source_and_no_oem_row() -> None:
    """No usable source states a relabelling: the OEM table must not guess one."""
    for vendor_id in NEW:
        assert vendor_id in vendors(), vendor_id
        assert vendors()[vendor_id].source
        assert oem_relations(vendor_id) == (), vendor_id
        assert maker_of(vendor_id) is None, vendor_id


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [("Advidia", "advidia"), ("CNB Technology Inc.", "cnb"), ("ADT Technology", None), ("Assa Abloy AB - Yale", None)],
)
def test_registry_names_map_only_to_the_brand_they_are(organisation: str, expected: str | None) -> None:
    """IEEE organisation names: Advidia's and CNB's own map to the brand; ADT Technology and ASSA ABLOY's Yale lock
    block are other companies' or other products' registrations."""
    assert canonical_vendor(organisation) == expected


@pytest.mark.parametrize(
    ("title", "brand", "model"),
    [
        ("Advidia A-47", "advidia", None),  # StrixCamDB advidia.json
        ("AVYCON AVR-HT504A", "avycon", None),  # the DVR manual's model on manualmachine.com
        ("eneo GXD-1610M", "eneo", "GXD-1610M"),  # StrixCamDB eneo.json
        ("ENEO PLS-5308", "eneo", "PLS-5308"),  # the encoder manual on manualslib.com
        ("Yale Home View Pan/Tilt/Zoom Indoor Camera", "yale", None),  # ch-bas wipc-303w.json
        ("WIPC-301W", "yale", "WIPC-301W"),  # both lists
        ("Qubo Smart Cam 360", "qubo", None),  # ch-bas smart-cam-360-3mp.json
        ("Qubo Outdoor Bullet Camera", "qubo", None),  # ch-bas bullet-cam-pro.json
        ("ADT+ Indoor Camera", "adt", None),  # ch-bas command-indoor-cam.json
        ("RC8021W-ADT", "adt", "RC8021W-ADT"),  # StrixCamDB adt.json
    ],
)
def test_a_small_brand_names_the_brand_types_a_video_device_and_names_no_maker(
    title: str, brand: str, model: str | None
) -> None:
    identity = titled(title)
    assert identity.brand == brand
    assert identity.manufacturer is None
    assert identity.is_video_device
    if model is not None:
        assert identity.model == model


@pytest.mark.parametrize(
    "title",
    [
        "Yale University",
        "Yale Smart Lock",
        "Yale Sync Smart Home Alarm",
        "Qubo",
        "qubo kids TV",
        "Qubo Smart Plug",
        "ADT",
        "ADT Pulse",
        "ADT Command panel",
        "ENEO Cameroon",
        "Eneo Cameroon S.A. electricity bill",
        "CNBC",
        "CNB Bank",
    ],
)
def test_a_common_word_alone_names_nobody_and_types_no_video(title: str) -> None:
    """A page about locks, alarms, a TV channel, a power utility or a bank is not a camera."""
    identity = titled(title)
    assert identity.brand is None and identity.manufacturer is None
    assert not identity.is_video_device


def test_cnb_needs_video_evidence() -> None:
    """CNB's company name and numbers name the brand beside a camera word only."""
    assert titled("CNB Technology Inc.").brand is None
    assert titled("CNB-M1360PL").brand is None
    assert titled("CNB Technology Network Camera").brand == "cnb"
    identity = titled("CNB-M1360PL PTZ Camera")
    assert identity.brand == "cnb" and identity.model == "M1360PL"


@pytest.mark.parametrize(("mac", "brand"), [("78:a1:83:12:34:56", "advidia"), ("00:1e:81:12:34:56", "cnb")])
def test_a_brand_block_names_the_brand_only_beside_video_evidence(mac: str, brand: str) -> None:
    """78:A1:83 is registered to Advidia, 00:1E:81 to CNB Technology Inc. (IEEE MA-L): a brand's card says nothing of
    the device it sits in, and never who made it."""
    alone = with_mac(mac)
    assert alone.brand is None and not alone.is_video_device
    beside = with_mac(mac, **{"http.title": "Network Camera"})
    assert beside.brand == brand and beside.manufacturer is None


#: Each new word-bounded name with the rule-id prefix of the entry that reads it.
_ENTRIES = {
    "Advidia": "lexicon.advidia",
    "AVYCON": "lexicon.avycon",
    "eneo GXD-1610M": "lexicon.eneo",
    "Yale Home View": "lexicon.yale.cameras",
    "Qubo Smart Cam": "lexicon.qubo.cameras",
    "WIPC-301W": "models.yale.camera",
    "RC8021W-ADT": "models.adt.camera",
}


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(sorted(_ENTRIES)),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=8),
)
def test_a_name_with_a_letter_glued_before_it_is_not_read(name: str, glue: str) -> None:
    """Names are words: a letter touching the start of one never fires its entry."""
    fired = [e.rule_id for e in titled(f"{glue}{name}").evidence]
    entry = _ENTRIES[name]
    assert not [rule for rule in fired if rule == entry or rule.startswith(entry + ".")], f"{glue}{name}"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_hostile_text_around_a_common_word_never_names_these_brands(noise: str) -> None:
    """Whatever surrounds the bare words Yale, Qubo, ADT or ENEO, they alone name none of these brands."""
    for word in ("Yale", "Qubo", "ADT", "ENEO"):
        identity = titled(f"{noise} {word}")
        if word.lower() not in noise.lower():
            assert identity.brand not in {"yale", "qubo", "adt", "eneo"}, (word, noise)
