"""The pure part of ``assess`` a census needs per record: which regimes cover the maker (for sure, and only
possibly), and KEV exposure.

The same functions a scan's findings come from (``assess.restriction_status`` over ``assess.restricted`` and
``assess.possibly_restricted``, ``assess.vulns``), asked about the identity only: an internet-scan record
carries no logins, annotations or discovery replies. Their answers depend on a handful of identity fields
that repeat across millions of records, so each is cached per process (bounded).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from camaudit.assess.cvedata import kev_catalog
from camaudit.assess.restriction_status import RestrictionKey, restriction_key, restriction_status
from camaudit.assess.vulns import vulnerability_findings
from camaudit.census.keys import KEV_EXPOSED, KEV_NONE, KEV_UNCHECKED
from camaudit.model import DeviceType, Identity

_CACHE = 65536


@dataclass(frozen=True, slots=True)
class Judgement:
    """What assessment says about one identity: regime ids, KEV CVEs confirmed, KEV CVEs not checkable, and the
    regime ids that would cover it if one of its brand's other makers made it (``restricted-possible``)."""

    regimes: tuple[str, ...]
    kev: tuple[str, ...]
    kev_unchecked: tuple[str, ...]
    possible_regimes: tuple[str, ...] = ()

    @property
    def kev_state(self) -> str:
        """``exposed``, ``unchecked`` or ``none`` (the ``kev`` key of ``--by``)."""
        return KEV_EXPOSED if self.kev else KEV_UNCHECKED if self.kev_unchecked else KEV_NONE


NOTHING = Judgement((), (), ())


@lru_cache(maxsize=_CACHE)
def _kev(
    manufacturer: str | None, brand: str | None, model: str | None, firmware: str | None
) -> tuple[tuple[str, ...], tuple[str, ...]]:
    identity = Identity(
        manufacturer=manufacturer, brand=brand, model=model, firmware=firmware, device_type=DeviceType.VIDEO_DEVICE
    )
    listed = kev_catalog().entries
    exposed: set[str] = set()
    unchecked: set[str] = set()
    for finding in vulnerability_findings(identity):
        if finding.kind == "vulnerability" and finding.cve and finding.cve in listed:
            exposed.add(finding.cve)
        elif finding.kind in ("firmware-unknown", "vulnerability-unconfirmed"):
            unchecked.update(c for c in finding.details.get("cves", ()) if c in listed)
    return tuple(sorted(exposed)), tuple(sorted(unchecked - exposed))


_judged: dict[tuple[RestrictionKey, str | None, str | None], Judgement] = {}


def judge(identity: Identity, policy: str) -> Judgement:
    """Regimes (under ``policy``: confirmed, and possible) and KEV exposure of a camera/recorder identity;
    nothing for other devices."""
    if not identity.is_video_device or not (identity.manufacturer or identity.brand):
        return NOTHING
    # One look-up per camera record: the restriction key (maker, brand, and for OEM brands what settles the
    # maker) plus model and firmware hold everything both answers depend on.
    key = (restriction_key(identity, policy), identity.model, identity.firmware)
    found = _judged.get(key)
    if found is None:
        confirmed, possible = restriction_status(identity, policy).regimes()
        kev, unchecked = _kev(identity.manufacturer, identity.brand, identity.model, identity.firmware)
        found = Judgement(confirmed, kev, unchecked, possible)
        if len(_judged) >= _CACHE:
            _judged.clear()
        _judged[key] = found
    return found
