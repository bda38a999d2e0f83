"""Login schemes of authenticated checks, as pure functions (no I/O), so the lab can verify them too.

* HTTP Digest (RFC 7616, MD5 or SHA-256, with ``qop=auth`` or without): Hikvision ISAPI and Axis VAPIX.
* WS-Security UsernameToken with PasswordDigest: ONVIF.
* Dahua RPC2: ``MD5(user:random:MD5(user:realm:password))``, upper-case hex, after the login challenge.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

_PARAM = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]+))')


def _md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _digest_hash(algorithm: str) -> tuple[str, Callable[[str], str]]:
    """The algorithm name to send and its hash; anything but SHA-256 is answered with MD5, as before RFC 7616."""
    return ("SHA-256", _sha256) if algorithm.upper() == "SHA-256" else ("MD5", _md5)


@dataclass(frozen=True, slots=True)
class DigestChallenge:
    realm: str
    nonce: str
    qop: str | None = None
    opaque: str | None = None
    algorithm: str = "MD5"


def parse_digest_challenge(header: str) -> DigestChallenge | None:
    """The first ``Digest`` challenge in a ``WWW-Authenticate`` value (several may be joined by newlines)."""
    for line in header.split("\n"):
        scheme, _, rest = line.strip().partition(" ")
        if scheme.lower() != "digest":
            continue
        params = {
            m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3) for m in _PARAM.finditer(rest)
        }
        if "realm" in params and "nonce" in params:
            qops = [q.strip() for q in (params.get("qop") or "").split(",") if q.strip()]
            return DigestChallenge(
                realm=params["realm"],
                nonce=params["nonce"],
                qop="auth" if "auth" in qops else None,
                opaque=params.get("opaque"),
                algorithm=params.get("algorithm", "MD5"),
            )
    return None


def digest_response(
    challenge: DigestChallenge, username: str, password: str, method: str, uri: str, cnonce: str, nc: str = "00000001"
) -> str:
    """The ``response`` value of RFC 7616 digest (MD5 or SHA-256, as the challenge asks)."""
    _name, h = _digest_hash(challenge.algorithm)
    ha1 = h(f"{username}:{challenge.realm}:{password}")
    ha2 = h(f"{method}:{uri}")
    if challenge.qop == "auth":
        return h(f"{ha1}:{challenge.nonce}:{nc}:{cnonce}:auth:{ha2}")
    return h(f"{ha1}:{challenge.nonce}:{ha2}")


def digest_authorization(challenge: DigestChallenge, username: str, password: str, method: str, uri: str) -> str:
    """An ``Authorization`` header value answering ``challenge``."""
    cnonce = os.urandom(8).hex()
    response = digest_response(challenge, username, password, method, uri, cnonce)
    parts = [
        f'username="{username}"',
        f'realm="{challenge.realm}"',
        f'nonce="{challenge.nonce}"',
        f'uri="{uri}"',
        f'algorithm="{_digest_hash(challenge.algorithm)[0]}"',
        f'response="{response}"',
    ]
    if challenge.qop == "auth":
        parts += ["qop=auth", "nc=00000001", f'cnonce="{cnonce}"']
    if challenge.opaque is not None:
        parts.append(f'opaque="{challenge.opaque}"')
    return "Digest " + ", ".join(parts)


def wsse_password_digest(nonce: bytes, created: str, password: str) -> str:
    """ONVIF/WS-Security PasswordDigest: Base64(SHA1(nonce + created + password))."""
    digest = hashlib.sha1(nonce + created.encode() + password.encode(), usedforsecurity=False).digest()
    return base64.b64encode(digest).decode()


def wsse_header(username: str, password: str, nonce: bytes | None = None, created: str | None = None) -> str:
    """A SOAP ``<Security>`` header with a UsernameToken (PasswordDigest)."""
    nonce = nonce if nonce is not None else os.urandom(16)
    # Hikvision accepts only a "Z" timestamp (python-onvif-zeep-async issues #122/#179).
    created = created or datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")
    digest = wsse_password_digest(nonce, created, password)
    wsse = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"
    wsu = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd"
    ptype = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-username-token-profile-1.0#PasswordDigest"
    etype = "http://docs.oasis-open.org/wss/2004/01/oasis-200401-soap-message-security-1.0#Base64Binary"
    return (
        f'<Security s:mustUnderstand="1" xmlns="{wsse}"><UsernameToken>'
        f"<Username>{_xml_text(username)}</Username>"
        f'<Password Type="{ptype}">{digest}</Password>'
        f'<Nonce EncodingType="{etype}">{base64.b64encode(nonce).decode()}</Nonce>'
        f'<Created xmlns="{wsu}">{created}</Created>'
        "</UsernameToken></Security>"
    )


def _xml_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def dahua_password_hash(username: str, password: str, realm: str, random: str) -> str:
    """The second-step ``password`` of Dahua's RPC2 ``global.login`` (encryption "Default")."""
    inner = _md5(f"{username}:{realm}:{password}").upper()
    return _md5(f"{username}:{random}:{inner}").upper()
