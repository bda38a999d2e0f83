"""OEM rows with dates: a brand handed to a new maker, on devices whose date of manufacture is or is not known.

Panasonic's security business became a company of its own on 2019-10-01 (i-PRO); Lorex was Dahua's from 2018
until its sale in November 2022; Honeywell's rows name Dahua for one line (no date) and Hikvision for a
legacy line (until 2021). What a user sees for each, with and without a date of manufacture.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from camaudit.identify import resolve
from camaudit.identify.resolve import _time_uncovered
from camaudit.knowledge.loader import oem_relations
from camaudit.knowledge.vendors import OemRelation, made_on
from camaudit.model import Evidence, Identity


def _device(brand: str, made: str | None = None) -> Identity:
    asserts = {"brand": brand, "device_type": "camera"}
    if made is not None:
        asserts["made"] = made
    return resolve([Evidence("t.serial", "sadp.DeviceSN", "x", asserts, 0.9, "test")])


def test_the_panasonic_row_is_dated_and_sourced() -> None:
    (row,) = [r for r in oem_relations("panasonic") if r.manufacturer == "i-pro"]
    assert str(row.since) == "2019-10-01" and row.until is None
    assert "nikkei.com" in row.source


def test_a_panasonic_camera_made_after_the_carve_out_is_i_pro_s() -> None:
    identity = _device("panasonic", made="20210315")
    assert (identity.brand, identity.manufacturer) == ("panasonic", "i-pro")
    assert any("made 2021-03-15" in a for a in identity.attribution)


def test_a_panasonic_camera_made_before_it_is_panasonic_s() -> None:
    identity = _device("panasonic", made="20150601")
    assert identity.manufacturer == "panasonic"
    assert identity.confidence >= 0.85


def test_a_panasonic_camera_of_unknown_date_stays_panasonic_at_lower_confidence() -> None:
    undated = _device("panasonic")
    dated = _device("panasonic", made="20150601")
    assert undated.manufacturer == "panasonic"
    # Not i-PRO's row, which holds only for cameras made since 2019-10-01 ...
    assert not any("panasonic→i-pro" in a for a in undated.attribution)
    assert any("depends on the date of manufacture" in a for a in undated.attribution)
    # ... and less sure than when the date says Panasonic built it.
    assert undated.confidence < 0.6 < dated.confidence


def test_a_lorex_of_unknown_date_gets_no_maker_and_a_dated_one_gets_its_era_s() -> None:
    assert _device("lorex").manufacturer is None
    assert _device("lorex", made="20190101").manufacturer == "dahua"
    assert _device("lorex", made="20230101").manufacturer is None


def test_rows_without_dates_still_hold_for_a_device_of_unknown_date() -> None:
    # Honeywell: a Dahua line (no dates) and a legacy Hikvision line (until 2021). The dated row is set
    # aside for an undated device; the undated one holds whenever the device was made.
    identity = _device("honeywell")
    assert identity.manufacturer == "dahua"
    assert any("rows with dates set aside" in a for a in identity.attribution)
    assert _device("honeywell", made="20190101").manufacturer in ("dahua", "hikvision")


def test_brands_without_dated_rows_are_unchanged() -> None:
    assert _device("amcrest").manufacturer == "dahua"
    annke = _device("annke")
    assert annke.manufacturer == "hikvision"
    assert any("most confident row" in a for a in annke.attribution)


# A short span, so that rows often meet, overlap or leave a one-day gap.
_DAY = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2020, 1, 12))


def _row(since: dt.date | None, until: dt.date | None) -> OemRelation:
    return OemRelation(brand="lorex", manufacturer="dahua", confidence=0.5, since=since, until=until, source="test")


@st.composite
def _rows(draw: st.DrawFn) -> list[OemRelation]:
    rows = []
    for _ in range(draw(st.integers(min_value=1, max_value=4))):
        since, until = draw(st.one_of(st.none(), _DAY)), draw(st.one_of(st.none(), _DAY))
        if since is not None and until is not None and since >= until:
            since, until = until - dt.timedelta(days=1), since + dt.timedelta(days=1)
        rows.append(_row(since, until))
    return rows


@given(_rows())
@example([_row(None, dt.date(2020, 1, 5)), _row(dt.date(2020, 1, 6), None)])  # one day, the 5th, in no row
@example([_row(None, dt.date(2020, 1, 5)), _row(dt.date(2020, 1, 5), None)])  # rows that meet: all covered
def test_time_uncovered_agrees_with_every_boundary_date(rows: list[OemRelation]) -> None:
    # Whether some date is covered by no row can only change at a row's boundary: checking the day before,
    # on and after each boundary (and far in the past and the future) decides it independently.
    probes = {dt.date(1900, 1, 1), dt.date(2100, 1, 1)}
    for row in rows:
        for edge in (row.since, row.until):
            if edge is not None:
                probes |= {edge - dt.timedelta(days=1), edge, edge + dt.timedelta(days=1)}
    expected = any(not any(row.covers(day) for row in rows) for day in probes)
    assert _time_uncovered(rows) is expected


@given(st.text(max_size=40))
@example("20181301")
@example("2018-02-30")
@example("0000-00-00")
def test_a_captured_date_of_manufacture_never_raises(text: str) -> None:
    made = made_on([Evidence("t.serial", "sadp.DeviceSN", "x", {"made": text}, 0.9, "test")])
    assert made is None or isinstance(made, dt.date)


@given(st.dates(min_value=dt.date(1990, 1, 1)))
def test_a_captured_date_of_manufacture_reads_back(day: dt.date) -> None:
    for text in (day.strftime("%Y%m%d"), day.isoformat()):
        assert made_on([Evidence("t.serial", "sadp.DeviceSN", "x", {"made": text}, 0.9, "test")]) == day
