"""What every report is made of, read from the register: one scan's devices with the owner's notes, under
one policy profile.

Reports never probe. They read the register and, when ``--policy`` differs from the policy the scan was
recorded with, re-run the pure restriction assessment on each recorded identity, so that the same register
can answer "what does this mean for a US contractor" and "for a UK school" without a new scan. Privacy
findings are always recomputed from the owner's current notes: a camera noted as being in a changing room
after the scan is reported as such.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from camaudit.assess.policy import Policy, get_policy
from camaudit.assess.possibly_restricted import KIND as POSSIBLY_RESTRICTED
from camaudit.assess.possibly_restricted import possibly_restricted_findings
from camaudit.assess.privacy import privacy_findings
from camaudit.assess.restricted import restricted_findings
from camaudit.assess.restriction_status import binding_regimes, possible_regimes
from camaudit.model import Device, Finding, ScanError, Severity, is_video_device
from camaudit.register.db import Register
from camaudit.register.models import SCAN_COMPLETE, DeviceRow, IdentityRow, ObservationRow, ScanRow
from camaudit.register.query import ScanInfo, get_scan, ip_sort_key, load_result

#: Severities from worst to least; a finding's rank is its index.
SEVERITY_ORDER: tuple[Severity, ...] = ("critical", "high", "medium", "low", "info")
#: Where a device with no site note and no scan site is counted.
NO_SITE = "(no site recorded)"
#: Observed fields the evidence appendix quotes: what a device says about itself, word for word.
SHOWN_FIELDS = (
    "http.title", "http.server", "http.www_authenticate", "rtsp.server", "tls.subject", "tls.issuer",
    "onvif.device_info.manufacturer", "onvif.device_info.model", "onvif.device_info.firmware",
    "onvif.device_info.serial", "onvif.device_info.hardware_id", "onvif.scope", "upnp.", "snmp.", "banner.",
    "axis.", "sadp.DeviceType", "sadp.DeviceDescription", "sadp.SoftwareVersion", "sadp.DeviceSN",
    "dhip.DeviceType", "dhip.Vendor", "dhip.Version", "dhip.SerialNo", "xmeye.DeviceType", "xmeye.Version",
)
#: Quoted values per device, and characters per value: enough to check an identification, bounded.
MAX_QUOTES, MAX_QUOTE_CHARS = 40, 240


class ReportError(Exception):
    """The report cannot be made (no such scan, no scans yet, unknown policy); the message is one line."""


def severity_rank(severity: str | None) -> int:
    """0 for critical … 4 for info; 5 for none."""
    return SEVERITY_ORDER.index(severity) if severity in SEVERITY_ORDER else len(SEVERITY_ORDER)


def regime_of(finding: Finding) -> str | None:
    """The regime id a ``restricted`` finding is about (registers from before the typed fields are migrated)."""
    return finding.regime


def chain_of(finding: Finding) -> str | None:
    """How the device reaches the regime (``brand Annke -> made by Hikvision -> named in ...``)."""
    return finding.chain


def cve_of(finding: Finding) -> str | None:
    """The CVE id of a ``vulnerability`` finding."""
    return finding.cve


def binds(finding: Finding) -> bool:
    """A restriction finding that binds under the policy (``info`` ones are shown for information only)."""
    return finding.kind == "restricted" and finding.severity != "info"


@dataclass(frozen=True, slots=True)
class DeviceRecord:
    """One device of the reported scan: what the scan recorded plus what the register knows across scans."""

    register_id: int
    device: Device
    first_seen: str
    last_seen: str
    site: str
    location: str | None = None
    purpose: str | None = None
    dpia: str | None = None
    sensitive_place: bool | None = None
    #: (field, port, value) the device sent, from the scan's observations (see :data:`SHOWN_FIELDS`).
    said: tuple[tuple[str, int | None, str], ...] = ()

    @property
    def ip(self) -> str:
        return self.device.addresses[0].ip if self.device.addresses else ""

    @property
    def mac(self) -> str | None:
        return next((a.mac for a in self.device.addresses if a.mac), None)

    @property
    def is_video(self) -> bool:
        return is_video_device(self.device.identity.device_type)

    @property
    def restricted_under(self) -> tuple[str, ...]:
        """Regime ids that bind under the report's policy."""
        return binding_regimes(self.device.findings)

    @property
    def possibly_restricted_under(self) -> tuple[str, ...]:
        """Regime ids that would bind if the brand's other maker made the device (``restricted-possible``)."""
        return possible_regimes(self.device.findings)

    @property
    def worst_severity(self) -> Severity | None:
        ranks = [severity_rank(f.severity) for f in self.device.findings]
        return SEVERITY_ORDER[min(ranks)] if ranks else None

    @property
    def kev_cves(self) -> tuple[str, ...]:
        """CVE ids of known-exploited vulnerabilities the device is in range of."""
        return tuple(
            c
            for f in self.device.findings
            if f.kind == "vulnerability" and f.details.get("kev") and (c := cve_of(f))
        )

    @property
    def calls_cloud(self) -> bool:
        return any(f.kind.startswith("cloud") for f in self.device.findings)

    @property
    def in_sensitive_place(self) -> bool:
        return bool(self.sensitive_place) or any(f.kind == "privacy-sensitive-location" for f in self.device.findings)


@dataclass(frozen=True, slots=True)
class ReportData:
    """Everything a report shows about one scan (devices in address order)."""

    scan: ScanInfo
    policy: Policy
    #: The policy the scan was recorded with; findings were re-assessed when it differs from ``policy``.
    recorded_policy: str | None
    site_filter: str | None
    devices: tuple[DeviceRecord, ...]
    errors: tuple[ScanError, ...]
    tool_version: str
    generated: str

    @property
    def video_devices(self) -> tuple[DeviceRecord, ...]:
        return tuple(d for d in self.devices if d.is_video)

    @property
    def sites(self) -> tuple[str, ...]:
        return tuple(sorted({d.site for d in self.devices}))


def _reassess(device: Device, policy: Policy | None, notes: Mapping[str, Any]) -> Device:
    """The device with its privacy findings recomputed from the owner's current notes and, when ``policy`` is
    given, its restriction findings recomputed under it (other findings as the scan recorded them)."""
    redo = {"privacy-sensitive-location"} | ({"restricted", POSSIBLY_RESTRICTED} if policy is not None else set())
    kept = [f for f in device.findings if f.kind not in redo]
    fresh = (
        [*restricted_findings(device.identity, policy), *possibly_restricted_findings(device.identity, policy)]
        if policy is not None
        else []
    )
    text = {k: str(v) for k, v in notes.items() if v is not None and k != "sensitive_place"}
    if notes.get("sensitive_place") is not None:
        text["sensitive_place"] = "yes" if notes["sensitive_place"] else "no"
    fresh += privacy_findings(text or None)
    findings = sorted([*fresh, *kept], key=lambda f: severity_rank(f.severity))
    return replace(device, findings=tuple(findings))


def pick_scan(register: Register, scan_id: int | None) -> ScanInfo:
    """The scan to report on: ``scan_id``, or the newest complete scan (the newest of any when none is)."""
    with register.session() as session:
        if scan_id is None:
            scan_id = session.scalar(
                select(ScanRow.id).where(ScanRow.status == SCAN_COMPLETE).order_by(ScanRow.id.desc()).limit(1)
            ) or session.scalar(select(ScanRow.id).order_by(ScanRow.id.desc()).limit(1))
            if scan_id is None:
                raise ReportError("the register holds no scan yet (record one with camaudit scan --db)")
    scan = get_scan(register, scan_id)
    if scan is None:
        raise ReportError(f"no scan {scan_id} in the register (see camaudit history)")
    return scan


def _notes(row: DeviceRow) -> Mapping[str, Any]:
    note = row.annotation
    if note is None:
        return {}
    return {
        "site": note.site,
        "location": note.location,
        "purpose": note.purpose,
        "dpia": note.dpia,
        "sensitive_place": note.sensitive_place,
    }


def _quotes(rows: list[ObservationRow]) -> tuple[tuple[str, int | None, str], ...]:
    # A value said again on another port (the same page on 80 and 443) is quoted once, on its first port:
    # repeats would use up the quotes a device gets before its other replies are heard.
    out: dict[tuple[str, str], int | None] = {}
    for row in rows:
        for name, value in sorted(row.fields.items()):
            if not name.startswith(SHOWN_FIELDS) or not value:
                continue
            for line in str(value).splitlines():
                text = line if len(line) <= MAX_QUOTE_CHARS else line[: MAX_QUOTE_CHARS - 1] + "…"
                out.setdefault((name, text), row.port)
    return tuple((name, port, text) for (name, text), port in out.items())[:MAX_QUOTES]


def load_report(
    register: Register,
    *,
    scan_id: int | None = None,
    site: str | None = None,
    policy: str | None = None,
    generated: str,
) -> ReportData:
    """Read one scan (the newest complete one by default) for a report, optionally one site only.

    ``policy`` defaults to the policy the scan was recorded with (``all`` when it recorded none).
    """
    scan = pick_scan(register, scan_id)
    recorded = scan.options.get("policy") if isinstance(scan.options.get("policy"), str) else None
    try:
        chosen = get_policy(policy or recorded or "all")
    except ValueError as exc:
        raise ReportError(str(exc)) from exc
    result = load_result(register, scan.id)
    with register.session() as session:
        identities = session.execute(
            select(IdentityRow.result_id, IdentityRow.device_id, IdentityRow.id).where(IdentityRow.scan_id == scan.id)
        ).all()
        ids = {r.result_id: r.device_id for r in identities}
        observed: dict[int, list[ObservationRow]] = {}
        for obs in session.scalars(
            select(ObservationRow).where(ObservationRow.identity_id.in_([r.id for r in identities]))
            .order_by(ObservationRow.id)
        ):
            observed.setdefault(obs.identity_id, []).append(obs)
        identity_of = {r.result_id: r.id for r in identities}
        rows = {
            r.id: r
            for r in session.scalars(
                select(DeviceRow).where(DeviceRow.id.in_(ids.values())).options(selectinload(DeviceRow.annotation))
            )
        }
        records: list[DeviceRecord] = []
        for device in result.devices:
            row = rows[ids[device.id]]
            notes = _notes(row)
            device = _reassess(device, chosen if chosen.name != (recorded or "all") else None, notes)
            records.append(
                DeviceRecord(
                    register_id=row.id,
                    device=device,
                    first_seen=row.first_seen,
                    last_seen=row.last_seen,
                    site=notes.get("site") or scan.site or NO_SITE,
                    location=notes.get("location"),
                    purpose=notes.get("purpose"),
                    dpia=notes.get("dpia"),
                    sensitive_place=notes.get("sensitive_place"),
                    said=_quotes(observed.get(identity_of[device.id], [])),
                )
            )
    if site is not None:
        records = [r for r in records if r.site == site]
        if not records:
            raise ReportError(f"no device of scan {scan.id} is at site {site!r} (sites come from camaudit annotate)")
    records.sort(key=lambda r: (ip_sort_key(r.ip), r.register_id))
    shown = {r.ip for r in records}
    errors = result.errors if site is None else tuple(e for e in result.errors if e.target in shown)
    return ReportData(
        scan=scan,
        policy=chosen,
        recorded_policy=recorded,
        site_filter=site,
        devices=tuple(records),
        errors=errors,
        tool_version=result.tool.version,
        generated=generated,
    )
