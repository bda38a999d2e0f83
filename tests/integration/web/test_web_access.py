"""Who may do what on the dashboard: every route needs a login, forms need their CSRF token, viewers
cannot change anything, failed logins are rate-limited, and cookies are locked down."""

from __future__ import annotations

import re
import sqlite3

import pytest
from auditlab import AuditRegister, camaudit
from fastapi.routing import APIRoute
from starlette.routing import Route
from webclient import PASSWORDS, client, login

from camaudit.register.db import Register
from camaudit.web.app import create_app

#: Values for path parameters when enumerating routes without a session.
_PARAMS = {"device_id": "1", "fmt": "pdf"}


def _concrete(path: str) -> str:
    return re.sub(r"\{(\w+)(?::\w+)?\}", lambda m: _PARAMS.get(m.group(1), "1"), path)


def test_every_route_refuses_a_request_without_a_session(register: Register) -> None:
    app = create_app(register)
    c = client(register)
    checked = 0
    for route in app.routes:
        assert isinstance(route, APIRoute | Route)
        for method in sorted(route.methods or ()):
            if route.path == "/login" or method == "HEAD":
                continue
            reply = c.request(method, _concrete(route.path), follow_redirects=False)
            checked += 1
            if reply.status_code == 303:
                assert reply.headers["location"].startswith("/login?next="), (method, route.path)
            else:
                assert reply.status_code == 401, (method, route.path, reply.status_code)
            if route.path.startswith("/api/") or method != "GET":
                assert reply.status_code == 401, (method, route.path)
    assert checked >= 15
    for unknown in ("/nowhere", "/api/nowhere", "/docs", "/openapi.json"):
        assert c.get(unknown, follow_redirects=False).status_code in (303, 401)


def test_login_sets_a_locked_down_session_cookie(register: Register) -> None:
    c = client(register)
    form = c.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token
    done = c.post("/login", data={"username": "alice", "password": PASSWORDS["alice"],
                                  "login_token": token.group(1)}, follow_redirects=False)
    cookie = next(v for k, v in done.headers.multi_items() if k == "set-cookie" and "camaudit_session=" in v)
    for flag in ("HttpOnly", "Secure", "SameSite=strict", "Path=/"):
        assert flag in cookie
    assert "default-src 'none'" in done.headers["content-security-policy"]


def test_login_without_its_form_token_is_refused(register: Register) -> None:
    c = client(register)
    reply = c.post("/login", data={"username": "alice", "password": PASSWORDS["alice"], "login_token": "forged"},
                   follow_redirects=False)
    assert reply.status_code == 403


def test_login_redirects_only_within_the_site(register: Register) -> None:
    c = client(register)
    token = re.search(r'name="login_token" value="([^"]+)"', c.get("/login").text)
    assert token
    done = c.post("/login", data={"username": "alice", "password": PASSWORDS["alice"],
                                  "login_token": token.group(1), "next": "//evil.example/"}, follow_redirects=False)
    assert done.headers["location"] == "/"


def test_failed_logins_are_rate_limited_even_for_the_right_password(register: Register) -> None:
    c = client(register)
    token = re.search(r'name="login_token" value="([^"]+)"', c.get("/login").text)
    assert token
    form = {"username": "bob", "login_token": token.group(1)}
    codes = [c.post("/login", data={**form, "password": f"wrong-{i}"}).status_code for i in range(5)]
    assert codes == [401] * 5
    blocked = c.post("/login", data={**form, "password": PASSWORDS["bob"]}, follow_redirects=False)
    assert blocked.status_code == 429 and int(blocked.headers["retry-after"]) > 0


def test_forms_and_api_changes_need_the_csrf_token(register: Register) -> None:
    c = client(register)
    csrf = login(c, "alice")
    form = {"site": "Depot", "location": "gate"}
    assert c.post("/devices/1/annotation", data=form, follow_redirects=False).status_code == 403
    assert c.post("/devices/1/annotation", data={**form, "csrf_token": "x" * 43},
                  follow_redirects=False).status_code == 403
    assert c.put("/api/devices/1/annotation", json={"site": "Depot"}).status_code == 403
    foreign = c.post("/devices/1/annotation", data={**form, "csrf_token": csrf},
                     headers={"Origin": "https://evil.example"}, follow_redirects=False)
    assert foreign.status_code == 403
    ok = c.put("/api/devices/1/annotation", json={"site": "Depot"}, headers={"X-CSRF-Token": csrf})
    assert ok.status_code == 200 and ok.json()["annotation"]["site"] == "Depot"


def test_a_viewer_can_read_but_not_change_notes(register: Register) -> None:
    c = client(register)
    csrf = login(c, "bob")
    assert c.get("/devices/1").status_code == 200
    assert 'action="/devices/1/annotation"' not in c.get("/devices/1").text
    refused = c.post("/devices/1/annotation", data={"site": "X", "csrf_token": csrf}, follow_redirects=False)
    assert refused.status_code == 403
    assert c.put("/api/devices/1/annotation", json={"site": "X"}, headers={"X-CSRF-Token": csrf}).status_code == 403
    assert c.get("/api/me").json() == {"name": "bob", "role": "viewer"}


def test_logout_and_password_change_end_sessions(register: Register, web_db: str) -> None:
    c = client(register)
    csrf = login(c, "alice")
    out = c.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert out.status_code == 303
    assert c.get("/api/me").status_code == 401
    other = client(register)
    login(other, "alice")
    changed = camaudit("users", "passwd", "alice", "--password-stdin", "--db", web_db,
                       stdin="another long password\n")
    assert changed.returncode == 0, changed.stderr
    assert other.get("/api/me").status_code == 401
    camaudit("users", "passwd", "alice", "--password-stdin", "--db", web_db, stdin=PASSWORDS["alice"] + "\n")


def test_users_cli_stores_only_argon2id_hashes(web_db: str) -> None:
    con = sqlite3.connect(web_db)
    try:
        rows = con.execute("SELECT name, role, password_hash FROM users ORDER BY name").fetchall()
    finally:
        con.close()
    assert [(n, r) for n, r, _ in rows] == [("alice", "admin"), ("bob", "viewer")]
    for name, _, digest in rows:
        assert digest.startswith("$argon2id$") and PASSWORDS[name] not in digest
    listed = camaudit("users", "list", "--db", web_db)
    assert re.search(r"^alice\s+admin\s", listed.stdout, re.M) and "argon2" not in listed.stdout


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["add", "carol", "--role", "root"], "long enough password\n", "--role must be one of"),
        (["add", "carol", "--role", "viewer"], "short\n", "at least 12 characters"),
        (["add", "alice", "--role", "viewer"], "long enough password\n", "already exists"),
        (["remove", "nobody"], None, "no user 'nobody'"),
    ],
)
def test_users_cli_errors_are_one_line(web_db: str, args: list[str], stdin: str | None, message: str) -> None:
    extra = ["--password-stdin"] if stdin else []
    proc = camaudit("users", *args, *extra, "--db", web_db, stdin=stdin)
    assert proc.returncode == 2 and message in proc.stderr and len(proc.stderr.strip().splitlines()) == 1


def test_serve_refuses_a_register_without_users(audit_register: AuditRegister) -> None:
    proc = camaudit("serve", "--db", audit_register.db, "--port", "1")
    assert proc.returncode == 2 and "no dashboard user" in proc.stderr


def test_scans_page_shows_what_changed_between_the_two_scans(register: Register,
                                                             audit_register: AuditRegister) -> None:
    c = client(register)
    login(c, "bob")
    page = c.get("/scans").text
    text = " ".join(re.sub(r"<[^>]+>", " ", page).split())
    assert "From scan 1 to scan 2: 0 new, 1 gone" in text
    gone = re.search(r"<tr><td>gone</td>.*?</tr>", page, re.S)
    assert gone and audit_register.ips["annke-ipc"] in gone.group(0)
    assert c.get("/api/diff", params={"before": 1, "after": 2}).json()["gone"][0]["ip"] == audit_register.ips[
        "annke-ipc"]


def test_a_devices_history_in_the_api_is_one_sighting_per_scan_in_the_pages_terms(register: Register) -> None:
    # The API serves the view's own sighting record (web/views.py): the same keys, one per scan that saw it, oldest first.
    c = client(register)
    login(c, "bob")
    history = c.get("/api/devices/1").json()["history"]
    assert history and [set(h) for h in history] == [{
        "scan_id", "started", "ip", "brand", "manufacturer", "model", "firmware", "findings", "restricted"}] * len(history)
    assert [h["scan_id"] for h in history] == sorted({h["scan_id"] for h in history})
    assert all(isinstance(h["restricted"], bool) and isinstance(h["findings"], int) for h in history)
