"""Streaming JSON records out of NDJSON or one big JSON array, with bounded memory.

Shodan, Censys and zgrab2 write one JSON object per line; the same data saved through an API client is
often one JSON array (``censys search -o``, a saved ``matches`` list). Both are read element by element:
an array is split by a small scanner that tracks strings and nesting, so a 10 GB array never has to be
in memory, and an element over the size cap is skipped without being held. The same scanner reads JSON objects
printed over several lines one after another -- an API answer saved with indentation, as the engines' documents
print them, or ``jq`` output without ``-c`` -- when the input opens with ``{`` alone on its line -- and JSON objects
written back to back on one line: files that each hold one object and no final newline, concatenated (``cat
output/*/*.json``, how tools that save one host lookup per file leave them; helper-210's population sample).
"""

from __future__ import annotations

import io
import re
import zlib
from collections.abc import Callable, Iterator
from typing import IO, Any

import orjson

from camaudit.importers.base import (
    MAX_RECORD_BYTES,
    READ_BUFFER,
    ImportRecord,
    RecordError,
    Source,
    failed,
    iter_lines,
    open_binary,
    stream_error,
    too_long,
    valid_ip,
)

#: ``(position, object, error)``: exactly one of object / error is set.
JsonItem = tuple[int, Any, str | None]
#: A :data:`JsonItem` and the JSON text it was decoded from.
_TextItem = tuple[int, Any, str | None, bytes]

_CHUNK = 1024 * 1024
_STRUCTURE = re.compile(rb'["{}\[\]]')
_IN_STRING = re.compile(rb'["\\]')
_BLANK = b" \t\r\n"
_BLANK_OR_COMMA = _BLANK + b","
#: How far past the first object a space-only run may go before the input counts as not objects back to back.
_LOOK_AHEAD = 4096
#: orjson's reason for a line that holds a whole JSON text and more after it.
_AFTER_DOCUMENT = "content after document"

#: The decoder. orjson parses UTF-8 bytes directly and about twice as fast as ``json`` on Shodan
#: banners; decoding is most of an importer's cost (bench/identify.py measures it).
loads: Callable[[bytes], Any] = orjson.loads


def decode(line: bytes) -> tuple[Any, str | None]:
    """Parse one JSON text; return ``(value, None)`` or ``(None, reason)``."""
    try:
        return loads(line), None
    except ValueError as exc:  # orjson.JSONDecodeError is a ValueError
        text = str(exc)
        if "UTF-8" in text:
            return None, "not UTF-8 text"
        if "recursion" in text:
            return None, "not JSON: nested too deeply"
        return None, f"not JSON: {text if len(text) <= 120 else text[:117] + '...'}"


def iter_json(source: Source, max_bytes: int = MAX_RECORD_BYTES) -> Iterator[JsonItem]:
    """Yield every JSON record of ``source``: NDJSON, a JSON array when the first byte is ``[``, or JSON objects printed
    over several lines one after another when the first line is ``{`` alone.

    Blank lines are not records. A broken stream (truncated gzip) ends with one error item.
    """
    for position, value, error, _text in _iter_texts(source, max_bytes):
        yield position, value, error


def _iter_texts(source: Source, max_bytes: int) -> Iterator[_TextItem]:
    """:func:`iter_json`'s items, each with the JSON text it was decoded from (``b""`` for an error item)."""
    stream, owned = open_binary(source)
    try:
        yield from _iter_stream(stream, max_bytes)
    finally:
        if owned:
            stream.close()


def _iter_stream(stream: IO[bytes], max_bytes: int) -> Iterator[_TextItem]:
    position = 0
    try:
        first = _first_byte(stream)
        elements: Iterator[tuple[int, bytes | None]] | None = None
        if first == b"[":
            elements = _iter_array(stream, max_bytes)
        elif first == b"{" and _opens_alone(stream):
            elements = _iter_objects(stream, max_bytes)
        elif first == b"{":
            seen = _back_to_back_buffered(stream)
            if seen is None:  # the first object is longer than what is buffered: read it
                head, back_to_back, broke = _read_first_object(stream, max_bytes)
                if back_to_back:
                    elements = _iter_objects(_replayed(b"", stream, broke), max_bytes, head)
                else:
                    stream = _replayed(head, stream, broke)
            elif seen:
                elements = _iter_objects(stream, max_bytes)
        if elements is not None:
            for position, element in elements:
                if element is None:
                    yield position, None, too_long(max_bytes), b""
                else:
                    yield position, *decode(element), element
            return
        for position, line in iter_lines(stream, max_bytes):
            if line is None:
                yield position, None, too_long(max_bytes), b""
                continue
            # A line that opens with a character holds one (nearly every record): only a line led by blanks is
            # stripped to see whether anything follows them (a strip copies the whole record).
            if line[:1] in _BLANK and not line.strip(_BLANK):
                continue
            value, error = decode(line)
            # Only a line whose first object parsed and has more after it (orjson: "unexpected content after
            # document") is scanned for objects back to back; any other broken line keeps its reason unscanned.
            if error is not None and _AFTER_DOCUMENT in error and line.lstrip(_BLANK)[:1] == b"{":
                split = _split_line(line, max_bytes)
                if split:
                    yield from ((position, *decode(element), element) for element in split)
                    continue
            yield position, value, error, line
    except (EOFError, OSError, ValueError, zlib.error) as exc:
        reason = stream_error(exc) or f"cannot read input: {exc}"
        yield position + 1, None, reason, b""


def _first_byte(stream: IO[bytes]) -> bytes:
    peek = getattr(stream, "peek", None)
    if peek is None:
        return b""
    head: bytes = peek(64)
    return head.lstrip(_BLANK)[:1]


def _opens_alone(stream: IO[bytes]) -> bool:
    """Whether the input opens with ``{`` alone on its first line: JSON objects printed over many lines (``jq .``,
    an API answer saved with indentation), never one record a line, whose first line holds a whole object."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return False
    head: bytes = peek(256).lstrip(_BLANK)
    line, newline, _ = head[1:].partition(b"\n")
    return head[:1] == b"{" and bool(newline) and not line.strip(_BLANK)


def _back_to_back_buffered(stream: IO[bytes]) -> bool | None:
    """Whether the input's first JSON object is followed, on its line, by another ``{`` -- decided from the bytes
    already buffered, without consuming any (one record a line, the usual input, is then read as before); None when
    the buffered bytes do not settle it (a first object longer than the buffer, or an input that short)."""
    peek = getattr(stream, "peek", None)
    if peek is None:
        return None
    data: bytes = peek(_CHUNK)
    end = _ObjectEnd().feed(data)
    return None if end is None else _opens_next(data, end)


def _opens_next(data: bytes | bytearray, end: int) -> bool | None:
    """Whether another object opens on the first object's line right after it (``end``: just past its closing brace),
    looking at most :data:`_LOOK_AHEAD` bytes on; None while fewer bytes than that follow and all are spaces."""
    rest = bytes(data[end : end + _LOOK_AHEAD]).lstrip(b" \t")
    if rest:
        return rest[:1] == b"{"
    return False if len(data) - end >= _LOOK_AHEAD else None


def _read_first_object(stream: IO[bytes], max_bytes: int) -> tuple[bytes, bool, Exception | None]:
    """Read the input's opening bytes up to the end of its first JSON object and the next byte that is not a space;
    return them, whether another object opens right there, on the same line (objects back to back: ``cat`` of files
    that end without a newline, not one record a line), and the error that ended the stream early, if one did.

    Bounded: past ``max_bytes`` without the object closing the input is taken for JSON lines (whose reader skips the
    over-long line), as it is when the stream ends first. Only the first object is scanned here. A stream that breaks
    (truncated gzip, a budget) keeps what came before the break: the error is raised again after those bytes.
    """
    read = getattr(stream, "read1", stream.read)
    head = bytearray()
    scan = _ObjectEnd()
    end: int | None = None
    try:
        while len(head) <= max_bytes + _CHUNK:
            if end is not None and (opens := _opens_next(head, end)) is not None:
                return bytes(head), opens, None
            chunk = read(_CHUNK)
            if not chunk:
                break
            head += chunk
            if end is None:
                if len(head) > max_bytes + len(chunk):
                    break
                end = scan.feed(head)
    except (EOFError, OSError, ValueError, zlib.error) as exc:
        return bytes(head), False, exc
    return bytes(head), end is not None and _opens_next(head, end) is True, None


def _split_line(line: bytes, max_bytes: int) -> list[bytes]:
    """The objects of a line that holds several back to back (a file without a final newline, concatenated after
    one that had it), or ``[]`` when the line is not objects back to back: then its decode error stands."""
    try:
        elements = list(_iter_objects(io.BytesIO(line), max_bytes))
    except _ArrayError:
        return []
    objects = [element for _, element in elements if element is not None]
    return objects if len(objects) > 1 and len(objects) == len(elements) else []


class _ObjectEnd:
    """Where a JSON object ends in a growing buffer, scanned once across the buffer's growth: strings, escapes and
    nesting. The one tokenizer of this module: the first object of a stream (depth 0, before its ``{``) and each
    element of an array or a run of objects (depth 1, just past its ``{``, :func:`_scan_object`) are scanned by it."""

    def __init__(self, start: int = 0, depth: int = 0) -> None:
        self.i = start
        self.depth = depth
        self.in_string = False

    def feed(self, data: bytes | bytearray) -> int | None:
        """The index just past the object's closing brace, or None while it has not closed in ``data`` (then
        :attr:`i` is where scanning resumes once more bytes follow)."""
        i, depth, in_string, size = self.i, self.depth, self.in_string, len(data)
        while True:
            match = (_IN_STRING if in_string else _STRUCTURE).search(data, i)
            if match is None:
                self.i, self.depth, self.in_string = size, depth, in_string
                return None
            token = match.group()
            i = match.end()
            if token == b"\\":
                if i >= size:  # the escaped byte has not arrived yet: resume at the backslash
                    self.i, self.depth, self.in_string = i - 1, depth, in_string
                    return None
                i += 1
            if in_string:
                in_string = token == b"\\"
            elif token == b'"':
                in_string = True
            elif token in (b"{", b"["):
                depth += 1
            else:
                depth -= 1
                if depth == 0:
                    self.i, self.depth, self.in_string = i, depth, in_string
                    return i


class _Replay(io.RawIOBase):
    """The bytes already read from a stream, then the rest of the stream (or the error that broke it)."""

    def __init__(self, head: bytes, stream: IO[bytes], error: Exception | None) -> None:
        self.head = memoryview(head)
        self.stream = stream
        self.error = error

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            size = min(len(buffer), len(self.head))
            buffer[:size] = self.head[:size]
            self.head = self.head[size:]
            return size
        if self.error is not None:
            raise self.error
        # One step of the stream at a time, so a stream that breaks later still gives what came before.
        data = getattr(self.stream, "read1", self.stream.read)(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _replayed(head: bytes, stream: IO[bytes], error: Exception | None) -> IO[bytes]:
    """``stream`` as if ``head`` had not been read from it (buffered, with ``readline`` and ``peek``)."""
    return io.BufferedReader(_Replay(head, stream, error), buffer_size=READ_BUFFER)


class _ArrayError(ValueError):
    pass


class _Window:
    """The unread part of the stream: ``data[pos:]`` is what the scanner has not consumed yet."""

    def __init__(self, stream: IO[bytes], head: bytes = b"") -> None:
        self.stream = stream
        self.data = head
        self.pos = 0

    def fill(self) -> bool:
        """Append the next chunk, dropping what was consumed; False at end of input."""
        chunk = self.stream.read(_CHUNK)
        if not chunk:
            return False
        self.data = self.data[self.pos :] + chunk
        self.pos = 0
        return True

    def skip(self, skipped: bytes) -> bool:
        """Consume every byte in ``skipped``, reading on as needed; whether any input is left after them."""
        while True:
            data, pos = self.data, self.pos
            while pos < len(data) and data[pos] in skipped:
                pos += 1
            self.pos = pos
            if pos < len(data) or not self.fill():
                return self.pos < len(self.data)


def _iter_array(stream: IO[bytes], max_bytes: int) -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(element_number, bytes)`` for each element of a top-level JSON array.

    ``None`` stands for an element over ``max_bytes``. A malformed or truncated array ends with a
    ``ValueError`` carrying the reason, after every complete element before it.
    """
    win = _Window(stream)
    index = 0
    opened = False
    while True:
        # Between elements: skip blanks and commas; stop at ']'.
        if not win.skip(_BLANK_OR_COMMA):
            if opened:
                raise _ArrayError(f"JSON array ends early after element {index} (truncated file)")
            return
        ch = win.data[win.pos : win.pos + 1]
        win.pos += 1
        if not opened:
            opened = ch == b"["
            continue
        if ch == b"]":
            _expect_end(win, index)
            return
        if ch != b"{":
            raise _ArrayError(f"JSON array element {index + 1} is not an object")
        index += 1
        element = _scan_object(win, max_bytes)
        if element is False:
            raise _ArrayError(f"JSON array ends inside element {index} (truncated file)")
        yield index, element if isinstance(element, bytes) else None


def _iter_objects(stream: IO[bytes], max_bytes: int, head: bytes = b"") -> Iterator[tuple[int, bytes | None]]:
    """Yield ``(object_number, bytes)`` for each of the JSON objects printed one after another over several lines
    (a saved answer with indentation; ``jq '.matches[]'`` without ``-c``) or written back to back, scanned as an
    array's elements are; ``head`` is what was already read of the stream."""
    win = _Window(stream, head)
    index = 0
    while True:
        if not win.skip(_BLANK):
            return
        ch = win.data[win.pos : win.pos + 1]
        win.pos += 1
        if ch != b"{":
            raise _ArrayError(f"after JSON object {index}: {ch!r} where the next object should open")
        index += 1
        element = _scan_object(win, max_bytes)
        if element is False:
            raise _ArrayError(f"the input ends inside JSON object {index} (truncated file)")
        yield index, element if isinstance(element, bytes) else None


def _expect_end(win: _Window, index: int) -> None:
    """After the closing bracket only blanks may follow; anything else would be silently ignored."""
    while True:
        if win.data[win.pos :].strip(_BLANK):
            raise _ArrayError(f"data after the end of the JSON array (after element {index}) not read")
        win.pos = len(win.data)
        if not win.fill():
            return


def _scan_object(win: _Window, max_bytes: int) -> bytes | bool:
    """Consume the object whose ``{`` was just read; return its bytes, True if oversized, or False at
    end of input. Past ``max_bytes`` the scanned part is dropped as it goes, so memory stays bounded."""
    start = win.pos - 1
    scan = _ObjectEnd(win.pos, depth=1)
    oversized = False
    while True:
        end = scan.feed(win.data)
        if end is None:
            oversized = oversized or len(win.data) - start > max_bytes
            # Keep the element so far, unless it is already too big to keep: then only the position.
            keep_from = scan.i if oversized else start
            win.pos = keep_from
            if not win.fill():
                return False
            start -= keep_from
            scan.i -= keep_from
            continue
        win.pos = end
        return True if oversized or end - start > max_bytes else win.data[start:end]


#: What a record parser may raise on a record that is JSON but not the shape it expects.
PARSE_ERRORS = (RecordError, ValueError, TypeError, KeyError, AttributeError, IndexError)


def read_json_records(
    source: Source,
    parse: Callable[[Any, int], ImportRecord],
    what: str,
    max_bytes: int = MAX_RECORD_BYTES,
    ip_key: str | None = None,
    exact: Callable[[Any, bytes], None] | None = None,
) -> Iterator[ImportRecord]:
    """One record per JSON item of ``source``, in order; unreadable or uninterpretable ones with a reason.

    ``what`` names the record kind in the reason (``Shodan banner``); ``ip_key`` is a top-level key whose
    value, when a record cannot be interpreted, still tells the user which address it was about. ``exact``, when
    given, sees each decoded item with its JSON text before ``parse`` does, to put back what the decoder rounded
    (:func:`exact_integer`).
    """
    for position, value, error, text in _iter_texts(source, max_bytes):
        if error is not None:
            yield failed(position, error)
            continue
        try:
            if exact is not None:
                exact(value, text)
            yield parse(value, position)
        except PARSE_ERRORS as exc:
            yield failed(position, f"cannot interpret {what}: {exc}", _address_of(value, ip_key))


def _address_of(value: Any, key: str | None) -> str | None:
    """The record's address for the user to find it by -- only when it is a real address."""
    try:
        return valid_ip(value.get(key)) if key and isinstance(value, dict) else None
    except RecordError:
        return None


#: Most digits of an integer :func:`exact_integer` reads back: past 309 a double is infinite, and orjson has refused
#: the document already ("number is infinity").
_MAX_INTEGER_DIGITS = 309


def exact_integer(text: bytes, written: re.Pattern[bytes], rounded: float) -> int | None:
    """The integer that orjson decoded as the float ``rounded``, read again from the JSON ``text`` it came from.

    orjson reads integers of 64 bits (and down to -2^63) exactly and any wider one as the nearest double: a
    certificate serial of 128 or 159 bits loses its last digits. ``written`` finds where the value is written (its
    first group the digits, e.g. ``"serial"\\s*:\\s*(-?[0-9]+)``; inside a JSON string every quote is escaped, so a
    key's quoted name there cannot match); the integer returned is the one written there that rounds to ``rounded``.
    None when no such integer is written, or when two different ones would round to it: a serial is kept exact or
    not at all.
    """
    found: set[int] = set()
    for match in written.finditer(text):
        digits = match.group(1)
        if len(digits.lstrip(b"-")) <= _MAX_INTEGER_DIGITS and float(number := int(digits)) == rounded:
            found.add(number)
    return found.pop() if len(found) == 1 else None
