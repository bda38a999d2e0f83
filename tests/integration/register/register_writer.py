"""A register writer run as its own process by the kill and concurrency tests.

    python -m tests.integration.register.register_writer DB HOSTS [--resume] [--start-at EPOCH] [--site NAME]
        [--delay S] [--net N]          (from the project root)

HOSTS is a list of index ranges (``41-80,1-40``). Host ``i`` is a synthetic camera at 10.NET.x.y known by
a MAC (i % 3 == 0), a serial (i % 3 == 1) or only its address (i % 3 == 2), so every merge rule is
exercised. Each host is one committed transaction, printed as ``committed IP`` only after the commit
returns: what a test reads from standard output is what must survive a kill.
"""

from __future__ import annotations

import argparse
import time

from tests.unit.register.synthetic import device, observation

from camaudit.model import Device, Scope
from camaudit.register.db import open_register
from camaudit.register.query import latest_unfinished, recorded_hosts
from camaudit.register.store import begin_scan, finish_scan, record_host


def host_ip(i: int, net: int = 9) -> str:
    return f"10.{net}.{i // 200}.{i % 200 + 1}"


def host_device(i: int, net: int = 9) -> Device:
    ip = host_ip(i, net)
    if i % 3 == 0:
        return device(ip, mac=f"c4:2f:90:00:{i >> 8:02x}:{i & 255:02x}")
    if i % 3 == 1:
        return device(ip, serial=f"SN{i:05d}", manufacturer="dahua")
    return device(ip, manufacturer=None, model=None, firmware=None, restricted=False)


def indices(spec: str) -> list[int]:
    out: list[int] = []
    for part in spec.split(","):
        first, _, last = part.partition("-")
        out.extend(range(int(first), int(last or first) + 1))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("hosts")
    parser.add_argument("--resume", action="store_true")
    parser.add_argument("--start-at", type=float, default=0.0)
    parser.add_argument("--site")
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--observations", type=int, default=16)
    parser.add_argument("--net", type=int, default=9, help="second octet: another site's view of the hosts")
    args = parser.parse_args()
    hosts = indices(args.hosts)
    register = open_register(args.db)
    if args.resume:
        info = latest_unfinished(register)
        assert info is not None, "nothing to resume"
        scan_id, done = info.id, recorded_hosts(register, info.id)
    else:
        scope = Scope(targets=tuple(host_ip(i, args.net) for i in hosts), ports=(80,))
        scan_id, done = begin_scan(register, scope, site=args.site), frozenset()
    print(f"scan {scan_id}", flush=True)
    while time.time() < args.start_at:
        time.sleep(0.001)
    for i in hosts:
        ip = host_ip(i, args.net)
        if ip in done:
            continue
        observations = [observation(ip, n, raw_size=4096) for n in range(args.observations)]
        record_host(register, scan_id, ip, host_device(i, args.net), observations=observations)
        print(f"committed {ip}", flush=True)
        if args.delay:
            time.sleep(args.delay)
    finish_scan(register, scan_id)
    print("complete", flush=True)
    register.close()


if __name__ == "__main__":
    main()
