"""The report as a CycloneDX 1.6 JSON bill of materials, for inventory tools and SIEMs.

Each device is a component of type ``device``: ``manufacturer`` is who really made it, ``supplier`` and the
start of ``name`` the brand on the box, ``version`` the firmware, which is also a nested ``firmware``
component. Regimes, findings, serial, address and site are ``camaudit:*`` properties. Every CVE a device is
in range of becomes one ``vulnerabilities`` entry that ``affects`` each such device. The output is checked
against the official CycloneDX 1.6 JSON schema (cyclonedx-python-lib) in the tests.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from typing import Any

from camaudit.model import Finding
from camaudit.report.html import vendor_name
from camaudit.report.records import DeviceRecord, ReportData, chain_of, cve_of, regime_of

SPEC_VERSION = "1.6"
_SEVERITIES = frozenset({"critical", "high", "medium", "low", "info"})


def _ref(d: DeviceRecord) -> str:
    return f"device-{d.register_id}"


def _props(d: DeviceRecord) -> list[dict[str, str]]:
    i = d.device.identity
    pairs: list[tuple[str, str | None]] = [
        ("camaudit:register_id", str(d.register_id)),
        ("camaudit:device_type", i.device_type),
        ("camaudit:brand", i.brand),
        ("camaudit:manufacturer", i.manufacturer),
        ("camaudit:serial", i.serial),
        ("camaudit:address", d.ip),
        ("camaudit:mac", d.mac),
        ("camaudit:site", d.site),
        ("camaudit:location", d.location),
        ("camaudit:confidence", f"{i.confidence:.2f}"),
        ("camaudit:first_seen", d.first_seen),
        ("camaudit:last_seen", d.last_seen),
    ]
    pairs += [("camaudit:restricted_under", r) for r in d.restricted_under]
    pairs += [("camaudit:possibly_restricted_under", r) for r in d.possibly_restricted_under]
    for f in d.device.findings:
        if f.kind in ("restricted", "restricted-possible"):
            pairs.append(("camaudit:regime_chain", f"{regime_of(f)}: {chain_of(f)}"))
        pairs.append(("camaudit:finding", f"{f.severity} {f.kind}: {f.title}"))
    return [{"name": k, "value": v} for k, v in pairs if v]


def _component(d: DeviceRecord) -> dict[str, Any]:
    i = d.device.identity
    brand = vendor_name(i.brand or i.manufacturer) if (i.brand or i.manufacturer) else None
    name = " ".join(p for p in (brand, i.model) if p) or f"unidentified device at {d.ip}"
    comp: dict[str, Any] = {"type": "device", "bom-ref": _ref(d), "name": name}
    if brand:
        comp["supplier"] = {"name": brand}
    if i.manufacturer:
        comp["manufacturer"] = {"name": vendor_name(i.manufacturer)}
    if i.firmware:
        comp["version"] = i.firmware
        comp["components"] = [{
            "type": "firmware", "bom-ref": f"{_ref(d)}-firmware", "name": f"{name} firmware", "version": i.firmware,
        }]
    comp["properties"] = _props(d)
    return comp


def _method(vector: object) -> str:
    text = str(vector or "")
    if text.startswith("CVSS:3.1"):
        return "CVSSv31"
    if text.startswith("CVSS:3.0"):
        return "CVSSv3"
    if text.startswith("CVSS:4"):
        return "CVSSv4"
    return "other"


def _vulnerability(cve: str, found: list[tuple[DeviceRecord, Finding]]) -> dict[str, Any]:
    finding = found[0][1]
    details = finding.details
    rating: dict[str, Any] = {"source": {"name": "NVD", "url": f"https://nvd.nist.gov/vuln/detail/{cve}"},
                              "severity": finding.severity if finding.severity in _SEVERITIES else "unknown"}
    if isinstance(details.get("cvss"), int | float):
        rating["score"] = float(details["cvss"])
        rating["method"] = _method(details.get("cvss_vector"))
        if details.get("cvss_vector"):
            rating["vector"] = str(details["cvss_vector"])
    vuln: dict[str, Any] = {
        "bom-ref": f"vuln-{cve}",
        "id": cve,
        "source": {"name": "NVD", "url": f"https://nvd.nist.gov/vuln/detail/{cve}"},
        "ratings": [rating],
        "description": finding.explanation,
        "recommendation": finding.remediation,
        "advisories": [{"title": r.title, "url": r.url} for r in finding.references if r.url],
        "affects": [{"ref": _ref(d)} for d, _ in found],
    }
    if details.get("kev"):
        vuln["properties"] = [{"name": "camaudit:cisa_kev_date_added", "value": str(details.get("kev_date_added"))}]
    return vuln


def render_cyclonedx(data: ReportData) -> dict[str, Any]:
    """The CycloneDX 1.6 document (a JSON-ready dict)."""
    by_cve: dict[str, list[tuple[DeviceRecord, Finding]]] = defaultdict(list)
    for d in data.devices:
        for f in d.device.findings:
            if f.kind == "vulnerability" and (cve := cve_of(f)):
                by_cve[cve].append((d, f))
    return {
        "bomFormat": "CycloneDX",
        "specVersion": SPEC_VERSION,
        "serialNumber": f"urn:uuid:{uuid.uuid4()}",
        "version": 1,
        "metadata": {
            "timestamp": data.generated,
            "tools": {"components": [{"type": "application", "name": "camaudit", "version": data.tool_version}]},
            "properties": [
                {"name": "camaudit:scan_id", "value": str(data.scan.id)},
                {"name": "camaudit:policy", "value": data.policy.name},
                *([{"name": "camaudit:site", "value": data.site_filter}] if data.site_filter else []),
            ],
        },
        "components": [_component(d) for d in data.devices],
        "vulnerabilities": [_vulnerability(cve, found) for cve, found in sorted(by_cve.items())],
    }
