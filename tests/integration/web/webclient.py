"""Helpers for the dashboard tests: a private copy of the shared register with an admin and a viewer, a
TestClient over HTTPS, and logging in as a browser would."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from auditlab import AuditRegister, camaudit
from fastapi.testclient import TestClient

from camaudit.register.db import Register
from camaudit.web.app import create_app

PASSWORDS = {"alice": "correct horse battery", "bob": "viewer staple paper"}


def copy_register(source: AuditRegister, folder: Path) -> str:
    """A private copy of the shared register (tests here change notes and users)."""
    db = str(folder / "web.db")
    shutil.copyfile(source.db, db)
    for name, role in (("alice", "admin"), ("bob", "viewer")):
        proc = camaudit("users", "add", name, "--role", role, "--password-stdin", "--db", db,
                        stdin=PASSWORDS[name] + "\n")
        assert proc.returncode == 0, proc.stderr
    return db


def client(register: Register) -> TestClient:
    """A test client speaking HTTPS, so that Secure cookies travel as in a browser."""
    return TestClient(create_app(register), base_url="https://testserver")


def login(c: TestClient, name: str, password: str | None = None) -> str:
    """Log ``c`` in; return the session's CSRF token (read from a page, as a browser would)."""
    form = c.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token, form.text[:200]
    done = c.post("/login", data={"username": name, "password": password or PASSWORDS[name],
                                  "login_token": token.group(1), "next": "/"}, follow_redirects=False)
    assert done.status_code == 303, done.text[:200]
    page = c.get("/devices")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert csrf
    return csrf.group(1)
