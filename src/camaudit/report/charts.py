"""Charts as inline SVG, drawn here: no script, no web font, no fetch, the same in a browser, a PDF and print.

Every label can come from a device (a brand, a site name), so every piece of text passes through
``markupsafe.escape`` and the result is returned as ``Markup``: a template never needs ``|safe`` on
anything but these functions' output. Charts scale to their container (``viewBox`` + ``width=100%``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from camaudit.report.progress import SiteProgress

SEVERITY_COLOURS = {
    "critical": "#8f1d21",
    "high": "#d9480f",
    "medium": "#e8a200",
    "low": "#1c6fb8",
    "info": "#7a828a",
}
#: Colour-blind-safe palette (Okabe and Ito) for series that are not severities.
PALETTE = ("#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000")
RESTRICTED = "#b3261e"
CLEAR = "#9aa5b1"
_LABEL_CHARS = 34
_WIDTH = 640


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: its label, value, colour and an optional note after the value (``made by hikvision``)."""

    label: str
    value: int
    colour: str = PALETTE[0]
    note: str = ""


def _short(text: str, limit: int = _LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(title: str, height: int, body: str) -> Markup:
    t = escape(title)
    # Every text piece of ``body`` was escaped where it was made; the rest is numbers and fixed markup.
    return Markup(  # noqa: S704
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_WIDTH} {height}" width="100%" '
        f'role="img" aria-label="{t}" font-family="DejaVu Sans, Liberation Sans, Arial, sans-serif" font-size="12">'
        f"<title>{t}</title>{body}</svg>"
    )


def bar_chart(title: str, bars: Sequence[Bar], *, empty: str = "Nothing to show.") -> Markup:
    """Horizontal bars, largest first as given; the label left, the value (and note) right of the bar."""
    if not bars:
        return _svg(title, 30, f'<text x="0" y="20" fill="#444">{escape(empty)}</text>')
    row, label_w = 22, 230
    top = max(b.value for b in bars) or 1
    span = _WIDTH - label_w - 150
    parts = []
    for i, b in enumerate(bars):
        y = i * row
        w = max(1.0, span * b.value / top) if b.value else 0.0
        note = f" {b.note}" if b.note else ""
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 15}" text-anchor="end" fill="#222">{escape(_short(b.label))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{b.colour}"/>'
            f'<text x="{label_w + w + 5:.1f}" y="{y + 15}" fill="#222">{b.value}{escape(_short(note, 28))}</text>'
        )
    return _svg(title, row * len(bars) + 4, "".join(parts))


def share_chart(title: str, rows: Sequence[tuple[str, int, int]]) -> Markup:
    """Per row (label, restricted, total): a 100% bar split into restricted and the rest, with the share."""
    if not rows:
        return _svg(title, 30, '<text x="0" y="20" fill="#444">No sites.</text>')
    row, label_w = 24, 230
    span = _WIDTH - label_w - 110
    parts = []
    for i, (label, bad, total) in enumerate(rows):
        y = i * row
        share = bad / total if total else 0.0
        w = span * share
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 16}" text-anchor="end" fill="#222">{escape(_short(label))}</text>'
            f'<rect x="{label_w}" y="{y + 4}" width="{span}" height="{row - 8}" fill="{CLEAR}"/>'
            f'<rect x="{label_w}" y="{y + 4}" width="{w:.1f}" height="{row - 8}" fill="{RESTRICTED}"/>'
            f'<text x="{label_w + span + 6}" y="{y + 16}" fill="#222">{share:.0%} ({bad}/{total})</text>'
        )
    legend_y = row * len(rows) + 14
    parts.append(
        f'<rect x="{label_w}" y="{legend_y - 9}" width="10" height="10" fill="{RESTRICTED}"/>'
        f'<text x="{label_w + 14}" y="{legend_y}" fill="#222">restricted</text>'
        f'<rect x="{label_w + 100}" y="{legend_y - 9}" width="10" height="10" fill="{CLEAR}"/>'
        f'<text x="{label_w + 114}" y="{legend_y}" fill="#222">not restricted</text>'
    )
    return _svg(title, legend_y + 6, "".join(parts))


def trend_chart(title: str, sites: Sequence[SiteProgress]) -> Markup:
    """Restricted devices at each scan, one line per site, scans in order along the bottom."""
    scan_ids = sorted({p.scan_id for s in sites for p in s.points})
    if not scan_ids:
        return _svg(title, 30, '<text x="0" y="20" fill="#444">No scans yet.</text>')
    left, right, top, plot_h = 40, 70, 10, 140
    shown = sites[: len(PALETTE)]
    height = top + plot_h + 40 + 16 * len(shown)
    peak = max([p.restricted for s in shown for p in s.points] + [1])
    step = (_WIDTH - left - right) / max(1, len(scan_ids) - 1)

    def x(scan_id: int) -> float:
        return left + (scan_ids.index(scan_id) * step if len(scan_ids) > 1 else (_WIDTH - left - right) / 2)

    def y(value: int) -> float:
        return top + plot_h - plot_h * value / peak

    parts = [
        f'<line x1="{left}" y1="{top + plot_h}" x2="{_WIDTH - right}" y2="{top + plot_h}" stroke="#444"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + plot_h}" stroke="#444"/>',
        f'<text x="{left - 6}" y="{top + 10}" text-anchor="end" fill="#222">{peak}</text>',
        f'<text x="{left - 6}" y="{top + plot_h}" text-anchor="end" fill="#222">0</text>',
    ]
    labels = scan_ids if len(scan_ids) <= 12 else scan_ids[:: max(1, len(scan_ids) // 12)]
    dates = {p.scan_id: p.date for s in sites for p in s.points}
    for sid in labels:
        parts.append(
            f'<text x="{x(sid):.1f}" y="{top + plot_h + 16}" text-anchor="middle" fill="#222">#{sid}</text>'
            f'<text x="{x(sid):.1f}" y="{top + plot_h + 30}" text-anchor="middle" fill="#666" font-size="10">'
            f"{escape(dates.get(sid, ''))}</text>"
        )
    for i, site in enumerate(shown):
        colour = PALETTE[i]
        pts = " ".join(f"{x(p.scan_id):.1f},{y(p.restricted):.1f}" for p in site.points)
        parts.append(f'<polyline points="{pts}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(
            f'<circle cx="{x(p.scan_id):.1f}" cy="{y(p.restricted):.1f}" r="3" fill="{colour}"/>' for p in site.points
        )
        ly = top + plot_h + 44 + 16 * i
        parts.append(
            f'<rect x="{left}" y="{ly - 9}" width="10" height="10" fill="{colour}"/>'
            f'<text x="{left + 14}" y="{ly}" fill="#222">{escape(_short(site.site, 60))}</text>'
        )
    return _svg(title, height, "".join(parts))
