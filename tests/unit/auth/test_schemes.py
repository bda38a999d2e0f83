"""Login schemes against published test vectors; credentials files that must be refused.

The vectors and their sources are those that pin the lab's own arithmetic (``tests/unit/lab/
test_lab_login_answers.py``): RFC 2617 §3.5, RFC 2069 as corrected by erratum 749, RFC 7616 §3.9.1, the ONVIF
Application Programmer's Guide §6.1.1.3, and the Dahua vector of
github:ItsNotGoodName/ipcmanview/pkg/dahuarpc/utils_test.go@0052615d4ab2ce4d3113ea918215d90a28ae6ed3.
"""

from __future__ import annotations

import base64
from pathlib import Path

import pytest

from camaudit.scan.auth.credentials import CredentialsError, load_credentials
from camaudit.scan.auth.schemes import (
    dahua_password_hash,
    digest_authorization,
    digest_response,
    parse_digest_challenge,
    wsse_password_digest,
)


def test_digest_rfc2617_vector() -> None:
    challenge = parse_digest_challenge(
        'Basic realm="x"\nDigest realm="testrealm@host.com", qop="auth,auth-int", '
        'nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"'
    )
    assert challenge is not None and challenge.qop == "auth"
    response = digest_response(challenge, "Mufasa", "Circle Of Life", "GET", "/dir/index.html", "0a4f113b")
    assert response == "6629fae49393a05397450978507c4ef1"


def test_hikvision_style_challenge() -> None:
    challenge = parse_digest_challenge('Digest qop="auth", realm="IP Camera(C2183)", nonce="4e5468694e7a", stale="FALSE"')
    assert challenge is not None and challenge.realm == "IP Camera(C2183)"


def test_wsse_onvif_programmers_guide_vector() -> None:
    nonce = base64.b64decode("LKqI6G/AikKCQrN0zqZFlg==")
    assert wsse_password_digest(nonce, "2010-09-16T07:50:45Z", "userpassword") == "tuOSpGlFlIXsozq4HFNeeGeFLEI="


def test_dahua_rpc2_login_hash_of_a_public_client() -> None:
    hashed = dahua_password_hash("admin", "123", "Login to a0c50bcd05b2f03d067e530d9bf069af", "1172275829")
    assert hashed == "2E9AD6D2DB08E0882F376A622BC76B9A"


def test_digest_without_qop_rfc2069_as_corrected() -> None:
    challenge = parse_digest_challenge('Digest realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093"')
    assert challenge is not None and challenge.qop is None
    assert digest_response(challenge, "Mufasa", "CircleOfLife", "GET", "/dir/index.html", "") == (
        "1949323746fe6a43ef61f9606e7febea")


@pytest.mark.parametrize(
    ("algorithm", "expected"),
    [("MD5", "8ca523f5e9506fed4657c9700eebdbec"),
     ("SHA-256", "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1")],
)
def test_digest_rfc7616_vectors(algorithm: str, expected: str) -> None:
    challenge = parse_digest_challenge(
        f'Digest realm="http-auth@example.org", qop="auth, auth-int", algorithm={algorithm}, '
        'nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"'
    )
    assert challenge is not None and challenge.qop == "auth"
    cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ"
    assert digest_response(challenge, "Mufasa", "Circle of Life", "GET", "/dir/index.html", cnonce) == expected
    assert f'algorithm="{algorithm}"' in digest_authorization(challenge, "Mufasa", "x", "GET", "/")


def _write(path: Path, text: str, mode: int = 0o600) -> Path:
    path.write_text(text)
    path.chmod(mode)
    return path


def test_private_file_loads_and_never_shows_the_password(tmp_path: Path) -> None:
    path = _write(tmp_path / "c.yaml", "credentials:\n  - username: admin\n    password: 's3cret!'\n    targets: [127.0.0.0/8]\n")
    store = load_credentials(path, environ={})
    [cred] = store.for_target("127.0.0.5", "hikvision")
    assert cred.password == "s3cret!"
    assert "s3cret" not in repr(store) and "s3cret" not in str(cred)
    assert store.for_target("192.0.2.1", "hikvision") == []


@pytest.mark.parametrize(
    ("text", "mode", "reason"),
    [
        ("credentials:\n  - username: a\n    password: b\n", 0o644, "readable by others"),
        ("credentials: [\n", 0o600, "not valid YAML"),
        ("credentials: []\n", 0o600, "non-empty list"),
        ("credentials:\n  - username: a\n", 0o600, "'password' must be a string"),
        ("credentials:\n  - username: a\n    password: b\n    targets: [300.1.1.1]\n", 0o600, "entry 1"),
        ("credentials:\n  - username: a\n    password: b\n    checks: [ssh]\n", 0o600, "'checks'"),
    ],
)
def test_bad_credentials_files_are_one_line_errors(tmp_path: Path, text: str, mode: int, reason: str) -> None:
    path = _write(tmp_path / "c.yaml", text, mode)
    with pytest.raises(CredentialsError) as info:
        load_credentials(path, environ={})
    assert reason in str(info.value) and "\n" not in str(info.value)
    assert "password: b" not in str(info.value)


def test_environment_needs_both_variables() -> None:
    assert load_credentials(None, environ={"CAMAUDIT_USERNAME": "u", "CAMAUDIT_PASSWORD": "p"}).for_target(
        "127.0.0.1", "onvif"
    )
    with pytest.raises(CredentialsError):
        load_credentials(None, environ={"CAMAUDIT_USERNAME": "u"})
