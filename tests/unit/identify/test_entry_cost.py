"""No single knowledge entry may make a field's matching markedly more expensive (``identify/entry_cost.py``).

On 7 December one layer entry, ``shared.ptz-direction-functions`` (commit bf0fb4f, removed in 60bfe38), doubled
``identify``'s time on bench/identify.py (7.4x orjson against 3.4x), and only the lead's bench after the final suite
saw it: the ReDoS checks passed it. Measured (docs/identification/matching.md, "What one entry costs"): Hyperscan
refused its rewrite -- an end anchor in the middle of the pattern -- so the matcher ran its ``re.search`` over every
HTTP body, 15 ns a character against 3 ns for the Hyperscan pass of all 951 body rules together.

The guard measures what that cost is made of, with no clock: each rule's pattern alone through the matcher's own
Hyperscan prefilter, over the fields of a fixed slice of the benchmark's Shodan mix (bench/shodan_corpus.py, read by
the real Shodan importer), counting the characters its regex is handed and finds nothing in. A rule may spend at
most :data:`VAIN_SHARE_MAX` of a field's sample characters so; every packaged rule spends none today.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.conftest import require
from tests.unit.identify.bench_sample import sample_values

from camaudit.identify import hyperscan_db, ruleset
from camaudit.identify.db_cache import CACHE_ENV
from camaudit.identify.entry_cost import EntryCost, entry_costs, refusal
from camaudit.identify.layers import load_layers
from camaudit.identify.matcher import _re_flags
from camaudit.identify.rules import Rule

#: A rule may hand its regex, in vain, at most this share of a field's sample characters. The Hyperscan pass of a
#: field costs about 3 ns a character for all its rules at once (951 body rules, bench mix), a rule's ``re.search``
#: 5-15 ns a character; so 5 % in vain adds at most about a quarter to that field's matching. Every packaged rule is
#: at 0 % on this sample (7 December, main 5f2759b); the removed PTZ entry was at 100 % (0 % since the
#: rewrite drops an end anchor that text may follow, helper-253).
VAIN_SHARE_MAX = 0.05
#: Rules allowed over the budget, each with its measured cost and the reason it is kept. Empty: none needs it.
ALLOWED: Mapping[str, str] = {}
#: The sample: this many records of the benchmark mix, at most this many non-empty values of each field.
SAMPLE_RECORDS = 300
VALUES_PER_FIELD = 40

#: The removed entry, as bf0fb4f had it (git show 60bfe38).
PTZ_ENTRY = r"""
layer: webclient
defaults:
  fields: http.body
  certainty: 0.55
  prose: false
entries:
  - id: shared.ptz-direction-functions
    device_type: video_device
    case: fold
    pattern: '\bptz_(?:move_)?(?:up|down|left|right)(?:[^a-z]|$)[\s\S]{0,600}?\bptz_(?:stop|zoom_?(?:in|out)|focus|iris|aper|center|(?:move_)?(?:up|down|left|right))(?:[^a-z]|$)|\bptz_(?:stop|zoom_?(?:in|out)|focus|iris|aper|center)(?:[^a-z]|$)[\s\S]{0,600}?\bptz_(?:move_)?(?:up|down|left|right)(?:[^a-z]|$)'
    source: "github:eosite/openyourarm/glaf-web/WebContent/scripts/plugins/bootstrap/video/trafficVideo-extends.js@b80b22e74d93"
    checked: 2026-12-07
    examples:
      - "function ptz_up() {\n\tsv_web_live_ctrl.PTZControl(101, 50, \"\");\n}\nfunction ptz_down() {"
"""
PTZ_ID = "webclient.shared.ptz-direction-functions"
#: The same sign without the end anchor inside it (a word end as one character): Hyperscan takes it.
PTZ_ANCHORED_PATTERN = (
    r"\bptz_(?:move_)?(?:up|down|left|right)[^a-z][\s\S]{0,600}?"
    r"\bptz_(?:stop|zoom_?(?:in|out)|focus|iris|aper|center|(?:move_)?(?:up|down|left|right))[^a-z]"
)


@pytest.fixture(scope="module")
def sample() -> Iterator[dict[str, list[str]]]:
    """Field name -> sample values: the first records of the benchmark mix as the Shodan importer reads them."""
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    values = sample_values(SAMPLE_RECORDS, VALUES_PER_FIELD)
    # One-pattern databases are compiled here and not kept: the session's cache holds the matcher's own.
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = ""
    try:
        yield values
    finally:
        if before is None:
            os.environ.pop(CACHE_ENV, None)
        else:
            os.environ[CACHE_ENV] = before


def over_budget(costs: Sequence[EntryCost]) -> list[EntryCost]:
    return [cost for cost in costs if cost.vain_share > VAIN_SHARE_MAX]


def ptz_rules_from(text: str) -> list[Rule]:
    with tempfile.TemporaryDirectory(prefix="camaudit-entry-cost-") as folder:
        path = Path(folder) / "ptz.yaml"
        path.write_text(text, encoding="utf-8")
        return list(load_layers([path]))


def test_no_packaged_entry_makes_its_regex_run_over_a_field_in_vain(sample: dict[str, list[str]]) -> None:
    costs = entry_costs(ruleset().rules, sample)
    assert {c.field for c in costs} >= {"http.body", "http.title", "http.server", "banner"}, "the sample lost a field"
    over = [c for c in over_budget(costs) if c.rule_id not in ALLOWED]
    assert not over, "entries whose regex runs over a field in vain (docs/identification/matching.md):\n" + "\n".join(
        c.describe() for c in over
    )
    # An allowance that is no longer needed (the entry is gone or now cheap) is taken out, so the list stays true.
    still = {c.rule_id for c in over_budget(costs)}
    assert set(ALLOWED) <= still, f"allowed but within budget now: {sorted(set(ALLOWED) - still)}"


def test_the_removed_ptz_entry_is_prefiltered_now_and_costs_nothing(sample: dict[str, list[str]]) -> None:
    """Since helper-253 the rewrite drops an end anchor that text may follow (identify/hyperscan_pattern.py): the
    entry's core and its check compile, and its regex runs only on a page holding both function names (none here).
    Until then Hyperscan refused it and its regex ran over every body: 100 % in vain."""
    (rule,) = ptz_rules_from(PTZ_ENTRY)
    assert refusal(rule.pattern, _re_flags(rule)) is None
    (cost,) = entry_costs([rule], sample)
    assert (cost.rule_id, cost.field, cost.field_chars) == (PTZ_ID, "http.body", sum(map(len, sample["http.body"])))
    assert cost.vain_chars == 0 and cost.refusal is None


def test_a_refused_entry_is_described_by_its_id_field_measure_and_reason() -> None:
    """What the guard prints for an entry Hyperscan refuses (the PTZ entry's line until helper-253's rewrite)."""
    reason = "its core: Embedded end anchors not supported"
    message = EntryCost(PTZ_ID, "http.body", 295_160, 295_160, reason).describe()
    assert message == (
        f"{PTZ_ID} on http.body: its regex runs in vain over 295,160 of the field's 295,160 sample characters "
        f"(100.0%); Hyperscan refuses its rewrite: {reason}"
    )


def test_the_same_sign_without_the_inner_anchor_costs_nothing(sample: dict[str, list[str]]) -> None:
    text = PTZ_ENTRY.replace(PTZ_ENTRY.split("pattern: '")[1].split("'\n")[0], PTZ_ANCHORED_PATTERN)
    (cost,) = entry_costs(ptz_rules_from(text), sample)
    assert cost.vain_chars == 0 and cost.refusal is None


#: A word read between word ends, with an end anchor inside its alternation (as ``words.thermal`` writes
#: ``thermal imaging[ ]{0,4}$``). Until helper-253 Hyperscan took the core (``ivacy``) and refused the whole rewrite that
#: checks a hit, so the regex ran on every page where the core is inside a longer word -- the bench pages' "privacy",
#: 92 % of the sample's body characters in vain. Now the inner ``$`` is dropped from the check, which is compiled.
WORD_ENTRY = PTZ_ENTRY.replace("shared.ptz-direction-functions", "shared.word-between-word-ends")
INNER_END = r"(?:^|[^A-Za-z])(?:ivacy cam$|ivacy)(?:[^A-Za-z]|$)"


@pytest.mark.parametrize("pattern", [INNER_END, INNER_END.replace("$|", "|")], ids=["inner-end", "no-inner-end"])
def test_an_end_anchor_inside_the_check_of_a_core_costs_nothing(sample: dict[str, list[str]], pattern: str) -> None:
    text = WORD_ENTRY.replace(PTZ_ENTRY.split("pattern: '")[1].split("'\n")[0], pattern)
    text = text.replace(PTZ_ENTRY.split("examples:\n")[1], '      - "ivacy"\n')
    (cost,) = entry_costs(ptz_rules_from(text), sample)
    assert any("privacy" in t for t in sample["http.body"]), "the sample lost the pages the core hits inside words"
    assert cost.vain_chars == 0 and cost.refusal is None


@pytest.mark.parametrize(
    ("pattern", "flags", "reason"),
    [
        (r"ptz_up(?:[^a-z]|$)ptz_stop", 0, None),
        (r"(?:^|[^a-z])(?:thermal imaging$|thermal camera)(?:[^a-z]|$)", 0, None),
        (r"ptz_stop(?:^|[^a-z])ptz_up", re.MULTILINE, None),
        (r"(?=ptz_(?:up|down)[^a-z])", 0, "its core: Pattern matches empty buffer"),
        (r"\b(?=ptz)", 0, "its core (values that are not ASCII): Pattern matches empty buffer"),
        (r"(?:camera)?", 0, "the pattern matches the empty text"),
        (r"\bptz_up[^a-z][\s\S]{0,600}?\bptz_stop", 2, None),
        (r"App-webs/", 0, None),
    ],
    ids=[
        "inner-end-anchor",
        "inner-anchor-confirmation",
        "inner-start-anchor",
        "lookahead-only",
        "boundary-and-lookahead",
        "empty-match",
        "window",
        "literal",
    ],
)
def test_refusal_names_what_hyperscan_cannot_take(pattern: str, flags: int, reason: str | None) -> None:
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    found = refusal(pattern, flags)
    assert found == reason if reason is None else (found or "").startswith(reason)


#: Pieces of the signs above and awkward characters (a dotless and a dotted capital i, a lone surrogate, line ends).
_PIECES = st.sampled_from(
    [
        "ptz_up(",
        "ptz_stop()",
        "PTZ_LEFT_UP",
        "thermal imaging",
        "thermal camera",
        " ",
        "\n",
        "\u0130",
        "\u0131",
        "\ud800",
        "<b>",
        "\ufeff",
        "x" * 700,
    ]
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(texts=st.lists(st.lists(_PIECES | st.text(max_size=8), max_size=12).map("".join), min_size=1, max_size=6))
def test_hostile_values_never_raise_and_only_unmatched_values_count(texts: list[str]) -> None:
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    rules = [r for r in ruleset().rules if r.id in ("words.thermal", "webclient.shared.sdk-realplay-calls")]
    rules += ptz_rules_from(PTZ_ENTRY)
    sample = {"http.body": texts, "http.title": texts}
    costs = entry_costs(rules, sample)
    assert {(c.rule_id, c.field) for c in costs} >= {(PTZ_ID, "http.body"), ("words.thermal", "http.title")}
    for cost in costs:
        rule = next(r for r in rules if r.id == cost.rule_id)
        unmatched = sum(len(t) for t in texts if rule.regex.search(t) is None)
        assert 0 <= cost.vain_chars <= unmatched <= cost.field_chars == sum(map(len, texts))
        if cost.rule_id == PTZ_ID:  # prefiltered: its regex is handed only values that name two ptz_ functions
            assert cost.vain_chars <= sum(len(t) for t in texts if len(re.findall("ptz_", t, re.IGNORECASE)) >= 2)
