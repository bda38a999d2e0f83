"""Where the register lives and how it is opened: URLs, SQLite settings, refusing files that are not ours.

``--db`` takes a plain path (a SQLite file), a ``sqlite:///`` URL or a PostgreSQL URL
(``postgresql://`` is read as ``postgresql+psycopg://``). Without it the register is
``$XDG_DATA_HOME/camaudit/register.db`` (``~/.local/share/camaudit/register.db``).

An existing file is checked read-only before anything opens it for writing: a file that is not a SQLite
database, a damaged one, or someone else's database (tables but no camaudit ``meta``) is refused with a
one-line :class:`RegisterError` and left byte for byte as it was.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, inspect, make_url, select, text
from sqlalchemy.exc import ArgumentError, DBAPIError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from camaudit.register.models import APPLICATION, SCHEMA_VERSION, Meta

_SQLITE_MAGIC = b"SQLite format 3\x00"
#: Milliseconds a writer waits for another writer's transaction (another site, ``import-assets``).
_BUSY_TIMEOUT_MS = 30_000


class RegisterError(Exception):
    """The register cannot be used; the message is one line a user can act on."""


def default_path() -> Path:
    """The default register file, under the XDG data directory."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "camaudit" / "register.db"


def resolve_url(db: str | None) -> URL:
    """The SQLAlchemy URL for ``--db`` (``None`` = the default SQLite file)."""
    if not db:
        return URL.create("sqlite", database=str(default_path()))
    if "://" not in db:
        return URL.create("sqlite", database=str(Path(db).expanduser()))
    try:
        url = make_url(db)
    except ArgumentError as exc:
        raise RegisterError(f"--db {db!r} is not a database URL or a file path") from exc
    backend, _, driver = url.drivername.partition("+")
    if backend in ("postgresql", "postgres"):
        if driver not in ("", "psycopg"):
            raise RegisterError(f"--db: use postgresql+psycopg:// (driver {driver!r} is not supported)")
        return url.set(drivername="postgresql+psycopg")
    if backend == "sqlite" and driver in ("", "pysqlite"):
        return url.set(drivername="sqlite")
    raise RegisterError(f"--db: unsupported database {url.drivername!r} (use a file path, sqlite:// or postgresql://)")


def describe(url: URL) -> str:
    """The URL as it may be shown to a user: never with its password."""
    if url.get_backend_name() == "sqlite":
        return url.database or ":memory:"
    return url.render_as_string(hide_password=True)


def _check_sqlite_file(path: Path) -> None:
    """Refuse a file that is not an intact camaudit register (or empty), without writing to it."""
    if path.is_dir():
        raise RegisterError(f"register {path} is a directory, not a database file")
    if not path.exists():
        return
    try:
        with path.open("rb") as fh:
            head = fh.read(len(_SQLITE_MAGIC))
    except OSError as exc:
        raise RegisterError(f"cannot read register {path}: {exc.strerror or exc}") from exc
    if not head:
        return  # an empty file is an empty database: safe to initialise
    if head != _SQLITE_MAGIC:
        raise RegisterError(f"{path} is not a SQLite database; refusing to touch it")
    # Read-only, so that checking a file can never change it (not even its journal mode). Without a WAL
    # beside it the file is also opened immutable, so that SQLite creates no -wal/-shm files next to it;
    # with one (a killed writer's), the WAL must be read for a true picture.
    has_wal = Path(f"{path}-wal").exists()
    mode = "mode=ro" if has_wal else "mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?{mode}", uri=True)
    except sqlite3.Error as exc:
        raise RegisterError(f"cannot open register {path}: {exc}") from exc
    try:
        verdict = conn.execute("PRAGMA quick_check").fetchone()
        if not verdict or verdict[0] != "ok":
            detail = " ".join(str(verdict[0] if verdict else "no answer").split())[:160]
            raise RegisterError(f"register {path} is damaged ({detail})")
        tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not tables:
            return
        if "meta" not in tables:
            raise RegisterError(f"{path} is a SQLite database but not a camaudit register; refusing it")
        marker = conn.execute("SELECT value FROM meta WHERE key = 'application'").fetchone()
    except sqlite3.DatabaseError as exc:
        raise RegisterError(f"register {path} is damaged or not a database ({exc})") from exc
    finally:
        conn.close()
    if not marker or marker[0] != APPLICATION:
        raise RegisterError(f"{path} is a SQLite database but not a camaudit register; refusing it")


def _sqlite_engine(url: URL) -> Engine:
    if not url.database or url.database == ":memory:":
        # One connection for every thread: SQLAlchemy's default for a memory database is one per thread, each
        # a database of its own, and a live scan records its devices from a thread of its own (scan/off_loop.py);
        # they reach the register one at a time.
        engine = create_engine(
            url, connect_args={"timeout": _BUSY_TIMEOUT_MS / 1000, "check_same_thread": False}, poolclass=StaticPool
        )
    else:
        engine = create_engine(url, connect_args={"timeout": _BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below decide when transactions start (pysqlite's own
        # implicit BEGIN would defer locking and fail writers with "database is locked" instead of waiting).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        # WAL: readers never block the writer; a killed writer leaves the last committed state.
        cur.execute("PRAGMA journal_mode=WAL")
        # NORMAL in WAL mode loses nothing a process crash (kill -9) could lose; only power loss could.
        cur.execute("PRAGMA synchronous=NORMAL")
        cur.execute("PRAGMA foreign_keys=ON")
        cur.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS}")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # IMMEDIATE takes the write lock up front, so two writers queue (busy_timeout) instead of one
        # failing when it upgrades a read lock.
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    return engine


class Register:
    """An open register: an engine plus sessions; use as a context manager to dispose of it."""

    def __init__(self, url: URL, engine: Engine) -> None:
        self.url = url
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        """``sqlite`` or ``postgresql``."""
        return self.engine.dialect.name

    def session(self) -> Session:
        """A new ORM session (not yet in a transaction)."""
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A session inside one transaction: committed on success, rolled back on any exception."""
        with self._sessions() as session, session.begin():
            yield session

    def close(self) -> None:
        """Release every connection."""
        self.engine.dispose()

    def __enter__(self) -> Register:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()


def _check_database(engine: Engine, where: str) -> None:
    """Refuse a server database that holds tables but is not a camaudit register."""
    tables = set(inspect(engine).get_table_names())
    if not tables:
        return
    if "meta" in tables:
        with Session(engine) as session:
            marker = session.scalar(select(Meta.value).where(Meta.key == "application"))
        if marker == APPLICATION:
            return
    raise RegisterError(f"database {where} holds tables that are not a camaudit register; refusing it")


def open_register(db: str | None, *, create: bool = True) -> Register:
    """Open (and create or migrate) the register named by ``--db``.

    With ``create=False`` a SQLite register must already exist: read-only commands never leave an
    empty register file behind.
    """
    from camaudit.register.migrate import MigrationError, NewerSchemaError, upgrade

    url = resolve_url(db)
    where = describe(url)
    try:
        if url.get_backend_name() == "sqlite":
            if url.database and url.database != ":memory:":
                path = Path(url.database)
                _check_sqlite_file(path)
                if not path.exists():
                    if not create:
                        raise RegisterError(f"no register at {path} (record a scan with --db first)")
                    if db and not path.parent.is_dir():
                        # A typo in --db must not quietly start a new, empty register somewhere else.
                        raise RegisterError(f"cannot create register {path}: folder {path.parent} does not exist")
                    path.parent.mkdir(parents=True, exist_ok=True)
            engine = _sqlite_engine(url)
        else:
            engine = create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 10})
            _check_database(engine, where)
        upgrade(engine)
        _check_version(engine, where)
    except RegisterError:
        raise
    except NewerSchemaError as exc:
        raise RegisterError(f"register {where}: {exc}; upgrade camaudit to use it") from exc
    except MigrationError as exc:
        raise RegisterError(f"cannot upgrade register {where}: {exc}") from exc
    except OSError as exc:
        raise RegisterError(f"cannot create register {where}: {exc.strerror or exc}") from exc
    except DBAPIError as exc:
        raise RegisterError(f"cannot open register {where}: {first_line(exc.orig)}") from exc
    except SQLAlchemyError as exc:
        raise RegisterError(f"cannot open register {where}: {first_line(exc)}") from exc
    return Register(url, engine)


def _check_version(engine: Engine, where: str) -> None:
    with Session(engine) as session:
        version = session.scalar(select(Meta.value).where(Meta.key == "schema_version"))
    if version != SCHEMA_VERSION:
        raise RegisterError(
            f"register {where} has schema version {version}; this camaudit writes {SCHEMA_VERSION}"
        )


def first_line(exc: BaseException | None) -> str:
    """The first non-empty line of an exception's message (database errors run to several lines)."""
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[0] if lines else type(exc).__name__


def integrity_problems(register: Register) -> list[str]:
    """Everything wrong with the register's storage and rules; an empty list means it is sound.

    SQLite: ``PRAGMA integrity_check`` and ``foreign_key_check``. PostgreSQL: no invalid index or
    unvalidated constraint. Both: no device registered twice under one key, no per-scan row without
    its scan, and no completed scan without a finish time.
    """
    problems: list[str] = []
    with register.engine.connect() as conn:
        if register.dialect == "sqlite":
            verdict = [row[0] for row in conn.exec_driver_sql("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                problems.extend(f"integrity_check: {v}" for v in verdict)
            problems.extend(
                f"foreign key: {row[0]} row {row[1]} -> {row[2]}"
                for row in conn.exec_driver_sql("PRAGMA foreign_key_check")
            )
        else:
            invalid = text("SELECT indexrelid::regclass FROM pg_index WHERE NOT indisvalid")
            problems.extend(f"invalid index {row[0]}" for row in conn.execute(invalid))
            problems.extend(
                f"unvalidated constraint {row[0]}"
                for row in conn.execute(text("SELECT conname FROM pg_constraint WHERE NOT convalidated"))
            )
        for column in ("mac", "serial_key", "ip_key"):
            dupes = conn.execute(
                text(
                    f"SELECT {column}, COUNT(*) FROM devices WHERE {column} IS NOT NULL "  # noqa: S608
                    f"GROUP BY {column} HAVING COUNT(*) > 1"
                )
            ).all()
            problems.extend(f"device {column} {row[0]} registered {row[1]} times" for row in dupes)
        orphans = conn.execute(
            text("SELECT COUNT(*) FROM identities WHERE scan_id NOT IN (SELECT id FROM scans)")
        ).scalar_one()
        if orphans:
            problems.append(f"{orphans} identities without their scan")
        unfinished = conn.execute(
            text("SELECT COUNT(*) FROM scans WHERE status = 'complete' AND finished IS NULL")
        ).scalar_one()
        if unfinished:
            problems.append(f"{unfinished} complete scans without a finish time")
    return problems
