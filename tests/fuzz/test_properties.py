"""Hypothesis properties for every parser in ``targets.py``: random bytes and mutated real replies never
crash a parser, never break its contract, and never let a bad record count.

Bounded so ``make test`` stays fast: ``CAMAUDIT_FUZZ_EXAMPLES`` examples per target (default 150). The last
test checks that every target ran and reports the distinct inputs executed (``-rP`` shows the line).
"""

from __future__ import annotations

import hashlib
import os
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.fuzz.targets import TARGETS

EXAMPLES = int(os.environ.get("CAMAUDIT_FUZZ_EXAMPLES", "150"))
#: Fragments that break parsers: XML declarations and entities, deep nesting, encodings, huge numbers.
DICTIONARY = [
    b'<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>', b"&b;", b'<!ENTITY x SYSTEM "file:///etc/passwd">',
    b"[" * 64, b"{" * 64, b"<a>" * 64, b"\xff\xfe", b"\xc3\x28", b"\x00", b"\r\n\r\n", b"Content-Length: 99999999999\r\n",
    b"Transfer-Encoding: chunked\r\n", b"ffffffff\r\n", b"\x7f\xff\xff\xff", b"\x30\x84\xff\xff\xff\xff", b"%s%n",
    b'"ip_str": "<script>"', b'"port": 99999', b'"ip": "999.1.1.1"', b"\x1b[2J", "\u202e".encode(), b"1e999999",
]
_seen: dict[str, set[bytes]] = defaultdict(set)


def _apply(seed: bytes, edits: list[tuple[int, int, bytes]]) -> bytes:
    for where, drop, insert in edits:
        at = where % (len(seed) + 1)
        seed = seed[:at] + insert + seed[at + drop :]
    return seed


def inputs(seeds: list[bytes]) -> st.SearchStrategy[bytes]:
    """Random bytes, or a real reply with a few cuts and insertions (some from :data:`DICTIONARY`)."""
    insert = st.binary(max_size=24) | st.sampled_from(DICTIONARY)
    edits = st.lists(st.tuples(st.integers(0, 1 << 16), st.integers(0, 64), insert), min_size=1, max_size=6)
    mutated = st.sampled_from([s for s in seeds if s] or [b""]).flatmap(lambda seed: edits.map(lambda e: _apply(seed, e)))
    return st.binary(max_size=2048) | mutated


@pytest.mark.parametrize("name", sorted(TARGETS))
def test_parser_keeps_its_contract_on_any_input(name: str) -> None:
    check, seeds = TARGETS[name]
    for seed in seeds:
        check(seed)  # the real replies themselves first

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much])
    @given(data=inputs(seeds))
    def run(data: bytes) -> None:
        _seen[name].add(hashlib.blake2b(data, digest_size=16).digest())
        check(data)

    run()


def test_every_target_ran_and_the_budget_is_reported() -> None:
    if set(_seen) != set(TARGETS):
        pytest.skip("run with the property tests above (this reports their totals)")
    total = sum(len(v) for v in _seen.values())
    print(f"fuzz (Hypothesis): {len(_seen)} targets, {EXAMPLES} examples each, {total} distinct inputs executed")
    assert all(len(v) >= min(EXAMPLES, 50) // 2 for v in _seen.values()), {k: len(v) for k, v in _seen.items()}
