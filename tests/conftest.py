"""Shared test helpers. ``SHARED_DATA`` is the public fixture folder beside the project, when present.

A test that needs something this machine may lack (``../shared``, a PostgreSQL server, root) calls
:func:`require`: on a laptop it skips with the reason; under CI (the ``CI`` environment variable is
set) a missing dependency is a failure, never a skip.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

from camaudit.identify.db_cache import CACHE_ENV

ROOT = Path(__file__).resolve().parents[1]
SHARED_DATA = ROOT.parent / "shared" / "data"
UNDER_CI = bool(os.environ.get("CI"))

# A suite started in the background by a non-interactive shell (``nohup make test &``) inherits SIGINT
# ignored, and so would every camaudit it starts: the Ctrl-C tests would then press a key that does nothing,
# where a user at a terminal has one that works. Give it back; a child gets the default again at exec.
if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _without_local_strings() -> None:
    """Keep camaudit's own string constants out of Hypothesis's "random" text.

    Hypothesis (6.13x and later) also draws, now and then, string constants it finds in the code under test. Here
    those are maker names, brand aliases and model prefixes from the lexicons and parsers, so a property such as
    "random text names no maker" was handed "hikvision" and failed by chance (three such flakes met the land gate
    on 4 December). The properties' own strategies still carry every adversarial piece they name, and Hypothesis's
    global edge-case strings stay; only the strings mined from camaudit's modules are left out. Integers, floats
    and bytes mined from the code are kept. This uses Hypothesis internals: when they change, it does nothing.
    """
    try:
        from hypothesis.internal.conjecture import providers
        from hypothesis.internal.constants_ast import Constants
    except ImportError:  # pragma: no cover - another Hypothesis layout
        return
    mined = getattr(providers, "_get_local_constants", None)
    if mined is None:  # pragma: no cover
        return

    def local_constants_without_strings() -> Constants:
        found = mined()
        return Constants(integers=found.integers, floats=found.floats, bytes=found.bytes, strings=set())

    providers._get_local_constants = local_constants_without_strings


_without_local_strings()

# Hypothesis's own deadline (0.2 s an example, fixed) is off for every property: it timed the example against a quiet
# machine's clock and failed at load 10-14 on two cores though nothing was slow. Each property under tests/unit is held
# instead to a limit that follows the machine's measured load (tests/load.py, bounded_examples; the hook below), which
# still fails an example that is really slow -- catastrophic backtracking on hostile text -- at any load.
# Under CI the examples are the same on every run (derandomize: seeded from each test's name), so a submission's CI
# run cannot fail on an example no earlier run drew; everywhere else (the landing gates, a laptop) they stay random
# and keep exploring -- a landing once drew an integer past 64 bits that orjson reads as a float.
settings.register_profile("camaudit", deadline=None, derandomize=bool(os.environ.get("CI")))
settings.load_profile("camaudit")


def require(available: bool, reason: str) -> None:
    """Skip (locally) or fail (under CI) when ``available`` is false."""
    if available:
        return
    if UNDER_CI:
        pytest.fail(f"missing under CI: {reason}", pytrace=False)
    pytest.skip(reason)


def shared_file(*parts: str) -> Path:
    """A file (or folder) of the public fixtures beside the project (../shared/data), which must be there."""
    require(SHARED_DATA.is_dir(), "../shared/data is not present beside this checkout")
    return SHARED_DATA.joinpath(*parts)


@pytest.fixture
def shared_data() -> Path:
    return shared_file()


@pytest.fixture(scope="session", autouse=True)
def matcher_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One cache of compiled rule databases for the whole session, in its own temporary directory.

    Never the user's ``~/.cache/camaudit``: tests start from an empty cache and leave nothing behind. It is
    shared by the session (every ``camaudit`` the tests start inherits it), so the rules compile once, not
    once per command run; tests of the cache itself use a directory of their own.
    """
    folder = tmp_path_factory.mktemp("matcher-cache")
    before = os.environ.get(CACHE_ENV)
    os.environ[CACHE_ENV] = str(folder)
    yield folder
    if before is None:
        os.environ.pop(CACHE_ENV, None)
    else:
        os.environ[CACHE_ENV] = before


@pytest.fixture(scope="session")
def warm_rule_cache(matcher_cache: Path) -> Path:
    """The session's cache with every field's rule databases compiled, for a test that times a scan.

    On a cold cache a scan compiles the databases its answers need, in the scan and in every ``camaudit`` it starts
    (they read the same cache): seconds on a quiet machine (7-9 s for every field at load 0-3), a minute or more at
    load 14-19 on two cores, where a test with a 15 s bound on its scan of faulty hosts took 73 s
    (docs/testing.md). A bound on a scan's deadlines is no bound on the compiler: such a test asks for this first.
    """
    from camaudit.identify import EvidenceLedger

    EvidenceLedger().prepare()
    return matcher_cache


@pytest.hookimpl(tryfirst=True, optionalhook=True)
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """``--dist loadgroup``: this project's groups (``tests/xdist_groups.py``), each kept on one worker.

    xdist's own loadgroup reads ``xdist_group`` marks through a suffix it writes into each test id, which
    pytest 9.2 no longer carries (pytest-dev/pytest-xdist#1386): its groups silently fall apart. This
    scheduler works out the groups from the test files themselves, on the controller, and changes no id."""
    if config.getvalue("dist") != "loadgroup":
        return None
    from tests.xdist_scheduler import FileGroupScheduling

    return FileGroupScheduling(config, log)


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Hold each example of every property under tests/unit to a load-following time limit (:func:`_bound_examples`);
    fail the run when the file-level facts the grouping reads from the test files disagree with what collection
    found (a test using ``audit_register`` or marked ``netns`` the grouping did not see)."""
    _bound_examples(items)
    from tests.xdist_groups import AUDIT_FIXTURE, uses_audit_register, uses_netns

    unit = ROOT / "tests" / "unit"
    missed = sorted(
        {
            f"{item.path.relative_to(ROOT)}: {what}"
            for item in items
            if not item.path.is_relative_to(unit)
            for what, used, seen in (
                (AUDIT_FIXTURE, AUDIT_FIXTURE in getattr(item, "fixturenames", ()), uses_audit_register),
                ("netns", item.get_closest_marker("netns") is not None, uses_netns),
            )
            if used and not seen(item.path)
        }
    )
    if missed:
        raise pytest.UsageError("tests/xdist_groups.py does not see: " + "; ".join(missed))


def _bound_examples(items: list[pytest.Item]) -> None:
    """Wrap the function each Hypothesis test under tests/unit runs per example (``.hypothesis.inner_test``, which
    Hypothesis documents as replaceable) in :func:`tests.load.bounded_examples`. Tests elsewhere (the web API fuzz
    through a live server, tests/fuzz) time themselves or not at all.

    A property whose examples are meant to take long (the hostile-text properties that hold their own CPU budget)
    names its quiet limit with ``@pytest.mark.example_seconds(n)``.
    """
    from tests.load import EXAMPLE_SECONDS, bounded_examples

    unit = ROOT / "tests" / "unit"
    for item in items:
        handle = getattr(getattr(item, "obj", None), "hypothesis", None)
        inner = getattr(handle, "inner_test", None)
        if inner is None or getattr(inner, "time_bounded", False) or not item.path.is_relative_to(unit):
            continue
        marker = item.get_closest_marker("example_seconds") if hasattr(item, "get_closest_marker") else None
        handle.inner_test = bounded_examples(inner, float(marker.args[0]) if marker else EXAMPLE_SECONDS)
