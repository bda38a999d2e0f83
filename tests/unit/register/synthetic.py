"""Small ScanResults built by hand, for register tests that need exact control over keys and identities."""

from __future__ import annotations

from camaudit.model import (
    SCHEMA_VERSION,
    Address,
    Device,
    Evidence,
    Finding,
    Identity,
    Observation,
    Reference,
    RunStatus,
    ScanError,
    ScanResult,
    Scope,
    Service,
    Tool,
)


def device(
    ip: str,
    *,
    mac: str | None = None,
    manufacturer: str | None = "hikvision",
    brand: str | None = None,
    serial: str | None = None,
    model: str | None = "DS-2CD2143G2-I",
    firmware: str | None = "V5.7.3 build 220112",
    device_type: str | None = "camera",
    restricted: bool = True,
) -> Device:
    """A device as a scan would report it; ``restricted`` adds a finding with a citation."""
    identity = Identity(
        device_type=device_type,
        brand=brand or manufacturer,
        manufacturer=manufacturer,
        model=model,
        firmware=firmware,
        serial=serial,
        confidence=0.9,
        evidence=(
            Evidence(
                rule_id="test.http.server",
                field="http.server",
                matched="App-webs/",
                asserts={"manufacturer": manufacturer or ""},
                certainty=0.9,
                source="test",
                port=80,
                protocol="http",
            ),
        ),
        attribution=(f"brand:{brand or manufacturer}",),
    )
    findings = (
        (
            Finding(
                kind="restricted",
                severity="high",
                title=f"{manufacturer} equipment is restricted",
                explanation="Named in a procurement ban.",
                remediation="Plan replacement.",
                references=(Reference("Procurement Policy Note 08/22", "https://example.org/ppn", "2022-11-24"),),
                regime="uk-ppn-0822",
                chain=f"brand x -> made by {manufacturer} -> named in PPN 08/22",
                details={"citation": "Procurement Policy Note 08/22"},
            ),
        )
        if restricted
        else ()
    )
    key = mac or (f"{manufacturer}:{serial}" if serial else ip)
    return Device(
        id=f"dev-{abs(hash(key)) % 10**16:016d}",
        addresses=(Address(ip, mac),),
        services=(Service(80, "tcp", "http"), Service(554, "tcp", "rtsp")),
        identity=identity,
        findings=findings,
    )


def result(*devices: Device, started: str = "2026-05-01T10:00:00Z", errors: int = 0) -> ScanResult:
    """A complete scan result holding ``devices``."""
    targets = tuple(d.addresses[0].ip for d in devices)
    return ScanResult(
        schema_version=SCHEMA_VERSION,
        tool=Tool("camaudit", "test"),
        started=started,
        finished=started.replace("T10:00:00Z", "T10:05:00Z"),
        scope=Scope(targets=targets, ports=(80, 554)),
        devices=devices,
        errors=tuple(
            ScanError(targets[0] if targets else "127.0.0.1", "timeout", f"probe {i} timed out", port=80, probe="http")
            for i in range(errors)
        ),
        status=RunStatus(complete=True, hosts=len(devices), finished=len(devices)),
    )


def observation(ip: str, n: int = 0, raw_size: int = 64) -> Observation:
    """An HTTP observation with ``raw_size`` bytes of raw reply."""
    return Observation(
        ip=ip,
        port=80,
        transport="tcp",
        protocol="http",
        source="scan",
        seen_at="2026-05-01T10:01:00Z",
        fields={"http.server": "App-webs/", "http.title": f"page {n}"},
        raw=b"x" * raw_size,
    )
