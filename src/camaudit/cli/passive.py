"""``camaudit passive``: find the cameras in packet captures and Zeek logs, and whom each one talks to.

Nothing is sent anywhere: the files are read, and the result is the same JSON a scan writes, so reports
and the register take it unchanged (``--db`` records it as a scan, merging devices by MAC and address).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from camaudit.cli.app import app
from camaudit.cli.common import EXIT_FAILURE, err, fail, out
from camaudit.cli.output import output_option
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.cli.scan import emit, policy_option, policy_or_fail
from camaudit.cli.terminal import plain_option, verbose_option
from camaudit.model import Device, Observation, ScanResult, Scope
from camaudit.passive.localnet import DEFAULT_LOCAL_NETS, LocalNetError, LocalNets, parse_nets
from camaudit.register.annotations import notes_for
from camaudit.register.db import Register
from camaudit.register.store import begin_scan, finish_scan, record_host

if TYPE_CHECKING:
    from camaudit.passive.run import PassiveOptions, Summary


def _local_or_fail(texts: Sequence[str]) -> LocalNets:
    try:
        return LocalNets(parse_nets(texts or DEFAULT_LOCAL_NETS))
    except LocalNetError as exc:
        fail(str(exc))


def _check_databases(geoip: Path | None, asn: Path | None) -> None:
    from camaudit.passive.geo import GeoError, GeoLookup

    try:
        GeoLookup(geoip, asn).close()
    except GeoError as exc:
        fail(str(exc))


def _record(register: Register, result_files: Sequence[Path], options: PassiveOptions,
            summary: Summary) -> tuple[ScanResult, int]:
    """Analyse while writing each device to the register as a scan of the files; the scan id is returned."""
    from camaudit.passive.run import analyse

    scope = Scope(targets=tuple(f"file:{p}" for p in result_files))
    with register_errors(register):
        scan_id = begin_scan(register, scope, options={"passive": True, "policy": options.policy,
                                                        "local_nets": [str(n) for n in options.local.nets]})

    def keep(device: Device, observations: Sequence[Observation]) -> None:
        with register_errors(register):
            record_host(register, scan_id, device.addresses[0].ip, device, observations=observations)

    def notes(ip: str, mac: str | None) -> dict[str, str] | None:
        with register_errors(register):
            return notes_for(register, ip, mac)

    result = analyse(result_files, options, notes=notes, summary=summary, on_device=keep)
    with register_errors(register):
        finish_scan(register, scan_id, finished=result.finished, errors=result.errors)
    return result, scan_id


@app.command("passive")
def passive_command(
    files: list[Path] = typer.Argument(..., help="pcap or pcapng captures (gzip too) and Zeek logs (TSV or JSON)."),
    local_net: list[str] = typer.Option(
        [], "--local-net", help="Your networks (repeatable CIDR); traffic leaving them is summarised. "
        "Default: the private, CGNAT, loopback, link-local and unique-local ranges.",
    ),
    geoip: Path | None = typer.Option(None, "--geoip", help="MaxMind-format country database (GeoLite2-Country)."),
    asn: Path | None = typer.Option(None, "--asn", help="MaxMind-format ASN database (GeoLite2-ASN)."),
    policy: str = policy_option(),
    db: str | None = db_option("Record the result in this register (a SQLite file or URL), merged by MAC and address."),
    json_path: str | None = output_option("Write the result JSON here ('-' for stdout)."),
    plain: bool = plain_option(),
    verbose: bool = verbose_option(),
) -> None:
    """Find cameras and recorders in traffic you captured, and the vendor clouds they talk to.

    Reads the files only; nothing is sent on any network.
    """
    # Imported here, not at the top: every camaudit command loads this module, and the readers bring aioquic
    # and maxminddb, which only this command needs.
    from camaudit.passive.run import SKIPPED, UNREADABLE, PassiveOptions, Summary, analyse

    policy = policy_or_fail(policy)
    options = PassiveOptions(_local_or_fail(local_net), geoip, asn, policy)
    _check_databases(geoip, asn)
    summary = Summary()
    if db:
        register = open_or_fail(db)
        try:
            result, scan_id = _record(register, files, options, summary)
        finally:
            register.close()
    else:
        result, scan_id = analyse(files, options, summary=summary), None
    emit(result, json_path, plain=plain, verbose=verbose)
    console = err if json_path == "-" else out
    clouds = Counter(str(f.details.get("ecosystem")) for d in result.devices for f in d.findings
                     if f.kind == "cloud-traffic")
    read = f"Read {summary.packets:,} packet(s) and {summary.zeek_records:,} Zeek record(s) in {summary.seconds:.1f} s"
    console.print(read + (f"; recorded as scan {scan_id}." if scan_id is not None else "."), markup=False,
                  soft_wrap=True)
    if clouds:
        listed = ", ".join(f"{name} ({count})" for name, count in sorted(clouds.items()))
        console.print(f"Devices sending traffic to vendor clouds: {listed}. See the findings.", markup=False,
                      soft_wrap=True)
    skipped = [e for e in result.errors if e.kind == SKIPPED]
    for error in skipped[:10]:
        err.print(f"camaudit: {Path(error.target).name}: skipped {error.message}", markup=False, soft_wrap=True)
    unreadable = [e for e in result.errors if e.kind == UNREADABLE]
    for error in unreadable:
        err.print(f"camaudit: error: {error.target}: {error.message}", markup=False, soft_wrap=True)
    if unreadable:
        raise typer.Exit(EXIT_FAILURE)
