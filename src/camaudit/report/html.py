"""The HTML report: one self-contained file (inline CSS and SVG, no script, nothing fetched when opened).

The same template makes the PDF (``report.pdf``), so print and screen never disagree. Jinja2 runs with
autoescape on for every template and ``StrictUndefined``, so a device's text can never become markup and a
misspelt variable fails the test suite instead of printing nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import cache
from typing import Any

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined

from camaudit.assess.cvedata import kev_catalog
from camaudit.knowledge.loader import cves, regimes, vendors
from camaudit.register.db import Register
from camaudit.report import charts
from camaudit.report.executive import SETTLE_CHECKS, Summary, summarise
from camaudit.report.findings import group_findings
from camaudit.report.progress import SiteProgress, site_progress
from camaudit.report.records import NO_SITE, SEVERITY_ORDER, DeviceRecord, ReportData, chain_of, severity_rank

#: Bars shown per chart; the rest are summed into one "other" bar so a chart stays readable.
MAX_BARS = 15


def vendor_name(vendor_id: str | None) -> str:
    """A vendor's display name (``hikvision`` → ``Hikvision``); unknown ids as they are; ``None`` as ``—``."""
    if not vendor_id:
        return "—"
    entry = vendors().get(vendor_id)
    return entry.name if entry else vendor_id


def regime_names() -> dict[str, str]:
    """Regime id → its short name, for tables."""
    return {r.id: r.name for r in regimes()}


@cache
def environment() -> Environment:
    """The Jinja2 environment for reports (and, through ``extra``, the dashboard): autoescape everywhere."""
    env = Environment(
        loader=ChoiceLoader([PackageLoader("camaudit.report", "templates")]),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["vendor"] = vendor_name
    env.filters["dash"] = lambda v: "—" if v in (None, "") else v
    env.filters["chain"] = lambda f: chain_of(f) or ""
    env.filters["regime_name"] = lambda rid: regime_names().get(rid, rid)
    env.globals["severity_colours"] = charts.SEVERITY_COLOURS
    return env


def _top(counter: Counter[str], colour_of: Mapping[str, str] | None = None) -> list[charts.Bar]:
    items = counter.most_common()
    bars = [charts.Bar(k, v, (colour_of or {}).get(k, charts.PALETTE[0])) for k, v in items[:MAX_BARS]]
    rest = sum(v for _, v in items[MAX_BARS:])
    if rest:
        bars.append(charts.Bar(f"{len(items) - MAX_BARS} others", rest, charts.CLEAR))
    return bars


def _brand_bars(devices: tuple[DeviceRecord, ...]) -> list[charts.Bar]:
    """Devices by the brand on the box; a relabelled brand is red and says who really made it."""
    pairs = Counter(
        (d.device.identity.brand or d.device.identity.manufacturer or "unknown", d.device.identity.manufacturer)
        for d in devices
    )
    bars = []
    for (brand, maker), n in pairs.most_common(MAX_BARS):
        relabel = bool(maker) and brand != maker
        bars.append(
            charts.Bar(
                vendor_name(brand),
                n,
                charts.RESTRICTED if relabel else charts.PALETTE[0],
                f"made by {vendor_name(maker)}" if relabel else "",
            )
        )
    return bars


def build_charts(data: ReportData, progress: list[SiteProgress]) -> dict[str, Any]:
    """The report's charts as SVG markup."""
    video = data.video_devices
    makers = Counter(vendor_name(d.device.identity.manufacturer) if d.device.identity.manufacturer else "unknown"
                     for d in video)
    severities: Counter[str] = Counter(d.worst_severity or "none" for d in data.devices)
    sev_bars = [
        charts.Bar(s, severities[s], charts.SEVERITY_COLOURS.get(s, charts.CLEAR))
        for s in (*SEVERITY_ORDER, "none")
        if severities[s]
    ]
    sites = [
        (site, sum(1 for d in video if d.site == site and d.restricted_under), sum(1 for d in video if d.site == site))
        for site in data.sites
    ]
    return {
        "makers": charts.bar_chart("Cameras and recorders by manufacturer", _top(makers)),
        "brands": charts.bar_chart("Cameras and recorders by brand (relabelled brands in red)", _brand_bars(video)),
        "severity": charts.bar_chart("Devices by their most severe finding", sev_bars),
        "sites": charts.share_chart("Share of cameras and recorders from restricted makers, per site",
                                    [s for s in sites if s[2]]),
        "trend": charts.trend_chart("Restricted devices at each scan, per site", progress),
    }


def knowledge_versions() -> dict[str, Any]:
    """Which knowledge the report's assessment used (for the method section)."""
    kev = kev_catalog()
    return {
        "kev_version": kev.catalog_version,
        "kev_released": kev.date_released[:10],
        "kev_entries": len(kev.entries),
        "cves": len(cves()),
        "regimes": [(r.id, r.name) for r in regimes()],
        "vendors": len(vendors()),
    }


def _not_checked(data: ReportData, summary: Summary) -> list[str]:
    """Plain sentences about what the audit could not establish: never a silent gap."""
    out: list[str] = []
    silent = data.scan.hosts - data.scan.devices
    if silent > 0:
        out.append(f"{silent} address(es) in scope did not answer any probe; a device there may be switched off, "
                   "firewalled or absent.")
    if summary.unknown_maker:
        out.append(f"{summary.unknown_maker} camera(s) or recorder(s) could not be attributed to a manufacturer, "
                   "so no restriction could be checked for them.")
    fw = sum(1 for d in data.devices if any(f.kind == "firmware-unknown" for f in d.device.findings))
    if fw:
        out.append(f"{fw} device(s) did not reveal their firmware version, so known vulnerabilities could not be "
                   "checked for them; this is not a clean bill of health.")
    unconfirmed = sum(1 for d in data.devices if any(f.kind == "vulnerability-unconfirmed" for f in d.device.findings))
    if unconfirmed:
        out.append(f"{unconfirmed} device(s) may be affected by vulnerabilities whose affected versions the maker "
                   "has not published; check with the maker.")
    errors = Counter(e.kind for e in data.errors)
    if errors:
        listing = ", ".join(f"{k} ({n})" for k, n in errors.most_common())
        out.append(f"{len(data.errors)} probe(s) failed ({listing}); the identifications do not depend on any "
                   "single probe, but a failed probe can hide a service.")
    out.append("Only the read-only probes listed under Method were sent: no passwords were tried unless credentials "
               "were supplied, and cloud traffic was inferred from device settings, not observed, unless a "
               "traffic capture was analysed.")
    noted = sum(1 for d in data.video_devices if d.site != NO_SITE or d.location)
    if noted < len(data.video_devices):
        out.append(f"{len(data.video_devices) - noted} camera(s) or recorder(s) have no site or location note, so "
                   "whether they can see a sensitive place is unknown (record it with camaudit annotate).")
    return out


def context(register: Register, data: ReportData) -> dict[str, Any]:
    """Everything the report template shows."""
    summary = summarise(data)
    progress = site_progress(register, data.policy, data.scan.id, data.site_filter)
    by_site = []
    for site in data.sites:
        members = [d for d in data.devices if d.site == site]
        by_site.append({
            "site": site,
            "devices": len(members),
            "video": sum(1 for d in members if d.is_video),
            "restricted": sum(1 for d in members if d.restricted_under),
            "possibly_restricted": sum(1 for d in members if d.possibly_restricted_under and not d.restricted_under),
            "sensitive": sum(1 for d in members if d.in_sensitive_place),
            "kev": sum(1 for d in members if d.kev_cves),
            "worst": min((d.worst_severity for d in members if d.worst_severity), key=severity_rank, default=None),
        })
    return {
        "data": data,
        "summary": summary,
        "progress": progress,
        "charts": build_charts(data, progress),
        "by_site": by_site,
        "groups": group_findings(data.devices),
        "not_checked": _not_checked(data, summary),
        "knowledge": knowledge_versions(),
        "regime_names": regime_names(),
        "settle_checks": SETTLE_CHECKS,
        "title": f"Camera audit — {data.site_filter}" if data.site_filter else "Camera audit",
    }


def render_html(register: Register, data: ReportData) -> str:
    """The report as one self-contained HTML document."""
    return environment().get_template("report.html.j2").render(**context(register, data))
