"""Bring a register's schema up to date with the Alembic migrations shipped in this package.

The Alembic configuration is built in code, so no ``alembic.ini`` is needed at run time. On PostgreSQL
the upgrade holds an advisory lock, so two sites starting at once on a new database migrate it once. On
SQLite it runs with foreign keys off (a table rebuild must not cascade-delete) and checks them before commit.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).with_name("migrations")
#: Any constant shared by every camaudit process; it names the lock, nothing else.
_MIGRATION_LOCK = 0x63616D61


def alembic_config() -> Config:
    """An Alembic configuration pointing at the packaged migrations (also used by the tests)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    """The newest migration this code ships."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


class NewerSchemaError(Exception):
    """The register was written by a newer camaudit (its revision is unknown here)."""


class MigrationError(Exception):
    """A migration would damage the register; it was rolled back."""


def upgrade(engine: Engine) -> None:
    """Apply every migration the database lacks, in one transaction (on SQLite with foreign keys off, and
    checked before it commits)."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return  # the common case: nothing to do, and no lock to take
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise NewerSchemaError(f"schema revision {current} is newer than this camaudit knows (head {head})")
    with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:
            _sqlite_foreign_keys(conn, on=False)
        try:
            with conn.begin():
                if not sqlite:
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
                config = alembic_config()
                config.attributes["connection"] = conn
                command.upgrade(config, "head")
                if sqlite:
                    broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                    if broken:
                        raise MigrationError(f"the migration would leave {len(broken)} row(s) pointing at nothing "
                                             f"(first: {broken[0][0]} row {broken[0][1]}); nothing was changed")
        finally:
            if sqlite:
                _sqlite_foreign_keys(conn, on=True)


def _sqlite_foreign_keys(conn: Connection, *, on: bool) -> None:
    """Switch SQLite's foreign-key enforcement for this connection (outside any transaction, where it counts).

    Off while migrating: SQLite alters most things by rebuilding a table (copy, drop, rename), and dropping a
    parent table with enforcement on deletes every child row through ``ON DELETE CASCADE``. Set on the raw
    DB-API connection, because any statement through SQLAlchemy would open a transaction first (the register's
    engine begins them itself), inside which SQLite ignores the pragma.
    """
    raw = conn.connection.driver_connection
    assert raw is not None
    raw.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
