"""``camaudit kb update|show``: refresh and inspect the knowledge base (KEV, NVD, screening list)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import typer

from camaudit.cli.app import app
from camaudit.cli.common import EXIT_FAILURE, fail, out
from camaudit.knowledge import update as kbu
from camaudit.knowledge.loader import KnowledgeError

kb_app = typer.Typer(help="Refresh and inspect camaudit's knowledge base (KEV, NVD, US screening list).",
                     no_args_is_help=True)
app.add_typer(kb_app, name="kb")


@kb_app.command("update")
def update(
    offline_snapshot: bool = typer.Option(
        False, "--offline-snapshot",
        help="Go offline: remove the user overlay and use the snapshot shipped in the package.",
    ),
    from_file: Path | None = typer.Option(
        None, "--from-file", help="Read the KEV catalog from this JSON file instead of downloading it (offline)."
    ),
    kev_url: str = typer.Option(kbu.KEV_URL, "--kev-url", help="Where to fetch the CISA KEV catalog JSON."),
    nvd_url: str | None = typer.Option(
        None, "--nvd-url", help=f"NVD CVE API 2.0 endpoint (default online: {kbu.NVD_URL})."
    ),
    csl_url: str | None = typer.Option(
        None, "--csl-url", help=f"US Consolidated Screening List JSON (default online: {kbu.CSL_URL})."
    ),
    timeout: float = typer.Option(30.0, "--timeout", min=1.0, help="Seconds each download may take."),
    nvd_delay: float = typer.Option(kbu.NVD_DELAY, "--nvd-delay", min=0.0, help="Seconds between NVD requests."),
    snapshot_out: Path | None = typer.Option(
        None, "--snapshot-out", help="Maintainers: also write the KEV extract here (to rebuild the package snapshot)."
    ),
) -> None:
    """Fetch KEV, NVD CVEs for the listed makers and the US screening list into a dated user overlay.

    The package is never modified; without an overlay, the dated snapshot shipped in the package is used.
    With --from-file nothing is downloaded unless --nvd-url/--csl-url are given.
    """
    if offline_snapshot:
        removed = kbu.reset_overlay()
        out.print(f"Using the shipped snapshot; removed {len(removed)} overlay file(s) from {kbu.overlay_dir()}.",
                  markup=False, soft_wrap=True)
        return
    offline = from_file is not None
    from camaudit.knowledge.loader import cves

    try:
        report = kbu.run_update(
            kev_url=None if offline else kev_url,
            kev_file=from_file,
            nvd_url=nvd_url if (nvd_url or offline) else kbu.NVD_URL,
            csl_url=csl_url if (csl_url or offline) else kbu.CSL_URL,
            keep_ids=[c.id for c in cves()],
            timeout=timeout,
            nvd_delay=nvd_delay,
        )
        if snapshot_out is not None:
            kbu.write_snapshot(json.loads((report.directory / "kev.json").read_text(encoding="utf-8")), snapshot_out)
    except (kbu.UpdateError, KnowledgeError, OSError, ValueError) as exc:
        fail(str(exc), EXIT_FAILURE)
    parts = []
    if report.kev_entries is not None:
        parts.append(f"KEV {report.kev_version}: {report.kev_entries} camera/recorder entries")
    if report.nvd_records is not None:
        parts.append(f"NVD: {report.nvd_records} CVEs")
    if report.csl_entries is not None:
        parts.append(f"screening list: {report.csl_entries} entries")
    summary = "; ".join(parts or ["nothing fetched"])
    out.print(f"Updated {report.directory}: {summary}.", markup=False, soft_wrap=True)


def knowledge_summary() -> dict[str, Any]:
    """What knowledge is in use: KEV catalog and origin, CVE table, regimes, policies, overlay files."""
    from camaudit.assess.cvedata import kev_catalog
    from camaudit.knowledge.loader import cves, policies, regimes

    kev = kev_catalog()
    nvd = kbu.load_overlay("nvd.json")
    csl = kbu.load_overlay("csl.json")
    return {
        "kev": {"catalogVersion": kev.catalog_version, "dateReleased": kev.date_released, "origin": kev.origin,
                "entries": len(kev.entries)},
        "cves": [{"id": c.id, "vendor": c.vendor, "kev": c.id in kev.entries,
                  "cvss": c.cvss.score if c.cvss else None} for c in cves()],
        "regimes": [{"id": r.id, "name": r.name, "members": {m.vendor: m.since for m in r.members},
                     "covers_country": r.covers_country, "confidence": r.confidence} for r in regimes()],
        "policies": {p.name: p.severities(regimes()) for p in policies().values()},
        "overlay": {"directory": str(kbu.overlay_dir()),
                    "nvd": {"fetched": nvd.get("fetched"), "count": nvd.get("count")} if nvd else None,
                    "csl": {"fetched": csl.get("fetched"), "count": csl.get("count")} if csl else None},
    }


@kb_app.command("show")
def show(json_out: bool = typer.Option(False, "--json", help="Print the summary as JSON.")) -> None:
    """Show which knowledge is in use: KEV snapshot or overlay, CVEs, regimes, policies."""
    try:
        summary = knowledge_summary()
    except (KnowledgeError, kbu.UpdateError) as exc:
        fail(str(exc), EXIT_FAILURE)
    if json_out:
        sys.stdout.write(json.dumps(summary, indent=2, ensure_ascii=False) + "\n")
        return
    kev = summary["kev"]
    out.print(f"KEV catalog {kev['catalogVersion']} ({kev['dateReleased'][:10]}), {kev['entries']} camera/recorder "
              f"entries, from {kev['origin']}", markup=False, soft_wrap=True)
    out.print(f"CVE table: {len(summary['cves'])} entries, "
              f"{sum(1 for c in summary['cves'] if c['kev'])} known exploited", markup=False, soft_wrap=True)
    for r in summary["regimes"]:
        members = ", ".join(f"{v} since {d}" for v, d in r["members"].items())
        extra = f"; any maker registered in {r['covers_country']}" if r["covers_country"] else ""
        out.print(f"regime {r['id']} [{r['confidence']}]: {members}{extra}", markup=False, soft_wrap=True)
    out.print(f"policies: {', '.join(summary['policies'])}", markup=False, soft_wrap=True)
    for name in ("nvd", "csl"):
        item = summary["overlay"][name]
        out.print(f"{name} overlay: " + (f"{item['count']} entries, fetched {item['fetched']}" if item else "none"),
                  markup=False, soft_wrap=True)
