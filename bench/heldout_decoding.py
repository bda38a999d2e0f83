"""Copies of a reply in an encoded form, decoded for the held-out content check (bench/heldout_content.py).

A reply pasted as a hex dump, carried as base64 or %-encoded shares no window of normalised text with its plain
form; :func:`decoded_copies` finds such runs in a text and gives each decoded, and the content check compares them
as it compares the text itself, on both sides (a held-out record that holds a dump is compared by what it decodes to).
What is found (helper-189, 2026-12-05):

* **hex dumps**, line by line: an optional offset (``00000010:``, ``0x0010:``, ``00000010``), then hex groups of one
  to four bytes (``xxd``'s ``4854 5450``, ``hexdump -C``'s and Wireshark's "Follow stream" ``48 54 54 50``,
  ``tcpdump -X``'s ``4500 0034``, ``xxd -p``'s plain lines, C arrays' ``0x48, 0x54,``), up to the character column;
  where the next line's offset says how many bytes a line holds, no more are read from it (a character column that
  opens with hex-looking words is not read as bytes). Consecutive dump lines are one run. ``od``'s octal and
  little-endian word dumps are read only when a whole text is one (below);
* **byte lists** in decimal, 16 values or more (Go's ``[72 84 84 80 ...]``, Rust's ``[72, 84, 84, 80, ...]``);
* **base64**: runs of 40 characters or more of the standard or URL-safe alphabet within a line, and consecutive
  lines made only of that alphabet (PEM- and MIME-wrapped blocks);
* **%-encoding**: a text holding three ``%XX`` escapes or more is also read unquoted;
* **a whole text in a pasted form** camaudit's importers read (``camaudit.importers.pasted.unwrapped``: ``od -c``,
  ``od -x``, ``hexdump`` words, PowerShell's ``Format-Hex``, Go's and Rust's byte lists, a log's prefix before each
  dump line ...), as the importers would read it.

A run decoded is kept only when it holds :data:`MIN_BYTES` bytes or more, at least :data:`PRINTABLE_SHARE` of them
printable text (read as UTF-8): a digest, a nonce, a certificate's DER or an image decodes to noise, which the check
has no use for.
Escapes inside quoted text (``\\xNN``, ``\\uNNNN``, octal) are read by heldout_content's own escape step, before
this one. One level only: a dump of a base64 body is decoded to the base64 text, not further. Linear: every pattern
is anchored to a line or bounded, each line is read once, and at most :data:`MAX_DECODED_CHARS` characters of
decoded copies are given for one text. Translated copies are out of reach of any decoding: not checked.
"""

from __future__ import annotations

import base64
import binascii
import re
from urllib.parse import unquote

from camaudit.importers.pasted import unwrapped

#: Fewest bytes a decoded run must hold to be compared (a window is 40 normalised characters).
MIN_BYTES = 16
#: Share of a decoded run's characters (read as UTF-8) that must be printable or white space.
PRINTABLE_SHARE = 0.75
#: The most characters of decoded copies given for one text.
MAX_DECODED_CHARS = 256 * 1024
#: Lines of one text read for dumps and wrapped base64.
MAX_LINES = 40_000
#: A hex dump line's offset: 4 to 8 hex digits, maybe ``0x`` before and ``:`` after.
_OFFSET = re.compile(r"(?:0x)?([0-9A-Fa-f]{4,8}):?")
#: One word of a dump's byte area: one to four bytes (``48``, ``4854``, ``0x48,``) or a plain line (``xxd -p``).
_HEX_WORD = re.compile(r"[{\[(]?(?:0x)?((?:[0-9A-Fa-f]{2}){1,4}|(?:[0-9A-Fa-f]{2}){8,64})[,;})\]]{0,2}")
#: A line of a wrapped base64 block (without its white space around).
_B64_LINE = re.compile(r"[A-Za-z0-9+/_-]{16,}={0,2}")
#: A base64 run inside a line.
_B64_RUN = re.compile(r"[A-Za-z0-9+/_-]{40,}={0,2}")
_PERCENT = re.compile(r"%[0-9A-Fa-f]{2}")
#: A list of 16 byte values or more in decimal, as Go (``[72 84 84 80]``) and Rust (``[72, 84, 84, 80]``) print bytes.
_BYTE_LIST = re.compile(r"\[(\d{1,3}(?:,? \d{1,3}){15,})\]")
#: Fewest ``%XX`` escapes for a text to be read unquoted too.
_MIN_PERCENT = 3


def decoded_copies(text: str) -> list[str]:
    """Each hex dump, base64 run and %-encoded form found in ``text``, decoded (see the module's docstring)."""
    found: list[str] = []
    budget = MAX_DECODED_CHARS
    whole = unwrapped(text)
    if whole is not None and whole != text:
        found.append(whole[:budget])
        budget -= len(whole)
    runs, block_lines = _dumps_and_blocks(text)
    for raw in (*runs, *_base64_runs(text, block_lines), *_byte_lists(text)):
        copy = _as_text(raw)
        if copy is not None and budget > 0:
            found.append(copy[:budget])
            budget -= len(copy)
    if budget > 0 and "%" in text and _percent_count(text) >= _MIN_PERCENT:
        unquoted = unquote(text, errors="replace")
        if unquoted != text:
            found.append(unquoted[:budget])
    return found


def _percent_count(text: str) -> int:
    count = 0
    for _ in _PERCENT.finditer(text):
        count += 1
        if count >= _MIN_PERCENT:
            break
    return count


def _as_text(raw: bytes) -> str | None:
    """``raw`` as text when it is mostly text (:data:`PRINTABLE_SHARE`), else ``None``."""
    if len(raw) < MIN_BYTES:
        return None
    text = raw.decode("utf-8", "replace")
    printable = sum(char.isprintable() or char in "\t\r\n" for char in text if char != "\ufffd")
    return text if printable >= PRINTABLE_SHARE * len(text) else None


def _dump_line(line: str) -> tuple[int | None, bytes] | None:
    """A hex dump line's offset (when it has one) and bytes, or ``None`` when the line is no dump line."""
    words = line.split(None, 80)
    if not words:
        return None
    offset: int | None = None
    first = _OFFSET.fullmatch(words[0])
    if first is not None and len(words) > 1 and (words[0].endswith(":") or len(first.group(1)) in (7, 8)):
        offset = int(first.group(1), 16)
        words = words[1:]
    data = bytearray()
    for word in words:
        hexed = _HEX_WORD.fullmatch(word)
        if hexed is None:
            break
        data += bytes.fromhex(hexed.group(1))
    if len(data) < 4 or (offset is None and len(data) < 8):
        return None
    return offset, bytes(data)


def _dumps_and_blocks(text: str) -> tuple[list[bytes], set[str]]:
    """The bytes of each run of hex dump lines and of each wrapped base64 block of ``text``, and the lines of those
    blocks (a run inside a line that is one of them is not decoded again)."""
    runs: list[bytes] = []
    block_lines: set[str] = set()
    dump: list[tuple[int | None, bytes]] = []
    block: list[str] = []
    lines = text.splitlines()[:MAX_LINES]
    for line in lines:
        stripped = line.strip()
        parsed = _dump_line(stripped) if stripped[:1].isalnum() or stripped[:1] in "{[(" else None
        if parsed is not None:
            dump.append(parsed)
        elif dump:
            runs.append(_joined_dump(dump))
            dump = []
        if _B64_LINE.fullmatch(stripped) and parsed is None:
            block.append(stripped)
        elif block:
            runs += _base64_block(block, block_lines)
            block = []
    if dump:
        runs.append(_joined_dump(dump))
    if block:
        runs += _base64_block(block, block_lines)
    return runs, block_lines


def _joined_dump(lines: list[tuple[int | None, bytes]]) -> bytes:
    """A dump's bytes, each line cut to what its offset and the next line's say it holds."""
    out = bytearray()
    for (offset, data), (after, _next) in zip(lines, [*lines[1:], (None, b"")], strict=True):
        if offset is not None and after is not None and 0 < after - offset <= len(data):
            data = data[: after - offset]
        out += data
    return bytes(out)


def _base64_block(lines: list[str], seen: set[str]) -> list[bytes]:
    """A wrapped base64 block's bytes, its lines added to ``seen`` (a line alone is a run, not a block)."""
    if len(lines) == 1:
        return []
    seen.update(lines)
    decoded = _b64("".join(lines))
    return [decoded] if decoded else []


def _base64_runs(text: str, block_lines: set[str]) -> list[bytes]:
    """The bytes of each base64 run of ``text`` that is not a line of a wrapped block (decoded with its block)."""
    runs = []
    for found in _B64_RUN.finditer(text):
        if found.group(0) not in block_lines:
            decoded = _b64(found.group(0))
            if decoded:
                runs.append(decoded)
    return runs


def _byte_lists(text: str) -> list[bytes]:
    """The bytes of each decimal byte list of ``text`` whose values are all bytes."""
    runs = []
    if "[" in text:
        for found in _BYTE_LIST.finditer(text):
            values = [int(value) for value in found.group(1).replace(",", " ").split()]
            if max(values) < 256:
                runs.append(bytes(values))
    return runs


def _b64(run: str) -> bytes | None:
    body = run.rstrip("=")
    body = body[: len(body) - len(body) % 4] if len(body) % 4 == 1 else body
    try:
        if "-" in body or "_" in body:
            return base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
        return base64.b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        return None
