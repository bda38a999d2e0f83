"""restriction_status answers once per restriction key: two devices with the same key must get the same regimes.

Every brand of the OEM table (and brands without one), each with every maker it could resolve to, named by the
device or not, with and without a date of manufacture inside and outside each row's dates, video device or
not, under every policy: the memoised answer equals the regimes and severities of the ``restricted`` and
``restricted-possible`` findings worked out afresh for that very device. The device that filled the memo for a
key is, in this order, mostly another one than the device asking.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator

from camaudit.assess import restriction_status as status_module
from camaudit.assess.policy import get_policy
from camaudit.assess.possibly_restricted import KIND, possibly_restricted_findings
from camaudit.assess.restricted import restricted_findings
from camaudit.assess.restriction_status import restriction_key, restriction_status
from camaudit.knowledge.loader import oem_relations, packaged, policies
from camaudit.knowledge.vendors import OemsFile
from camaudit.model import DeviceType, Evidence, Identity, Severity


def _evidence(asserts: dict[str, str], certainty: float = 0.9) -> Evidence:
    return Evidence(rule_id="test", field="http.server", matched="x", asserts=asserts, certainty=certainty,
                    source="test")


def _dates(brand: str) -> list[dt.date | None]:
    out: list[dt.date | None] = [None, dt.date(2005, 6, 1), dt.date(2026, 6, 1)]
    for row in oem_relations(brand):
        for edge in (row.since, row.until):
            if edge is not None:
                out += [edge - dt.timedelta(days=1), edge]
    return out


def _identities() -> Iterator[Identity]:
    brands = [*sorted({r.brand for r in packaged(OemsFile).oems}), "hikvision", "dahua", "axis"]
    for brand in [*brands, None]:
        makers = [None, "axis", "hikvision", "dahua", *(r.manufacturer for r in oem_relations(brand or ""))]
        if brand:
            makers.append(brand)
        for maker, named, made, kind in itertools.product(
            dict.fromkeys(makers), (False, True), _dates(brand or ""), (DeviceType.VIDEO_DEVICE, DeviceType.CAMERA,
                                                                        None)
        ):
            evidence = [_evidence({"brand": brand} if brand else {"device_type": "camera"})]
            if named and maker:
                evidence.append(_evidence({"manufacturer": maker.upper()}, 0.8))
            if made is not None:
                evidence.append(_evidence({"made": made.strftime("%Y%m%d")}, 0.5))
            yield Identity(manufacturer=maker, brand=brand, device_type=kind, evidence=tuple(evidence))


def _afresh(identity: Identity, policy: str) -> tuple[set[tuple[str, Severity]], set[tuple[str, Severity]]]:
    profile = get_policy(policy)
    sure = {(f.regime, f.severity) for f in restricted_findings(identity, profile) if f.regime}
    maybe = {(f.regime, f.severity) for f in possibly_restricted_findings(identity, profile)
             if f.regime and f.kind == KIND}
    return sure, maybe


def test_the_same_key_gives_the_same_regimes_as_working_them_out_afresh() -> None:
    status_module._memo.clear()
    checked = with_possible = with_confirmed = 0
    keys: set[object] = set()
    for identity, policy in itertools.product(_identities(), policies()):
        got = restriction_status(identity, policy)
        sure, maybe = _afresh(identity, policy)
        assert (set(got.confirmed), set(got.possible)) == (sure, maybe), (identity, policy)
        assert list(got.confirmed) == sorted(got.confirmed) and list(got.possible) == sorted(got.possible)
        keys.add(restriction_key(identity, policy))
        checked += 1
        with_possible += bool(maybe)
        with_confirmed += bool(sure)
    # The memo was hit (thousands of times, by devices whose findings had to be the same), and both kinds of
    # answer were seen.
    assert checked - len(keys) > 5000
    assert with_possible > 100 and with_confirmed > 100


def test_a_brand_without_oem_rows_is_judged_without_reading_its_evidence() -> None:
    """A Hikvision that names its maker and one that does not, of any date, share one key."""
    plain = Identity(manufacturer="hikvision", brand="hikvision", device_type=DeviceType.CAMERA,
                     evidence=(_evidence({"brand": "hikvision"}),))
    named = Identity(manufacturer="hikvision", brand="hikvision", device_type=DeviceType.CAMERA,
                     evidence=(_evidence({"manufacturer": "hikvision"}), _evidence({"made": "20160301"})))
    assert not oem_relations("hikvision")
    assert restriction_key(plain, "all") == restriction_key(named, "all")
    # A Lorex's date of manufacture decides who made it: its key keeps it.
    lorex = [Identity(brand="lorex", device_type=DeviceType.CAMERA,
                      evidence=(_evidence({"brand": "lorex"}), *extra))
             for extra in ((), (_evidence({"made": "20190301"}),), (_evidence({"made": "20230301"}),))]
    assert len({restriction_key(i, "all") for i in lorex}) == 3
    assert restriction_status(lorex[0], "all").possible
