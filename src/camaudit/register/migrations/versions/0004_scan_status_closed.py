"""A scan can be ``closed``: stopped for good before it was complete (``camaudit scans close``).

SQLite cannot alter a CHECK constraint, so Alembic rebuilds ``scans`` (copy, drop, rename). Dropping a
parent table with foreign keys enforced deletes its children through ``ON DELETE CASCADE``: every scan's
hosts, errors, identities, findings and observations would go. :func:`camaudit.register.migrate.upgrade`
therefore runs migrations on SQLite with foreign keys off and checks them (``PRAGMA foreign_key_check``)
before it commits; ``tests/unit/register/test_register_migrations_keep_data.py`` upgrades a populated
register and compares every table before and after. PostgreSQL alters the constraint in place.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | None = None
depends_on: str | None = None

_META = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.String))


def _statuses(allowed: str, version: str) -> None:
    with op.batch_alter_table("scans") as batch:
        batch.drop_constraint(op.f("ck_scans_status"), type_="check")
        batch.create_check_constraint(op.f("ck_scans_status"), f"status IN ({allowed})")
    op.execute(_META.update().where(_META.c.key == "schema_version").values(value=version))


def upgrade() -> None:
    """Allow the ``closed`` status; schema version 4."""
    _statuses("'running', 'complete', 'closed'", "4")


def downgrade() -> None:
    """Closed scans become running again (resumable), as before this revision; schema version 3."""
    op.execute("UPDATE scans SET status = 'running' WHERE status = 'closed'")
    _statuses("'running', 'complete'", "3")
