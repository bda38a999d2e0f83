"""Helpers for the census tests: Shodan banners built from the labelled corpus, and a one-call census run.

The banner strings are lines of ``tests/data/shodan_sample.jsonl`` (public captures and fingerprint
sources, docs/knowledge-sources.md); address, time and country are set per test (documentation ranges).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from camaudit.census.run import CensusOptions, CensusOutcome, run_census

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "shodan_sample.jsonl"
#: Lines of the sample used here, by what they are (their labels in shodan_sample.labels.jsonl).
HIK_HTTP = 1  # Hikvision "App-webs/" web server, port 80
HIK_RTSP = 11  # Hikvision RTSP realm, port 554
DAHUA_RTSP = 23  # "Dahua Rtsp Server", port 554
AMCREST_HTTP = 28  # Amcrest (a Dahua OEM) digest realm "Login to AM...", port 80
NGINX = 115  # an nginx web server, port 80


def banner(line: int, ip: str, when: str, country: str, **extra: Any) -> dict[str, Any]:
    """Line ``line`` of the sample as seen at ``ip`` on ``when`` (``2026-11-01T10:00:00``) in ``country``."""
    record = json.loads(SAMPLE.read_text(encoding="utf-8").splitlines()[line - 1])
    record.update(ip_str=ip, timestamp=when + ".000000", location={"country_code": country})
    record.update(extra)
    return record


def write_lines(path: Path, records: list[dict[str, Any] | str]) -> Path:
    """Write NDJSON (a ``str`` item is written as the raw line it is)."""
    text = "".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records)
    path.write_text(text, encoding="utf-8")
    return path


def census(inputs: list[Path | str], out: Path, by: tuple[str, ...] = ("country", "manufacturer"),
           **options: Any) -> CensusOutcome:
    """Run a census in this process (one worker unless told otherwise), without the HTML report."""
    settings: dict[str, Any] = {"format": "shodan", "workers": 1, "report": False, **options}
    return run_census(CensusOptions(inputs=[str(p) for p in inputs], out_dir=out, keys=by, **settings))
