"""Every regex the identify path compiles in code (not only the rules) is safe on hostile text.

Rules are checked when loaded and by ``camaudit rules test``; this walks the modules that turn records
into fields and fields into identities (``camaudit.identify``, ``camaudit.importers``, ``camaudit.protocols``) for compiled
patterns, including those a new evidence layer adds, and holds each to the same static check plus a
timed run over long adversarial inputs with ``finditer`` (which restarts at every position, the way
a quadratic search shows itself).
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import time
from typing import Any

import pytest

import camaudit.identify
import camaudit.identify.learned
import camaudit.importers
import camaudit.page_links
import camaudit.protocols
from camaudit.identify.regex_check import backtracking_problems

#: Seconds one pattern may spend on one 20 KB input (a quadratic search spends seconds).
BOUND = 0.5  # CPU seconds of this thread (time.thread_time): a loaded machine adds waiting, not CPU
_INPUTS = (
    "a" * 20_000,
    "1" * 20_000,
    " " * 20_000,
    "a." * 10_000,
    "<title" * 3_000,
    "V1." * 6_000,
    "=" * 20_000,
    "\t\n" * 10_000,
    "é" * 20_000,
)


def _patterns() -> list[tuple[str, re.Pattern[Any]]]:
    found: dict[tuple[Any, int], tuple[str, re.Pattern[Any]]] = {}

    def take(where: str, value: Any) -> None:
        if isinstance(value, re.Pattern):
            found.setdefault((value.pattern, value.flags), (where, value))
        elif isinstance(value, dict | tuple | list):
            for item in value.values() if isinstance(value, dict) else value:
                take(where, item)

    # The wire-format readers (camaudit.protocols) read the same hostile text, for the importers and the live
    # probes alike: every one of them is walked, so a reader moved there (a SOAP envelope's, a printed SNMP
    # walk's) stays checked.
    # identify/learned/ (the learned layers' tokeniser) is a package of its own: walked too.
    for package in (camaudit.identify, camaudit.identify.learned, camaudit.importers, camaudit.protocols):
        for info in pkgutil.iter_modules(package.__path__):
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            for name, value in vars(module).items():
                take(f"{module.__name__}.{name}", value)
    # The page-link extractor the importers and the HTTP probe share lives beside them.
    for name, value in vars(camaudit.page_links).items():
        take(f"camaudit.page_links.{name}", value)
    return sorted(found.values(), key=lambda item: item[0])


PATTERNS = _patterns()


def test_the_walk_finds_the_known_patterns() -> None:
    names = {where for where, _ in PATTERNS}
    assert {"camaudit.protocols.http._SPACE", "camaudit.protocols.http_body._CHUNK_SIZE",
            "camaudit.identify.resolve._HIK_BUILD", "camaudit.protocols.snmp_text._NETSNMP",
            "camaudit.identify.learned.tokens._TAG"} <= names


@pytest.mark.parametrize(("where", "pattern"), PATTERNS, ids=[where for where, _ in PATTERNS])
def test_code_regex_has_no_catastrophic_shape_and_stays_fast(where: str, pattern: re.Pattern[Any]) -> None:
    assert backtracking_problems(pattern.pattern, pattern.flags & ~re.UNICODE) == []
    for text in _INPUTS:
        subject: str | bytes = text.encode() if isinstance(pattern.pattern, bytes) else text
        started = time.thread_time()
        for _ in pattern.finditer(subject):  # type: ignore[arg-type]
            pass
        spent = time.thread_time() - started
        assert spent < BOUND, f"{where}: {spent:.2f}s on {text[:8]!r}x{len(text)}"
