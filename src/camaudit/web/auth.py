"""Who is asking: session cookies, CSRF tokens, the login rate limit and roles.

* Every request but the login page itself needs a live session (``SessionGate``, an ASGI middleware, so a
  route added later cannot forget it): pages redirect to ``/login``, the API answers 401.
* The session cookie is HttpOnly, SameSite=Strict and Secure; only its SHA-256 is stored.
* Every state-changing request carries the session's CSRF token (a form field or ``X-CSRF-Token``), and
  the login form a double-submit token of its own, so no other site can post on the user's behalf.
* Failed logins are limited per client address and per user name (``LoginLimiter``).
"""

from __future__ import annotations

import hmac
import time
from collections import defaultdict, deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from urllib.parse import quote

from fastapi import HTTPException, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from camaudit.register.db import Register
from camaudit.register.users import SessionInfo, find_session

SESSION_COOKIE = "camaudit_session"
LOGIN_COOKIE = "camaudit_login"
CSRF_HEADER = "x-csrf-token"
#: Paths anyone may request: the login form and its post. Everything else needs a session.
PUBLIC_PATHS = frozenset({"/login"})
_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass
class LoginLimiter:
    """At most ``attempts`` failed logins per ``window`` seconds per client address and per user name."""

    attempts: int = 5
    window: float = 300.0
    _failures: dict[str, deque[float]] = field(default_factory=lambda: defaultdict(deque))

    def _recent(self, key: str, now: float) -> deque[float]:
        times = self._failures[key]
        while times and times[0] <= now - self.window:
            times.popleft()
        return times

    def retry_after(self, client: str, name: str) -> int:
        """Seconds until another attempt is allowed (0: allowed now)."""
        now = time.monotonic()
        waits = [
            int(times[0] + self.window - now) + 1
            for key in (f"ip:{client}", f"user:{name.lower()}")
            if len(times := self._recent(key, now)) >= self.attempts
        ]
        return max(waits, default=0)

    def failed(self, client: str, name: str) -> None:
        now = time.monotonic()
        for key in (f"ip:{client}", f"user:{name.lower()}"):
            self._recent(key, now).append(now)
        if len(self._failures) > 10_000:  # bounded memory under a flood of made-up names
            self._failures.clear()

    def succeeded(self, client: str, name: str) -> None:
        self._failures.pop(f"user:{name.lower()}", None)


def tokens_match(given: str | None, expected: str) -> bool:
    """Constant-time comparison of a submitted token with the expected one."""
    if not given or not expected:
        return False
    return hmac.compare_digest(str(given).encode(), expected.encode())


def _same_origin(scope: Scope) -> bool:
    """False when the browser says the request comes from another origin (checked on unsafe methods)."""
    headers: dict[str, str] = {
        k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope.get("headers", [])
    }
    origin = headers.get("origin")
    if origin is None:  # not a browser, or a same-origin GET-like request: the CSRF token still applies
        return True
    host = headers.get("host", "")
    return origin.split("://", 1)[-1] == host


class SessionGate:
    """ASGI middleware: attach the session to every request, refuse requests without one."""

    def __init__(self, app: ASGIApp, register: Register) -> None:
        self.app, self.register = app, register

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.method not in _SAFE_METHODS and not _same_origin(scope):
            await JSONResponse({"detail": "cross-origin request refused"}, status_code=403)(scope, receive, send)
            return
        token = request.cookies.get(SESSION_COOKIE, "")
        session = find_session(self.register, token) if token else None
        scope.setdefault("state", {})["session"] = session
        if session is None and scope["path"] not in PUBLIC_PATHS:
            await _refuse(request)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def _refuse(request: Request) -> Response:
    if request.url.path.startswith("/api/") or request.method not in _SAFE_METHODS:
        return JSONResponse({"detail": "log in first"}, status_code=401, headers={"WWW-Authenticate": "Cookie"})
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return RedirectResponse(f"/login?next={quote(target, safe='')}", status_code=303)


def current(request: Request) -> SessionInfo:
    """The request's session (the gate already refused requests without one)."""
    session: SessionInfo | None = getattr(request.state, "session", None)
    if session is None:
        raise HTTPException(status_code=401, detail="log in first")
    return session


def admin(request: Request) -> SessionInfo:
    """The session of an admin; 403 for a viewer."""
    session = current(request)
    if not session.user.is_admin:
        raise HTTPException(status_code=403, detail="only an admin may change this")
    return session


def check_csrf(session: SessionInfo, token: str | None) -> None:
    """403 unless ``token`` is the session's CSRF token."""
    if not tokens_match(token, session.csrf):
        raise HTTPException(status_code=403, detail="missing or wrong CSRF token; reload the page")


def set_cookie(response: Response, name: str, value: str, max_age: int, secure: bool) -> None:
    """Set a dashboard cookie: HttpOnly, SameSite=Strict, Secure (unless turned off for plain-HTTP tests)."""
    response.set_cookie(name, value, max_age=max_age, httponly=True, samesite="strict", secure=secure, path="/")


async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    """No script, no framing, no sniffing, no referrer, no caching of audit data."""
    response = await call_next(request)
    response.headers["Content-Security-Policy"] = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    # same-origin, not no-referrer: with no-referrer Chromium posts forms with "Origin: null".
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Cache-Control"] = "no-store"
    return response
