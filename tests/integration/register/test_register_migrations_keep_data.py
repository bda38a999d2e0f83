"""Upgrading a populated register keeps every row of every table, on SQLite and PostgreSQL.

Migration 0004 (scans can be ``closed``) changes a CHECK constraint, which SQLite can only do by rebuilding
the ``scans`` table. Done with foreign keys enforced -- as every camaudit connection has them -- dropping
the old table cascade-deleted each scan's hosts, errors, identities, findings and observations (a running
scan's ``scan_hosts`` went from 1 to 0). So the register is built at the previous head with camaudit's own
engine and writers, every table filled, and compared row for row after ``open_register`` upgrades it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import Engine
from tests.unit.register.synthetic import device, observation, result

from camaudit.model import ScanError, Scope
from camaudit.register.annotations import Notes, annotate
from camaudit.register.assets import AssetRecord, import_assets
from camaudit.register.db import Register, integrity_problems, open_register, resolve_url
from camaudit.register.migrate import alembic_config, head_revision
from camaudit.register.query import load_result
from camaudit.register.stale import close_scan
from camaudit.register.store import begin_scan, record_host, store_result
from camaudit.register.users import add_user, start_session

#: The head before the closed-scan migration: what registers in the field are at.
BEFORE = "0003"
Snapshot = dict[str, list[tuple[Any, ...]]]


def _engine(url: str) -> Engine:
    """camaudit's own engine for ``url`` (on SQLite: foreign keys on, WAL, immediate transactions)."""
    from camaudit.register.db import _sqlite_engine

    parsed = resolve_url(url)
    return _sqlite_engine(parsed) if parsed.get_backend_name() == "sqlite" else sa.create_engine(parsed)


def _register_at_previous_head(url: str) -> int:
    """A register at :data:`BEFORE` holding every kind of row; returns the id of its running scan."""
    engine = _engine(url)
    with engine.begin() as conn:
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, BEFORE)
    register = Register(resolve_url(url), engine)
    try:
        store_result(register, result(device("192.0.2.10", mac="44:19:b6:00:00:10"), device("192.0.2.11"),
                                      errors=2))
        store_result(register, result(device("192.0.2.10", mac="44:19:b6:00:00:10", firmware="V5.7.15"),
                                      device("192.0.2.12", manufacturer="dahua", serial="7G0A"),
                                      started="2026-05-02T10:00:00Z"))
        # A scan still running (killed mid-way): the one whose hosts the old migration lost.
        running = begin_scan(register, Scope(targets=("192.0.2.0/28",)), started="2026-05-03T10:00:00Z",
                             options={"runner": {"host": "elsewhere", "pid": 1, "boot": None}})
        record_host(register, running, "192.0.2.10", device("192.0.2.10", mac="44:19:b6:00:00:10"),
                    observations=[observation("192.0.2.10", n) for n in range(3)],
                    errors=[ScanError("192.0.2.10", "timeout", "rtsp timed out", port=554, probe="rtsp")],
                    finished="2026-05-03T10:01:00Z")
        record_host(register, running, "192.0.2.13", None, finished="2026-05-03T10:02:00Z")
        annotate(register, "192.0.2.11", Notes(site="Depot", location="Gate", dpia="planned"))
        import_assets(register, [AssetRecord(2, "192.0.2.12", None, site="Depot", make="Dahua")], "assets.csv")
        start_session(register, add_user(register, "admin", "admin", "a long enough password"))
    finally:
        register.close()
    return running


def _snapshot(engine: Engine) -> Snapshot:
    """Every row of every camaudit table, in primary-key order."""
    out: Snapshot = {}
    with engine.connect() as conn:
        inspector = sa.inspect(conn)
        for name in sorted(set(inspector.get_table_names()) - {"alembic_version"}):
            table = sa.Table(name, sa.MetaData(), autoload_with=conn)
            keys = inspector.get_pk_constraint(name)["constrained_columns"]
            out[name] = [tuple(row) for row in conn.execute(sa.select(table).order_by(*(table.c[k] for k in keys)))]
    return out


def _upgrade_keeps_every_row(url: str) -> None:
    running = _register_at_previous_head(url)
    engine = _engine(url)
    before = _snapshot(engine)
    engine.dispose()
    assert all(before.values()), f"tables left empty by the fixture: {[t for t, rows in before.items() if not rows]}"

    with open_register(url) as register:  # the upgrade, as any camaudit command does it
        after = _snapshot(register.engine)
        assert integrity_problems(register) == []
        assert ("schema_version", "4") in after["meta"]
        assert {t: len(rows) for t, rows in after.items()} == {t: len(rows) for t, rows in before.items()}
        assert {t: rows for t, rows in after.items() if t != "meta"} == {
            t: rows for t, rows in before.items() if t != "meta"
        }
        assert [r for r in after["meta"] if r[0] != "schema_version"] == [
            r for r in before["meta"] if r[0] != "schema_version"
        ]
        # The new status works on the upgraded register, and closing keeps the scan's hosts.
        close_scan(register, running, now="2026-05-04T00:00:00Z")
        closed = load_result(register, running)
        assert closed.status.complete is False and closed.status.finished == 2
        assert [d.addresses[0].ip for d in closed.devices] == ["192.0.2.10"]
        assert integrity_problems(register) == []


def test_upgrading_a_populated_sqlite_register_keeps_every_row_of_every_table(tmp_path: Path) -> None:
    assert head_revision() == "0004", "a new migration: extend this test to the new head"
    _upgrade_keeps_every_row(str(tmp_path / "register.db"))


def test_upgrading_a_populated_postgresql_register_keeps_every_row_of_every_table(pg_url: str) -> None:
    _upgrade_keeps_every_row(pg_url)


def test_a_migration_that_would_orphan_rows_is_rolled_back_and_the_register_left_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The foreign-key check before commit: a migration leaving a row pointing at nothing changes nothing."""
    from alembic.operations import Operations

    path = tmp_path / "register.db"
    _register_at_previous_head(str(path))
    engine = _engine(str(path))
    before = _snapshot(engine)
    engine.dispose()
    upgrade = Operations.batch_alter_table

    def orphaning(self: Operations, table_name: str, *args: Any, **kwargs: Any) -> Any:
        self.execute("DELETE FROM devices WHERE id = 1")  # leaves identities and scan_hosts pointing at nothing
        return upgrade(self, table_name, *args, **kwargs)

    monkeypatch.setattr(Operations, "batch_alter_table", orphaning)
    with pytest.raises(Exception, match="pointing at nothing"):
        open_register(str(path)).close()
    monkeypatch.undo()
    engine = _engine(str(path))
    assert _snapshot(engine) == before
    engine.dispose()
