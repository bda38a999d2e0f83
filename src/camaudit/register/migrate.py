"""Bring a register's schema up to date with the Alembic migrations shipped in this package.

The Alembic configuration is built in code, so no ``alembic.ini`` is needed at run time. On PostgreSQL
the upgrade holds an advisory lock, so two sites starting at once on a new database migrate it once.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

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


def upgrade(engine: Engine) -> None:
    """Apply every migration the database lacks, in one transaction."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    with engine.connect() as conn:
        current = MigrationContext.configure(conn).get_current_revision()
    if current == head:
        return  # the common case: nothing to do, and no lock to take
    if current is not None and current not in {rev.revision for rev in script.walk_revisions()}:
        raise NewerSchemaError(f"schema revision {current} is newer than this camaudit knows (head {head})")
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        config = alembic_config()
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
