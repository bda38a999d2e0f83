"""The JSON API: the dashboard's data for scripts and SIEMs, described by ``/api/openapi.json``.

Reads need a session; changing a device's notes needs an admin session and the ``X-CSRF-Token`` header.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, HTTPException, Path, Query, Request
from pydantic import BaseModel, Field

from camaudit.register.annotations import AnnotationError, Notes, annotate
from camaudit.register.db import Register
from camaudit.register.diff import DiffError, diff_scans
from camaudit.register.query import list_scans
from camaudit.register.users import SessionInfo
from camaudit.report.executive import summarise
from camaudit.report.findings import group_findings
from camaudit.report.records import ReportData, ReportError
from camaudit.web import views
from camaudit.web.auth import admin, check_csrf, current

DeviceId = Annotated[int, Path(ge=1, le=2**31 - 1)]
router = APIRouter(prefix="/api", tags=["api"])
Session = Annotated[SessionInfo, Depends(current)]
Admin = Annotated[SessionInfo, Depends(admin)]
ScanParam = Annotated[int | None, Query(ge=1, le=2**31 - 1, description="Scan id (default: newest complete).")]
Text = Annotated[str | None, Query(max_length=200)]


class Device(BaseModel):
    id: int
    address: str
    mac: str | None
    site: str
    location: str | None
    type: str | None
    brand: str | None
    manufacturer: str | None
    model: str | None
    firmware: str | None
    serial: str | None
    restricted_under: list[str]
    possibly_restricted_under: list[str] = Field(
        description="Regimes that would bind if another of the brand's makers made it (restricted-possible)."
    )
    restriction: Literal["restricted", "possible", "neither"]
    worst_severity: str | None
    first_seen: str
    last_seen: str


class FindingOut(BaseModel):
    kind: str
    severity: str
    title: str
    explanation: str
    remediation: str
    references: list[dict[str, Any]]
    regime: str | None = None
    cve: str | None = None
    chain: str | None = None
    details: dict[str, Any]


class DeviceDetail(BaseModel):
    device: Device | None = Field(description="As the newest scan saw it; null when that scan did not see it.")
    findings: list[FindingOut]
    annotation: dict[str, Any]
    # The view's own record (web/views.py): one definition of a sighting, so the API and the pages cannot drift apart.
    history: list[views.Sighting]


class Action(BaseModel):
    what: str
    who: str
    why: str
    devices: list[int]


class Summary(BaseModel):
    scan: int
    policy: str
    cameras: int
    recorders: int
    other_video: int
    other_devices: int
    restricted: int
    possibly_restricted: int = Field(description="Devices only possibly restricted (maker uncertain); never "
                                                 "counted in restricted.")
    possibly_restricted_by_regime: dict[str, int]
    sensitive_places: int
    kev_devices: int
    kev_cves: list[str]
    cloud_callers: int
    actions: list[Action]


class FindingGroup(BaseModel):
    kind: str
    severity: str
    title: str
    explanation: str
    remediation: str
    devices: list[int]


class Scan(BaseModel):
    id: int
    status: str
    started: str
    finished: str | None
    site: str | None
    targets: list[str]
    hosts: int
    devices: int
    findings: int
    errors: int


class AnnotationIn(BaseModel):
    """Fields to set; a field left out (or null) keeps its value."""

    site: str | None = Field(None, max_length=200)
    location: str | None = Field(None, max_length=200)
    purpose: str | None = Field(None, max_length=2000)
    dpia: Literal["yes", "no", "planned"] | None = None
    sensitive_place: bool | None = None


class Me(BaseModel):
    name: str
    role: str


def _register(request: Request) -> Register:
    register: Register = request.app.state.register
    return register


def _data(request: Request, scan: int | None) -> ReportData:
    try:
        return views.current(_register(request), scan)
    except ReportError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


@router.get("/me", response_model=Me)
def me(session: Session) -> Me:
    """Who is logged in."""
    return Me(name=session.user.name, role=session.user.role)


@router.get("/summary", response_model=Summary)
def summary(request: Request, session: Session, scan: ScanParam = None) -> Summary:
    """The executive summary of a scan."""
    data = _data(request, scan)
    s = summarise(data)
    return Summary(
        scan=data.scan.id, policy=data.policy.name, cameras=s.cameras, recorders=s.recorders,
        other_video=s.other_video, other_devices=s.other_devices, restricted=s.restricted,
        possibly_restricted=s.possibly_restricted,
        possibly_restricted_by_regime=dict(s.possibly_restricted_by_regime), sensitive_places=s.sensitive,
        kev_devices=s.kev_devices, kev_cves=list(s.kev_cves),
        cloud_callers=s.cloud_callers,
        actions=[Action(what=a.what, who=a.who, why=a.why, devices=list(a.devices)) for a in s.actions],
    )


@router.get("/devices", response_model=list[Device])
def devices(
    request: Request, session: Session, scan: ScanParam = None, site: Text = None, maker: Text = None,
    brand: Text = None, regime: Text = None, severity: Text = None, type: Text = None, q: Text = None,
    restriction: Annotated[Literal["restricted", "possible", "neither"] | None, Query()] = None,
) -> list[Device]:
    """Devices of a scan, filtered (all filters must match; ``q`` searches text; ``restriction``: surely
    restricted, only possibly restricted (maker uncertain), or neither)."""
    data = _data(request, scan)
    wanted = views.DeviceFilter(site, maker, brand, regime, severity, type, q, restriction)
    return [Device(**views.device_json(d)) for d in views.filter_devices(data, wanted)]


@router.get("/devices/{device_id}", response_model=DeviceDetail)
def device(request: Request, session: Session, device_id: DeviceId) -> DeviceDetail:
    """One device: as the newest scan saw it, its findings, the owner's notes and its history."""
    data = _data(request, None)
    record = views.find(data, device_id)
    seen = views.history(_register(request), device_id)
    if record is None and not seen:
        raise HTTPException(status_code=404, detail=f"no device {device_id}")
    notes: dict[str, Any] = {}
    if record is not None:
        notes = {"site": record.site, "location": record.location, "purpose": record.purpose, "dpia": record.dpia,
                 "sensitive_place": record.sensitive_place}
    return DeviceDetail(
        device=Device(**views.device_json(record)) if record else None,
        findings=[FindingOut(kind=f.kind, severity=f.severity, title=f.title, explanation=f.explanation,
                             remediation=f.remediation, references=[vars_(r) for r in f.references],
                             regime=f.regime, cve=f.cve, chain=f.chain,
                             details=dict(f.details)) for f in (record.device.findings if record else ())],
        annotation=notes,
        history=seen,
    )


def vars_(obj: Any) -> dict[str, Any]:
    """A slotted dataclass as a dict."""
    return {name: getattr(obj, name) for name in obj.__slots__}


@router.put("/devices/{device_id}/annotation", response_model=DeviceDetail)
def set_annotation(
    request: Request, session: Admin, device_id: DeviceId, body: AnnotationIn,
    x_csrf_token: Annotated[str | None, Header(max_length=128)] = None,
) -> DeviceDetail:
    """Change the owner's notes on a device (admin; needs the ``X-CSRF-Token`` header)."""
    check_csrf(session, x_csrf_token)
    try:
        annotate(_register(request), str(device_id), Notes(**body.model_dump()))
    except AnnotationError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc
    return device(request, session, device_id)


@router.get("/findings", response_model=list[FindingGroup])
def findings(request: Request, session: Session, scan: ScanParam = None) -> list[FindingGroup]:
    """Findings of a scan, one group per kind, severity and title, with the devices concerned."""
    data = _data(request, scan)
    return [
        FindingGroup(kind=g.kind, severity=g.severity, title=g.title, explanation=g.common,
                     remediation=g.remediation, devices=[m.device.register_id for m in g.members])
        for g in group_findings(data.devices)
    ]


@router.get("/scans", response_model=list[Scan])
def scans(request: Request, session: Session) -> list[Scan]:
    """Every scan in the register, oldest first."""
    return [
        Scan(id=s.id, status=s.status, started=s.started, finished=s.finished, site=s.site,
             targets=list(s.scope.targets), hosts=s.hosts, devices=s.devices, findings=s.findings, errors=s.errors)
        for s in list_scans(_register(request))
    ]


@router.get("/diff")
def diff(
    request: Request, session: Session,
    before: Annotated[int, Query(ge=1, le=2**31 - 1)], after: Annotated[int, Query(ge=1, le=2**31 - 1)],
) -> dict[str, Any]:
    """What changed between two scans (the JSON of ``camaudit diff``)."""
    try:
        return diff_scans(_register(request), before, after).to_json()
    except DiffError as exc:
        raise HTTPException(status_code=404, detail=str(exc)) from exc


@router.get("/openapi.json", include_in_schema=False)
def openapi(request: Request, session: Session) -> dict[str, Any]:
    """This API's OpenAPI schema."""
    schema: dict[str, Any] = request.app.openapi()
    return schema
