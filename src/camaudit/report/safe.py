"""Everything a device says is untrusted text. These helpers make it safe to show."""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def terminal_safe(value: object, limit: int = 200) -> str:
    """One line, no control characters (no ANSI escapes, no bidi overrides), bounded length."""
    text = "" if value is None else str(value)
    text = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text.replace("\n", " ").replace("\r", " "))
    return text if len(text) <= limit else text[: limit - 1] + "…"


#: What JSON leaves raw but a terminal acts on: C1 controls (U+009B is CSI) and bidirectional overrides.
_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
#: The same characters in UTF-8 (DEL, U+0080-U+009F, U+202A-U+202E, U+2066-U+2069).
_JSON_UNSAFE_UTF8 = re.compile(rb"\x7f|\xc2[\x80-\x9f]|\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]")


def json_text_safe(document: str) -> str:
    """A JSON document with the characters above written as ``\\uXXXX`` escapes (same data, inert text).

    JSON encoders escape C0 controls (ESC becomes ``\\u001b``) but not these, so ``cat result.json`` could
    still reach the terminal with a device's escape sequence or reorder a line.
    """
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", document)


def json_bytes_safe(document: bytes) -> bytes:
    """:func:`json_text_safe` for UTF-8 encoded JSON (one ``identify`` line)."""
    if b"\xc2" not in document and b"\xe2" not in document and b"\x7f" not in document:
        return document  # nearly every line: no regex pass
    return _JSON_UNSAFE_UTF8.sub(lambda m: f"\\u{ord(m.group().decode()):04x}".encode(), document)
