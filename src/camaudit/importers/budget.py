"""Per-input budgets: how much work one input file may cost, and the reason given when it costs more.

A small file must not burn minutes or memory: a 1 MB gzip can hold a gigabyte of newlines, and one XML
attribute can be 50 MB long. Each limit below stops reading with a one-line reason that ends up as the
last (error) record of the input, after every record read before it -- nothing is dropped silently.

* **expansion** -- gzip that decompresses to more than ``max_expansion`` times its size (checked once
  ``expansion_floor`` bytes came out) is a compression bomb, not a scan export (Shodan and Censys exports
  expand 5-20x).
* **bytes** -- ``max_bytes`` of (decompressed) input at most.
* **records** -- ``max_records`` records at most (:func:`limit_records`).
* **markup** -- an XML run of more than ``max_markup_run`` bytes without a ``<`` (one attribute or text
  node) stops an nmap file before the parser has to hold it.
* **seconds per record** -- a record that took longer than ``max_record_seconds`` to read and identify is
  answered as an error instead of being counted (``camaudit identify``).
"""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import IO, Any, TypeVar, cast

MiB = 1 << 20


class InputBudgetError(OSError):
    """Reading stopped because the input went over one of its budgets; the message says which and where."""


@dataclass(frozen=True, slots=True)
class InputBudget:
    """The limits for one input; ``None`` means no limit."""

    max_records: int | None = None
    max_bytes: int | None = None
    max_expansion: float = 100.0
    expansion_floor: int = 16 * MiB
    max_markup_run: int = 1 * MiB
    max_record_seconds: float = 5.0


DEFAULT_BUDGET = InputBudget()


def _mib(n: int) -> str:
    return f"{n / MiB:,.1f} MiB" if n >= MiB else f"{n:,} bytes"


class _Layer(io.RawIOBase):
    """A readable layer over ``inner``; closing it closes ``inner`` too when it ``owns`` it."""

    def __init__(self, inner: IO[bytes], owns: bool = True) -> None:
        super().__init__()
        self.inner, self.owns = inner, owns

    def readable(self) -> bool:
        return True

    def close(self) -> None:
        if not self.closed and self.owns:
            self.inner.close()
        super().close()


class _Counted(_Layer):
    """Counts the bytes read through it (the compressed side of a gzip input)."""

    def __init__(self, inner: IO[bytes], owns: bool) -> None:
        super().__init__(inner, owns)
        self.count = 0

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        buffer[: len(data)] = data
        self.count += len(data)
        return len(data)


class _Metered(_Layer):
    """The decompressed (or plain) side: enforces ``max_bytes`` and, over gzip, ``max_expansion``."""

    def __init__(self, inner: IO[bytes], budget: InputBudget, compressed: _Counted | None, owns: bool) -> None:
        super().__init__(inner, owns)
        self.budget, self.compressed, self.count = budget, compressed, 0

    def readinto(self, buffer: Any) -> int:
        # read1: one decompression step at a time, so a stream truncated later still gives what came before.
        read1 = getattr(self.inner, "read1", self.inner.read)
        budget, want = self.budget, len(buffer)
        if budget.max_bytes is not None:
            # Deliver exactly up to the limit (every record before it is kept); past it, more data is the error.
            want = min(want, budget.max_bytes - self.count)
            if want <= 0:
                if read1(1):
                    raise InputBudgetError(
                        f"input budget: more than {_mib(budget.max_bytes)} read; the rest was not read"
                    )
                return 0
        data = read1(want)
        buffer[: len(data)] = data
        self.count += len(data)
        packed = self.compressed.count if self.compressed is not None else 0
        if packed and self.count >= budget.expansion_floor and self.count > budget.max_expansion * packed:
            raise InputBudgetError(
                f"input budget: gzip expands more than {budget.max_expansion:g}x ({_mib(packed)} gave "
                f"{_mib(self.count)}): a compression bomb, not a scan export; the rest was not read"
            )
        return len(data)


def metered(
    stream: IO[bytes], budget: InputBudget = DEFAULT_BUDGET, gzipped: bool = False, owns: bool = True
) -> IO[bytes]:
    """``stream`` read through the budget's byte limits; ``gzipped`` decompresses it on the way.

    Closing the result closes ``stream`` when it ``owns`` it.
    """
    compressed: _Counted | None = None
    inner = stream
    if gzipped:
        compressed = _Counted(stream, owns)
        inner = cast(IO[bytes], gzip.GzipFile(fileobj=compressed, mode="rb"))
    elif budget.max_bytes is None:
        return stream  # nothing to enforce: skip the extra layer
    return cast(IO[bytes], io.BufferedReader(_Metered(inner, budget, compressed, owns), buffer_size=MiB))


class _MarkupGuard(_Layer):
    """Stops an XML stream at a run of more than ``limit`` bytes without a ``<`` (see module doc)."""

    def __init__(self, inner: IO[bytes], limit: int, owns: bool) -> None:
        super().__init__(inner, owns)
        self.limit, self.run, self.offset = limit, 0, 0

    def readinto(self, buffer: Any) -> int:
        # Chunks are far below the limit, so only runs that span chunks need counting.
        data = self.inner.read(min(len(buffer), 64 * 1024))
        last = data.rfind(b"<")
        self.run = self.run + len(data) if last < 0 else len(data) - last - 1
        if self.run > self.limit:
            raise InputBudgetError(
                f"input budget: more than {_mib(self.limit)} of XML without markup near byte "
                f"{self.offset + len(data):,} (one attribute or text too large to read); the rest was not read"
            )
        self.offset += len(data)
        buffer[: len(data)] = data
        return len(data)


def markup_guarded(stream: IO[bytes], budget: InputBudget = DEFAULT_BUDGET, owns: bool = True) -> IO[bytes]:
    """``stream`` with the markup-run limit of ``budget`` applied (closing it closes ``stream`` if ``owns``)."""
    guard = _MarkupGuard(stream, budget.max_markup_run, owns)
    return cast(IO[bytes], io.BufferedReader(guard, buffer_size=64 * 1024))


R = TypeVar("R")


def limit_records(records: Iterator[R], limit: int | None, stop: Callable[[int, str], R]) -> Iterator[R]:
    """At most ``limit`` records, then ``stop(position, reason)`` once if more were coming."""
    if limit is None:
        yield from records
        return
    for count, record in enumerate(records, 1):
        if count > limit:
            yield stop(count, f"input budget: {limit:,} records read (--max-records); the rest was not read")
            return
        yield record
