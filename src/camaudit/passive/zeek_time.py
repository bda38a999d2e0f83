"""Zeek's ``time`` values, read one way for every log: epoch seconds or ISO 8601.

Zeek's ASCII writer prints a time as epoch seconds with six decimals (``1670687517.000000``); its JSON writer as a
number (``LogAscii::json_timestamps`` at its default ``JSON::TS_EPOCH``: ``1607353272.79572``), or as ISO 8601 UTC
text with microseconds when it is ``JSON::TS_ISO8601`` (``2008-07-09T16:13:30.005432Z``, and before 1970
``1969-12-31T23:59:59.600000Z``): docs.zeek.org, base/frameworks/logging/writers/ascii.zeek; the zeek/zeek btest
baseline scripts.base.frameworks.logging.ascii-json-iso-timestamps. ``zeek-cut -d`` rewrites times as ISO 8601 with a
numeric offset (``2022-12-10T15:51:57+0000``), which is read too; a time without an offset is UTC, as Zeek's are.

:func:`seconds` gives epoch seconds (flows, queries, when a record was seen: ``passive/zeek.py``), :func:`utc_text`
the ``YYYY-MM-DDTHH:MM:SSZ`` of ``tls.not_before``/``tls.not_after`` (``passive/certificates.py``). Neither raises: a
value that is not a time, not finite, or outside the years 1 to 9999 (a hostile ``nan``, ``inf``, ``1e400``, a
number of milliseconds) is ``None``, and its record is left out and counted by its reader.
"""

from __future__ import annotations

import datetime as dt
import re

#: Longest text read as a time (Zeek's longest, an ISO time with nanoseconds and an offset, is 35 characters).
MAX_CHARS = 64
#: Epoch seconds as Zeek's writers print them (ASCII digits only: ``float`` would also take ``1_000``, ``nan``,
#: ``1e9`` and other scripts' digits).
_EPOCH = re.compile(r"-?\d{1,12}(?:\.\d{1,9})?", re.ASCII)
#: ISO 8601 as Zeek's JSON writer and ``zeek-cut -d`` print it (``datetime.fromisoformat`` then checks the values).
_ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?", re.ASCII)


def seconds(value: object) -> float | None:
    """``value`` (a Zeek time: a number, or text as a log spells it) as epoch seconds, else ``None``. A number is
    returned as written: no round trip through a date loses its last digits."""
    number = _number(value)
    if number is not None:
        return number if _from_seconds(number) is not None else None
    moment = _iso(value)
    return None if moment is None else moment.timestamp()


def utc_text(value: object) -> str | None:
    """``value`` (a Zeek time) as ``YYYY-MM-DDTHH:MM:SSZ``, the spelling of ``tls.not_before``, else ``None``."""
    number = _number(value)
    moment = _iso(value) if number is None else _from_seconds(number)
    if moment is None:
        return None
    return (f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}T{moment.hour:02d}:{moment.minute:02d}:"
            f"{moment.second:02d}Z")


def _number(value: object) -> float | None:
    """Epoch seconds as written: a JSON number, or text in the ASCII writer's form."""
    if isinstance(value, str):
        text = value.strip() if len(value) <= MAX_CHARS else ""
        return float(text) if _EPOCH.fullmatch(text) else None
    if isinstance(value, int | float) and not isinstance(value, bool):
        try:
            return float(value)
        except OverflowError:  # an integer beyond any float
            return None
    return None


def _from_seconds(number: float) -> dt.datetime | None:
    try:
        return dt.datetime.fromtimestamp(number, dt.UTC)
    except (OverflowError, OSError, ValueError):  # not finite, or outside the years 1 to 9999
        return None


def _iso(value: object) -> dt.datetime | None:
    if not isinstance(value, str) or len(value) > MAX_CHARS:
        return None
    text = value.strip()
    if _ISO.fullmatch(text) is None:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
        return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)
    except (OverflowError, ValueError):  # a 30 February, an hour 25, an offset that leaves the years 1 to 9999
        return None
