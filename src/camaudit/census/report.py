"""``DIR/report.html``: the census for a reader who will cite it — one self-contained page, charts, the method.

The numbers come from the same DuckDB views as summary.json. Charts are the report package's inline SVG
(no script, no fetch); every value from the data (brands, organisations, reasons, paths) is escaped by
Jinja's autoescape or by the chart functions.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jinja2 import Environment, PackageLoader, select_autoescape

from camaudit.census import aggregate
from camaudit.census.keys import KEV_EXPOSED, KEV_UNCHECKED
from camaudit.report import charts
from camaudit.report.charts import Bar

_TOP = 15


def _bars(rows: list[tuple[Any, ...]], colour: str = charts.PALETTE[0]) -> list[Bar]:
    return [Bar(str(label) if label is not None else "unknown", int(n), colour) for label, n, *_ in rows]


def _brand_bars(rows: list[tuple[Any, ...]]) -> list[Bar]:
    out = []
    for brand, maker, n in rows:
        relabel = bool(maker) and brand != maker
        out.append(Bar(brand or "unknown", int(n), charts.RESTRICTED if relabel else charts.PALETTE[0],
                       f" made by {maker}" if relabel else ""))
    return out


def figures(con: Any, restriction: dict[str, Any] | None = None) -> dict[str, Any]:
    """Every number the page shows, by name. ``restriction`` is summary.json's restriction counts when the caller
    has them (the count asked DuckDB for them just before, over the same settled tables); else they are asked."""
    q = aggregate.table
    s = aggregate.scalar
    top = f"ORDER BY n DESC, 1 NULLS LAST LIMIT {_TOP}"
    makers = q(con, "SELECT manufacturer, count(*) n FROM hosts GROUP BY 1 " + top)
    brands = q(con, "SELECT brand, manufacturer, count(*) n FROM hosts WHERE brand IS NOT NULL GROUP BY 1, 2 "
                    f"ORDER BY n DESC, 1, 2 NULLS LAST LIMIT {_TOP}")
    countries = q(con, "SELECT country, count(*) n FROM hosts GROUP BY 1 " + top)
    share = q(con, "SELECT country, count(*) FILTER (WHERE len(regimes) > 0) r, count(*) n FROM hosts "
                   "GROUP BY 1 " + top)
    kev = q(con, "SELECT cve, count(DISTINCT ip) FILTER (WHERE state = 'exposed') e, "
                 "count(DISTINCT ip) FILTER (WHERE state = 'unchecked') u FROM ("
                 "SELECT ip, unnest(kev) cve, 'exposed' state FROM hosts UNION ALL "
                 "SELECT ip, unnest(kev_unchecked) cve, 'unchecked' state FROM hosts) "
                 "GROUP BY 1 ORDER BY e DESC, u DESC, 1")
    return {
        "rows_written": s(con, "SELECT count(*) FROM identities"),
        "services": s(con, "SELECT count(*) FROM services"),
        "hosts": s(con, "SELECT count(DISTINCT ip) FROM services"),
        "camera_services": s(con, "SELECT count(*) FROM camera_services"),
        "camera_hosts": s(con, "SELECT count(*) FROM hosts"),
        "unknown_maker": s(con, "SELECT count(*) FROM hosts WHERE manufacturer IS NULL"),
        "kev_exposed": s(con, "SELECT count(*) FROM hosts WHERE kev_state = ?", KEV_EXPOSED),
        "kev_unchecked": s(con, "SELECT count(*) FROM hosts WHERE kev_state = ?", KEV_UNCHECKED),
        "restriction": restriction if restriction is not None else aggregate.restriction_counts(con),
        "makers": makers, "brands": brands, "countries": countries, "share": share, "kev": kev,
    }


def _charts(f: dict[str, Any]) -> dict[str, Any]:
    kev_bars = []
    for cve, exposed, unchecked in f["kev"]:
        kev_bars.append(Bar(f"{cve} (in range)", int(exposed), charts.RESTRICTED))
        kev_bars.append(Bar(f"{cve} (firmware unknown)", int(unchecked), charts.CLEAR))
    return {
        "makers": charts.bar_chart("Camera hosts by manufacturer (who really made them)", _bars(f["makers"]),
                                   empty="No camera hosts."),
        "brands": charts.bar_chart("Camera hosts by brand (relabelled brands in red)", _brand_bars(f["brands"]),
                                   empty="No brand identified."),
        "countries": charts.bar_chart("Camera hosts by country", _bars(f["countries"]), empty="No camera hosts."),
        "share": charts.share_chart("Share of camera hosts from makers a restriction regime covers, per country",
                                    [(c or "unknown", int(r), int(n)) for c, r, n in f["share"]]),
        "kev": charts.bar_chart("Camera hosts exposed to CVEs on CISA's Known Exploited Vulnerabilities list",
                                kev_bars, empty="No camera host matches a KEV-listed CVE of its maker."),
    }


def write_report(path: Path, con: Any, summary: dict[str, Any], policy: str) -> None:
    """Render the report for the census in ``con`` and ``summary`` to ``path`` (atomically)."""
    env = Environment(loader=PackageLoader("camaudit.census", "templates"), autoescape=select_autoescape(default=True))
    # summary.json's restriction counts are the page's: asking DuckDB again ran the same three scans of ``hosts``.
    numbers = figures(con, summary.get("restricted"))
    html = env.get_template("report.html.j2").render(
        s=summary, f=numbers, charts=_charts(numbers), policy=policy,
        reasons=sorted(summary["skipped_reasons"].items(), key=lambda kv: -kv[1]),
    )
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(html, encoding="utf-8")
    os.replace(tmp, path)
