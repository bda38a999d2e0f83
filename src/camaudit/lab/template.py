"""Placeholders in profile text: ``{{name}}`` replaced per reply.

Profiles must reproduce a device's bytes exactly, so templating is deliberately tiny: a placeholder is
``{{name}}`` with a lower-case name; nothing else in the text is special (``$``, ``%`` and ``{`` in
JavaScript or JSON bodies stay as written). Fresh values (nonces, random numbers, dates) are drawn per
reply because real devices never repeat a nonce.
"""

from __future__ import annotations

import re
import secrets
import time
import uuid
from collections.abc import Callable, Iterable, Mapping

PLACEHOLDER = re.compile(r"\{\{([a-z][a-z0-9_]*)\}\}")

_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _http_date() -> str:
    # RFC 9110 IMF-fixdate, what most embedded servers send.
    t = time.gmtime()
    return (
        f"{_WEEKDAYS[t.tm_wday]}, {t.tm_mday:02d} {_MONTHS[t.tm_mon - 1]} {t.tm_year} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"
    )


def _hik_rtsp_date() -> str:
    # Hikvision's RTSP server writes "Thu, May 14 2020 08:45:01 GMT" (month before day, no comma after day).
    t = time.gmtime()
    return (
        f"{_WEEKDAYS[t.tm_wday]}, {_MONTHS[t.tm_mon - 1]} {t.tm_mday:02d} {t.tm_year} "
        f"{t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d} GMT"
    )


def _onvif_utc() -> str:
    # The UTCDateTime element of an ONVIF GetSystemDateAndTimeResponse, read from one clock sample.
    t = time.gmtime()
    return (
        f"<tt:UTCDateTime><tt:Time><tt:Hour>{t.tm_hour}</tt:Hour><tt:Minute>{t.tm_min}</tt:Minute>"
        f"<tt:Second>{t.tm_sec}</tt:Second></tt:Time><tt:Date><tt:Year>{t.tm_year}</tt:Year>"
        f"<tt:Month>{t.tm_mon}</tt:Month><tt:Day>{t.tm_mday}</tt:Day></tt:Date></tt:UTCDateTime>"
    )


#: Values drawn fresh for every reply.
DYNAMIC: Mapping[str, Callable[[], str]] = {
    "nonce32": lambda: secrets.token_hex(16),
    "hex40": lambda: secrets.token_hex(20),
    "hex64": lambda: secrets.token_hex(32),
    "random_digits": lambda: str(secrets.randbelow(9_000_000_000) + 1_000_000_000),
    "session": lambda: str(secrets.randbelow(2_000_000_000) + 100_000_000),
    "http_date": _http_date,
    "hik_rtsp_date": _hik_rtsp_date,
    "etag": lambda: f"{secrets.randbelow(10**9)}:{secrets.token_hex(4)}",
    "onvif_utc": _onvif_utc,
    "uuid4": lambda: str(uuid.uuid4()),
}

#: Values known only while answering one request (filled by the responder).
PER_REQUEST = frozenset({"cseq", "content_length", "host", "path"})


def names_in(text: str) -> set[str]:
    """The placeholder names used in ``text``."""
    return set(PLACEHOLDER.findall(text))


def unknown_names(texts: Iterable[str], known: Iterable[str]) -> set[str]:
    """Placeholder names in ``texts`` that neither ``known`` nor the built-in sets provide."""
    allowed = set(known) | set(DYNAMIC) | PER_REQUEST
    used: set[str] = set()
    for text in texts:
        used |= names_in(text)
    return used - allowed


def render(text: str, values: Mapping[str, str]) -> str:
    """Replace every ``{{name}}`` from ``values`` or :data:`DYNAMIC`; unknown names stay as written."""

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in values:
            return values[name]
        maker = DYNAMIC.get(name)
        return maker() if maker is not None else match.group(0)

    return PLACEHOLDER.sub(one, text)


def render_bytes(data: bytes, values: Mapping[str, str]) -> bytes:
    """:func:`render` for bytes: latin-1 round-trips every byte, so binary around placeholders survives."""
    if b"{{" not in data:
        return data
    return render(data.decode("latin-1"), {k: _latin1_safe(v) for k, v in values.items()}).encode("latin-1")


def _latin1_safe(value: str) -> str:
    # Values are UTF-8 on the wire; re-spell them as latin-1 code points so encode("latin-1") is exact.
    return value.encode("utf-8").decode("latin-1")
