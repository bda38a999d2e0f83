"""The report as data: one row per device for a spreadsheet (CSV) and the same data, with findings, as JSON.

CSV cells are neutralised against formula injection: a device that calls itself ``=HYPERLINK(...)`` must
not become a live formula when a council officer opens the export in a spreadsheet. Any cell starting with
``=``, ``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP's advice), which
spreadsheets show as text and do not display.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from camaudit.model import to_jsonable
from camaudit.report.executive import summarise
from camaudit.report.records import DeviceRecord, ReportData

#: The CSV columns, in order (documented in docs/reports.md).
COLUMNS = (
    "site", "location", "address", "mac", "type", "brand", "manufacturer", "model", "firmware",
    "restricted_under", "worst_severity", "first_seen", "last_seen", "possibly_restricted_under",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Version of the report JSON layout; bumped when a field changes meaning or goes away.
REPORT_JSON_VERSION = "1"


def neutralise(value: object) -> str:
    """A CSV cell that no spreadsheet evaluates as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def device_row(d: DeviceRecord) -> dict[str, Any]:
    """The row of one device (plain values, before CSV neutralisation)."""
    i = d.device.identity
    return {
        "site": d.site,
        "location": d.location,
        "address": d.ip,
        "mac": d.mac,
        "type": i.device_type,
        "brand": i.brand,
        "manufacturer": i.manufacturer,
        "model": i.model,
        "firmware": i.firmware,
        "restricted_under": list(d.restricted_under),
        "worst_severity": d.worst_severity,
        "first_seen": d.first_seen,
        "last_seen": d.last_seen,
        "possibly_restricted_under": list(d.possibly_restricted_under),
    }


def render_csv(data: ReportData) -> str:
    """One row per device; regimes joined with ``;``."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for d in data.devices:
        row = device_row(d)
        row["restricted_under"] = ";".join(row["restricted_under"])
        row["possibly_restricted_under"] = ";".join(row["possibly_restricted_under"])
        writer.writerow([neutralise(row[c]) for c in COLUMNS])
    return buf.getvalue()


def report_json(data: ReportData) -> dict[str, Any]:
    """The report as JSON: the CSV's rows plus register id, serial, services, findings, and the summary."""
    summary = summarise(data)
    return {
        "report_version": REPORT_JSON_VERSION,
        "generated": data.generated,
        "tool": {"name": "camaudit", "version": data.tool_version},
        "scan": {
            "id": data.scan.id, "site": data.scan.site, "started": data.scan.started,
            "finished": data.scan.finished, "targets": list(data.scan.scope.targets),
        },
        "policy": data.policy.name,
        "site_filter": data.site_filter,
        "summary": {
            "cameras": summary.cameras, "recorders": summary.recorders, "other_video": summary.other_video,
            "other_devices": summary.other_devices, "restricted": summary.restricted,
            "possibly_restricted": summary.possibly_restricted,
            "restricted_by_regime": dict(summary.restricted_by_regime), "sensitive_places": summary.sensitive,
            "kev_devices": summary.kev_devices, "kev_cves": list(summary.kev_cves),
            "cloud_callers": summary.cloud_callers,
            "actions": [{"what": a.what, "who": a.who, "why": a.why, "devices": list(a.devices)}
                        for a in summary.actions],
        },
        "devices": [
            {
                "register_id": d.register_id,
                **device_row(d),
                "serial": d.device.identity.serial,
                "purpose": d.purpose,
                "dpia": d.dpia,
                "sensitive_place": d.sensitive_place,
                "services": to_jsonable(d.device.services),
                "findings": to_jsonable(d.device.findings),
            }
            for d in data.devices
        ],
    }
