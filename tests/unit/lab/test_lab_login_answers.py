"""The lab's own login arithmetic against published test vectors, and the lab's devices verifying them.

Sources (the same vectors pin the scanner's side in ``tests/unit/auth/test_schemes.py``):
* RFC 2617 §3.5 — https://www.rfc-editor.org/rfc/rfc2617#section-3.5
* RFC 2069 example as corrected by erratum 749 (digest without qop) — https://www.rfc-editor.org/errata/rfc2069
* RFC 7616 §3.9.1, MD5 and SHA-256 — https://www.rfc-editor.org/rfc/rfc7616#section-3.9.1
* WS-Security PasswordDigest: ONVIF Application Programmer's Guide §6.1.1.3 —
  https://www.onvif.org/wp-content/uploads/2016/12/ONVIF_WG-APG-Application_Programmers_Guide-1.pdf
  (formula: OASIS UsernameToken Profile 1.0 §3.1 —
  https://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0.pdf)
* Dahua RPC2 login hash: Test_AuthParam in
  github:ItsNotGoodName/ipcmanview/pkg/dahuarpc/utils_test.go@0052615d4ab2ce4d3113ea918215d90a28ae6ed3
"""

from __future__ import annotations

import base64

import pytest

from camaudit.lab import auth as lab_auth
from camaudit.lab.auth import AuthState
from camaudit.lab.auth_spec import AccountSpec
from camaudit.lab.login_answers import dahua_answer, digest_answer, wsse_answer

RFC2617 = {"username": "Mufasa", "realm": "testrealm@host.com", "password": "Circle Of Life", "method": "GET",
           "uri": "/dir/index.html", "nonce": "dcd98b7102dd2f0e8b11d0f600bfb0c093"}
RFC7616 = {"username": "Mufasa", "realm": "http-auth@example.org", "password": "Circle of Life", "method": "GET",
           "uri": "/dir/index.html", "nonce": "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v"}
RFC7616_CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"


def test_rfc2617_digest_with_qop_auth() -> None:
    response = digest_answer(**RFC2617, qop="auth", nc="00000001", cnonce="0a4f113b")
    assert response == "6629fae49393a05397450978507c4ef1"


def test_rfc2069_digest_without_qop_as_corrected() -> None:
    assert digest_answer(**{**RFC2617, "password": "CircleOfLife"}) == "1949323746fe6a43ef61f9606e7febea"


@pytest.mark.parametrize(
    ("algorithm", "expected"),
    [("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
     ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")],
)
def test_rfc7616_digest(algorithm: str, expected: str) -> None:
    response = digest_answer(**RFC7616, algorithm=algorithm, qop="auth", nc="00000001", cnonce=RFC7616_CNONCE)
    assert response == expected


def test_onvif_ws_security_password_digest() -> None:
    nonce = base64.b64decode("LKqI6G/AikKCQrN0zqZFlg==")
    assert wsse_answer(nonce, "2010-09-16T07:50:45Z", "userpassword") == "tuOSpGlFlIXsozq4HFNeeGeFLEI="


def test_dahua_rpc2_login_hash_of_a_public_client() -> None:
    answer = dahua_answer("admin", "123", "Login to a0c50bcd05b2f03d067e530d9bf069af", "1172275829")
    assert answer == "2E9AD6D2DB08E0882F376A622BC76B9A"


def _rfc2617_device(monkeypatch: pytest.MonkeyPatch, nonce: str) -> AuthState:
    monkeypatch.setattr(lab_auth.secrets, "token_hex", lambda _n: nonce)
    state = AuthState(AccountSpec(username="Mufasa", password="Circle Of Life", apis=["isapi"]))
    assert state.issue_nonce() == nonce
    return state


def test_a_lab_device_accepts_the_rfc2617_authorization_header_verbatim(monkeypatch: pytest.MonkeyPatch) -> None:
    state = _rfc2617_device(monkeypatch, RFC2617["nonce"])
    # RFC 2617 §3.5, the client's Authorization header as printed there.
    header = ('Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", '
              'uri="/dir/index.html", qop=auth, nc=00000001, cnonce="0a4f113b", '
              'response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"')
    assert state.verify_digest(header, "GET", "/dir/index.html", "testrealm@host.com") == ("Mufasa", True)
    assert state.verify_digest(header.replace("6629", "6639"), "GET", "/dir/index.html",
                               "testrealm@host.com") == ("Mufasa", False)
    # The same answer under another algorithm than the device's challenge named is refused.
    assert state.verify_digest(header, "GET", "/dir/index.html", "testrealm@host.com", "SHA-256") == (
        "Mufasa", False)


def test_a_lab_device_accepts_the_rfc7616_sha256_header(monkeypatch: pytest.MonkeyPatch) -> None:
    state = _rfc2617_device(monkeypatch, RFC7616["nonce"])
    state.account = AccountSpec(username="Mufasa", password="Circle of Life", apis=["isapi"])
    # RFC 7616 §3.9.1, the SHA-256 Authorization header.
    header = ('Digest username="Mufasa", realm="http-auth@example.org", uri="/dir/index.html", algorithm=SHA-256, '
              f'nonce="{RFC7616["nonce"]}", nc=00000001, cnonce="{RFC7616_CNONCE}", qop=auth, '
              'response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", '
              'opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"')
    assert state.verify_digest(header, "GET", "/dir/index.html", "http-auth@example.org", "SHA-256") == (
        "Mufasa", True)

