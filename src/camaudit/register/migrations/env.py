"""Alembic environment: runs on the connection that :func:`camaudit.register.migrate.upgrade` opened."""

from __future__ import annotations

from alembic import context

from camaudit.register.models import Base

connection = context.config.attributes["connection"]
# Batch mode lets later migrations alter tables on SQLite, which has no ALTER for most changes.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
