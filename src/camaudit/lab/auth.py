"""Server-side logins of an emulated device: verify what a client sends, count failures, lock, keep a log.

Verification uses the lab's own arithmetic (``login_answers.py``, pinned by published test vectors), never
the scanner's: the device recomputes the answer from its configured password and compares. Nothing here
accepts a login it has not checked, so an end-to-end test that passes proves the scanner really computed
the right answer.

Every credential a client presents is one :class:`LoginRecord` (a challenge request that carries no
password is not), so tests can prove the scanner's one-attempt rule and its silence by default.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import re
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Literal
from xml.etree.ElementTree import Element, ParseError

from defusedxml import ElementTree as SafeET
from defusedxml.common import DefusedXmlException

from camaudit.lab.auth_spec import AccountSpec
from camaudit.lab.login_answers import DIGEST_ALGORITHMS, dahua_answer, digest_answer, wsse_answer

Outcome = Literal["accepted", "rejected", "locked"]
#: Digest nonces (and WS-Security nonces seen) the device remembers; older ones are forgotten.
MAX_NONCES = 1024
#: Seconds an issued digest nonce stays valid.
NONCE_LIFETIME = 600.0
#: How far a UsernameToken's Created may be from the device's clock (ONVIF devices allow a few minutes).
WSSE_CLOCK_SKEW = 600.0
#: Log entries kept per device (a test reads them; a runaway client must not grow them forever).
MAX_RECORDS = 10_000

_PARAM = re.compile(r'(\w+)\s*=\s*(?:"([^"]*)"|([^\s,]+))')


@dataclass(frozen=True, slots=True)
class LoginRecord:
    """One credential a client presented: which API, which user name, and what the device answered."""

    api: str
    username: str
    outcome: Outcome


class AuthState:
    """The account of one device: verification, the failure counter and lock, issued nonces, sessions.

    All of it runs on the lab's event loop; tests read :attr:`records` from another thread, which only
    copies a list.
    """

    def __init__(self, account: AccountSpec, clock: Callable[[], float] = time.monotonic) -> None:
        self.account = account
        self._clock = clock
        self._records: list[LoginRecord] = []
        self._failures = 0
        self._locked_until = 0.0
        self._nonces: OrderedDict[str, float] = OrderedDict()
        self._wsse_seen: OrderedDict[str, None] = OrderedDict()
        #: Dahua RPC2: session -> (realm, random) of the challenge it was given.
        self.challenges: OrderedDict[str, tuple[str, str]] = OrderedDict()
        #: Dahua RPC2 sessions that logged in (and have not logged out).
        self.sessions: set[str] = set()

    @property
    def records(self) -> list[LoginRecord]:
        """Every login the device has seen, oldest first."""
        return list(self._records)

    # -- lockout ---------------------------------------------------------------------------------------

    def locked(self) -> bool:
        """Whether the device refuses every login right now."""
        return self._clock() < self._locked_until

    def lock_remaining(self) -> int:
        """Whole seconds until the lock lifts (0 when not locked)."""
        return max(0, int(self._locked_until - self._clock() + 0.999))

    def tries_left(self) -> int | None:
        """Failed logins the device still takes before it locks (None: it never locks)."""
        limit = self.account.lockout_after
        return None if limit is None else max(0, limit - self._failures)

    def judge(self, api: str, username: str, password_ok: bool) -> Outcome:
        """Record one presented credential and apply the lockout policy; the outcome the device answers."""
        if self.locked():
            outcome: Outcome = "locked"
        elif password_ok and hmac.compare_digest(username.encode(), self.account.username.encode()):
            outcome, self._failures = "accepted", 0
        else:
            self._failures += 1
            limit = self.account.lockout_after
            if limit is not None and self._failures >= limit:
                # The failure that reaches the limit already answers "locked", as the state it leaves.
                self._locked_until = self._clock() + self.account.lock_seconds
                outcome = "locked"
            else:
                outcome = "rejected"
        if len(self._records) < MAX_RECORDS:
            self._records.append(LoginRecord(api, username[:64], outcome))
        return outcome

    # -- HTTP digest (RFC 7616) ------------------------------------------------------------------------

    def issue_nonce(self) -> str:
        """A fresh nonce for a ``WWW-Authenticate: Digest`` challenge, remembered for verification."""
        nonce = secrets.token_hex(16)
        self._nonces[nonce] = self._clock()
        while len(self._nonces) > MAX_NONCES:
            self._nonces.popitem(last=False)
        return nonce

    def _nonce_valid(self, nonce: str) -> bool:
        issued = self._nonces.get(nonce)
        return issued is not None and self._clock() - issued < NONCE_LIFETIME

    def verify_digest(
        self, header: str, method: str, target: str, realm: str, algorithm: str = "MD5"
    ) -> tuple[str, bool] | None:
        """``(user name, password right)`` for a digest ``Authorization`` header; None when it is not one.

        The response must answer a nonce this device issued, for this realm and this request target, with the
        algorithm the device's challenge named (MD5 when it named none).
        """
        scheme, _, rest = header.strip().partition(" ")
        if scheme.lower() != "digest":
            return None
        params = {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
                  for m in _PARAM.finditer(rest)}
        username, nonce, response = params.get("username", ""), params.get("nonce", ""), params.get("response", "")
        qop = params.get("qop")
        if qop not in (None, "auth") or (qop == "auth" and not params.get("cnonce")):
            return username, False
        if not self._nonce_valid(nonce) or params.get("realm") != realm or params.get("uri") != target:
            return username, False
        if params.get("algorithm", "MD5").upper() != algorithm.upper() or algorithm.upper() not in DIGEST_ALGORITHMS:
            return username, False
        expected = digest_answer(
            username=self.account.username, realm=realm, password=self.account.password, method=method, uri=target,
            nonce=nonce, algorithm=algorithm, qop=qop, nc=params.get("nc", ""), cnonce=params.get("cnonce", ""),
        )
        return username, hmac.compare_digest(expected, response.lower())

    # -- WS-Security UsernameToken (ONVIF) -------------------------------------------------------------

    def verify_wsse(self, body: bytes) -> tuple[str, bool] | None:
        """``(user name, password right)`` for a SOAP request's UsernameToken; None when it carries none."""
        token = _username_token(body)
        if token is None:
            return None
        username, digest, nonce_b64, created = token
        try:
            nonce = base64.b64decode(nonce_b64, validate=True)
            when = datetime.fromisoformat(created.replace("Z", "+00:00"))
        except (binascii.Error, ValueError):
            return username, False
        fresh = when.tzinfo is not None and abs((datetime.now(UTC) - when).total_seconds()) <= WSSE_CLOCK_SKEW
        replayed = nonce_b64 in self._wsse_seen
        self._wsse_seen[nonce_b64] = None
        while len(self._wsse_seen) > MAX_NONCES:
            self._wsse_seen.popitem(last=False)
        expected = wsse_answer(nonce, created, self.account.password)
        return username, fresh and not replayed and hmac.compare_digest(expected, digest)

    # -- Dahua RPC2 ------------------------------------------------------------------------------------

    def remember_challenge(self, session: str, realm: str, random: str) -> None:
        """Keep the realm and random a login challenge gave ``session`` (for its second step)."""
        self.challenges[session] = (realm, random)
        while len(self.challenges) > MAX_NONCES:
            self.challenges.popitem(last=False)

    def verify_dahua(self, session: str, username: str, password_hash: str) -> bool:
        """Whether a second-step ``global.login`` hash answers the challenge ``session`` was given."""
        challenge = self.challenges.pop(session, None)
        if challenge is None:
            return False
        realm, random = challenge
        expected = dahua_answer(self.account.username, self.account.password, realm, random)
        return hmac.compare_digest(expected, password_hash.upper())


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _username_token(body: bytes) -> tuple[str, str, str, str] | None:
    """(Username, Password digest, Nonce base64, Created) of the first UsernameToken in a SOAP body."""
    if b"UsernameToken" not in body:
        return None
    try:
        root: Element = SafeET.fromstring(body)
    except (ParseError, DefusedXmlException, ValueError, LookupError):  # LookupError: an unknown encoding
        return None
    token = next((el for el in root.iter() if _local(el.tag) == "UsernameToken"), None)
    if token is None:
        return None
    values = {_local(el.tag): (el.text or "").strip() for el in token.iter()}
    return values.get("Username", ""), values.get("Password", ""), values.get("Nonce", ""), values.get("Created", "")
