"""A page address a person mistyped gets the dashboard's error page, as a browser shows it; the API keeps JSON."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from camaudit.register.db import Register, open_register
from camaudit.register.users import add_user
from camaudit.web.app import create_app

PASSWORD = "correct horse battery"


def _logged_in(register: Register) -> TestClient:
    add_user(register, "alice", "admin", PASSWORD)
    client = TestClient(create_app(register), base_url="https://testserver")
    form = client.get("/login")
    token = re.search(r'name="login_token" value="([^"]+)"', form.text)
    assert token, form.text[:200]
    done = client.post("/login", data={"username": "alice", "password": PASSWORD, "login_token": token.group(1),
                                       "next": "/"}, follow_redirects=False)
    assert done.status_code == 303
    return client


def test_a_device_address_that_is_not_a_number_is_the_not_found_page(tmp_path: Path) -> None:
    with open_register(str(tmp_path / "register.db")) as register:
        _check(_logged_in(register))


def _check(client: TestClient) -> None:
    page = client.get("/devices/abc")
    # Before: 422 and FastAPI's JSON ({"detail":[{"type":"int_parsing",...}]}) in the browser.
    assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")
    assert "no such page" in page.text and "int_parsing" not in page.text
    too_long = client.get("/devices", params={"q": "x" * 500})
    assert too_long.status_code == 400 and too_long.headers["content-type"].startswith("text/html")
    assert "a value in the address is not valid" in too_long.text
    api = client.get("/api/devices/abc")
    assert api.status_code == 422 and api.json()["detail"][0]["loc"] == ["path", "device_id"]
