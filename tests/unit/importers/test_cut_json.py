"""A JSON document cut short is read as far as it is whole, and only that far (importers/cut_json.py)."""

from __future__ import annotations

import json
import time
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.load import check_time

from camaudit.importers import cut_json

_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
                     st.text(max_size=12))
_DOCUMENTS = st.recursive(_SCALARS, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                            st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                          max_leaves=20).filter(lambda doc: isinstance(doc, (dict, list)))


def _within(part: Any, whole: Any) -> bool:
    """Whether ``part`` holds nothing that ``whole`` does not hold at the same place."""
    if isinstance(part, dict):
        return isinstance(whole, dict) and all(key in whole and _within(value, whole[key])
                                               for key, value in part.items())
    if isinstance(part, list):
        return isinstance(whole, list) and len(part) <= len(whole) and all(
            _within(value, whole[at]) for at, value in enumerate(part))
    return part == whole or (part != part and whole != whole)


def test_the_pairs_before_the_cut_are_read_and_the_one_it_split_is_not() -> None:
    doc = cut_json.read('{"model": "C310", "sw_version": "1.3.5 Bui')
    assert doc == {"model": "C310"}
    assert isinstance(doc, cut_json.OpenObject)
    # A number the text ends on may be the start of a longer one; a number before a comma is whole.
    assert cut_json.read('{"port": 80, "channels": 1') == {"port": 80}
    assert cut_json.read('{"info": {"model": "DS-2CD2143G2-I", "mac": "44:19') == {"info": {"model": "DS-2CD2143G2-I"}}


def test_what_the_cut_left_open_says_so_and_what_closed_is_plain() -> None:
    doc = cut_json.read('{"a": {"b": "c"}, "d": ["e", "f"], "g": [{"h": "i"}')
    assert doc == {"a": {"b": "c"}, "d": ["e", "f"], "g": [{"h": "i"}]}
    assert isinstance(doc, cut_json.OpenObject)
    assert type(doc["a"]) is dict and type(doc["d"]) is list
    assert isinstance(doc["g"], cut_json.OpenList)  # one entry so far; how many followed is unknown
    whole = cut_json.read('{"a": [1]}')
    assert whole == {"a": [1]} and type(whole) is dict


def test_text_that_is_not_json_up_to_its_end_is_no_cut_document() -> None:
    for text in ('{"a" 1', '{"a": "b",}', '{"a": "b" "c"', "{model: 'x'}", "[INFO] started", "abc", '"a string"',
                 '{"a": "b"  x', "{'model': 'C310'", '{"a": "\\q"}', "", "   "):
        assert cut_json.read(text) is None, text
    for text in ('{"a": "b",}', "[INFO] started"):
        try:
            cut_json.loads(text)
        except ValueError:
            continue
        raise AssertionError(text)


def test_nesting_past_the_limit_is_no_document_and_long_strings_cost_one_pass() -> None:
    assert cut_json.read("[" * 100_000) is None
    assert cut_json.read('{"a":' * 50_000) is None
    started = time.perf_counter()
    for text in ('{"a": "' + "x" * 65_000, '{"a": "' + "\\\\" * 32_000, "[" + " " * 65_000 + "x", '{"' + 'a\\"' * 20_000):
        cut_json.read(text)
    check_time(time.perf_counter() - started, 2.0, "reading long and deep documents")


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS, st.integers(min_value=1, max_value=10_000), st.booleans())
def test_every_cut_of_a_document_reads_only_what_the_document_holds(doc: Any, at: int, ascii_only: bool) -> None:
    text = json.dumps(doc, ensure_ascii=ascii_only)
    cut = text[: min(at, len(text))]
    part = cut_json.read(cut)
    assert part is not None, cut  # every prefix of a document is a cut document
    assert _within(part, doc), (cut, part)
    if cut == text:
        assert part == doc and type(part) is type(doc)
        assert cut_json.loads(text) == doc


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["", "{", "[", '{"model": "', '[{"a": [', '{"a": {"b": ']))
def test_hostile_text_never_raises(text: str, start: str) -> None:
    part = cut_json.read(start + text)
    assert part is None or isinstance(part, (dict, list))
