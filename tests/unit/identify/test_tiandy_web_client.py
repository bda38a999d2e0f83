"""Tiandy's older web client read by its title (``rules/http.yaml`` and ``layers/web_clients.yaml``).

Tiandy's ActiveX-era web client titles its page "Net Video Browser" (zb3/tiandy-research's notes on finding Tiandy
devices; yaklang's device rules read the same title as Tiandy's). The page shell below is invented around that
title; the counter-pages use near words.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation

RULES = ("tiandy.http.title.net-video-browser", "webclient.tiandy.net-video-browser-title")


def record(fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.13", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


PAGE = (
    '<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">'
    '<title>Net Video Browser</title></head><body><object id="NvsVideo"></object></body></html>'
)


@pytest.mark.parametrize(
    "fields",
    [
        {"http.title": "Net Video Browser"},
        {"http.body": PAGE},
        {"http.title": "Net Video Browser", "http.body": PAGE},
    ],
)
def test_tiandys_title_names_tiandy_and_types_a_video_device(fields: dict[str, str]) -> None:
    identity = record(fields)
    assert identity.manufacturer == "tiandy"
    assert identity.device_type == "video_device"
    assert identity.confidence < 0.9


@pytest.mark.parametrize(
    "fields",
    [
        {"http.title": "Network Video Browser"},
        {"http.title": "Net Video Browser Settings"},
        {"http.title": "Video Browser"},
        {"http.body": "<html><head><title>Network Video Browser</title></head></html>"},
        {"http.body": "<h1>Net Video Browser</h1><p>a page about browsers</p>"},
    ],
)
def test_near_titles_name_nobody(fields: dict[str, str]) -> None:
    identity = record(fields)
    assert not {e.rule_id for e in identity.evidence} & set(RULES)
    assert identity.manufacturer is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(["<title>", "</title>", "Net ", "Video ", "Browser", " ", "x", "<", ">"]), max_size=25
    ).map("".join)
    | st.text(max_size=200)
)
def test_the_entries_fire_only_on_the_whole_title(text: str) -> None:
    for fields in ({"http.title": text}, {"http.body": text}):
        fired = {e.rule_id for e in record(fields).evidence} & set(RULES)
        if fired:
            assert re.search(r"Net Video Browser", text, re.IGNORECASE)
