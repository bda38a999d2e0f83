"""Building blocks shared by the knowledge models: the entry base class and the value types files share.

Every list entry of every knowledge file is an :class:`Entry`: a frozen pydantic model that refuses unknown
keys and accepts ``source`` (where the fact comes from) and ``checked`` (the date someone last checked it).
Checks that need another file (is this a vendor id?) read the validation context the loader passes in, so
one file can still be validated on its own (no context: those checks are skipped).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection, Iterable, Mapping
from typing import Annotated, Any, ClassVar, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator

from camaudit.model import Reference, Severity

#: Confidence grades used across the knowledge base: H = official text, M = reputable secondary, L = verify.
Grade = Literal["H", "M", "L"]
SEVERITIES: tuple[Severity, ...] = ("critical", "high", "medium", "low", "info")

_VENDOR_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
#: A full date, or only the year or year-month when the source gives no more.
_PARTIAL_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


def _folded(value: str) -> str:
    """Whitespace folded to single spaces: YAML block text reads as one paragraph."""
    text = " ".join(value.split())
    if not text:
        raise ValueError("must not be empty")
    return text


def _as_text(value: Any) -> Any:
    """YAML reads an unquoted 2021-06-30 as a date; the models keep such values as text."""
    return value.isoformat() if isinstance(value, dt.date) else value


def _partial_date(value: str) -> str:
    if not _PARTIAL_DATE.match(value):
        raise ValueError(f"date {value!r} must be YYYY-MM-DD (or YYYY-MM / YYYY when only that is sourced)")
    return value


def _vendor_id(value: str) -> str:
    if not _VENDOR_ID.match(value):
        raise ValueError(f"{value!r} is not a vendor id (lower-case letters, digits, '-' or '_')")
    return value


def known(info: ValidationInfo, key: str) -> Collection[str] | None:
    """The ids of kind ``key`` (``vendors``, ``regimes``) the loader passed in, or ``None`` outside a load."""
    context = info.context
    if isinstance(context, Mapping):
        found = context.get(key)
        return found if isinstance(found, Collection) else None
    return None


def _known_vendor(value: str, info: ValidationInfo) -> str:
    vendors = known(info, "vendors")
    if vendors is not None and value not in vendors:
        raise ValueError(f"{value!r} is not a vendor id in vendors.yaml")
    return value


NonEmpty = Annotated[str, AfterValidator(_non_empty)]
Text = Annotated[str, AfterValidator(_folded)]
PartialDate = Annotated[str, BeforeValidator(_as_text), AfterValidator(_partial_date)]
#: A vendor id that must exist in vendors.yaml (checked when the loader supplies the vendor ids).
VendorRef = Annotated[str, AfterValidator(_vendor_id), AfterValidator(_known_vendor)]
VendorId = Annotated[str, AfterValidator(_vendor_id)]
HttpsUrl = Annotated[str, Field(pattern=r"^https://\S+$")]
Probability = Annotated[float, Field(ge=0, le=1)]


class Entry(BaseModel):
    """One entry of a knowledge file. Unknown keys are errors; ``source`` and ``checked`` are always allowed."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: How an error message names the entry ("vendor 'acme'"): the kind, and the keys that identify it.
    kind: ClassVar[str] = "entry"
    keys: ClassVar[tuple[str, ...]] = ("id",)

    source: NonEmpty | None = None
    checked: dt.date | None = None

    @model_validator(mode="before")
    @classmethod
    def _null_is_absent(cls, data: Any) -> Any:
        # `source: null` or `source:` with nothing after it means the key is missing, not a second kind of value.
        if isinstance(data, dict):
            return {k: v for k, v in data.items() if v is not None}
        return data

    @classmethod
    def label(cls, raw: Any, index: int) -> str:
        """How to name the ``index``-th entry (0-based) of a file in an error, from its raw YAML value."""
        values = [raw.get(k) for k in cls.keys] if isinstance(raw, dict) else []
        if values and all(isinstance(v, str | int | float) and str(v) for v in values):
            return f"{cls.kind} '{'/'.join(str(v) for v in values)}'"
        return f"{cls.kind} #{index + 1}"


class Sourced(Entry):
    """An entry whose ``source`` is required."""

    source: NonEmpty


def check_unique(kind: str, ids: Iterable[str], what: str = "id") -> None:
    """Raise ``ValueError`` naming the first id that appears twice (``regime 'x': duplicate id``)."""
    seen: set[str] = set()
    for value in ids:
        if value in seen:
            raise ValueError(f"{kind} '{value}': duplicate {what}")
        seen.add(value)


class KnowledgeFile(BaseModel):
    """A whole knowledge file: one mapping whose single list key holds the entries."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    #: Name of the file under ``knowledge/data`` that holds this kind of knowledge.
    file: ClassVar[str] = ""


class ReferenceEntry(Entry):
    """A citation a user can open: a title, and an https address and a date where there is one."""

    kind: ClassVar[str] = "reference"
    keys: ClassVar[tuple[str, ...]] = ("title",)

    title: Text
    url: HttpsUrl | None = None
    date: PartialDate | None = None

    def as_reference(self) -> Reference:
        """The citation as the result model carries it."""
        return Reference(self.title, self.url, self.date)
