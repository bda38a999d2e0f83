"""The file-level schema of the fingerprint rules (``rules/*.yaml``). Schema and conventions: docs/rules.md.

This module checks the shape of a rule file: keys, types, vendor ids, device types, certainty, examples.
What needs the matcher (regex syntax, constructs RE2/Hyperscan cannot run, catastrophic backtracking,
known observation fields) is checked where rules are compiled, in ``camaudit.identify.rules``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from camaudit.knowledge.entries import Entry, KnowledgeFile, NonEmpty, Sourced, VendorRef
from camaudit.model import Capability, DeviceType

RuleFlag = Literal["ignorecase", "multiline", "dotall"]


class Asserts(Entry):
    """Literal values a match asserts about the device (captures of the same name override them)."""

    kind: ClassVar[str] = "asserts"
    keys: ClassVar[tuple[str, ...]] = ()

    brand: VendorRef | None = None
    manufacturer: VendorRef | None = None
    device_type: DeviceType | None = None
    model: NonEmpty | None = None
    firmware: NonEmpty | None = None
    serial: NonEmpty | None = None
    #: What the device can do: values of :class:`camaudit.model.Capability`, comma-separated.
    capabilities: NonEmpty | None = None

    @field_validator("capabilities")
    @classmethod
    def _known_capabilities(cls, value: str | None) -> str | None:
        known = {c.value for c in Capability}
        if value is not None and any(c.strip() not in known for c in value.split(",")):
            raise ValueError(f"capabilities must be among {', '.join(sorted(known))}")
        return value

    def values(self) -> dict[str, str]:
        """The asserted values by name (device types as their lower-case id)."""
        out: dict[str, str] = {}
        for name in ("brand", "manufacturer", "device_type", "model", "firmware", "serial", "capabilities"):
            value = getattr(self, name)
            if value is not None:
                out[name] = str(value.value if isinstance(value, DeviceType) else value)
        return out


class RuleExample(Entry):
    """A value the rule must match, and optionally what the match must assert or capture."""

    kind: ClassVar[str] = "example"
    keys: ClassVar[tuple[str, ...]] = ("value",)

    value: str
    expect: Mapping[str, str] = Field(default_factory=dict)


class RuleSupport(Entry):
    """A further public source that shows, on its own, a string the rule matches (``shows``)."""

    kind: ClassVar[str] = "support"
    keys: ClassVar[tuple[str, ...]] = ("source",)

    source: NonEmpty
    shows: NonEmpty


class RuleSign(Entry):
    """A second sign a rule needs in the same reply (``requires``): a field and a pattern, with its own examples.

    A sign asserts nothing: its match is evidence only beside the rule it serves, which counts only when every sign
    it requires matched a field of the same reply (docs/rules.md, "Rules that need two signs of one reply").
    """

    kind: ClassVar[str] = "sign"
    keys: ClassVar[tuple[str, ...]] = ("field",)

    #: One observation field or a ``@group`` (docs/observation-fields.md).
    field: NonEmpty
    pattern: NonEmpty
    flags: tuple[RuleFlag, ...] = ()
    examples: tuple[NonEmpty, ...] = Field(min_length=1)
    counter_examples: tuple[str, ...] = ()


#: One reply as a rule's ``replies`` writes it: observation field -> value.
Reply = Mapping[NonEmpty, str]


def _examples_schema(schema: dict[str, Any]) -> None:
    # In YAML an example is a plain string or the {value, expect} mapping: say so in the published schema.
    examples = schema["properties"]["examples"]
    examples["items"] = {"anyOf": [{"type": "string"}, examples["items"]]}


class RuleEntry(Sourced):
    """One fingerprint: when ``field`` matches ``pattern``, the device is what ``asserts`` says."""

    model_config = ConfigDict(json_schema_extra=_examples_schema)

    kind: ClassVar[str] = "rule"

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9_-]*(?:\.[a-z0-9_-]+)+$")
    #: One observation field (docs/observation-fields.md), or ``mac.oui``.
    field: NonEmpty
    #: A Python regular expression restricted to what RE2 and Hyperscan also accept.
    pattern: NonEmpty
    flags: tuple[RuleFlag, ...] = ()
    asserts: Asserts = Field(default_factory=Asserts)
    #: How sure this match alone makes us, in (0, 1].
    certainty: float = Field(gt=0, le=1)
    examples: tuple[RuleExample, ...] = Field(min_length=1)
    counter_examples: tuple[str, ...] = ()
    #: ``video``: the maker claim counts only when other evidence makes the device a video device.
    needs: Literal["video"] | None = None
    #: Independent public sources that show a string this rule matches (leave-one-source-out keeps
    #: the rule for an example whose source is not one of them: ``camaudit.identify.provenance``).
    supports: tuple[RuleSupport, ...] = ()
    #: Signs that must match the same reply (one observation) for this rule's claims to count: another rule's id,
    #: or a sign of its own (a field and a pattern). Empty: the rule counts on its own.
    requires: tuple[RuleSign | NonEmpty, ...] = ()
    #: Whole replies (field -> value) in which the rule and every sign it requires match: the rule must fire.
    replies: tuple[Reply, ...] = ()
    #: Replies in which it must not fire (the same header on a router, the same page behind another server).
    counter_replies: tuple[Reply, ...] = ()

    @model_validator(mode="after")
    def _replies_go_with_requires(self) -> RuleEntry:
        if self.requires and not self.replies:
            raise ValueError("a rule with 'requires' lists at least one of 'replies' (a whole reply it fires on)")
        if not self.requires and (self.replies or self.counter_replies):
            raise ValueError("'replies' and 'counter_replies' belong to rules with 'requires'")
        return self

    @field_validator("examples", mode="before")
    @classmethod
    def _plain_examples(cls, value: Any) -> Any:
        # An example is usually just the value; the mapping form adds what it must capture.
        if isinstance(value, list):
            return [{"value": v} if isinstance(v, str) else v for v in value]
        return value

    @field_validator("certainty", mode="before")
    @classmethod
    def _not_bool(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("must be a number, not true/false")
        return value


class RulesFile(KnowledgeFile):
    """One rule file: ``{rules: [...]}``."""

    file: ClassVar[str] = "rules/*.yaml"

    rules: tuple[RuleEntry, ...] = ()
