"""What a correct client answers to each login challenge the lab issues, computed the device's way.

The lab is the scanner's independent counterpart: it never imports the scanner's login code
(``scan/auth/schemes.py``), so a scanner that computes a wrong answer fails against it instead of
agreeing with itself. Each function here is pinned by published test vectors
(``tests/unit/lab/test_lab_login_answers.py``):

* HTTP Digest — RFC 2617 §3.5 and RFC 7616 §3.9.1 (MD5 and SHA-256, with and without ``qop=auth``).
* WS-Security UsernameToken PasswordDigest — ONVIF Application Programmer's Guide §6.1.1.3.
* Dahua RPC2 ``global.login`` (encryption ``Default``) — the vector of a public client library's tests.
"""

from __future__ import annotations

import base64
import hashlib

#: Digest algorithms the lab's devices understand, by the name in the challenge (RFC 7616 §3.3).
DIGEST_ALGORITHMS = {"MD5": "md5", "SHA-256": "sha256"}


def _hex(algorithm: str, *parts: str) -> str:
    """Lower-case hex of ``H(part1:part2:...)`` (RFC 7616 §3.4.1: H is the challenge's algorithm)."""
    h = hashlib.new(DIGEST_ALGORITHMS[algorithm.upper()], usedforsecurity=False)
    h.update(":".join(parts).encode("utf-8"))
    return h.hexdigest()


def digest_answer(
    *,
    username: str,
    realm: str,
    password: str,
    method: str,
    uri: str,
    nonce: str,
    algorithm: str = "MD5",
    qop: str | None = None,
    nc: str = "",
    cnonce: str = "",
) -> str:
    """The ``response`` a client must send for this challenge (RFC 7616 §3.4.1; RFC 2617 §3.2.2.1 without qop).

    ``KeyError`` for an algorithm the lab does not offer.
    """
    secret = _hex(algorithm, username, realm, password)  # A1 = user:realm:password
    request = _hex(algorithm, method, uri)  # A2 = method:uri (qop=auth)
    if qop is None:
        return _hex(algorithm, secret, nonce, request)
    return _hex(algorithm, secret, nonce, nc, cnonce, qop, request)


def wsse_answer(nonce: bytes, created: str, password: str) -> str:
    """WS-Security PasswordDigest: ``Base64(SHA-1(nonce + created + password))`` (UsernameToken Profile 1.0 §3.1)."""
    sha1 = hashlib.sha1(usedforsecurity=False)
    for part in (nonce, created.encode("utf-8"), password.encode("utf-8")):
        sha1.update(part)
    return base64.b64encode(sha1.digest()).decode("ascii")


def dahua_answer(username: str, password: str, realm: str, random: str) -> str:
    """The second-step password of Dahua's RPC2 login: ``MD5(user:random:MD5(user:realm:password))``, upper-case."""

    def md5_upper(text: str) -> str:
        return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest().upper()

    return md5_upper(f"{username}:{random}:{md5_upper(f'{username}:{realm}:{password}')}")
