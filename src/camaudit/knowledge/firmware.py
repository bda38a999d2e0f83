"""How each maker writes a firmware version (``firmware.yaml``), read into values that compare correctly.

A CVE's affected range is stated in the maker's own syntax (Hikvision ``V5.4.5 build 170123``, Dahua
``V2.800.0000000.25.R, Build Date: 2021-06-10``), so a version is only comparable once read with that
maker's grammar. A grammar is data: ordered regular expressions whose named groups say what each part
means, plus examples that must parse to stated values (checked at load, like the fingerprint rules).

Named groups a form may use:

* ``version`` (required): dotted components. Letters inside a component are an OEM code (Dahua writes
  ``2.800.00AC000.0.R`` for an Amcrest build) and are dropped, so a relabelled build compares with the
  maker's own; a component left empty counts as 0.
* ``revision``: one more number appended to the version (Hikvision storage ``V2.3.8-6``).
* ``yymmdd``: a build stamp that orders builds of one version and is also their date (Hikvision).

A grammar may also say where a build date is written (``build_date``); with ``orders_builds`` that date
orders builds of one version too (Dahua). Anything that does not parse is ``None``: an unknown firmware is
its own state, never "safe".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import cached_property
from typing import ClassVar, Literal

from pydantic import Field, model_validator

from camaudit.knowledge.entries import Entry, KnowledgeFile, NonEmpty, Sourced, VendorRef

#: Longer than any real version string; longer text is not a version.
MAX_FIRMWARE_CHARS = 200
_GROUPS = frozenset({"version", "revision", "yymmdd"})
_DATE_GROUPS = frozenset({"year", "month", "day"})
Flag = Literal["ignorecase"]


@dataclass(frozen=True, slots=True, order=True)
class Firmware:
    """A parsed firmware version. Order compares ``version`` then ``build`` (the maker's own order)."""

    version: tuple[int, ...]
    #: A number that orders builds of one version (Hikvision YYMMDD); ``None`` when not given.
    build: int | None = None
    build_date: dt.date | None = None
    #: Id of the grammar that read it.
    scheme: str = "generic"

    def key(self) -> tuple[tuple[int, ...], int]:
        """The comparison key for a version range: version, then build (missing build sorts first)."""
        return (self.version, self.build if self.build is not None else -1)


def _compile(pattern: str, flags: tuple[Flag, ...], groups: frozenset[str]) -> re.Pattern[str]:
    try:
        regex = re.compile(pattern, re.IGNORECASE if "ignorecase" in flags else 0)
    except re.error as exc:
        raise ValueError(f"bad regex: {exc}") from None
    unknown = set(regex.groupindex) - groups
    if unknown:
        raise ValueError(f"unknown group(s) {', '.join(sorted(unknown))}; allowed: {', '.join(sorted(groups))}")
    return regex


class Form(Entry):
    """One way of writing a version, as a regular expression with named groups."""

    kind: ClassVar[str] = "form"
    keys: ClassVar[tuple[str, ...]] = ("pattern",)

    pattern: NonEmpty
    flags: tuple[Flag, ...] = ()

    @model_validator(mode="after")
    def _valid(self) -> Form:
        if "version" not in self.regex.groupindex:
            raise ValueError("a form needs a (?P<version>...) group")
        return self

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern, self.flags, _GROUPS)


class BuildDate(Entry):
    """Where in the text a build date (year, month, day groups) is written."""

    kind: ClassVar[str] = "build_date"
    keys: ClassVar[tuple[str, ...]] = ("pattern",)

    pattern: NonEmpty
    flags: tuple[Flag, ...] = ()
    #: The build date also orders builds of one version (as the number YYYYMMDD).
    orders_builds: bool = False

    @model_validator(mode="after")
    def _valid(self) -> BuildDate:
        if set(self.regex.groupindex) != _DATE_GROUPS:
            raise ValueError("a build_date pattern needs (?P<year>), (?P<month>) and (?P<day>) groups")
        return self

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return _compile(self.pattern, self.flags, _DATE_GROUPS)

    def find(self, text: str) -> dt.date | None:
        """The build date written in ``text``, or ``None``."""
        m = self.regex.search(text)
        if m is None:
            return None
        try:
            return dt.date(int(m["year"]), int(m["month"]), int(m["day"]))
        except ValueError:
            return None


class Example(Entry):
    """A firmware string and what the grammar must read from it."""

    kind: ClassVar[str] = "example"
    keys: ClassVar[tuple[str, ...]] = ("value",)

    value: NonEmpty
    version: tuple[int, ...] = Field(min_length=1)
    build: int | None = None
    build_date: dt.date | None = None


def _ints(text: str) -> tuple[int, ...]:
    return tuple(int(re.sub(r"[A-Za-z]", "", part) or "0") for part in text.split("."))


def _yymmdd(text: str) -> dt.date | None:
    try:
        return dt.date(2000 + int(text[:2]), int(text[2:4]), int(text[4:6]))
    except ValueError:
        return None


class Grammar(Sourced):
    """How one maker (or, as the fallback, everyone else) writes firmware versions."""

    kind: ClassVar[str] = "grammar"

    id: NonEmpty
    #: Vendor ids whose devices write versions this way (a relabelled brand uses its manufacturer's).
    makers: tuple[VendorRef, ...] = ()
    #: The grammar for makers no other grammar names (exactly one grammar is the fallback).
    fallback: bool = False
    forms: tuple[Form, ...] = Field(min_length=1)
    build_date: BuildDate | None = None
    examples: tuple[Example, ...] = Field(min_length=1)

    @model_validator(mode="after")
    def _examples_parse(self) -> Grammar:
        if self.fallback == bool(self.makers):
            raise ValueError("a grammar names its 'makers' or is the 'fallback', not both or neither")
        for example in self.examples:
            got = self.parse(example.value)
            if got is None:
                raise ValueError(f"example {example.value!r} does not parse")
            want = (example.version, example.build, example.build_date)
            if (got.version, got.build, got.build_date) != want:
                raise ValueError(
                    f"example {example.value!r} reads as version {got.version}, build {got.build}, "
                    f"build date {got.build_date}; expected {want[0]}, {want[1]}, {want[2]}"
                )
        return self

    def parse(self, text: str | None) -> Firmware | None:
        """``text`` read in this grammar; ``None`` when empty, too long, unprintable or not a version."""
        if not text or len(text) > MAX_FIRMWARE_CHARS or not text.isprintable():
            return None
        for form in self.forms:
            m = form.regex.match(text)
            if m is None:
                continue
            try:
                version = _ints(m["version"])
                groups = m.groupdict()
                if groups.get("revision"):
                    version = (*version, int(groups["revision"]))
                stamp = groups.get("yymmdd")
            except (ValueError, OverflowError):
                return None
            if stamp:
                return Firmware(version, int(stamp), _yymmdd(stamp), self.id)
            built = self.build_date.find(text) if self.build_date else None
            orders = built is not None and self.build_date is not None and self.build_date.orders_builds
            return Firmware(version, int(built.strftime("%Y%m%d")) if orders and built else None, built, self.id)
        return None


class FirmwareFile(KnowledgeFile):
    file: ClassVar[str] = "firmware.yaml"

    grammars: tuple[Grammar, ...]

    @model_validator(mode="after")
    def _one_each(self) -> FirmwareFile:
        if sum(g.fallback for g in self.grammars) != 1:
            raise ValueError("exactly one grammar must be the 'fallback'")
        seen: dict[str, str] = {}
        for g in self.grammars:
            for maker in g.makers:
                if maker in seen:
                    raise ValueError(f"grammar '{g.id}': maker {maker!r} already has grammar '{seen[maker]}'")
                seen[maker] = g.id
        return self

    def for_maker(self, maker: str | None) -> Grammar:
        """The grammar of ``maker`` (a vendor id that makes devices), else the fallback."""
        return next((g for g in self.grammars if maker in g.makers), None) or next(
            g for g in self.grammars if g.fallback
        )
