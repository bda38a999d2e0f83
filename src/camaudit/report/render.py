"""One entry point for every report format, shared by ``camaudit report`` and the dashboard's downloads."""

from __future__ import annotations

import json
from dataclasses import dataclass

from camaudit.register.db import Register
from camaudit.report.cyclonedx import render_cyclonedx
from camaudit.report.html import render_html
from camaudit.report.pdf import render_pdf
from camaudit.report.records import ReportData
from camaudit.report.tabular import render_csv, report_json


@dataclass(frozen=True, slots=True)
class Format:
    name: str
    media_type: str
    suffix: str


FORMATS = {
    f.name: f
    for f in (
        Format("html", "text/html; charset=utf-8", ".html"),
        Format("pdf", "application/pdf", ".pdf"),
        Format("csv", "text/csv; charset=utf-8", ".csv"),
        Format("json", "application/json", ".json"),
        Format("cyclonedx", "application/vnd.cyclonedx+json", ".cdx.json"),
    )
}


def render(register: Register, data: ReportData, fmt: str) -> bytes:
    """The report in format ``fmt`` (a key of :data:`FORMATS`) as bytes."""
    if fmt == "html":
        return render_html(register, data).encode("utf-8")
    if fmt == "pdf":
        return render_pdf(register, data)
    if fmt == "csv":
        # A byte-order mark so that spreadsheet programs read UTF-8 brand names correctly.
        return ("\ufeff" + render_csv(data)).encode("utf-8")
    if fmt == "json":
        return (json.dumps(report_json(data), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    if fmt == "cyclonedx":
        return (json.dumps(render_cyclonedx(data), indent=2, ensure_ascii=False) + "\n").encode("utf-8")
    raise ValueError(f"unknown report format {fmt!r}; valid formats: {', '.join(FORMATS)}")
