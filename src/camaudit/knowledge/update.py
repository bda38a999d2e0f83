"""Refresh the vulnerability and screening knowledge: CISA KEV, NVD CVEs, the US Consolidated Screening List.

``camaudit kb update`` fetches each source with a timeout and a byte limit, validates it, keeps only
what concerns camera and recorder makers, and writes a dated overlay under
``$XDG_DATA_HOME/camaudit/kb/`` (default ``~/.local/share/camaudit/kb/``). The package is never modified:
when no overlay exists, the dated KEV snapshot shipped in the package is used.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import time
import urllib.parse
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camaudit.knowledge.loader import DATA_DIR, KnowledgeError, canonical_vendor, vendors

KEV_SNAPSHOT_FILE = DATA_DIR / "kev_snapshot.json"
KEV_URL = "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json"
NVD_URL = "https://services.nvd.nist.gov/rest/json/cves/2.0"
CSL_URL = "https://data.trade.gov/downloadable_consolidated_screening_list/v1/consolidated.json"

KEV_MAX_BYTES = 16 * 1024 * 1024
NVD_MAX_BYTES = 32 * 1024 * 1024
CSL_MAX_BYTES = 128 * 1024 * 1024
NVD_MAX_PAGES = 10
#: NVD allows 5 requests per 30 s without an API key.
NVD_DELAY = 6.0
#: Makers whose CVEs NVD is asked for (keywordSearch), by vendor id.
NVD_MAKERS = ("hikvision", "dahua", "uniview", "amcrest", "tvt", "geovision", "nuuo", "reolink", "xiongmai")

_VIDEO_PRODUCT = re.compile(r"camera|\bnvr|\bdvr|video|surveillance|cctv|recorder|viostor|\bipc\b|nvms", re.I)
_KEV_KEEP = ("cveID", "vendorProject", "product", "vulnerabilityName", "dateAdded", "dueDate",
             "knownRansomwareCampaignUse")


class UpdateError(RuntimeError):
    """A source could not be fetched or did not validate; the message is one line."""


def overlay_dir() -> Path:
    """Where ``kb update`` writes: ``$XDG_DATA_HOME/camaudit/kb`` (``~/.local/share`` by default)."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "camaudit" / "kb"


def _read_json_file(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise KnowledgeError(str(path), None, f"cannot read: {exc}") from exc


def load_kev() -> dict[str, Any]:
    """The KEV extract in use: the user overlay when present and valid, else the shipped snapshot."""
    overlay = overlay_dir() / "kev.json"
    if overlay.is_file():
        try:
            doc = _read_json_file(overlay)
            _check_kev(doc)
            return {**doc, "origin": str(overlay)}
        except (KnowledgeError, UpdateError):
            pass  # a damaged overlay falls back to the shipped snapshot rather than losing KEV data
    doc = _read_json_file(KEV_SNAPSHOT_FILE)
    _check_kev(doc)
    return {**doc, "origin": "package"}


def _check_kev(doc: Any) -> None:
    if not isinstance(doc, dict) or not isinstance(doc.get("vulnerabilities"), list):
        raise UpdateError("KEV: expected an object with a 'vulnerabilities' list")
    for key in ("catalogVersion", "dateReleased"):
        if not isinstance(doc.get(key), str):
            raise UpdateError(f"KEV: missing '{key}'")
    for v in doc["vulnerabilities"]:
        if not isinstance(v, dict) or not re.match(r"^CVE-\d{4}-\d{4,}$", str(v.get("cveID", ""))):
            raise UpdateError("KEV: an entry has no valid cveID")
        if not re.match(r"^\d{4}-\d{2}-\d{2}$", str(v.get("dateAdded", ""))):
            raise UpdateError(f"KEV: {v['cveID']} has no valid dateAdded")


def _camera_vendor(vendor_project: str) -> str | None:
    vid = canonical_vendor(vendor_project)
    return vid if vid in vendors() else None


def extract_kev(doc: Any, keep_ids: Iterable[str] = ()) -> dict[str, Any]:
    """The compact camera/NVR extract of a full KEV catalog (what ships in the package).

    An entry is kept when its vendor is a known camera/recorder vendor and its product or name looks like
    a video product, or when its CVE is in ``keep_ids`` (the CVE table). Vendor alone is not enough: many
    camera vendors also make routers and phone systems.
    """
    _check_kev(doc)
    wanted = set(keep_ids)
    kept: list[dict[str, Any]] = []
    for v in doc["vulnerabilities"]:
        vid = _camera_vendor(str(v.get("vendorProject", "")))
        text = f"{v.get('product', '')} {v.get('vulnerabilityName', '')}"
        if v["cveID"] in wanted or (vid is not None and _VIDEO_PRODUCT.search(text)):
            kept.append({k: v[k] for k in _KEV_KEEP if k in v})
    kept.sort(key=lambda e: (e["dateAdded"], e["cveID"]), reverse=True)
    return {
        "title": "CISA Known Exploited Vulnerabilities: camera and recorder vendors (camaudit extract)",
        "catalogVersion": doc["catalogVersion"],
        "dateReleased": doc["dateReleased"],
        "source": "https://www.cisa.gov/known-exploited-vulnerabilities-catalog (CC0)",
        "count": len(kept),
        "vulnerabilities": kept,
    }


def fetch(url: str, max_bytes: int, timeout: float) -> bytes:
    """GET ``url`` (http or https only) and return at most ``max_bytes``; larger bodies are an error."""
    if urllib.parse.urlsplit(url).scheme not in ("http", "https"):
        raise UpdateError(f"refusing to fetch {url!r}: only http and https are allowed")
    headers = {"User-Agent": "camaudit-kb-update", "Accept": "application/json"}
    request = urllib.request.Request(url, headers=headers)  # noqa: S310 - scheme checked above
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 - scheme checked above
            body: bytes = response.read(max_bytes + 1)
    except OSError as exc:
        raise UpdateError(f"cannot fetch {url}: {exc}") from exc
    if len(body) > max_bytes:
        raise UpdateError(f"{url}: response larger than {max_bytes} bytes")
    return body


def _json(body: bytes, what: str) -> Any:
    try:
        return json.loads(body)
    except ValueError as exc:
        raise UpdateError(f"{what}: not valid JSON: {exc}") from exc


def _cvss(metrics: Mapping[str, Any]) -> dict[str, Any] | None:
    for key in ("cvssMetricV31", "cvssMetricV30", "cvssMetricV40"):
        for metric in metrics.get(key) or []:
            data = metric.get("cvssData") if isinstance(metric, dict) else None
            if isinstance(data, dict) and isinstance(data.get("baseScore"), int | float):
                return {"version": data.get("version"), "score": float(data["baseScore"]),
                        "vector": data.get("vectorString"), "source": metric.get("source")}
    return None


def parse_nvd(doc: Any, maker: str) -> list[dict[str, Any]]:
    """Compact records from one NVD CVE API 2.0 response page."""
    if not isinstance(doc, dict) or not isinstance(doc.get("vulnerabilities"), list):
        raise UpdateError("NVD: expected an object with a 'vulnerabilities' list")
    out = []
    for item in doc["vulnerabilities"]:
        cve = item.get("cve") if isinstance(item, dict) else None
        if not isinstance(cve, dict) or not isinstance(cve.get("id"), str):
            raise UpdateError("NVD: an item has no cve.id")
        text = next((d.get("value", "") for d in cve.get("descriptions") or [] if d.get("lang") == "en"), "")
        out.append({
            "id": cve["id"], "maker": maker, "published": cve.get("published"),
            "description": " ".join(str(text).split())[:600],
            "cvss": _cvss(cve.get("metrics") or {}), "cisaExploitAdd": cve.get("cisaExploitAdd"),
        })
    return out


def fetch_nvd(base_url: str, makers: Iterable[str], timeout: float, delay: float) -> list[dict[str, Any]]:
    """CVE records for each maker from the NVD CVE API 2.0 (``keywordSearch``), paged and bounded."""
    records: dict[str, dict[str, Any]] = {}
    first = True
    for maker in makers:
        start = 0
        for _page in range(NVD_MAX_PAGES):
            if not first and delay > 0:
                time.sleep(delay)
            first = False
            query = urllib.parse.urlencode({"keywordSearch": vendors()[maker].name, "startIndex": start,
                                            "resultsPerPage": 2000})
            doc = _json(fetch(f"{base_url}?{query}", NVD_MAX_BYTES, timeout), "NVD")
            for record in parse_nvd(doc, maker):
                records.setdefault(record["id"], record)
            total, per_page = int(doc.get("totalResults", 0)), int(doc.get("resultsPerPage", 0) or 1)
            start += per_page
            if start >= total:
                break
    return sorted(records.values(), key=lambda r: r["id"])


def parse_csl(doc: Any, names: Mapping[str, str]) -> list[dict[str, Any]]:
    """Screening-list entries whose name or alternative names mention a watched company.

    ``names`` maps a lower-case search word (``hikvision``) to a vendor id. Accepts the bulk file
    (``{"results": [...]}``) or a bare list.
    """
    rows = doc.get("results") if isinstance(doc, dict) else doc
    if not isinstance(rows, list):
        raise UpdateError("CSL: expected a 'results' list")
    out = []
    for row in rows:
        if not isinstance(row, dict) or not isinstance(row.get("name"), str):
            continue
        text = " ".join([row["name"], *[str(a) for a in row.get("alt_names") or []]]).casefold()
        for word, vid in names.items():
            if re.search(rf"\b{re.escape(word)}\b", text):
                out.append({"vendor": vid, "name": row["name"], "source": row.get("source"),
                            "start_date": row.get("start_date"),
                            "federal_register_notice": row.get("federal_register_notice"),
                            "alt_names": list(row.get("alt_names") or [])[:20]})
                break
    return out


def _write(path: Path, obj: Any) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(obj, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    tmp.replace(path)


@dataclass(frozen=True, slots=True)
class UpdateReport:
    """What ``kb update`` did, for the CLI to print."""

    directory: Path
    kev_entries: int | None
    kev_version: str | None
    nvd_records: int | None
    csl_entries: int | None


def run_update(
    *, kev_url: str | None = KEV_URL, kev_file: Path | None = None, nvd_url: str | None = NVD_URL,
    csl_url: str | None = CSL_URL, keep_ids: Iterable[str] = (), csl_names: Mapping[str, str] | None = None,
    timeout: float = 30.0, nvd_delay: float = NVD_DELAY, directory: Path | None = None,
) -> UpdateReport:
    """Fetch (or read) each source given, validate it, and write the user overlay. Nothing on failure.

    All sources are fetched and validated before anything is written, so a failed update leaves the
    previous overlay intact.
    """
    target = directory or overlay_dir()
    kev = nvd = csl = None
    if kev_file is not None:
        try:
            raw = kev_file.read_bytes()
        except OSError as exc:
            raise UpdateError(f"cannot read {kev_file}: {exc.strerror or exc}") from exc
        kev = extract_kev(_json(raw, str(kev_file)), keep_ids)
    elif kev_url:
        kev = extract_kev(_json(fetch(kev_url, KEV_MAX_BYTES, timeout), "KEV"), keep_ids)
    if nvd_url:
        nvd = fetch_nvd(nvd_url, NVD_MAKERS, timeout, nvd_delay)
    if csl_url:
        names = csl_names or {"hikvision": "hikvision", "dahua": "dahua", "hytera": "hytera"}
        csl = parse_csl(_json(fetch(csl_url, CSL_MAX_BYTES, timeout), "CSL"), names)
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if kev is not None:
        _write(target / "kev.json", {**kev, "fetched": now})
    if nvd is not None:
        _write(target / "nvd.json", {"fetched": now, "source": nvd_url, "count": len(nvd), "cves": nvd})
    if csl is not None:
        _write(target / "csl.json", {"fetched": now, "source": csl_url, "count": len(csl), "entries": csl})
    return UpdateReport(target, kev["count"] if kev else None, kev["catalogVersion"] if kev else None,
                        len(nvd) if nvd is not None else None, len(csl) if csl is not None else None)


def reset_overlay(directory: Path | None = None) -> list[Path]:
    """Remove the user overlay so the snapshot shipped in the package is used again."""
    target = directory or overlay_dir()
    removed = []
    for name in ("kev.json", "nvd.json", "csl.json"):
        path = target / name
        if path.is_file():
            path.unlink()
            removed.append(path)
    return removed


def load_overlay(name: str) -> dict[str, Any] | None:
    """A user-overlay file (``nvd.json``, ``csl.json``) or ``None`` when absent or unreadable."""
    path = overlay_dir() / name
    if not path.is_file():
        return None
    try:
        doc = _read_json_file(path)
    except KnowledgeError:
        return None
    return doc if isinstance(doc, dict) else None


def write_snapshot(kev: Mapping[str, Any], path: Path = KEV_SNAPSHOT_FILE) -> None:
    """Write a KEV extract as a package snapshot (maintainers only: ``kb update --snapshot-out``)."""
    _write(path, dict(kev))
