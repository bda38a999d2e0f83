"""Does a text share a distinctive run with a held-out record? The held-out boundary checked by content.

``bench/source_check.py`` keys a candidate by the page it comes from; a mirror of a held-out page on another domain,
or a reply pasted into a rule's example, passes that check. This one compares the text itself: every held-out record
(``tests/data/heldout_*``, files or folders, and the replay lab's ``heldout: true`` profiles) is cut into windows, and
a candidate that holds one of them is reported with the held-out records it shares it with. ``shodan_holdout.jsonl`` is
development data despite its name (docs/knowledge-sources.md: rules were written from the same Recog, nmap and nuclei
sources its records come from, and ``bench/accuracy.py`` pools it with development), so it is checked as a candidate.

**Normalisation** (:func:`normalise`), so that a copy with other line ends, case, quoting or escaping still matches:
HTML entities decoded (``&lt;`` -> ``<``); literal escapes of a quoted reply (``\\r``, ``\\n``, ``\\t``, ``\\"``) read
as the characters they stand for; the boilerplate below removed; lower-cased; cut into tokens, each a run of letters
and digits (every other character, whitespace and punctuation alike, is a separator); tokens joined by one space.
Copies the text holds in an encoded form -- hex dumps, byte lists, base64, %-encoding, a whole text in a pasted form
the importers read -- are decoded (bench/heldout_decoding.py) and normalised alike, after it; escapes read include
``\\uNNNN`` and octal ``\\015``.

**Boilerplate** (:data:`BOILERPLATE`), text every server or document writes, removed before cutting: HTTP/RTSP/SIP
status and request lines; header lines whose name carries no device's own text (``Date``, ``Expires``,
``Last-Modified``, ``Content-Type``, ``Content-Length``, ``Connection``, ``Cache-Control``, ``Pragma``, ``CSeq``,
``Accept-Ranges``, ``Keep-Alive``, ``Transfer-Encoding``, ``Vary``, the browser-hardening ``X-*`` headers, ``Host``,
``User-Agent``, ``Accept*`` ...); HTML/XML prologues (``<!DOCTYPE ...>``, ``<?xml ...?>``), ``<meta http-equiv>`` and
``<meta charset>`` tags, and XML namespace declarations (``xmlns:x="..."``). What is left of a server's stock answer is
its ``Server`` line and what it chose to write.

**A distinctive run** is a window of :data:`WINDOW` normalised characters (about eight tokens of a reply) starting at a
token, that the candidate and a held-out record both hold -- unless held-out records of two unrelated sources (source
keys that do not overlap) hold it too: then it is a product's or a protocol's own text (a Hikvision camera's RTSP
method list, an ONVIF namespace), written by many devices, and shared by chance rather than copied. A candidate's
overlapping windows with one record are merged into one run, followed to where the two texts part; it counts when it
is a copy's mark (:func:`distinctive`): it holds an identifier -- a token of ten characters or more mixing letters with
three digits or more (a nonce, a serial, a MAC, a session id), or of eight digits or more, with four distinct
characters at least (a run of zeros or a masking ``xx`` is no name) -- or it spans :data:`LONG_RUN` characters. A
shared phrase of protocol words ("describe setup play pause teardown") is neither.

    python bench/heldout_content.py FILE ...       # each file one candidate text (a page saved, a reply)
    python bench/heldout_content.py --records FILE.jsonl   # each line one candidate record

The run printed is the candidate's own text; of the held-out record only its place is printed. Exit status 1 when any
run is found. helper-181 (2026-12-05) wrote it after helper-178 caught, by hand, a mirror of a held-out page.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

sys.path.insert(0, str(Path(__file__).resolve().parent))

from heldout_decoding import decoded_copies
from heldout_records import (
    DATA,
    MAX_FILE_BYTES,
    REPLAY,
    Record,
    development_records,
    held_out_records,
    lab_records,
    rule_records,
    strings,
)

if TYPE_CHECKING:
    from camaudit.identify import Rule

__all__ = ["HeldOutIndex", "Record", "Run", "development_records", "lab_records", "normalise", "overlaps",
           "packaged_index", "rule_records", "windows"]
#: Normalised characters a shared run must span (from a token's start) to be distinctive.
WINDOW = 40
#: A shared run this long is reported even when it holds no identifier: about sixteen tokens of the same text.
LONG_RUN = 100
#: The largest text of one record or candidate normalised; the rest is not compared.
MAX_TEXT_CHARS = 256 * 1024

_HEADER_NAMES = (
    "date", "expires", "last-modified", "content-type", "content-length", "connection", "cache-control", "pragma",
    "cseq", "accept-ranges", "keep-alive", "transfer-encoding", "content-encoding", "content-language", "vary",
    "x-frame-options", "x-xss-protection", "x-content-type-options", "strict-transport-security", "referrer-policy",
    "access-control-allow-origin", "access-control-allow-methods", "access-control-allow-headers",
    "access-control-allow-credentials", "access-control-max-age", "host", "user-agent", "accept", "accept-encoding",
    "accept-language", "mime-version", "x-ua-compatible", "upgrade-insecure-requests", "session", "range",
)
#: Text every server or document writes (see the module docstring), removed before a text is cut into windows.
BOILERPLATE = re.compile(
    "|".join((
        # Status and request lines (a curl -v log marks them with "< " or "> ").
        r"^[ \t<>*]*(?:HTTP|RTSP|SIP)/\d(?:\.\d)?[ \t]+\d{3}\b[^\r\n]{0,200}",
        r"^[ \t<>*]*(?:GET|POST|HEAD|PUT|OPTIONS|DESCRIBE|SETUP|PLAY|PAUSE|TEARDOWN|ANNOUNCE|GET_PARAMETER"
        r"|SET_PARAMETER|M-SEARCH|NOTIFY)[ \t]+\S{1,500}[ \t]+(?:HTTP|RTSP)/\d(?:\.\d)?[^\r\n]{0,20}",
        r"^[ \t<>*]*(?:" + "|".join(re.escape(name) for name in _HEADER_NAMES) + r")[ \t]*:[^\r\n]{0,2000}",
        r"<!DOCTYPE[^>]{0,500}>",
        # nginx's stock error pages pad themselves with this comment, six times over.
        r"<!--[ \t]*a padding to disable MSIE and Chrome friendly error page[ \t]*-->",
        r"<\?xml[^>]{0,500}\?>",
        r"<meta[ \t\r\n]+(?:http-equiv|charset)[^>]{0,500}>",
        r"\bxmlns(?::[\w.-]{1,64})?[ \t]*=[ \t]*(?:\"[^\"]{0,500}\"|'[^']{0,500}')",
    )),
    re.IGNORECASE | re.MULTILINE,
)
_ESCAPES = {"\\r": "\r", "\\n": "\n", "\\t": "\t", '\\"': '"', "\\/": "/"}
#: A literal escape of a quoted or dumped reply: ``\r``, ``\n``, ``\t``, ``\"``, ``\/``, a byte ``\x0d`` or ``\015``
#: (C, Python), a character ``\u00e9`` (JSON, Python, Java) or ``\U0001f4f7``.
_ESCAPE = re.compile(r"\\(?:[rnt\"/]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-3][0-7]{2})")
_TOKEN = re.compile(r"[0-9a-z]+")
#: Distinct characters an identifier holds at least: a run of zeros or of masking x's is a placeholder, not a name.
_IDENTIFIER_CHARS = 4
#: Share of a token's neighbouring characters that are consecutive (``a`` then ``b``) from which it is an alphabet.
_SEQUENCE_SHARE = 0.8


def is_identifier(token: str) -> bool:
    """Whether a normalised token names one thing: ten characters or more mixing three digits or more with letters (a
    nonce, a serial, a MAC, a session id), or eight digits or more (a timestamp, an origin id), of four distinct
    characters at least and not an alphabet (``abc...xyz0123456789``). Shorter mixed tokens are names and versions many
    devices write alike (``h264dvr``, ``19dec2003``, ``v5``)."""
    if len(set(token)) < _IDENTIFIER_CHARS or _is_sequence(token):
        return False
    digits = sum(char.isdigit() for char in token)
    if digits == len(token):
        return digits >= 8
    return len(token) >= 10 and digits >= 3


def _is_sequence(token: str) -> bool:
    """Whether a token is an alphabet rather than a name: most neighbours in it are consecutive characters
    (``0123456789``, ``abcdefghijklmnopqrstuvwxyz0123456789`` -- the base64 and hex alphabets that encoders, host-name
    checks and test data write alike)."""
    steps = sum(ord(after) - ord(before) == 1 for before, after in pairwise(token))
    return steps >= _SEQUENCE_SHARE * (len(token) - 1)


def holds_identifier(run: str) -> bool:
    """Whether a normalised run holds an identifier (:func:`is_identifier`): one thing's name."""
    return any(is_identifier(piece) for piece in run.split(" "))


def distinctive(run: str) -> bool:
    """Whether a shared run is a copy's mark rather than a phrase many texts could hold: it holds an identifier
    (:func:`holds_identifier`) or spans :data:`LONG_RUN` characters."""
    return len(run) >= LONG_RUN or holds_identifier(run)


def _unescape(found: re.Match[str]) -> str:
    escape = found.group(0)
    kind = escape[1]
    if kind in "xuU":
        code = int(escape[2:], 16)
        return chr(code) if code <= sys.maxunicode else " "
    if kind.isdigit():
        return chr(int(escape[1:], 8))
    return _ESCAPES[escape]


def _read(text: str) -> str:
    """``text`` with its entities and literal escapes read."""
    return _ESCAPE.sub(_unescape, html.unescape(text))


def _tokens(text: str) -> str:
    return " ".join(_TOKEN.findall(BOILERPLATE.sub("\n", text).lower()))


def normalise(text: str) -> str:
    """``text`` as windows are cut from it: escapes read, boilerplate removed, lower-cased tokens joined by spaces;
    then, each after the last, the copies it holds encoded (hex dumps, base64, %-encoding: bench/heldout_decoding.py),
    decoded and normalised alike."""
    text = _read(text[:MAX_TEXT_CHARS])
    parts = [_tokens(text)] + [_tokens(_read(copy)) for copy in decoded_copies(text)]
    return " ".join(part for part in parts if part)


def windows(normalised: str) -> Iterator[tuple[int, str]]:
    """Each window of :data:`WINDOW` characters of a normalised text that starts at a token, with its offset."""
    last = len(normalised) - WINDOW
    if last < 0:
        return
    starts = [0, *(m.end() for m in re.finditer(" ", normalised))]
    for start in starts:
        if start > last:
            break
        yield start, normalised[start:start + WINDOW]


@dataclass(frozen=True)
class Run:
    """A distinctive run a candidate shares with one held-out record: the candidate's normalised text of it."""

    held_out: str
    text: str

    def __str__(self) -> str:
        shown = self.text if len(self.text) <= 120 else self.text[:117] + "..."
        return f"{len(self.text)} characters shared with {self.held_out}: {shown!r}"


class HeldOutIndex:
    """Every window of the held-out records, with where each holds it; built once, asked many times."""

    def __init__(self, records: Iterable[Record]) -> None:
        self.records: list[Record] = list(records)
        #: each record's texts, normalised
        self._texts: list[tuple[str, ...]] = [tuple(normalise(text) for text in r.texts) for r in self.records]
        #: window -> (record, text, offset) of each place it starts, the first place per record
        self._places: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        keysets: dict[str, list[frozenset[str]]] = defaultdict(list)
        self._common: set[str] = set()
        for number, (record, texts) in enumerate(zip(self.records, self._texts, strict=True)):
            for text_no, text in enumerate(texts):
                for start, window in windows(text):
                    places = self._places[window]
                    if not places or places[-1][0] != number:
                        places.append((number, text_no, start))
                    known = keysets[window]
                    if window in self._common or record.keys in known:
                        continue
                    if any(not (record.keys & other) for other in known):
                        self._common.add(window)
                    known.append(record.keys)

    def is_common(self, window: str) -> bool:
        """Whether held-out records of two unrelated sources hold ``window``: a product's or protocol's text."""
        return window in self._common

    def shared(self, text: str, *, also_common: HeldOutIndex | None = None, copies_only: bool = False) -> list[Run]:
        """Every distinctive run ``text`` shares with a held-out record, longest first. A run is the candidate's
        windows found in one record, merged where they overlap and followed to where the two texts part.
        ``also_common``: windows common in that index too are skipped (a product's text among the held-out records);
        ``copies_only``: only runs that hold an identifier count, not long runs of product text."""
        normalised = normalise(text)
        spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for start, window in windows(normalised):
            if window in self._common or (also_common is not None and also_common.is_common(window)):
                continue
            for number, text_no, offset in self._places.get(window, ()):
                runs = spans[number]
                if runs and start < runs[-1][1]:
                    continue
                end = start + _common_length(normalised, start, self._texts[number][text_no], offset)
                if runs and start == runs[-1][1]:
                    runs[-1] = (runs[-1][0], end)
                else:
                    runs.append((start, end))
        keep = holds_identifier if copies_only else distinctive
        found = [
            Run(self.records[number].where, normalised[begin:end])
            for number, runs in spans.items() for begin, end in runs if keep(normalised[begin:end])
        ]
        return sorted(found, key=lambda run: (-len(run.text), run.held_out))


def _common_length(one: str, at: int, other: str, other_at: int) -> int:
    """How many characters ``one`` from ``at`` and ``other`` from ``other_at`` have in common (a window at least)."""
    length = WINDOW
    limit = min(len(one) - at, len(other) - other_at)
    while length < limit and one[at + length] == other[other_at + length]:
        length += 1
    return length


@dataclass(frozen=True)
class Overlap:
    """A record on the development side that shares a distinctive run with a held-out record."""

    where: str
    run: Run

    def __str__(self) -> str:
        return f"{self.where}: {self.run}"


def overlaps(candidates: Iterable[Record], index: HeldOutIndex) -> list[Overlap]:
    """Every distinctive run any of ``candidates`` shares with a held-out record of ``index``."""
    return [Overlap(record.where, run) for record in candidates for text in record.texts for run in index.shared(text)]


@cache
def examples_index(rules: tuple[Rule, ...]) -> HeldOutIndex:
    """The windows of every rule's examples, counter-examples and shown strings, placed at the rule's id."""
    return HeldOutIndex(rule_records(rules, by_id=True))


def copied_rules(texts: Iterable[str], rules: Sequence[Rule]) -> frozenset[str]:
    """The ids of the rules whose examples, counter-examples or shown strings share with ``texts`` a run holding an
    identifier (a nonce, a serial, a session id) that no two unrelated held-out sources share: written from this very
    reply, whatever source they cite. A product's long constant text (a namespace table, a media header) many devices
    write is what rules are for, and does not count; leave-one-source-out (bench/accuracy.py, bench/replay.py) leaves
    the rules this returns out for the reply."""
    index = examples_index(tuple(rules))
    common = packaged_index()
    return frozenset(run.held_out for text in texts for run in index.shared(text, also_common=common, copies_only=True))


@cache
def packaged_index() -> HeldOutIndex:
    """The index of the repository's held-out records, built once per process."""
    return HeldOutIndex(held_out_records())


def index_without(paths: Iterable[Path], data: Path = DATA, replay: Path = REPLAY) -> HeldOutIndex:
    """The index of the held-out records but those of ``paths``: candidates already saved under a held-out name are
    compared with the other batches, not with themselves -- else a run a candidate shares with one earlier batch is
    held by "two unrelated sources" (the candidate and that batch) and passes as a product's stock text."""
    root = data.resolve()
    inside = frozenset(path.resolve() for path in paths if path.resolve().is_relative_to(root))
    if not inside and data == DATA and replay == REPLAY:
        return packaged_index()
    return HeldOutIndex(held_out_records(data, replay, leave_out=inside))


def report(candidates: Sequence[tuple[str, str]], index: HeldOutIndex) -> list[str]:
    """One line per candidate (name, text) that shares a run, then one line per run."""
    lines: list[str] = []
    for name, text in candidates:
        runs = index.shared(text)
        if runs:
            lines.append(f"{name}: shares {len(runs)} distinctive run(s) with held-out records -- read both sides: a"
                         " copy of a held-out reply must not be used")
            lines += [f"  {run}" for run in runs]
    return lines


def candidate_texts(files: Iterable[Path], records: Iterable[Path] = ()) -> list[tuple[str, str]]:
    """The candidates to check, (name, text): each file of ``files`` whole, each line of each ``records`` file (every
    string of a JSON line, or the line)."""
    candidates: list[tuple[str, str]] = []
    for path in files:
        candidates.append((str(path), path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", "replace")))
    for path in records:
        lines = path.read_bytes()[:MAX_FILE_BYTES].decode("utf-8", "replace").splitlines()
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    text = "\n".join(strings(json.loads(line)))
                except (ValueError, RecursionError):
                    text = line
                candidates.append((f"{path} line {number}", text))
    return candidates


def main(argv: Sequence[str] | None = None) -> int:
    """Print every run the candidate files share with a held-out record; 1 if any."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="candidate texts, one a file")
    parser.add_argument("--records", type=Path, action="append", default=[],
                        help="a JSON-lines file of candidate records (each line one candidate)")
    args = parser.parse_args(argv)
    candidates = candidate_texts(args.files, args.records)
    lines = report(candidates, packaged_index())
    print("\n".join(lines) or f"{len(candidates)} candidate(s): no distinctive run shared with a held-out record")
    return 1 if lines else 0


if __name__ == "__main__":
    raise SystemExit(main())
