"""The re fallback's alternative-literal prefilter: every match contains one of the literals, always."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import ruleset
from camaudit.identify.matcher import RuleMatcher
from camaudit.identify.regex_check import fold_text
from camaudit.identify.required_text import required_alternatives


def test_model_grammars_get_their_prefixes() -> None:
    assert required_alternatives(r"(?:^|[^A-Za-z0-9])(?P<model>HW[INDT]-[A-Z]?[0-9]{3,4})", 0) == (
        ("HWD-", "HWI-", "HWN-", "HWT-"),
        False,
    )
    assert required_alternatives(r"(?:^|[^A-Za-z0-9])(?:DHI?-)?(?:NVR|XVR|HCVR)[0-9]{4}", re.IGNORECASE) == (
        ("hcvr", "nvr", "xvr"),
        True,
    )
    # One copy of a repeated item follows the fixed text.
    assert required_alternatives(r"AV[0-9]{4,5}", 0) == (tuple(f"AV{d}" for d in range(10)), False)
    # An empty branch leaves the shorter text as an alternative.
    assert required_alternatives(r"(?:foo|)bar", 0) == (("bar", "foobar"), False)


def test_nothing_when_no_small_set_of_long_enough_literals_exists() -> None:
    assert required_alternatives(r"[MPQ][0-9]{4}-", 0) is None  # 30 000 prefixes, or 2 characters
    assert required_alternatives(r"^(?:IPC|SD|PTZ)$", 0) is None  # "SD" is too short to be selective
    assert required_alternatives(r"(?:abc|\d+)x", 0) is None  # one branch requires nothing
    assert required_alternatives(r"[^a]bcd?", 0) is None


_PIECES = st.sampled_from(
    ["a", "b", "c", "ab", "abc", "K", "k", "\u212a", "s", "S", "\u017f", "i", "I", "\u0131", "\u0130", "-", "日", "ß"]
)
_ATOMS = st.sampled_from(
    ["a", "b", "c", "ab", "abc", "k", "s", "i", "ss", "-", "日", "[ab]", "[a-c]", "[ks]", r"\d", ".", "ß", "[^a]"]
)


def _patterns() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda p: f"(?:{p[0]}|{p[1]})"),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "{3}"])).map(
                lambda p: f"(?:{p[0]}){p[1]}"
            ),
            inner.map(lambda p: f"(?P<model>{p})"),
            inner.map(lambda p: f"(?i:{p})"),
        )

    return st.recursive(_ATOMS, extend, max_leaves=8)


def test_a_capital_dotted_i_folds_as_the_regex_engine_lowers_it() -> None:
    # Found by the property below: re.IGNORECASE finds "iab" in "İab", so the folded text must contain it.
    assert re.search("iab", "\u0130ab", re.IGNORECASE)
    required = required_alternatives("iab", re.IGNORECASE)
    assert required is not None
    alternatives, fold = required
    assert fold and any(lit in fold_text("\u0130ab") for lit in alternatives)


@settings(max_examples=400, deadline=None)
@given(
    pattern=_patterns(),
    flags=st.sampled_from([0, re.IGNORECASE]),
    texts=st.lists(st.lists(_PIECES, max_size=12).map("".join), min_size=1, max_size=10),
)
def test_every_match_contains_one_alternative(pattern: str, flags: int, texts: list[str]) -> None:
    try:
        compiled = re.compile(pattern, flags)
    except re.error:
        return  # e.g. a group name defined twice
    required = required_alternatives(pattern, flags)
    if required is None:
        return
    alternatives, fold = required
    for text in texts:
        if compiled.search(text):
            seen = fold_text(text) if fold else text
            assert any(lit in seen for lit in alternatives), (pattern, flags, text, alternatives)


def test_re_engine_with_the_prefilter_equals_naive_on_page_text() -> None:
    # Real rules over text that names models of the grammars the prefilter now narrows.
    matcher = RuleMatcher(ruleset().rules, engine="re", cache_entries=0)
    pages = [
        "<p>Vivotek IB9387-EHT and FD8182-F1 in stock</p>",
        "Dahua DHI-NVR4208-8P-4KS2 recorder, HCVR5104C-S3, xvr5108hs",
        "HiWatch hwi-b121h-m, HWN-2104MH; Arecont av12275dn-28",
        "AXIS P3245-LVE Mk II and Lorex LNB8005",
        "nothing here but a login form",
    ]
    for page in pages:
        fields = {"http.body": page, "http.title": page}
        assert matcher.match(fields) == matcher.match_naive(fields), page
