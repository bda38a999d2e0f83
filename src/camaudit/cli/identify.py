"""``camaudit identify``: name the maker of every record in another scanner's result file.

One JSON line out per record in, in input order, so line N of the output always answers record N of
the input -- including records that could not be read, which get an all-null identity and an
``"error"``. Memory stays flat: records are read, identified and written one at a time.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import orjson
import typer

from camaudit.cli.app import app
from camaudit.cli.common import EXIT_FAILURE, fail
from camaudit.importers import FORMATS
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, Observation, is_video_device

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
            out.append(f"  {count} x {kind}  (first: {self.examples[kind]})")
        rest = sum(self.reasons.values()) - sum(c for _, c in self.reasons.most_common(_REASONS_SHOWN))
        if rest:
            out.append(f"  {rest} x other reasons")
        return out


def answer(record: ImportRecord, identity: Identity | None) -> dict[str, Any]:
    """The output object for one record (the ``identify`` contract in docs/importers.md)."""
    line: dict[str, Any] = {"ip": record.ip, "port": record.port}
    if identity is None:
        line.update(_NULL_IDENTITY)
    else:
        line.update(
            device_type=identity.device_type,
            brand=identity.brand,
            manufacturer=identity.manufacturer,
            model=identity.model,
            firmware=identity.firmware,
            confidence=identity.confidence,
            evidence=[
                {"rule_id": e.rule_id, "field": e.field, "matched": e.matched} for e in identity.evidence
            ],
        )
    if record.error is not None:
        line["error"] = record.error
    return line


def run(records: Iterable[ImportRecord], out: IO[bytes], identifier: Identifier | None = None) -> Summary:
    """Identify every record and write one JSON line each to ``out``; the function the CLI runs.

    ``identifier`` defaults to :func:`camaudit.identify.identify` (imported here, not at module load,
    so ``camaudit --help`` does not compile the rule set).
    """
    if identifier is None:
        from camaudit.identify import identify as packaged

        identifier = packaged
    identify_one: Identifier = identifier
    summary = Summary()
    # orjson writes UTF-8 bytes straight to the binary stream: no str round trip per line.
    dumps = orjson.dumps
    write = out.write
    for record in records:
        summary.records += 1
        if record.error is not None:
            summary.count_error(record.position, record.error)
            identity = None
        elif record.observations:
            identity = identify_one(record.observations)
            if is_video_device(identity.device_type):
                summary.video += 1
        else:
            identity = None  # readable, but nothing was seen to identify (an open port, a timeout)
        write(dumps(answer(record, identity), option=orjson.OPT_APPEND_NEWLINE))
    return summary


def _open_input(path: str) -> IO[bytes]:
    if path == "-":
        return sys.stdin.buffer
    try:
        return open(path, "rb")
    except OSError as exc:
        fail(f"cannot read {path}: {exc.strerror or exc}")


@app.command("identify")
def identify_command(
    file: str = typer.Argument(..., help="Result file to read ('-' for standard input); gzip is read as is."),
    format_name: str = typer.Option(
        ..., "--format", "-f", help=f"Input format: {', '.join(FORMATS)}. Never guessed."
    ),
    output: str = typer.Option(
        "-", "--output", "-o", "--json", help="Where to write the JSON lines ('-' = standard output)."
    ),
) -> None:
    """Identify the maker of every camera/recorder in a Shodan, Censys, nmap, masscan, zgrab2 or
    camaudit JSONL file: one JSON line per input record, in input order."""
    reader = FORMATS.get(format_name)
    if reader is None:
        fail(f"unknown --format {format_name!r}; choose one of: {', '.join(FORMATS)}")
    source = _open_input(file)
    target = Path(output)
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        sink: IO[bytes] = sys.stdout.buffer if output == "-" else open(tmp, "wb")  # noqa: SIM115
    except OSError as exc:
        fail(f"cannot write {output}: {exc.strerror or exc}")
    try:
        summary = run(reader(source), sink)
        sink.flush()
    except BrokenPipeError:
        # The reader of standard output went away (``| head``): stop quietly, as Unix tools do. Point
        # stdout at /dev/null so the interpreter's final flush does not complain (Python docs, signal).
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        raise typer.Exit(0) from None
    finally:
        if source is not sys.stdin.buffer:
            source.close()
        if sink is not sys.stdout.buffer:
            sink.close()
    if sink is not sys.stdout.buffer:
        tmp.replace(target)
    for line in summary.lines():
        sys.stderr.write(line + "\n")
    if summary.records and summary.unreadable == summary.records:
        fail(f"no record could be read as {format_name!r}; is --format right?", EXIT_FAILURE)
