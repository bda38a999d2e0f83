"""The lab's server-side logins accept only what was computed from the configured password."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from camaudit.lab.auth import AuthState
from camaudit.lab.auth_spec import AccountSpec
from camaudit.lab.profile import ProfileError, load_profile
from camaudit.scan.auth.schemes import DigestChallenge, dahua_password_hash, digest_authorization, wsse_header

REALM = "IP Camera(C2183)"


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _state(lockout: int | None = None, clock: Clock | None = None) -> AuthState:
    account = AccountSpec(username="admin", password="Right-Pass-1", lockout_after=lockout, lock_seconds=60,
                          apis=["isapi"])
    return AuthState(account, clock or Clock())


def _digest(state: AuthState, password: str, nonce: str | None = None, uri: str = "/ISAPI/System/deviceInfo") -> str:
    challenge = DigestChallenge(realm=REALM, nonce=nonce or state.issue_nonce(), qop="auth")
    return digest_authorization(challenge, "admin", password, "GET", uri)


def test_digest_needs_the_password_an_issued_nonce_and_the_same_target() -> None:
    state = _state()
    assert state.verify_digest(_digest(state, "Right-Pass-1"), "GET", "/ISAPI/System/deviceInfo", REALM) == (
        "admin", True)
    assert state.verify_digest(_digest(state, "wrong"), "GET", "/ISAPI/System/deviceInfo", REALM) == ("admin", False)
    forged = _digest(state, "Right-Pass-1", nonce="0" * 32)
    assert state.verify_digest(forged, "GET", "/ISAPI/System/deviceInfo", REALM) == ("admin", False)
    elsewhere = _digest(state, "Right-Pass-1")
    assert state.verify_digest(elsewhere, "GET", "/ISAPI/System/capabilities", REALM) == ("admin", False)
    assert state.verify_digest('Basic YWRtaW46eA==', "GET", "/", REALM) is None


def test_lockout_refuses_even_the_right_password_until_it_lifts() -> None:
    clock = Clock()
    state = _state(lockout=2, clock=clock)
    assert state.judge("isapi", "admin", False) == "rejected" and state.tries_left() == 1
    assert state.judge("isapi", "admin", False) == "locked"
    assert state.judge("isapi", "admin", True) == "locked" and state.lock_remaining() == 60
    clock.now += 61
    assert state.judge("isapi", "admin", True) == "accepted" and state.tries_left() == 2
    assert [r.outcome for r in state.records] == ["rejected", "locked", "locked", "accepted"]


def test_wsse_token_is_verified_fresh_and_not_replayed() -> None:
    state = _state()
    header = wsse_header("admin", "Right-Pass-1")
    body = f"<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope'><s:Header>{header}</s:Header>" \
           "<s:Body/></s:Envelope>"
    assert state.verify_wsse(body.encode()) == ("admin", True)
    assert state.verify_wsse(body.encode()) == ("admin", False)  # the same nonce again: a replay
    stale = (datetime.now(UTC) - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    old = body.replace(header, wsse_header("admin", "Right-Pass-1", created=stale))
    assert state.verify_wsse(old.encode()) == ("admin", False)
    wrong = body.replace(header, wsse_header("admin", "wrong"))
    assert state.verify_wsse(wrong.encode()) == ("admin", False)
    assert state.verify_wsse(b"<Envelope/>") is None


def test_dahua_hash_must_answer_the_challenge_of_its_session_once() -> None:
    state = _state()
    state.remember_challenge("111", "Login to 6J0DA6EPAJ4FE11", "123456789")
    good = dahua_password_hash("admin", "Right-Pass-1", "Login to 6J0DA6EPAJ4FE11", "123456789")
    assert not state.verify_dahua("222", "admin", good)
    assert state.verify_dahua("111", "admin", good)
    assert not state.verify_dahua("111", "admin", good)  # a challenge answers one login only


def test_profile_credentials_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "cam.yaml"
    path.write_text(
        "name: cam\ndescription: x\nexpect: {device_type: camera}\nmac: 00:11:22:33:44:55\n"
        "services: [{name: http, protocol: http, port: 8080, http: {not_found: {status: 404}}}]\n"
        "credentials: {username: admin, password: x, apis: [onvif]}\n"
    )
    with pytest.raises(ProfileError, match=r"onvif\.access: auth"):
        load_profile(path)
