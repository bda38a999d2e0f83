"""Which regimes cover a device for sure and which only possibly: the two counts every summary keeps apart.

A census judges millions of identities and a report's trend re-judges every scan of a register, so both ask
this once per distinct *restriction key*: the few things the ``restricted`` and ``restricted-possible``
findings depend on besides the policy (the maker and brand, whether the device itself named its maker, its
date of manufacture, whether it is a video device). Two identities with the same key get the same regimes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from camaudit.assess.policy import Policy, get_policy
from camaudit.assess.possibly_restricted import KIND as POSSIBLE_KIND
from camaudit.assess.possibly_restricted import possibly_restricted_findings
from camaudit.assess.restricted import maker_named_by_device, restricted_findings
from camaudit.knowledge.loader import oem_relations
from camaudit.knowledge.vendors import made_on
from camaudit.model import Finding, Identity, Severity


def binding_regimes(findings: Iterable[Finding]) -> tuple[str, ...]:
    """Regime ids of the ``restricted`` findings that bind (not ``info``), in order, once each: the device is
    *restricted* when there is one."""
    return tuple(dict.fromkeys(f.regime for f in findings if f.kind == "restricted" and f.severity != "info"
                               and f.regime))


def possible_regimes(findings: Iterable[Finding]) -> tuple[str, ...]:
    """Regime ids of the ``restricted-possible`` findings that bind (not ``info``), in order, once each. A device
    is counted *possibly restricted* when there is one and :func:`binding_regimes` is empty: never both."""
    return tuple(dict.fromkeys(f.regime for f in findings if f.kind == POSSIBLE_KIND and f.severity != "info"
                               and f.regime))


#: Distinct keys kept per process (a census sees few: makers x brands x dates of manufacture).
_CACHE = 65536

RestrictionKey = tuple[str | None, str | None, bool, bool, dt.date | None, str]


@dataclass(frozen=True, slots=True)
class RestrictionStatus:
    """Regime ids, sorted, of the device's ``restricted`` findings and of its ``restricted-possible`` ones, each
    with the severity the policy gives it (``info`` included: a caller decides whether ``info`` binds)."""

    confirmed: tuple[tuple[str, Severity], ...]
    possible: tuple[tuple[str, Severity], ...]

    def regimes(self, *, binding: bool = False) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(confirmed, possible) regime ids; with ``binding``, only those whose severity is not ``info``."""
        def ids(pairs: tuple[tuple[str, Severity], ...]) -> tuple[str, ...]:
            return tuple(r for r, severity in pairs if not binding or severity != "info")

        return ids(self.confirmed), ids(self.possible)


NONE = RestrictionStatus((), ())
_memo: dict[RestrictionKey, RestrictionStatus] = {}


def restriction_key(identity: Identity, policy: str) -> RestrictionKey:
    """What the restriction findings of ``identity`` under ``policy`` depend on.

    Whether the device named its maker and its date of manufacture matter only through the OEM rows of its
    brand (which row the maker came from, which rows are candidates): for a brand with none (Hikvision, Dahua,
    Axis, most of a census) both are left out, so the evidence is not read at all. Same answers either way:
    tests/unit/assess/test_restriction_status.py.
    """
    brand = identity.brand
    if brand is None or not oem_relations(brand):  # cached per brand in the loader
        return (identity.manufacturer, brand, identity.is_video_device, False, None, policy)
    return (identity.manufacturer, brand, identity.is_video_device, maker_named_by_device(identity),
            made_on(identity.evidence), policy)


def restriction_status(identity: Identity, policy: str | Policy) -> RestrictionStatus:
    """The regimes that cover ``identity`` for sure and possibly under ``policy`` (a profile name or one)."""
    profile = get_policy(policy)
    if not identity.manufacturer and not identity.brand:
        return NONE
    key = restriction_key(identity, profile.name)
    found = _memo.get(key)
    if found is None:
        sure = restricted_findings(identity, profile)
        maybe = possibly_restricted_findings(identity, profile)
        found = RestrictionStatus(
            tuple(sorted((f.regime, f.severity) for f in sure if f.regime)),
            tuple(sorted((f.regime, f.severity) for f in maybe if f.regime and f.kind == POSSIBLE_KIND)),
        )
        if len(_memo) >= _CACHE:
            _memo.clear()
        _memo[key] = found
    return found
