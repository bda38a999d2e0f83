"""The counting views as written for speed give exactly the rows of the rules as stated in docs/census.md.

``camera_services`` is computed over the services that were a camera at least once, and a run settles it and
``hosts`` into tables once (aggregate.py says why). Here both are compared, row for row and column for column,
with the plain definitions (``services WHERE camera``, and the views before settling) on identities that hold
the awkward cases: a camera service that is something else now, one that became a camera, equal times, no time,
no port, no transport, a host with a camera on two ports; and on a synthetic crawl.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from tests.unit.census.censusdata import census

from camaudit.census import aggregate, synth
from camaudit.census.judge import NOTHING, Judgement
from camaudit.census.rows import PartWriter

_PLAIN_CAMERA_SERVICES = """
SELECT * FROM (SELECT * FROM identities
QUALIFY row_number() OVER (
    PARTITION BY ip, port, transport
    ORDER BY timestamp DESC NULLS LAST, input DESC, chunk DESC, position DESC, protocol DESC NULLS LAST
) = 1
) WHERE camera
"""


def _rows(con: Any, sql: str) -> list[tuple[Any, ...]]:
    # Sorted on their text: the rules promise a set of rows, and lists and NULLs sort as text.
    return sorted((tuple(r) for r in con.execute(sql).fetchall()), key=repr)


def _day(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=dt.UTC)


def _write_awkward(out: Path) -> None:
    camera = ("video_device", "hikvision", "hikvision", "DS-2CD2042WD", None, 0.9, True)
    other = (None, None, None, None, None, None, False)
    hik = Judgement(("ndaa-889",), (), ("CVE-2021-36260",))
    rows: list[tuple[Any, ...]] = [
        # 198.51.100.1:80 a camera, then a web server: not a camera service; :554 still a camera.
        (("198.51.100.1", 80, "tcp", _day(1), "GB", None, None, "http"), camera, hik, None),
        (("198.51.100.1", 80, "tcp", _day(2), "GB", None, None, "http"), other, NOTHING, None),
        (("198.51.100.1", 554, "tcp", _day(1), "GB", None, None, "rtsp"), camera, hik, "hik-connect"),
        # 198.51.100.2:80 a web server, then a camera.
        (("198.51.100.2", 80, "tcp", _day(1), "FR", None, None, "http"), other, NOTHING, None),
        (("198.51.100.2", 80, "tcp", _day(3), "FR", None, None, "http"), camera, hik, None),
        # 198.51.100.3: the same time twice (the later position wins), and no time at all (older than any).
        (("198.51.100.3", 80, "tcp", _day(2), "DE", None, None, "http"), other, NOTHING, None),
        (("198.51.100.3", 80, "tcp", _day(2), "DE", None, None, "http"), camera, hik, None),
        (("198.51.100.3", 8000, "tcp", None, "DE", None, None, None), camera, hik, None),
        (("198.51.100.3", 8000, "tcp", None, "DE", None, None, None), other, NOTHING, None),
        # No transport, no port: still one service each, NULLs grouped together.
        (("198.51.100.4", 554, None, _day(1), "US", None, None, "rtsp"), camera, hik, None),
        (("198.51.100.4", 554, None, _day(2), "US", None, None, "rtsp"), camera, NOTHING, None),
        (("198.51.100.5", None, None, _day(1), "US", None, None, None), other, NOTHING, None),
        (("198.51.100.5", None, None, _day(2), "US", None, None, None), camera, hik, None),
        (("198.51.100.5", None, "udp", _day(3), "US", None, None, None), other, NOTHING, None),
        # Never a camera.
        (("198.51.100.6", 22, "tcp", _day(1), "US", None, None, "ssh"), other, NOTHING, None),
    ]
    writer = PartWriter(out / "identities" / "part-awkward.parquet")
    for position, (base, described, judgement, cloud) in enumerate(rows):
        writer.add(base, described, judgement, cloud, ("awkward.json", 0, position))
    writer.close()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("views")
    crawl = folder / "crawl.json.gz"
    synth.write(crawl, 3000, seed=11)
    out = folder / "out"
    census([crawl], out)
    return out


def _compare(out: Path) -> int:
    plain = aggregate.connect(out)
    settled = aggregate.connect(out)
    aggregate.settle(settled)
    try:
        expected = _rows(plain, _PLAIN_CAMERA_SERVICES)
        assert _rows(plain, "SELECT * FROM camera_services") == expected
        assert _rows(settled, "SELECT * FROM camera_services") == expected
        assert _rows(settled, "SELECT * FROM hosts") == _rows(plain, "SELECT * FROM hosts")
        assert aggregate.summary_rows(settled, ("country", "regime", "port")) == aggregate.summary_rows(
            plain, ("country", "regime", "port"))
        assert aggregate.restriction_counts(settled) == aggregate.restriction_counts(plain)
        return len(expected)
    finally:
        plain.close()
        settled.close()


def test_the_awkward_cases_give_the_rows_the_rules_give(tmp_path: Path) -> None:
    _write_awkward(tmp_path)
    assert _compare(tmp_path) == 5
    con = aggregate.connect(tmp_path)
    aggregate.settle(con)
    # Worked out by hand from the rows above: the camera services are .1:554, .2:80, .3:80, .4:554 (no
    # transport) and .5 (no port, no transport); .1:80 and .3:8000 are something else now.
    services = _rows(con, "SELECT ip, port, transport FROM camera_services")
    assert services == sorted([("198.51.100.1", 554, "tcp"), ("198.51.100.2", 80, "tcp"), ("198.51.100.3", 80, "tcp"),
                               ("198.51.100.4", 554, None), ("198.51.100.5", None, None)], key=repr)
    assert aggregate.scalar(con, "SELECT cloud FROM hosts WHERE ip = '198.51.100.1'") == "hik-connect"
    con.close()


def test_a_synthetic_crawl_gives_the_rows_the_rules_give(synthetic: Path) -> None:
    assert _compare(synthetic) > 100
