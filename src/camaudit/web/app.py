"""The dashboard: ``create_app(register)`` builds the FastAPI application that ``camaudit serve`` runs.

Pages are server-rendered Jinja2 (autoescape on, no JavaScript at all); the JSON API under ``/api`` serves
the same data with an OpenAPI schema at ``/api/openapi.json``. The session gate in front of everything
(``auth.SessionGate``) means no route, present or future, answers without a login.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined
from starlette.exceptions import HTTPException as StarletteHTTPException

from camaudit import __version__
from camaudit.register.db import Register
from camaudit.report.html import environment as report_environment
from camaudit.web.auth import LoginLimiter, SessionGate, security_headers


@cache
def templates() -> Environment:
    """The dashboard's Jinja2 environment: its own templates, then the report's; autoescape everywhere."""
    env = Environment(
        loader=ChoiceLoader(
            [PackageLoader("camaudit.web", "templates"), PackageLoader("camaudit.report", "templates")]
        ),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    base = report_environment()
    env.filters.update({k: v for k, v in base.filters.items() if k in ("vendor", "dash", "chain")})
    env.globals.update(base.globals)
    return env


def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
    """A page, with the user and CSRF token every layout needs."""
    session = getattr(request.state, "session", None)
    html = templates().get_template(name).render(
        session=session, user=session.user if session else None, csrf=session.csrf if session else "",
        path=request.url.path, version=__version__, **context,
    )
    return HTMLResponse(html, status_code=status)


def create_app(register: Register, *, secure_cookies: bool = True, limiter: LoginLimiter | None = None) -> FastAPI:
    """The dashboard over ``register``. ``secure_cookies`` stays on except behind plain HTTP test clients."""
    from camaudit.web import api, pages

    app = FastAPI(
        title="camaudit dashboard API",
        version=__version__,
        description="The audit register's devices, findings and scans. Every path requires a logged-in session "
        "(cookie camaudit_session); changes also need the X-CSRF-Token header.",
        docs_url=None, redoc_url=None, openapi_url=None,
    )
    app.state.register = register
    app.state.secure_cookies = secure_cookies
    app.state.limiter = limiter or LoginLimiter()
    # The routers' routes are added as they are (their paths already carry their prefixes), so that
    # ``app.routes`` lists every route flat: the access test walks that list to prove none is open.
    app.router.routes.extend([*pages.router.routes, *api.router.routes])
    # The last added runs first: security headers wrap everything, including the gate's refusals.
    app.add_middleware(SessionGate, register=register)
    app.middleware("http")(security_headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Any:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=exc.headers)
        page = render(request, "error.html.j2", status=exc.status_code, message=str(exc.detail),
                      code=exc.status_code)
        page.headers.update(exc.headers or {})
        return page

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(request: Request, exc: RequestValidationError) -> Any:
        if request.url.path.startswith("/api/"):
            return await request_validation_exception_handler(request, exc)
        # A page address a person typed or edited (/devices/abc): the dashboard's own page, not FastAPI's JSON.
        wrong_path = any(error.get("loc", ("",))[0] == "path" for error in exc.errors())
        status, message = (404, "no such page") if wrong_path else (400, "a value in the address is not valid")
        return render(request, "error.html.j2", status=status, message=message, code=status)

    return app
