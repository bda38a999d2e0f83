"""The dashboard's pages: overview, devices (filters and search), one device, findings, scans and diffs,
reports, and login/logout. Every form posts its CSRF token; only admins may change notes."""

from __future__ import annotations

import secrets
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, HTTPException, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from camaudit.clock import utc_now
from camaudit.register.annotations import AnnotationError, Notes, annotate
from camaudit.register.db import Register
from camaudit.register.diff import DiffError, diff_scans
from camaudit.register.query import list_scans
from camaudit.register.users import SessionInfo, authenticate, end_session, start_session
from camaudit.report.executive import SETTLE_CHECKS, summarise
from camaudit.report.findings import group_findings
from camaudit.report.html import build_charts
from camaudit.report.progress import site_progress
from camaudit.report.records import ReportData, ReportError, load_report
from camaudit.report.render import FORMATS
from camaudit.report.render import render as render_report
from camaudit.web import views
from camaudit.web.app import render
from camaudit.web.auth import (
    LOGIN_COOKIE,
    SESSION_COOKIE,
    LoginLimiter,
    admin,
    check_csrf,
    current,
    set_cookie,
    tokens_match,
)

DeviceId = Annotated[int, Path(ge=1, le=2**31 - 1)]
router = APIRouter(include_in_schema=False)
Session = Annotated[SessionInfo, Depends(current)]
Admin = Annotated[SessionInfo, Depends(admin)]
_TEXT = 2000


def _register(request: Request) -> Register:
    register: Register = request.app.state.register
    return register


def _data(request: Request, scan: int | None = None, policy: str | None = None) -> ReportData:
    try:
        return views.current(_register(request), scan, policy)
    except ReportError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


def _safe_next(target: str | None) -> str:
    # Only a path on this site: never an absolute URL a phishing link could send the user to.
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, next: str | None = None) -> Response:
    token = secrets.token_urlsafe(24)
    response = render(request, "login.html.j2", login_token=token, next=_safe_next(next), error=None)
    set_cookie(response, LOGIN_COOKIE, token, 900, request.app.state.secure_cookies)
    return response


@router.post("/login")
def login(
    request: Request,
    username: Annotated[str, Form(max_length=64)],
    password: Annotated[str, Form(max_length=1024)],
    login_token: Annotated[str, Form(max_length=128)] = "",
    next: Annotated[str, Form(max_length=2000)] = "/",
) -> Response:
    limiter: LoginLimiter = request.app.state.limiter
    client = request.client.host if request.client else "unknown"
    if not tokens_match(login_token, request.cookies.get(LOGIN_COOKIE, "")):
        raise HTTPException(status_code=403, detail="the login form expired; reload the page")
    wait = limiter.retry_after(client, username)
    if wait:
        raise HTTPException(status_code=429, detail=f"too many failed logins; try again in {wait} s",
                            headers={"Retry-After": str(wait)})
    user = authenticate(_register(request), username, password)
    if user is None:
        limiter.failed(client, username)
        return render(request, "login.html.j2", status=401, login_token=login_token, next=_safe_next(next),
                      error="Wrong user name or password.")
    limiter.succeeded(client, username)
    token, _ = start_session(_register(request), user)
    done = RedirectResponse(_safe_next(next), status_code=303)
    set_cookie(done, SESSION_COOKIE, token, 12 * 3600, request.app.state.secure_cookies)
    done.delete_cookie(LOGIN_COOKIE, path="/")
    return done


@router.post("/logout")
def logout(request: Request, session: Session, csrf_token: Annotated[str, Form(max_length=128)] = "") -> Response:
    check_csrf(session, csrf_token)
    end_session(_register(request), request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.get("/", response_class=HTMLResponse)
def overview(request: Request, session: Session) -> Response:
    data = _data(request)
    progress = site_progress(_register(request), data.policy, data.scan.id)
    return render(request, "overview.html.j2", data=data, summary=summarise(data), progress=progress,
                  charts=build_charts(data, progress), settle_checks=SETTLE_CHECKS)


@router.get("/devices", response_class=HTMLResponse)
def devices(
    request: Request, session: Session,
    site: str | None = None, maker: str | None = None, brand: str | None = None, regime: str | None = None,
    severity: str | None = None, type: str | None = None, q: Annotated[str | None, Query(max_length=200)] = None,
    restriction: Annotated[str | None, Query(max_length=20)] = None,
) -> Response:
    data = _data(request)
    wanted = views.DeviceFilter(site or None, maker or None, brand or None, regime or None, severity or None,
                                type or None, q or None, restriction or None)
    return render(request, "devices.html.j2", data=data, devices=views.filter_devices(data, wanted),
                  wanted=wanted, choices=views.choices(data), restrictions=views.RESTRICTIONS)


@router.get("/devices/{device_id}", response_class=HTMLResponse)
def device(request: Request, session: Session, device_id: DeviceId, saved: bool = False) -> Response:
    data = _data(request)
    record = views.find(data, device_id)
    seen = views.history(_register(request), device_id)
    if record is None and not seen:
        raise HTTPException(status_code=404, detail=f"no device {device_id}")
    return render(request, "device.html.j2", data=data, d=record, device_id=device_id, history=seen, saved=saved)


@router.post("/devices/{device_id}/annotation")
def edit_annotation(
    request: Request, session: Admin, device_id: DeviceId,
    csrf_token: Annotated[str, Form(max_length=128)] = "",
    site: Annotated[str, Form(max_length=200)] = "",
    location: Annotated[str, Form(max_length=200)] = "",
    purpose: Annotated[str, Form(max_length=_TEXT)] = "",
    dpia: Annotated[str, Form(max_length=16)] = "",
    sensitive_place: Annotated[str, Form(max_length=8)] = "",
) -> Response:
    check_csrf(session, csrf_token)
    notes = Notes(site=site.strip(), location=location.strip(), purpose=purpose.strip(), dpia=dpia or None,
                  sensitive_place=sensitive_place == "yes")
    try:
        annotate(_register(request), str(device_id), notes)
    except AnnotationError as exc:
        raise HTTPException(status_code=400, detail=str(exc)) from exc
    return RedirectResponse(f"/devices/{device_id}?saved=true", status_code=303)


@router.get("/findings", response_class=HTMLResponse)
def findings(request: Request, session: Session) -> Response:
    data = _data(request)
    return render(request, "findings.html.j2", data=data, groups=group_findings(data.devices))


@router.get("/scans", response_class=HTMLResponse)
def scans(request: Request, session: Session, before: int | None = None, after: int | None = None) -> Response:
    listed = list_scans(_register(request))
    diff, problem = None, None
    if before is not None and after is not None:
        try:
            diff = diff_scans(_register(request), before, after)
        except DiffError as exc:
            problem = str(exc)
    elif len(listed) >= 2:
        diff = diff_scans(_register(request), listed[-2].id, listed[-1].id)
    return render(request, "scans.html.j2", scans=listed, diff=diff, problem=problem)


@router.get("/reports", response_class=HTMLResponse)
def reports(request: Request, session: Session) -> Response:
    data = _data(request)
    return render(request, "reports.html.j2", data=data, formats=list(FORMATS), scans=list_scans(_register(request)))


@router.get("/reports/{fmt}")
def download(request: Request, session: Session, fmt: str, scan: int | None = None,
             site: Annotated[str | None, Query(max_length=200)] = None,
             policy: Annotated[str | None, Query(max_length=64)] = None) -> Response:
    if fmt not in FORMATS:
        raise HTTPException(status_code=404, detail=f"no report format {fmt!r}")
    register = _register(request)
    try:
        data = load_report(register, scan_id=scan, site=site or None, policy=policy or None,
                                 generated=utc_now())
    except ReportError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    body = render_report(register, data, fmt)
    name = f"camaudit-scan-{data.scan.id}{FORMATS[fmt].suffix}"
    return Response(body, media_type=FORMATS[fmt].media_type,
                    headers={"Content-Disposition": f"attachment; filename=\"{quote(name)}\""})
