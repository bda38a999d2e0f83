"""Opening the register: URLs, the default location, refusing files that are not ours, migrations."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from synthetic import device, result

from camaudit.register.db import RegisterError, default_path, integrity_problems, open_register, resolve_url
from camaudit.register.migrate import head_revision
from camaudit.register.models import Base
from camaudit.register.store import store_result


def test_default_register_lives_in_the_xdg_data_dir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "camaudit" / "register.db"
    monkeypatch.delenv("XDG_DATA_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_path() == tmp_path / ".local" / "share" / "camaudit" / "register.db"
    assert resolve_url(None).database == str(default_path())


@pytest.mark.parametrize(
    ("given", "driver", "database"),
    [
        ("reg.db", "sqlite", "reg.db"),
        ("sqlite:////var/lib/reg.db", "sqlite", "/var/lib/reg.db"),
        ("postgresql://u@db.example/camaudit", "postgresql+psycopg", "camaudit"),
        ("postgresql+psycopg://u:secret@127.0.0.1:5433/reg", "postgresql+psycopg", "reg"),
    ],
)
def test_urls(given: str, driver: str, database: str) -> None:
    url = resolve_url(given)
    assert (url.drivername, url.database) == (driver, database)


@pytest.mark.parametrize("given", ["mysql://u@h/db", "postgresql+asyncpg://u@h/db", "://nothing"])
def test_unsupported_urls_are_one_line_errors(given: str) -> None:
    with pytest.raises(RegisterError) as info:
        resolve_url(given)
    assert "\n" not in str(info.value)


def test_a_new_register_is_created_migrated_and_sound(tmp_path: Path) -> None:
    path = tmp_path / "reg.db"
    with open_register(str(path)) as reg:
        store_result(reg, result(device("10.0.0.1")))
        assert integrity_problems(reg) == []
        with reg.engine.connect() as conn:
            assert MigrationContext.configure(conn).get_current_revision() == head_revision()
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    with open_register(str(path)) as reg:  # reopening an up-to-date register changes nothing
        assert integrity_problems(reg) == []


def test_an_explicit_register_in_a_missing_folder_is_refused(tmp_path: Path) -> None:
    # A typo in --db ("audits/reg.db" for "audit/reg.db") must not start a new, empty register elsewhere.
    with pytest.raises(RegisterError, match=r"folder .*typo does not exist"):
        open_register(str(tmp_path / "typo" / "reg.db"))
    assert not (tmp_path / "typo").exists()


def test_the_default_register_creates_its_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    with open_register(None) as reg:
        assert reg.url.database == str(tmp_path / "data" / "camaudit" / "register.db")
    assert (tmp_path / "data" / "camaudit" / "register.db").is_file()


def test_the_migrations_create_exactly_the_models(tmp_path: Path) -> None:
    with open_register(str(tmp_path / "reg.db")) as reg, reg.engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), Base.metadata) == []


def test_read_only_commands_do_not_create_a_register(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    with pytest.raises(RegisterError, match="no register at"):
        open_register(str(missing), create=False)
    assert not missing.exists()


def _refused(path: Path) -> str:
    before = path.read_bytes()
    with pytest.raises(RegisterError) as info:
        open_register(str(path))
    assert path.read_bytes() == before, "a refused file must be left byte for byte as it was"
    assert not Path(f"{path}-wal").exists() and not Path(f"{path}-journal").exists()
    message = str(info.value)
    assert "\n" not in message
    return message


def test_a_file_that_is_not_sqlite_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_text("these are my notes, not a database\n" * 100)
    assert "not a SQLite database" in _refused(path)


def test_someone_elses_sqlite_database_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT)")
    conn.execute("INSERT INTO customers (name) VALUES ('Ada')")
    conn.commit()
    conn.close()
    assert "not a camaudit register" in _refused(path)
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE meta (key TEXT, value TEXT)")  # a meta table of someone else's
    conn.execute("INSERT INTO meta VALUES ('application', 'other-app')")
    conn.commit()
    conn.close()
    assert "not a camaudit register" in _refused(path)


def test_a_damaged_register_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "reg.db"
    with open_register(str(path)) as reg:
        store_result(reg, result(*(device(f"10.0.0.{i}", mac=f"c4:2f:90:00:00:{i:02x}") for i in range(1, 60))))
    data = bytearray(path.read_bytes())
    page = 4096
    assert len(data) > 4 * page
    data[2 * page + 8 : 2 * page + 600] = b"\xa5" * 592  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    message = _refused(path)
    assert "damaged" in message or "malformed" in message


def test_an_empty_file_is_an_empty_register(tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch()
    with open_register(str(path)) as reg:
        assert integrity_problems(reg) == []


def test_a_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RegisterError, match="is a directory"):
        open_register(str(tmp_path))


def test_a_register_from_a_newer_camaudit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "reg.db"
    open_register(str(path)).close()
    conn = sqlite3.connect(path)
    conn.execute("UPDATE alembic_version SET version_num = '9999'")
    conn.commit()
    conn.close()
    with pytest.raises(RegisterError, match="newer than this camaudit") as info:
        open_register(str(path))
    assert "\n" not in str(info.value)
