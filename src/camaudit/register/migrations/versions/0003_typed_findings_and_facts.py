"""Findings carry their regime, CVE and chain as columns; identities carry the device facts.

Until now a finding's regime, CVE and chain lived inside ``details``; they move to their own columns
(indexed where a query filters on them: "every device restricted under us-ndaa-889"). Existing rows are
moved over; ``facts`` is empty for identities recorded before (nothing was kept to compute them from
that the observations table does not still hold).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | None = None
depends_on: str | None = None

_MOVED = ("regime", "cve", "chain")


def _findings() -> sa.TableClause:
    return sa.table(
        "findings",
        sa.column("id", sa.Integer),
        sa.column("details", sa.JSON),
        *(sa.column(name, sa.Text) for name in _MOVED),
    )


def _set_version(value: str) -> None:
    meta = sa.table("meta", sa.column("key", sa.String), sa.column("value", sa.String))
    op.execute(meta.update().where(meta.c.key == "schema_version").values(value=value))


def upgrade() -> None:
    """Add the columns, move the values out of ``details``; the register's schema version becomes 3."""
    op.add_column("findings", sa.Column("regime", sa.String(length=64), nullable=True))
    op.add_column("findings", sa.Column("cve", sa.String(length=32), nullable=True))
    op.add_column("findings", sa.Column("chain", sa.Text(), nullable=True))
    op.create_index(op.f("ix_findings_regime"), "findings", ["regime"], unique=False)
    op.create_index(op.f("ix_findings_cve"), "findings", ["cve"], unique=False)
    op.add_column("identities", sa.Column("facts", sa.JSON(), nullable=True))
    findings = _findings()
    bind = op.get_bind()
    for row in bind.execute(sa.select(findings.c.id, findings.c.details)).all():
        details = dict(row.details or {})
        moved = {name: details.pop(name) for name in _MOVED if isinstance(details.get(name), str)}
        if moved:
            bind.execute(findings.update().where(findings.c.id == row.id).values(details=details, **moved))
    _set_version("3")


def downgrade() -> None:
    """Put the values back into ``details`` and drop the columns; the schema version returns to 2."""
    findings = _findings()
    bind = op.get_bind()
    for row in bind.execute(sa.select(findings.c.id, findings.c.details, *(findings.c[n] for n in _MOVED))).all():
        moved = {name: getattr(row, name) for name in _MOVED if getattr(row, name) is not None}
        if moved:
            restored = {**(row.details or {}), **moved}
            bind.execute(findings.update().where(findings.c.id == row.id).values(details=restored))
    op.drop_column("identities", "facts")
    op.drop_index(op.f("ix_findings_cve"), table_name="findings")
    op.drop_index(op.f("ix_findings_regime"), table_name="findings")
    op.drop_column("findings", "chain")
    op.drop_column("findings", "cve")
    op.drop_column("findings", "regime")
    _set_version("2")
