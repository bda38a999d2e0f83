"""A JSON document cut short, read as far as it is whole.

Shodan and Censys keep the first few kB of a reply, so a device's JSON answer often reaches an importer without its
end: the document is left open and :func:`json.loads` refuses it, though every ``"key": value`` pair before the cut is
intact. :func:`read` rebuilds what is complete: the objects and lists as far as they go, with only the values whose
last character came before the cut. What the cut left open says so: an object still open is an :class:`OpenObject`,
a list still open an :class:`OpenList` (how many entries it had is unknown, so a reader that takes "a list of one"
for an envelope must not read it). A text is read only when it is JSON up to the cut: a syntax error before the end,
or anything after the cut that cannot begin a JSON token, and the text is no cut document at all (``None``).

Bounded: one pass of at most :data:`MAX_TOKENS` tokens over a text the callers cap (64 KiB), nesting at most
:data:`MAX_NESTING`; strings through one unrolled, linear pattern; nothing raises on hostile text.
"""

from __future__ import annotations

import json
import re
from typing import Any

#: Tokens read at most (keys, values and punctuation together).
MAX_TOKENS = 16_000
#: Deepest nesting followed; a deeper document is no answer (as :class:`RecursionError` is for the full parser).
MAX_NESTING = 32
#: One JSON token: punctuation, the quote that opens a string (its end is found by :func:`_string_end`), a number or
#: a literal. The blanks before it are skipped apart (:data:`_BLANKS`): a pattern led by a variable run of blanks
#: would go over the same run again at every start.
_TOKEN = re.compile(r'([{}\[\],:])|(")|(-?[0-9][0-9.eE+-]{0,63}|true|false|null)')
_BLANKS = re.compile(r"[ \t\r\n]+")
#: What may stand after the last whole token of a cut document, besides a string never closed: the start of a number
#: or of a literal.
_CUT_TAIL = re.compile(r"-?[0-9.eE+-]{0,64}|t(?:r(?:u)?)?|f(?:a(?:l(?:s)?)?)?|n(?:u(?:l)?)?")
_END = object()


class OpenObject(dict[str, Any]):
    """An object the cut left open: the pairs before it, no more."""


class OpenList(list[Any]):
    """A list the cut left open: its entries before it; how many followed is unknown."""


def loads(text: str) -> Any:
    """The JSON document ``text`` starts with (what follows it is ignored, as :meth:`json.JSONDecoder.raw_decode`
    does); when it was cut short, its complete part (:func:`read`). Raises :class:`ValueError` when it is neither."""
    try:
        return json.JSONDecoder().raw_decode(text)[0]
    except ValueError:
        doc = read(text)
        if doc is None:
            raise
        return doc


def read(text: str) -> dict[str, Any] | list[Any] | None:
    """The complete part of a JSON object or list cut short, else ``None`` (not JSON up to a cut; see the module).

    Callers try :func:`json.loads` first; a whole document read here comes back whole (plain ``dict``/``list``)."""
    stack: list[dict[str, Any] | list[Any]] = []
    keys: list[str | None] = []  # per open container, the key whose value comes next (None in a list)
    # What may come next: a value (or, just after "[", the close), a key (or, just after "{", the close), the colon
    # after a key, a comma or the close after a value.
    expect = "value"
    root: dict[str, Any] | list[Any] | None = None
    at = 0
    for _count in range(MAX_TOKENS):
        blanks = _BLANKS.match(text, at)
        if blanks is not None:
            at = blanks.end()
        match = _TOKEN.match(text, at)
        if match is None:
            return root if stack and _CUT_TAIL.fullmatch(text, at) is not None else None
        at = match.end()
        punctuation, quote, scalar = match.groups()
        string = None
        if quote is not None:
            end = _string_end(text, at)
            if end is None:  # a string the cut interrupted, where a key or a value may stand
                return root if stack and expect in ("key", "key-or-close", "value", "value-or-close") else None
            string, at = text[at - 1 : end], end
        if punctuation in ("{", "["):
            if expect not in ("value", "value-or-close") or len(stack) >= MAX_NESTING:
                return None
            container: dict[str, Any] | list[Any] = OpenObject() if punctuation == "{" else OpenList()
            if stack:
                _put(stack[-1], keys[-1], container)
            else:
                root = container
            stack.append(container)
            keys.append(None)
            expect = "key-or-close" if punctuation == "{" else "value-or-close"
        elif punctuation in ("}", "]"):
            closes_object = punctuation == "}"
            if not stack or isinstance(stack[-1], dict) != closes_object:
                return None
            if expect not in ("next", "key-or-close" if closes_object else "value-or-close"):
                return None  # a comma before the close, or a key without its value
            whole = _close(stack, keys)
            if not stack:
                return whole
            expect = "next"
        elif punctuation == ",":
            if expect != "next":
                return None
            expect = "key" if isinstance(stack[-1], dict) else "value"
        elif punctuation == ":":
            if expect != "colon":
                return None
            expect = "value"
        else:
            if scalar is not None and at >= len(text):
                # The text ends on a number or literal: it may be the start of a longer one.
                return root if stack and expect in ("value", "value-or-close") else None
            value = _scalar(string, scalar)
            if value is _END or not stack:
                return None  # a bad escape, or a bare scalar document
            if expect in ("key", "key-or-close") and isinstance(value, str):
                keys[-1] = value
                expect = "colon"
            elif expect in ("value", "value-or-close"):
                _put(stack[-1], keys[-1], value)
                expect = "next"
            else:
                return None
        if at >= len(text):
            return root if stack else None
    return None


def _string_end(text: str, at: int) -> int | None:
    """Where the string whose content starts at ``at`` ends (past its closing quote), else ``None``: the first quote
    after an even run of backslashes. One pass: each quote looks back over its own run only."""
    while True:
        quote = text.find('"', at)
        if quote < 0:
            return None
        escapes = 0
        while text[quote - 1 - escapes] == "\\":
            escapes += 1
        if escapes % 2 == 0:
            return quote + 1
        at = quote + 1


def _scalar(string: str | None, scalar: str | None) -> Any:
    try:
        return json.loads(string if string is not None else scalar or "")
    except ValueError:
        return _END  # a bad escape, a control character, a malformed number: not JSON


def _put(container: dict[str, Any] | list[Any], key: str | None, value: Any) -> None:
    if isinstance(container, list):
        container.append(value)
    elif key is not None:
        container.setdefault(key, value)


def _close(stack: list[dict[str, Any] | list[Any]], keys: list[str | None]) -> dict[str, Any] | list[Any]:
    """Close the innermost container: it is whole, so its parent holds it as a plain ``dict`` or ``list``."""
    done = stack.pop()
    keys.pop()
    whole: dict[str, Any] | list[Any] = dict(done) if isinstance(done, dict) else list(done)
    if stack:
        parent = stack[-1]
        if isinstance(parent, list):
            parent[-1] = whole
        else:
            key = keys[-1]
            if key is not None and parent.get(key) is done:
                parent[key] = whole
    return whole
