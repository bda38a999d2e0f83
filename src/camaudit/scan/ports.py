"""Port presets and what service each port is expected to carry.

Cameras use their documented ports (80, 443, 554 ...); the lab, when it cannot bind ports below
1024 without root, uses the documented alternatives (8080, 8443, 8554), so the presets include both.
A maker's private service (Hikvision SDK 8000, Dahua DVRIP 37777) is declared by its probe, which adds its
port here.
"""

from __future__ import annotations

from collections.abc import Sequence

from camaudit.scan.probes import private_services, probe_ports

SERVICE_BY_PORT: dict[int, str] = {
    80: "http", 81: "http", 82: "http", 83: "http", 84: "http", 85: "http", 88: "http",
    5000: "http", 5001: "https",  # NAS web interfaces
    8899: "http",  # ONVIF on white-label cameras (HTTP/SOAP)
    8080: "http", 8081: "http", 8082: "http", 8088: "http", 8090: "http", 8888: "http", 9000: "http",
    7001: "http", 10080: "http", 49152: "http",
    443: "https", 7443: "https", 8443: "https", 9443: "https",
    554: "rtsp", 8554: "rtsp", 10554: "rtsp", 5554: "rtsp",
    21: "banner", 22: "banner", 23: "banner", 2323: "banner",
    34567: "xmeye-dvrip",  # silent until a client logs in: recorded, not probed
    **private_services(),
}

PRESETS: dict[str, Sequence[int]] = {
    # 5000/5001: NAS web interfaces (Synology DSM, QNAP), which also host recorder software (Surveillance
    # Station); 8899: the ONVIF port of many white-label cameras. The demo scans exactly this preset, and
    # a test checks that it covers every port the lab's devices use.
    "cameras": tuple(sorted({
        21, 22, 23, 80, 81, 82, 88, 443, 554, 2323, 5000, 5001, 5554, 7001, 7443, 8000, 8080, 8081, 8082,
        8088, 8090, 8443, 8554, 8888, 8899, 9000, 9443, 10080, 10554, 34567, 37777, *probe_ports(),
    })),
    "web": (80, 443, 8080, 8443),
    #: Every TCP port: slow, for a few hosts whose services were moved off their usual ports. A range until asked
    #: for: as a tuple it held 2.5 MB of int objects in every process that imports this module.
    "full": range(1, 65536),
}


def parse_ports(text: str) -> tuple[int, ...]:
    """A preset name, or a comma list of ports and ranges (``80,443,8000-8010``)."""
    text = text.strip()
    if text in PRESETS:
        return tuple(PRESETS[text])
    ports: set[int] = set()
    for part in filter(None, (p.strip() for p in text.split(","))):
        if part in PRESETS:
            ports.update(PRESETS[part])
            continue
        low, sep, high = part.partition("-")
        try:
            a = int(low)
            b = int(high) if sep else a
        except ValueError:
            raise ValueError(f"{part!r} is not a port, a range or a preset ({', '.join(PRESETS)})") from None
        if not (1 <= a <= 65535 and 1 <= b <= 65535):
            raise ValueError(f"{part!r} is outside 1-65535")
        if a > b:
            raise ValueError(f"{part!r} is a reversed range: write {b}-{a}")
        ports.update(range(a, b + 1))
    if not ports:
        raise ValueError("no ports given")
    return tuple(sorted(ports))


def service_for(port: int) -> str:
    """The service a port probably carries; unknown ports get a banner grab, then HTTP."""
    return SERVICE_BY_PORT.get(port, "unknown")
