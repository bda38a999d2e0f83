"""``camaudit identify``: name the maker of every record in another scanner's result file.

One JSON line out per record in, in input order, so line N of the output always answers record N of
the input -- including records that could not be read, which get an all-null identity and an
``"error"``. Memory stays flat: records are read, identified and written one at a time.
"""

from __future__ import annotations

import dataclasses
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Any

import orjson
import typer

from camaudit.cli.app import app
from camaudit.cli.common import EXIT_FAILURE, EXIT_PARTIAL, fail
from camaudit.cli.output import open_output, output_option
from camaudit.importers import FORMATS
from camaudit.importers.base import READ_BUFFER, ImportRecord, failed, open_binary
from camaudit.importers.budget import DEFAULT_BUDGET, limit_records
from camaudit.model import Identity, Observation, is_video_device
from camaudit.report.safe import json_bytes_safe, terminal_safe

_NULL_IDENTITY: dict[str, Any] = {
    "device_type": None,
    "brand": None,
    "manufacturer": None,
    "model": None,
    "firmware": None,
    "confidence": None,
    "evidence": [],
}
#: Distinct unreadable-record reasons listed in the summary; the rest are counted together.
_REASONS_SHOWN = 10
#: Identities whose part of the answer line is kept written (see :func:`run`); the memory is emptied when full.
_TAILS_KEPT = 4096

Identifier = Callable[[Iterable[Observation]], Identity]


@dataclass
class Summary:
    """What a run read: totals and unreadable records grouped by the kind of reason."""

    records: int = 0
    video: int = 0
    unreadable: int = 0
    reasons: Counter[str] = field(default_factory=Counter)
    examples: dict[str, str] = field(default_factory=dict)

    def count_error(self, position: int, reason: str) -> None:
        """Count one unreadable record; its kind is the reason up to the first colon."""
        self.unreadable += 1
        kind = reason.split(":", 1)[0]
        self.reasons[kind] += 1
        self.examples.setdefault(kind, f"record {position}: {reason}")

    def lines(self) -> list[str]:
        """The summary as printed on standard error."""
        head = (
            f"identify: {self.records} records, {self.video} identified as cameras/recorders, "
            f"{self.unreadable} unreadable"
        )
        out = [head]
        for kind, count in self.reasons.most_common(_REASONS_SHOWN):
            # Reasons can quote the file (a key name, a value): never raw on the terminal.
            out.append(f"  {count} x {terminal_safe(kind)}  (first: {terminal_safe(self.examples[kind], 300)})")
        rest = sum(self.reasons.values()) - sum(c for _, c in self.reasons.most_common(_REASONS_SHOWN))
        if rest:
            out.append(f"  {rest} x other reasons")
        return out


def answer(record: ImportRecord, identity: Identity | None) -> dict[str, Any]:
    """The output object for one record (the ``identify`` contract in docs/importers.md)."""
    line: dict[str, Any] = {"ip": record.ip, "port": record.port}
    line.update(_identity_part(identity))
    if record.error is not None:
        line["error"] = record.error
    return line


def _identity_part(identity: Identity | None) -> dict[str, Any]:
    """What the output object says of ``identity``, in the order it is written."""
    if identity is None:
        return _NULL_IDENTITY
    return {
        "device_type": identity.device_type,
        "brand": identity.brand,
        "manufacturer": identity.manufacturer,
        "model": identity.model,
        "firmware": identity.firmware,
        "confidence": identity.confidence,
        "evidence": [{"rule_id": e.rule_id, "field": e.field, "matched": e.matched} for e in identity.evidence],
    }


class _AnswerLines:
    """The JSON line :func:`answer` gives, written from a kept tail for an identity seen before.

    Scan data repeats itself, and identify hands the same :class:`Identity` object out again for the same
    evidence (identify/resolve_memo.py): most lines of a scan file differ only in their address and port. The
    part after the port is kept per identity object, written once (the object is kept with it, so its ``id`` is
    not reused while the entry lives). The line is byte for byte the one ``dumps(answer(...))`` writes: keys in
    the same order, and :func:`json_bytes_safe` applied to each part, which equals applying it to the whole line
    because the parts meet at ASCII characters, never inside a UTF-8 sequence.
    """

    def __init__(self) -> None:
        self._tails: dict[int, tuple[Identity | None, bytes]] = {}

    def __call__(self, record: ImportRecord, identity: Identity | None) -> bytes:
        if record.error is not None:  # rare: written whole, with its "error" last
            return json_bytes_safe(orjson.dumps(answer(record, identity), option=orjson.OPT_APPEND_NEWLINE))
        kept = self._tails.get(id(identity))
        if kept is None or kept[0] is not identity:
            if len(self._tails) >= _TAILS_KEPT:
                self._tails.clear()
            # The object without its opening brace: what follows the port's comma in the whole line.
            tail = json_bytes_safe(orjson.dumps(_identity_part(identity), option=orjson.OPT_APPEND_NEWLINE))[1:]
            kept = self._tails[id(identity)] = (identity, tail)
        dumps = orjson.dumps
        head = b'{"ip":' + dumps(record.ip) + b',"port":' + dumps(record.port) + b","
        return json_bytes_safe(head) + kept[1]


def run(
    records: Iterable[ImportRecord],
    out: IO[bytes],
    identifier: Identifier | None = None,
    max_record_seconds: float | None = None,
) -> Summary:
    """Identify every record and write one JSON line each to ``out``; the function the CLI runs.

    ``identifier`` defaults to :func:`camaudit.identify.identify` (imported here, not at module load,
    so ``camaudit --help`` does not compile the rule set). A record that took longer than
    ``max_record_seconds`` to read and identify is answered as an error and never counted.
    """
    if identifier is None:
        from camaudit.identify import EvidenceLedger
        from camaudit.identify import identify as packaged

        # Every field's rule database compiled now (seconds on a loaded machine), so the first record's time
        # budget is not spent on it: a page title's databases compile on the first title otherwise.
        EvidenceLedger().prepare()
        identifier = packaged
    identify_one: Identifier = identifier
    summary = Summary()
    # orjson writes UTF-8 bytes straight to the binary stream: no str round trip per line.
    line_of = _AnswerLines()
    write = out.write
    clock = time.monotonic
    began = clock()
    for record in records:
        summary.records += 1
        identity = identify_one(record.observations) if record.error is None and record.observations else None
        if max_record_seconds is not None:
            took, began = clock() - began, clock()
            if took > max_record_seconds:
                reason = f"input budget: reading and identifying took {took:.1f} s, over {max_record_seconds:g} s"
                record, identity = failed(record.position, reason, record.ip, record.port), None
        if record.error is not None:
            summary.count_error(record.position, record.error)
        elif identity is not None and is_video_device(identity.device_type):
            summary.video += 1
        # identity None and no error: readable, but nothing was seen to identify (an open port, a timeout)
        write(line_of(record, identity))
    return summary


def _open_input(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb", buffering=READ_BUFFER)
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")


@app.command("identify")
def identify_command(
    file: str = typer.Argument(..., help="Result file to read ('-' for standard input); gzip is read as is."),
    format_name: str = typer.Option(
        ..., "--format", "-f", help=f"Input format: {', '.join(FORMATS)}. Never guessed."
    ),
    output: str = output_option(
        "Where to write the JSON lines ('-' = standard output).", "--output", "-o", "--json", default="-"
    ),
    max_records: int | None = typer.Option(
        None, "--max-records", min=1, help="Read at most N records; the rest is reported as not read."
    ),
    max_bytes: int | None = typer.Option(
        None, "--max-bytes", min=1, help="Read at most N bytes of (decompressed) input; the rest is reported."
    ),
    max_record_seconds: float = typer.Option(
        DEFAULT_BUDGET.max_record_seconds, "--max-record-seconds", min=0.01,
        help="A record that takes longer to read and identify is answered as an error, never counted.",
    ),
) -> None:
    """Identify the maker of every camera/recorder in a Shodan, Censys, ZoomEye, FOFA, Netlas, BinaryEdge, nmap,
    masscan, zgrab2 or camaudit JSONL file: one JSON line per input record, in input order."""
    reader = FORMATS.get(format_name)
    if reader is None:
        fail(f"unknown --format {format_name!r}; choose one of: {', '.join(FORMATS)}")
    source = _open_input(file)
    budget = dataclasses.replace(DEFAULT_BUDGET, max_records=max_records, max_bytes=max_bytes)
    stream, _ = open_binary(source, budget)  # gzip and the byte budgets here; the reader sees plain bytes
    records = limit_records(reader(stream), budget.max_records, failed)
    try:
        with open_output(output) as sink:
            summary = run(records, sink, max_record_seconds=max_record_seconds)
    except BrokenPipeError:
        # The reader of standard output went away (``| head``): stop quietly, as Unix tools do. Point
        # stdout at /dev/null so the interpreter's final flush does not complain (Python docs, signal).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    except KeyboardInterrupt:
        kept = "" if output == "-" else f"; nothing was written to {output}"
        sys.stderr.write(f"camaudit: interrupted: identify stopped before the end of {file}{kept}\n")
        raise typer.Exit(EXIT_PARTIAL) from None
    finally:
        if source is not sys.stdin.buffer:
            source.close()
    for line in summary.lines():
        sys.stderr.write(line + "\n")
    if summary.records and summary.unreadable == summary.records:
        fail(f"no record could be read as {format_name!r}; is --format right?", EXIT_FAILURE)
