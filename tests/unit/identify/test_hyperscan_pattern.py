"""The Hyperscan rewrite of a regex must accept at least every text Python's ``re`` finds a match in.

Rules avoid lookarounds, backreferences and the like, but the rewrite must stay a superset for any
pattern a layer may bring, under every flag, for ASCII text (exact database) and any other text (UTF-8
database). Each case here is checked on hand-picked texts and on random ones over an alphabet that
holds the characters where a byte engine and Python's character engine differ.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import require

from camaudit.identify import hyperscan_db
from camaudit.identify.hyperscan_pattern import char_class, fold_partners, translate

CASES: list[tuple[str, int]] = [
    (r"realm=\"AXIS_(?P<mac>[0-9A-F]{12})\"", 0),
    (r"\bcamera\b", re.IGNORECASE),
    (r"^Server: (?P<model>\w+)$", re.MULTILINE),
    (r"^App-webs/$", 0),
    (r"end$", 0),
    (r"end\Z", 0),
    (r"\Astart", 0),
    (r"a.b", 0),
    (r"a.b", re.DOTALL),
    (r"[^a-z]{3}x", 0),
    (r"\s+login:", 0),
    (r"\d{2,}-\w+", 0),
    (r"\d{2,}-\w+", re.ASCII),
    (r"ks\b", re.IGNORECASE),
    (r"(?i:hik)VISION", 0),
    (r"(?i)hik(?-i:VISION)", 0),
    (r"Web Configurator</title>[\s\S]{0,20000}\bACTi\b", 0),
    (r"x{40,50}", 0),
    (r"foo(?=bar)", 0),
    (r"(?<!not )camera", re.IGNORECASE),
    (r"(?P<q>['\"])realm(?P=q)", 0),
    (r"(?>ab|a)c", 0),
    (r"a++b", 0),
    (r"(a)?(?(1)b|c)", 0),
    (r"é+t", re.IGNORECASE),
    (r"[é-ü]x", 0),
    (r"\B-\B", 0),
    # Anchors Hyperscan refuses where text may follow or precede them: dropped from the rewrite (a superset).
    (r"ptz_up(?:[^a-z]|$)[\s\S]{0,600}?ptz_stop", re.IGNORECASE),
    (r"(?:^|[^a-z])(?:imaging[ ]{0,4}$|camera)(?:[^a-z]|$)", re.IGNORECASE | re.MULTILINE),
    (r"(?:end\Z|x)y?", 0),
    (r"a(?:^|x)b", re.MULTILINE),
    (r"(?:a$)+", 0),
]

_ALPHABET = st.sampled_from(
    [*"abcxyzKkSsIi -_/\n\t\"'=<>:AXIS0123456789", "\x1c", "\u00a0", "é", "ü", "ſ", "ı", "K", "İ", "日", "\ud800", "ß", "σ", "ς", "ǅ", "µ"]
)


@pytest.fixture(scope="module", autouse=True)
def _hyperscan() -> None:
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")


def _dbs() -> list[hyperscan_db.PatternDatabases]:
    return [hyperscan_db.PatternDatabases([case]) for case in CASES]


_DBS: list[hyperscan_db.PatternDatabases] = []


def _check(text: str) -> None:
    if not _DBS:
        _DBS.extend(_dbs())
    for (pattern, flags), dbs in zip(CASES, _DBS, strict=True):
        if re.search(pattern, text, flags):
            assert dbs.candidates(text) == [0], (pattern, flags, text)


@pytest.mark.parametrize(
    "text",
    [
        'realm="AXIS_00408C123456"',
        "IP CAMERA here",
        "ıp camera",
        "Server: Camera1\nServer: ſensor",
        "App-webs/",
        "the end\n",
        "the end",
        "start here",
        "a\nb",
        "axb",
        "12-3 x",
        "ÉÉÉx",
        "\x1c\x1clogin:",
        "\u00a0login:",
        "12-日本",
        "١٢-word",
        "KS",
        "\u212aſ",
        "hikVISION",
        "HIKVISION",
        "Web Configurator</title>\n" + "x" * 30_000 + " ACTi",
        "x" * 45,
        "foobar",
        "a Camera",
        "'realm'",
        "abc",
        "aab",
        "c",
        "ÉTÉ",
        "ñx",
        "a-b",
        "a - b",
        "\ud800camera",
        "PTZ_UP\nptz_stop",
        "ptz_up",
        "Thermal imaging  \nnext line",
        "imaging",
        "the end",
        "a\nb",
        "a",
    ],
)
def test_superset_on_chosen_text(text: str) -> None:
    _check(text)


@settings(max_examples=400, deadline=None)
@given(st.text(_ALPHABET, max_size=60))
def test_superset_on_random_text(text: str) -> None:
    _check(text)


def test_ascii_database_is_exact_for_plain_literals() -> None:
    """On ASCII text the rewrite of a plain pattern is no wider than the pattern: no wasted re runs."""
    dbs = hyperscan_db.PatternDatabases([(r"^App-webs/$", 0)])
    assert dbs.candidates("App-webs/") == [0]
    assert dbs.candidates("App-webs/2") == []
    assert dbs.candidates("xApp-webs/") == []


def test_folding_partners_are_pythons() -> None:
    """The characters re.IGNORECASE equates with a letter, from Python's own case tables."""
    assert {chr(c) for c in fold_partners(ord("k"))} == {"k", "K", "\u212a"}
    assert {chr(c) for c in fold_partners(ord("S"))} == {"s", "S", "\u017f"}
    assert {"\u0130", "\u0131"} <= {chr(c) for c in fold_partners(ord("i"))}
    assert {chr(c) for c in fold_partners(ord("b"))} == {"b", "B"}
    for letter in "kKsSiIbé":
        for code in fold_partners(ord(letter)):
            assert re.fullmatch(re.escape(letter), chr(code), re.IGNORECASE), (letter, chr(code))


def test_unicode_database_lists_non_ascii_members_when_it_can() -> None:
    """A folded letter stays nearly a literal in the UTF-8 database; open-ended classes accept any character."""
    import re._parser as parser  # type: ignore[import-not-found]

    def item(pattern: str, flags: int = 0) -> tuple[frozenset[int], frozenset[int] | None]:
        ((op, av),) = list(parser.parse(pattern, flags))
        return char_class(op, av, flags if flags & re.ASCII else flags | re.UNICODE)

    assert item("k", re.IGNORECASE) == (frozenset(map(ord, "kK")), frozenset({0x212A}))
    assert item("b", re.IGNORECASE) == (frozenset(map(ord, "bB")), frozenset())
    assert item("é", re.IGNORECASE)[1] == frozenset(map(ord, "éÉ"))
    assert item("[a-c]") == (frozenset(map(ord, "abc")), frozenset())
    assert item("[^a]")[1] is None
    assert item(r"\w")[1] is None
    assert item("k", re.IGNORECASE | re.ASCII)[1] == frozenset()


def test_translation_is_pure_ascii_bytes() -> None:
    for pattern, flags in CASES:
        for unicode in (False, True):
            text, _ = translate(pattern, flags, unicode=unicode)
            assert text.isascii()


_ATOMS = st.sampled_from(
    [
        *("a", "K", "s", "é", "日", "σ", "ǅ", ".", r"\w", r"\W", r"\d", r"\s", r"\S"),
        *("[a-c]", "[^a]", "[ks]", "[À-ÿ]", r"\x1c", "-", " "),
    ]
)
_ANCHORS = st.sampled_from(["^", "$", r"\A", r"\Z", r"\b", r"\B"])


def _regexes() -> st.SearchStrategy[str]:
    def extend(inner: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        return st.one_of(
            st.tuples(inner, inner).map("".join),
            st.tuples(inner, inner).map(lambda p: f"(?:{p[0]}|{p[1]})"),
            st.tuples(inner, st.sampled_from(["*", "+", "?", "{2}", "{1,3}", "{0,40}", "*?", "++"])).map(
                lambda p: f"(?:{p[0]}){p[1]}"
            ),
            inner.map(lambda p: f"(?={p})"),
            inner.map(lambda p: f"(?!{p})"),
            inner.map(lambda p: f"(?i:{p})"),
            inner.map(lambda p: f"(?P<model>{p})(?P=model)"),
        )

    return st.recursive(st.one_of(_ATOMS, _ANCHORS), extend, max_leaves=6)


_FLAGS = st.sampled_from([0, re.IGNORECASE, re.MULTILINE, re.DOTALL, re.ASCII, re.IGNORECASE | re.MULTILINE])


@settings(max_examples=300, deadline=None)
@given(pattern=_regexes(), flags=_FLAGS, texts=st.lists(st.text(_ALPHABET, max_size=30), min_size=1, max_size=8))
def test_superset_for_random_patterns(pattern: str, flags: int, texts: list[str]) -> None:
    """Any pattern the generator can build (lookarounds, backreferences, nested repeats, inline flags)."""
    try:
        compiled = re.compile(pattern, flags)
    except re.error:
        return
    dbs = hyperscan_db.PatternDatabases([(pattern, flags)])
    for text in texts:
        if compiled.search(text):
            assert dbs.candidates(text) == [0], (pattern, flags, text)
