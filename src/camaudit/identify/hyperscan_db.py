"""Hyperscan databases for one set of rule patterns: which of them may match a value, in one pass.

Optional: when the ``hyperscan`` package is missing or cannot run on this CPU, :func:`available` is
False and the matcher uses its pure-``re`` path, which gives the same results (tests run both).

Each pattern set gets two databases, built from :mod:`camaudit.identify.hyperscan_pattern`'s rewrites:
one for pure-ASCII values (exact) and one for everything else, scanned as UTF-8 (a superset), built the
first time a non-ASCII value comes (in a thread of its own when the caller gives a stand-in that answers meanwhile:
:class:`PatternDatabases`). A pattern Hyperscan refuses (even in its prefilter mode) is not an
error: it joins the patterns that are tried on every value. Compiled databases are immutable; the
scratch space a scan needs is per thread, because the scan releases the GIL.

Compiling is the slow part (seconds for the packaged rules), so each compiled database is kept on disk
(:mod:`camaudit.identify.db_cache`) under a key of everything it depends on: the patterns and their
flags, the code that rewrites them, and the Hyperscan build and CPU (the bytes of a probe database
compiled here). A cached entry that does not load is compiled again.
"""

from __future__ import annotations

import hashlib
import json
import platform
import re
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from camaudit.identify import db_cache, hyperscan_pattern
from camaudit.identify.hyperscan_pattern import Untranslatable, translate

hyperscan: Any
try:
    import hyperscan
except ImportError:  # the re path takes over (matcher.choose_engine)
    hyperscan = None

#: Report each pattern once per value: the matcher only needs to know *which* rules may match.
_BASE_FLAGS = hyperscan.HS_FLAG_SINGLEMATCH if hyperscan is not None else 0


#: The layout of a cached entry (:func:`_serialise`); a new layout gets a new value.
_CACHE_FORMAT = b"1"
#: What every cache key starts with: the Hyperscan build and CPU features and the rewriting code.
_KEY_PREFIX: list[bytes] = []


def _probe() -> bool:
    if hyperscan is None:
        return False
    try:
        db = hyperscan.Database()
        db.compile(expressions=[b"probe"], ids=[0], elements=1, flags=[_BASE_FLAGS])
        found: list[int] = []
        db.scan(b"a probe", match_event_handler=_collect, context=found)
        # A serialised database records the library version and the CPU features it was compiled for.
        built_for = hyperscan.dumpb(db)
    except Exception:
        return False
    if found != [0]:
        return False
    try:
        # The rewriting code decides what is compiled: a change to it must not load an older database.
        code = b"".join(Path(path).read_bytes() for path in (hyperscan_pattern.__file__ or "", __file__))
    except OSError:
        return True  # no cache: a database of an older rewrite could be loaded otherwise
    _KEY_PREFIX[:] = [
        _CACHE_FORMAT,
        str(getattr(hyperscan, "__version__", "")).encode(),
        platform.machine().encode(),
        hashlib.sha256(built_for).digest(),
        hashlib.sha256(code).digest(),
    ]
    return True


def _collect(pattern_id: int, _start: int, _end: int, _flags: int, found: Any) -> None:
    found.append(pattern_id)


_AVAILABLE: bool | None = None


def available() -> bool:
    """True when Hyperscan is installed and works on this machine (checked once per process)."""
    global _AVAILABLE
    if _AVAILABLE is None:
        _AVAILABLE = _probe()
    return _AVAILABLE


class _Database:
    """One compiled database of the patterns' cores, the checks of the cores' hits, and the pattern
    positions it could not take.

    The database holds each pattern's core (:func:`translate` with ``core=True``: without the boundary
    context at its ends), which Hyperscan scans several times faster. A core also matches where the whole
    pattern does not (a model number inside a hex digest, a name inside a longer word), and a Python regex
    that then runs in vain over a 60 KB page costs far more than the scan saved; so a core's hit is first
    checked by a one-pattern database of the whole rewrite, compiled the first time that core hits.
    """

    def __init__(self, patterns: Sequence[tuple[str, int]], *, unicode: bool, built: _Built | None = None) -> None:
        if built is None:
            built = _stored(patterns, unicode)
        if built is None:
            built = _build_all(patterns, unicode=unicode)
            if _KEY_PREFIX:
                db_cache.write(_cache_key(patterns, unicode), _serialise(*built))
        self.db = built[0]
        #: Positions the database cannot answer for: their regex runs on every value.
        self.always: tuple[int, ...] = built[1]
        #: position -> the whole rewrite and its flags, for patterns whose core is shorter
        self._full: dict[int, tuple[bytes, int]] = built[2]
        self._checks: dict[int, Any] = {}
        self._lock = threading.Lock()
        self._local = threading.local()

    def scan(self, data: bytes) -> list[int]:
        found: list[int] = []
        if self.db is not None:
            # A scan releases the GIL, so each thread has its own scratch space.
            scratch = getattr(self._local, "scratch", None)
            if scratch is None:
                scratch = self._local.scratch = hyperscan.Scratch(self.db)
            self.db.scan(data, match_event_handler=_collect, context=found, scratch=scratch)
        if self._full and found:
            found = [p for p in found if p not in self._full or self._confirmed(p, data)]
        return found

    def _confirmed(self, position: int, data: bytes) -> bool:
        """True when the whole rewrite of the pattern at ``position`` matches ``data`` (or cannot be built)."""
        check = self._checks.get(position, False)
        if check is False:
            with self._lock:
                if position not in self._checks:
                    self._checks[position] = _check(*self._full[position])
                check = self._checks[position]
        if check is None:
            return True
        scratches: dict[int, Any] | None = getattr(self._local, "checks", None)
        if scratches is None:
            scratches = self._local.checks = {}
        scratch = scratches.get(position)
        if scratch is None:
            scratch = scratches[position] = hyperscan.Scratch(check)
        hit: list[int] = []
        check.scan(data, match_event_handler=_collect, context=hit, scratch=scratch)
        return bool(hit)


_Built = tuple[Any, tuple[int, ...], dict[int, tuple[bytes, int]]]
#: A cached check entry: a serialised one-pattern database, or the mark of a pattern Hyperscan refused.
_CHECK_DATABASE, _CHECK_REFUSED = b"D", b"R"


def _check(expression: bytes, flag: int) -> Any:
    """The one-pattern database of a whole rewrite, or None when Hyperscan refuses it (the core alone decides).

    Kept on disk like the field databases: a process meets about a hundred of them in its first ten thousand
    records, and compiling them cost about 0.4 s each time a command started; reading them back costs
    milliseconds. An entry that does not load is compiled again.
    """
    entry = db_cache.key([*_KEY_PREFIX, b"check", expression, str(flag).encode()]) if _KEY_PREFIX else None
    stored = db_cache.read(entry) if entry else None
    if stored == _CHECK_REFUSED:
        return None
    if stored is not None and stored.startswith(_CHECK_DATABASE):
        try:
            return hyperscan.loadb(stored[1:], hyperscan.HS_MODE_BLOCK)
        except (hyperscan.error, ValueError, TypeError):
            pass  # not a database after all: compiled again and overwritten below
    try:
        check = _build([expression], [0], [flag])
    except hyperscan.error:
        check = None
    if entry:
        db_cache.write(entry, _CHECK_REFUSED if check is None else _CHECK_DATABASE + hyperscan.dumpb(check))
    return check


def _build_all(patterns: Sequence[tuple[str, int]], *, unicode: bool) -> _Built:
    """Compile the patterns' cores into one database: (database or None, refused positions, whole rewrites)."""
    expressions: list[bytes] = []
    ids: list[int] = []
    flags: list[int] = []
    refused: list[int] = []
    full: dict[int, tuple[bytes, int]] = {}
    for position, (pattern, re_flags) in enumerate(patterns):
        try:
            if re.compile(pattern, re_flags).search("") is not None:
                # Matches the empty text, so it matches every value: nothing to prefilter.
                raise Untranslatable("matches the empty string")
            text, multiline = translate(pattern, re_flags, unicode=unicode, core=True)
            whole, whole_multiline = translate(pattern, re_flags, unicode=unicode)
        except (Untranslatable, re.error):
            refused.append(position)
            continue
        expressions.append(text)
        ids.append(position)
        flags.append(flags_for(multiline))
        if whole != text:
            full[position] = (whole, flags_for(whole_multiline))
    db, more_refused = _compile(expressions, ids, flags)
    return db, tuple(sorted(refused + more_refused)), full


def _stored(patterns: Sequence[tuple[str, int]], unicode: bool) -> _Built | None:
    """The patterns' database as kept on disk (milliseconds to read), or None when it must be compiled."""
    return _deserialise(db_cache.read(_cache_key(patterns, unicode)), len(patterns)) if _KEY_PREFIX else None


def _cache_key(patterns: Sequence[tuple[str, int]], unicode: bool) -> str:
    parts = [*_KEY_PREFIX, b"unicode" if unicode else b"ascii"]
    for pattern, re_flags in patterns:
        parts += (pattern.encode("utf-8", "surrogatepass"), str(re_flags).encode())
    return db_cache.key(parts)


def _serialise(db: Any, always: tuple[int, ...], full: dict[int, tuple[bytes, int]]) -> bytes:
    """One cache entry: a JSON head (refused positions, whole rewrites) and the serialised database."""
    head = json.dumps(
        {"always": list(always), "full": [[p, text.decode("latin-1"), f] for p, (text, f) in full.items()]}
    ).encode()
    return len(head).to_bytes(4, "big") + head + (hyperscan.dumpb(db) if db is not None else b"")


def _deserialise(body: bytes | None, count: int) -> _Built | None:
    """What :func:`_serialise` wrote for ``count`` patterns, or None when ``body`` does not hold that."""
    if body is None or len(body) < 4:
        return None
    size = int.from_bytes(body[:4], "big")
    try:
        head = json.loads(body[4 : 4 + size])
        always = tuple(int(p) for p in head["always"])
        full = {int(p): (text.encode("latin-1"), int(f)) for p, text, f in head["full"]}
        stored = body[4 + size :]
        if not all(0 <= p < count for p in (*always, *full)):
            return None
        db = hyperscan.loadb(stored, hyperscan.HS_MODE_BLOCK) if stored else None
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeError, hyperscan.error):
        return None
    return db, always, full


def flags_for(multiline: bool) -> int:
    """The flags a rewrite is compiled with in the field databases."""
    return _BASE_FLAGS | (hyperscan.HS_FLAG_MULTILINE if multiline else 0)


#: Pattern sets compile one at a time in a process: a compile's working memory is many times the database it leaves
#: (28 MB, freed at its end, for the 1.6 MB database of an HTTP body's 927 patterns; about 40 MB for their database
#: for non-ASCII values, measured in a scan). A scan on a cold cache compiled in up to four threads at once (every
#: field's databases, the maker hints', a Unicode database), and their working memory, stacked on the devices it held,
#: set its peak. The one-pattern checks (:func:`_check`: milliseconds and a few megabytes each, asked for in the middle
#: of a maker hint) do not wait for it.
_COMPILING = threading.Lock()
_after_compile: Callable[[], None] | None = None


def after_each_compile(hook: Callable[[], None] | None) -> None:
    """Call ``hook`` (None: nothing) after each pattern set is compiled from now on, before the next may start: the
    scanner hands the freed working memory back to the system there (``camaudit.scan.heap``), so one compile's is
    the most a cold cache adds to its resident size."""
    global _after_compile
    _after_compile = hook


def _compile(expressions: list[bytes], ids: list[int], flags: list[int]) -> tuple[Any, list[int]]:
    """The pattern set's database and the ids Hyperscan refused (one set at a time: :data:`_COMPILING`)."""
    if not expressions:
        return None, []
    with _COMPILING:
        try:
            return _compile_now(expressions, ids, flags)
        finally:
            hook = _after_compile
            if hook is not None:
                hook()


def _compile_now(expressions: list[bytes], ids: list[int], flags: list[int]) -> tuple[Any, list[int]]:
    """Compile all at once; when Hyperscan refuses, find the culprits one by one (prefilter mode first)."""
    try:
        return _build(expressions, ids, flags), []
    except hyperscan.error:
        pass
    kept: list[tuple[bytes, int, int]] = []
    refused: list[int] = []
    for expression, pattern_id, flag in zip(expressions, ids, flags, strict=True):
        attempt, _why = accepted_flag(expression, flag)
        if attempt is None:
            refused.append(pattern_id)
        else:
            kept.append((expression, pattern_id, attempt))
    if not kept:
        return None, refused
    exprs, kept_ids, kept_flags = (list(x) for x in zip(*kept, strict=True))
    return _build(exprs, kept_ids, kept_flags), refused


def accepted_flag(expression: bytes, flag: int) -> tuple[int | None, str]:
    """The flag Hyperscan takes ``expression`` alone with -- ``flag`` itself, else in prefilter mode -- and "", or
    None and Hyperscan's reason for the first refusal."""
    why = ""
    for attempt in (flag, flag | hyperscan.HS_FLAG_PREFILTER):
        try:
            _build([expression], [0], [attempt])
        except hyperscan.error as exc:
            why = why or str(exc)
            continue
        return attempt, ""
    return None, why


def _build(expressions: list[bytes], ids: list[int], flags: list[int]) -> Any:
    db = hyperscan.Database()
    db.compile(expressions=expressions, ids=ids, elements=len(expressions), flags=flags)
    return db


#: The last value encoded, its bytes and whether it is ASCII (see :func:`_encoded`).
_last: tuple[str, bytes, bool] = ("", b"", True)


def _encoded(value: str) -> tuple[bytes, bool]:
    """``value`` as the bytes Hyperscan scans, and whether it is ASCII.

    A field read by several pattern sets (its own rules and a group's) is scanned once per set; the
    last value encoded is remembered so a 64 KB page is encoded once, not once per set. One module-level
    tuple, replaced whole: a thread reads either its own entry or another's, never half of one, and the
    identity check says which (a thread-local memo cost a lookup per scan of every field).
    """
    global _last
    memo = _last
    if memo[0] is value:
        return memo[1], memo[2]
    is_ascii = value.isascii()
    data = value.encode("ascii") if is_ascii else value.encode("utf-8", "surrogatepass")
    _last = (value, data, is_ascii)
    return data, is_ascii


class PatternDatabases:
    """Which of ``patterns`` (``(regex text, re flags)``) may match a value: one Hyperscan pass.

    ``stand_in``, when given, answers for non-ASCII values while their database compiles: on a cold cache that
    compilation takes seconds (2-5 s for the 923 patterns of an HTTP body), and a page whose only non-ASCII
    character is a byte-order mark would otherwise wait for it -- in a live scan, every host's maker hint at once.
    With a stand-in the compilation runs in a thread of its own, started by the first non-ASCII value; a database
    kept on disk is still read at once. The stand-in must give a superset of the real matches too (the matcher's
    literal prefilter, :class:`camaudit.identify.matcher._ReIndex`), so the evidence is the same either way.
    """

    def __init__(
        self, patterns: Sequence[tuple[str, int]], *, stand_in: Callable[[str], list[int]] | None = None
    ) -> None:
        self._patterns = tuple(patterns)
        self._ascii = _Database(self._patterns, unicode=False)
        self._unicode: _Database | None = None
        self._stand_in = stand_in
        #: The thread compiling the Unicode database for the stand-in's time, once started.
        self._compiling: threading.Thread | None = None
        self._lock = threading.Lock()

    def candidates(self, value: str) -> list[int]:
        """Positions of the patterns that may match ``value``, ascending (a superset of the real ones)."""
        data, is_ascii = _encoded(value)
        db = self._ascii if is_ascii else (self._unicode or self._unicode_db())
        if db is None:  # compiling in its thread
            stand_in = self._stand_in
            if stand_in is not None:
                return stand_in(value)
            # That compilation failed just now (it took the stand-in away): compiled here, where its error surfaces.
            db = self._unicode_db()
            assert db is not None  # without a stand-in, _unicode_db compiles in the calling thread
        found = db.scan(data)
        if db.always:
            found.extend(db.always)
        found.sort()
        return found

    def unicode_ready(self, timeout: float | None = None) -> bool:
        """Whether the database for non-ASCII values is in use; waits up to ``timeout`` s for one compiling."""
        compiling = self._compiling
        if compiling is not None:
            compiling.join(timeout)
        return self._unicode is not None

    def _unicode_db(self) -> _Database | None:
        """The database for non-ASCII values: read from disk, or compiled -- here, or in a thread of its own
        when there is a stand-in (None until it is done)."""
        with self._lock:
            if self._unicode is None and self._compiling is None:
                stored = _stored(self._patterns, unicode=True)
                if stored is not None or self._stand_in is None:
                    self._unicode = _Database(self._patterns, unicode=True, built=stored)
                else:
                    self._compiling = threading.Thread(
                        target=self._compile_unicode, name="camaudit-unicode-db", daemon=True
                    )
                    self._compiling.start()
            return self._unicode

    def _compile_unicode(self) -> None:
        try:
            self._unicode = _Database(self._patterns, unicode=True)
        except Exception:
            # The next non-ASCII value compiles in the thread that asks, and meets the error there.
            with self._lock:
                self._stand_in = None
                self._compiling = None
