"""Restriction regimes (``regimes.yaml``) and policy profiles (``policies.yaml``).

Each regime names its member companies with the date each was named (a company can join a list years
after the list began: Dahua joined the DoD 1260H list on 5 Oct 2022). A regime that names no company but
covers every company of one country's jurisdiction sets ``covers_country``. A policy profile says which
regimes bind an organisation and how severe a finding under each is. Schema: docs/assessment.md.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from pydantic import Field, ValidationInfo, field_validator, model_validator

from camaudit.knowledge.entries import (
    Entry,
    Grade,
    KnowledgeFile,
    NonEmpty,
    PartialDate,
    ReferenceEntry,
    Sourced,
    Text,
    VendorRef,
    check_unique,
    known,
)
from camaudit.model import Reference, Severity

#: The profile used when none is chosen; policies.yaml must define it.
DEFAULT_POLICY = "all"


class Milestone(Entry):
    kind: ClassVar[str] = "milestone"
    keys: ClassVar[tuple[str, ...]] = ("date",)

    date: PartialDate
    what: Text


class Member(Sourced):
    """One company a regime names, and since when."""

    kind: ClassVar[str] = "member"
    keys: ClassVar[tuple[str, ...]] = ("vendor",)

    vendor: VendorRef
    since: PartialDate
    confidence: Grade


class Regime(Entry):
    """A law, list or direction that binds some organisations not to buy or use named companies' equipment."""

    kind: ClassVar[str] = "regime"

    id: NonEmpty
    name: Text
    jurisdiction: Text
    citation: Text
    scope: Text
    applies_to: Text
    confidence: Grade
    milestones: tuple[Milestone, ...] = ()
    members: tuple[Member, ...] = Field(min_length=1)
    references: tuple[ReferenceEntry, ...] = Field(min_length=1)
    #: ISO country code: the regime also covers any maker registered there (vendors.yaml ``country``).
    covers_country: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
    #: False when the regime text names no company (a finding then says "covered by").
    names_vendors: bool = True
    #: The severity the ``all`` policy gives a finding under this regime.
    default_severity: Severity = "high"

    @model_validator(mode="after")
    def _members_once(self) -> Regime:
        if len({m.vendor for m in self.members}) != len(self.members):
            raise ValueError("a vendor is listed twice in 'members'")
        return self

    @property
    def covers(self) -> frozenset[str]:
        """Vendor ids of the members."""
        return frozenset(m.vendor for m in self.members)

    @property
    def citations(self) -> tuple[Reference, ...]:
        """The references as findings carry them."""
        return tuple(r.as_reference() for r in self.references)

    def member(self, vendor_id: str) -> Member | None:
        """The membership record for ``vendor_id``, or ``None``."""
        return next((m for m in self.members if m.vendor == vendor_id), None)


class RegimesFile(KnowledgeFile):
    file: ClassVar[str] = "regimes.yaml"

    regimes: tuple[Regime, ...]

    @model_validator(mode="after")
    def _unique(self) -> RegimesFile:
        check_unique("regime", (r.id for r in self.regimes))
        return self


#: Findings (besides restrictions) whose severity a profile may set under ``findings:``.
POLICY_FINDINGS = ("cloud-traffic", "cloud-traffic-covered", "unknown-upload")


class Policy(Entry):
    """A profile: the severity each binding regime yields. A regime the profile leaves out does not bind."""

    kind: ClassVar[str] = "policy"
    keys: ClassVar[tuple[str, ...]] = ("name",)

    name: NonEmpty
    description: Text
    #: Every regime binds, each at its own ``default_severity``.
    all_regimes: bool = False
    #: Regime id → severity of a finding under it (ignored when ``all_regimes``).
    regimes: Mapping[str, Severity] | None = None
    #: Severity of other findings the profile sets (:data:`POLICY_FINDINGS`); absent ones keep their default.
    findings: Mapping[str, Severity] | None = None

    @field_validator("findings")
    @classmethod
    def _known_findings(cls, value: Mapping[str, Severity] | None) -> Mapping[str, Severity] | None:
        for kind in value or {}:
            if kind not in POLICY_FINDINGS:
                raise ValueError(f"'findings' may set only {', '.join(POLICY_FINDINGS)} (not {kind!r})")
        return value

    @field_validator("regimes")
    @classmethod
    def _known_regimes(
        cls, value: Mapping[str, Severity] | None, info: ValidationInfo
    ) -> Mapping[str, Severity] | None:
        ids = known(info, "regimes")
        for rid in value or {}:
            if ids is not None and rid not in ids:
                raise ValueError(f"unknown regime {rid!r}")
        return value

    @model_validator(mode="after")
    def _one_way(self) -> Policy:
        if self.all_regimes == (self.regimes is not None):
            raise ValueError("give either 'all_regimes: true' or a 'regimes' table (regime id: severity)")
        return self

    def severity_for(self, regime: Regime) -> Severity | None:
        """The severity of a finding for ``regime`` under this profile, or ``None`` when it does not bind."""
        if self.all_regimes:
            return regime.default_severity
        return (self.regimes or {}).get(regime.id)

    def finding_severity(self, kind: str, default: Severity) -> Severity:
        """The severity this profile gives findings of ``kind`` (``default`` when it says nothing)."""
        return (self.findings or {}).get(kind, default)

    def severities(self, regimes: Sequence[Regime]) -> dict[str, Severity]:
        """Regime id → severity, for every regime of ``regimes`` that binds under this profile."""
        return {r.id: s for r in regimes if (s := self.severity_for(r)) is not None}


class PoliciesFile(KnowledgeFile):
    file: ClassVar[str] = "policies.yaml"

    policies: tuple[Policy, ...]

    @model_validator(mode="after")
    def _names(self) -> PoliciesFile:
        check_unique("policy", (p.name for p in self.policies), "name")
        if DEFAULT_POLICY not in {p.name for p in self.policies}:
            raise ValueError(f"the default policy {DEFAULT_POLICY!r} is missing")
        return self
