"""Helpers for the dashboard tests: a private copy of the shared register with an admin and a viewer, a
TestClient over HTTPS, and logging in as a browser would."""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from auditlab import AuditRegister, camaudit
from fastapi.testclient import TestClient

from camaudit.register.db import Register
from camaudit.web.app import create_app

PASSWORDS = {"alice": "correct horse battery", "bob": "viewer staple paper"}
#: Debian's chromium and the flags the browser tests start it with (no network of its own, no first-run work).
CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def dashboard_server(db: str, host: str, port: int) -> Iterator[str]:
    """``camaudit serve`` over ``db`` in a child process, listening on ``host:port``; its URL while it runs."""
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "camaudit", "serve", "--db", db, "--port", str(port)],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            socket.create_connection((host, port), timeout=1).close()
            break
        except OSError:
            if proc.poll() is not None:
                pytest.fail(f"camaudit serve exited: {proc.stdout.read() if proc.stdout else ''}")
            time.sleep(0.2)
    else:
        proc.kill()
        pytest.fail("camaudit serve did not start listening within 60 s")
    try:
        yield f"http://{host}:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=20)


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
