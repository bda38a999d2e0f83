"""The PDF report: the HTML report's own template laid out on A4 by WeasyPrint.

WeasyPrint is given the HTML as a string with a URL fetcher that refuses everything, so a device string
that somehow looked like a resource could never make the renderer reach the network or read a local file.
"""

from __future__ import annotations

from typing import Any, NoReturn

from camaudit.register.db import Register
from camaudit.report.html import render_html
from camaudit.report.records import ReportData


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"the report fetches nothing ({url[:60]})")


def html_to_pdf(html: str) -> bytes:
    """Render self-contained report HTML to PDF bytes."""
    # Imported here: WeasyPrint loads Pango at import, which only PDF output needs.
    from weasyprint import HTML

    pdf = HTML(string=html, url_fetcher=_refuse).write_pdf()
    assert pdf is not None
    return bytes(pdf)


def render_pdf(register: Register, data: ReportData) -> bytes:
    """The report as PDF bytes."""
    return html_to_pdf(render_html(register, data))
