"""PostgreSQL: the same scan gives the same register as SQLite, and concurrent sites never duplicate."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import func, select
from sqlalchemy.engine import make_url
from tests.conftest import ROOT

from camaudit.audit import run_audit
from camaudit.lab.runner import LabRunner
from camaudit.model import ScanResult, Scope, to_jsonable
from camaudit.register.db import Register, RegisterError, integrity_problems, open_register
from camaudit.register.models import DeviceRow, IdentityRow, ObservationRow
from camaudit.register.query import list_devices, load_result
from camaudit.register.store import ScanRecorder, begin_scan, finish_scan
from camaudit.scan.engine import ScanOptions
from camaudit.scan.net import Limits
from camaudit.scan.ports import PRESETS
from camaudit.targets import build_scope

#: Run as a module from the project root, so it imports the shared synthetic results as a package.
WRITER = ["-m", "tests.integration.register.register_writer"]
LAB_BASE = "127.81.1.1"
LAB_PROFILES = ["hikvision-ipc", "annke-ipc", "dahua-ipc", "amcrest-ipc", "axis-ipc", "nginx-web"]


def _record_lab_scan(registers: list[Register]) -> tuple[ScanResult, list[int]]:
    """Scan the lab once, committing every host into each register through run_audit's hook."""
    with LabRunner(profiles=LAB_PROFILES, base=LAB_BASE) as lab:
        guard = build_scope([d.ip for d in lab.devices])
        options = ScanOptions(
            ports=tuple(sorted(set(PRESETS["cameras"]) | set(lab.ports))),
            host_timeout=20.0,
            limits=Limits(probe_timeout=2.0),
        )
        scans = [begin_scan(reg, _scope(guard)) for reg in registers]
        recorders = [ScanRecorder(reg, scan_id) for reg, scan_id in zip(registers, scans, strict=True)]

        def both(report, device):  # type: ignore[no-untyped-def]
            for recorder in recorders:
                recorder(report, device)

        result = run_audit(guard, options, on_host=both)
        for recorder in recorders:
            recorder.flush()
    for reg, scan_id in zip(registers, scans, strict=True):
        finish_scan(reg, scan_id, finished=result.finished)
    return result, scans


def _scope(guard):  # type: ignore[no-untyped-def]
    return Scope(targets=tuple(t.text for t in guard.targets))


@pytest.fixture(scope="module")
def two_backends(pg_server, tmp_path_factory) -> Iterator[tuple[Register, Register, ScanResult, list[int]]]:  # type: ignore[no-untyped-def]
    sqlite = open_register(str(tmp_path_factory.mktemp("reg") / "register.db"))
    postgres = open_register(pg_server.create_database())
    result, scans = _record_lab_scan([sqlite, postgres])
    yield sqlite, postgres, result, scans
    sqlite.close()
    postgres.close()


def test_sqlite_and_postgresql_hold_the_same_devices_and_findings(two_backends) -> None:  # type: ignore[no-untyped-def]
    sqlite, postgres, result, (scan_a, scan_b) = two_backends
    from_sqlite = to_jsonable(load_result(sqlite, scan_a))
    from_postgres = to_jsonable(load_result(postgres, scan_b))
    assert from_sqlite["devices"] == from_postgres["devices"]
    assert from_sqlite["errors"] == from_postgres["errors"]
    assert len(from_sqlite["devices"]) == len(result.devices) >= 6
    assert sum(len(d["findings"]) for d in from_sqlite["devices"]) > 0
    restricted = {d["identity"]["brand"] for d in from_postgres["devices"] if any(
        f["kind"] == "restricted" for f in d["findings"])}
    assert {"hikvision", "dahua"} <= restricted
    assert [to_jsonable(d) for d in list_devices(sqlite)] == [to_jsonable(d) for d in list_devices(postgres)]


def test_observations_are_stored_alike_in_both(two_backends) -> None:  # type: ignore[no-untyped-def]
    sqlite, postgres, _, _ = two_backends

    def observations(reg: Register) -> list[tuple[object, ...]]:
        with reg.session() as session:
            rows = session.execute(
                select(ObservationRow.ip, ObservationRow.port, ObservationRow.protocol, ObservationRow.fields,
                       ObservationRow.raw)
            ).all()
        return sorted((tuple(r[:3]), sorted(r[3].items()), bytes(r[4])) for r in rows)  # type: ignore[misc]

    stored = observations(sqlite)
    assert stored and stored == observations(postgres)
    assert integrity_problems(sqlite) == [] and integrity_problems(postgres) == []


def _counts(reg: Register) -> tuple[int, int]:
    with reg.session() as session:
        devices = session.scalar(select(func.count()).select_from(DeviceRow))
        identities = session.scalar(select(func.count()).select_from(IdentityRow))
    return int(devices or 0), int(identities or 0)


@pytest.mark.parametrize("backend", ["postgresql", "sqlite"])
@pytest.mark.parametrize("view", ["same-addresses", "other-addresses"])
def test_two_sites_writing_the_same_devices_at_once_create_no_duplicates(
    backend: str, view: str, pg_server, tmp_path: Path  # type: ignore[no-untyped-def]
) -> None:
    """Site A records hosts 1-100, site B hosts 41-140, both starting with the 60 they share, at once.

    Seen at the same addresses, every shared host is one device. Seen at other addresses (site B's view
    through NAT), cameras known by MAC or serial are still one device each; those known only by their
    address are, correctly, separate devices.
    """
    url = pg_server.create_database() if backend == "postgresql" else str(tmp_path / "register.db")
    open_register(url).close()  # migrate first, so both sites race on data rather than on schema
    start = time.time() + 1.5
    net_b = "9" if view == "same-addresses" else "10"
    plans = [("site-a", "41-100,1-40", "9"), ("site-b", "41-100,101-140", net_b)]
    procs = [
        subprocess.Popen(
            [sys.executable, *WRITER, url, hosts, "--site", site, "--start-at", str(start),
             "--observations", "2", "--net", net],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
        )
        for site, hosts, net in plans
    ]
    outputs = [p.communicate(timeout=120) for p in procs]
    for proc, (out, errors) in zip(procs, outputs, strict=True):
        assert proc.returncode == 0, errors
        assert out.rstrip().endswith("complete")
    if view == "same-addresses":
        expected = 140
    else:
        keyed = sum(1 for i in range(1, 141) if i % 3 != 2)
        anonymous = sum(1 for i in range(1, 101) if i % 3 == 2) + sum(1 for i in range(41, 141) if i % 3 == 2)
        expected = keyed + anonymous
    with open_register(url) as reg:
        assert integrity_problems(reg) == []
        assert _counts(reg) == (expected, 200), "no device twice; 100 sightings per site"


def test_a_postgresql_database_of_someone_else_is_refused_untouched(pg_url: str) -> None:
    url = make_url(pg_url)
    dsn = f"host={url.host} port={url.port} user={url.username} dbname={url.database}"
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE invoices (id serial PRIMARY KEY, total numeric)")
        conn.execute("INSERT INTO invoices (total) VALUES (12.5)")
    with pytest.raises(RegisterError, match="not a camaudit register") as info:
        open_register(pg_url)
    assert "\n" not in str(info.value)
    with psycopg.connect(dsn) as conn:
        tables = {r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
        assert tables == {"invoices"}


def test_an_unreachable_server_is_a_one_line_error(pg_server) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(RegisterError, match="cannot open register") as info:
        open_register(f"postgresql://postgres@127.0.0.1:{pg_server.port + 1}/nothing")
    assert "\n" not in str(info.value)
