"""Parse vendor firmware strings into values that compare correctly.

Each maker writes versions its own way, and a CVE's affected range is stated in that syntax:

* Hikvision: ``V5.4.5 build 170123`` (version, then the build date as YYMMDD); SADP drops the space
  (``V5.7.3build 220112``); storage servers write ``V2.3.8-6``.
* Dahua: ``2.622.0000000.31.R`` or ``V2.800.0000000.25.R, Build Date: 2021-06-10``; the third field can
  carry a two-letter OEM code (``2.800.00AC000.0.R`` for Amcrest), ignored for comparison.
* Axis: ``10.12.220``; everything else: generic dotted numbers.

Anything that does not parse is ``None``: an unknown firmware is its own state, never "safe".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

#: Longer than any real version string; longer text is not a version.
MAX_FIRMWARE_CHARS = 200

_HIK = re.compile(r"^\s*V?(\d+(?:\.\d+){1,3})\s*[_ ]?build\s*[_ ]?(\d{6})\b", re.IGNORECASE)
_HIK_DASH = re.compile(r"^\s*V?(\d+(?:\.\d+){1,3})-(\d+)\s*$", re.IGNORECASE)
_DAHUA = re.compile(r"^\s*V?(\d+)\.(\d+)\.([0-9A-Za-z]{1,12})\.(\d+)(?:\.([A-Za-z]+))?\b")
_BUILD_DATE = re.compile(r"build(?:\s*date)?\s*[:=]?\s*(\d{4})[-./](\d{1,2})[-./](\d{1,2})", re.IGNORECASE)
_DOTTED = re.compile(r"^\s*(?:firmware\s*)?V?(\d+(?:\.\d+)+)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True, order=True)
class Firmware:
    """A parsed firmware version. Order compares ``version`` then ``build`` (the vendor's own order)."""

    version: tuple[int, ...]
    #: A number that orders builds of one version (Hikvision YYMMDD); ``None`` when not given.
    build: int | None = None
    build_date: dt.date | None = None
    scheme: str = "generic"

    def key(self) -> tuple[tuple[int, ...], int]:
        """The comparison key for a version range: version, then build (missing build sorts first)."""
        return (self.version, self.build if self.build is not None else -1)


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(p) for p in text.split("."))


def _yymmdd(text: str) -> dt.date | None:
    try:
        return dt.date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


def parse_hikvision(text: str) -> Firmware | None:
    """``V5.4.5 build 170123`` → version (5, 4, 5), build 170123 (23 Jan 2017); ``V2.3.8-6`` → (2, 3, 8, 6)."""
    m = _HIK.match(text)
    if m:
        return Firmware(_ints(m.group(1)), int(m.group(2)), _yymmdd(m.group(2)), "hikvision")
    m = _HIK_DASH.match(text)
    if m:
        return Firmware((*_ints(m.group(1)), int(m.group(2))), None, None, "hikvision")
    m = _DOTTED.match(text)
    return Firmware(_ints(m.group(1)), None, None, "hikvision") if m else None


def _build_date(text: str) -> dt.date | None:
    m = _BUILD_DATE.search(text)
    if not m:
        return None
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def parse_dahua(text: str) -> Firmware | None:
    """``V2.800.0000000.25.R, Build Date: 2021-06-10`` → (2, 800, 0, 25) built 10 Jun 2021.

    Letters in the third field are an OEM code (``AC`` Amcrest, ``LR`` Lorex) and are dropped, so a
    relabelled build compares with the maker's own.
    """
    m = _DAHUA.match(text)
    if not m:
        return None
    middle = re.sub(r"[A-Za-z]", "", m.group(3)) or "0"
    built = _build_date(text)
    build = int(built.strftime("%Y%m%d")) if built else None
    return Firmware((int(m.group(1)), int(m.group(2)), int(middle), int(m.group(4))), build, built, "dahua")


def parse_generic(text: str) -> Firmware | None:
    """Dotted numbers (Axis ``10.12.220``, ``v1.2``), with a build date when the text states one."""
    m = _DOTTED.match(text)
    if not m:
        return None
    built = _build_date(text)
    return Firmware(_ints(m.group(1)), None, built, "generic")


_PARSERS = {"hikvision": parse_hikvision, "dahua": parse_dahua}


def parse_firmware(text: str | None, maker: str | None = None) -> Firmware | None:
    """Parse ``text`` in ``maker``'s syntax (a vendor id); ``None`` when unknown or unparsable.

    OEM brands use their manufacturer's syntax, so pass the manufacturer, not the brand.
    """
    if not text or len(text) > MAX_FIRMWARE_CHARS or not text.isprintable():
        return None
    parser = _PARSERS.get(maker or "", parse_generic)
    try:
        return parser(text)
    except (ValueError, OverflowError):
        return None
