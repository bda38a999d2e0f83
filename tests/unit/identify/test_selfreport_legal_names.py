"""A self-reported maker shortened to the first words of its legal name ("ZHEJIANG DAHUA" for Zhejiang Dahua
Technology Co., Ltd.) is that maker, so the restriction findings follow; any other name sharing a word stays a
self-reported brand of its own."""

from __future__ import annotations

from tests.unit.identify.test_self_reported_layouts import onvif_answer

from camaudit.identify.selfreport import maker_id


def test_a_maker_reported_by_the_first_words_of_its_legal_name_is_that_maker() -> None:
    # The legal names are vendors.yaml's (Dahua's own site, Reolink's and Xiongmai's imprints).
    assert maker_id("ZHEJIANG DAHUA") == "dahua"
    assert maker_id("Shenzhen Reolink") == "reolink"
    assert maker_id("Hangzhou Xiongmai") == "xiongmai"
    identity = onvif_answer("ZHEJIANG DAHUA", "IPC-HFW1230S", "2.800.0000000.14.R", "5J01234PAZ00123", "1.00")
    assert identity.manufacturer == "dahua" and identity.brand == "dahua"


def test_a_name_that_only_shares_a_word_is_not_the_maker() -> None:
    assert maker_id("Shanghai Dahua Scale Factory") not in {"dahua", None}
    assert maker_id("Zhejiang Dahua Vision") not in {"dahua", None}  # longer than the legal name's words
    assert maker_id("Hangzhou") not in {"hikvision", "ezviz", "xiongmai", None}  # one place word names nobody
    assert maker_id("Shenzhen Technology") not in {"reolink", "foscam", "tvt", None}
