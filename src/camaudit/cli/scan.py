"""``camaudit scan``: audit the given targets and print who made what, and what is restricted."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

from camaudit.assess import DEFAULT_POLICY, PolicyError, get_policy, policy_names
from camaudit.audit import run_audit
from camaudit.cli.app import app
from camaudit.cli.common import err, fail, out
from camaudit.cli.output import output_option, write_json
from camaudit.cli.partial import end_run, interrupted_again
from camaudit.cli.probe_options import with_probe_options
from camaudit.cli.record import Recording, db_option, resume_recording, start_recording
from camaudit.cli.stream import DeviceLines
from camaudit.cli.terminal import plain_option, print_lines, print_table, verbose_option
from camaudit.model import Device, Observation, ScanResult
from camaudit.report.summary import summarise
from camaudit.report.table import device_table, plain_table, summary_lines
from camaudit.scan.auth.credentials import CredentialsError, CredentialStore, load_credentials
from camaudit.scan.engine import HostReport, ScanOptions
from camaudit.scan.net import Limits
from camaudit.scan.options import ProbeSettings
from camaudit.scan.ports import PRESETS, parse_ports
from camaudit.targets import DEFAULT_MAX_HOSTS, ScopeGuard, TargetError, build_scope, read_target_file


def scope_or_fail(targets: list[str], exclude: list[str]) -> ScopeGuard:
    try:
        return build_scope(targets, exclude)
    except TargetError as exc:
        files = [t for t in targets if Path(t).is_file()]
        hint = f" ({files[0]} is a file: give it with --targets-file)" if files else ""
        fail(f"invalid target: {exc}{hint}")


def listed_or_fail(paths: list[Path]) -> list[str]:
    """The targets (or exclusions) the files list, or a one-line error naming the file and line."""
    try:
        return [item for path in paths for item in read_target_file(path)]
    except TargetError as exc:
        fail(str(exc))


def hosts_or_fail(guard: ScopeGuard, max_hosts: int) -> list[str]:
    """The addresses to scan; a one-line error when there are too many, or none (all excluded)."""
    try:
        hosts = guard.hosts(max_hosts)
    except TargetError as exc:
        fail(str(exc))
    if not hosts:
        fail("--exclude removes every target: nothing to scan")
    return hosts


def credentials_or_fail(path: Path | None) -> CredentialStore:
    """The user's credentials (file and environment), or a one-line error that shows no password."""
    try:
        return load_credentials(path)
    except CredentialsError as exc:
        fail(str(exc))


def ports_or_fail(text: str) -> tuple[int, ...]:
    try:
        return parse_ports(text)
    except ValueError as exc:
        fail(f"invalid --ports: {exc}")


def policy_or_fail(name: str) -> str:
    """The policy profile name if it exists; otherwise a one-line error listing the valid ones (exit 2)."""
    try:
        return get_policy(name).name
    except PolicyError as exc:
        fail(str(exc))


def policy_option() -> str:
    """The ``--policy`` option shared by ``scan`` and ``demo``."""
    default: str = typer.Option(
        DEFAULT_POLICY, "--policy",
        help=f"Which restriction regimes bind you and how hard: {', '.join(policy_names())}.",
    )
    return default


def execute(
    guard: ScopeGuard,
    options: ScanOptions,
    max_hosts: int,
    show_progress: bool,
    seed: Sequence[Observation] = (),
    recording: Recording | None = None,
    policy: str = DEFAULT_POLICY,
    lines: DeviceLines | None = None,
) -> ScanResult:
    """Run the audit with a progress bar on standard error when it is a terminal.

    With ``recording``, each finished host is committed to the register at once (and hosts it already
    holds are skipped); the result is then everything the register holds for the scan. With ``lines``, each
    device is also written as a JSON line as soon as its host is finished.
    """
    hooks = recording.hooks() if recording else {}
    if lines is not None:
        record = hooks.get("on_host")

        def both(report: HostReport, device: Device | None) -> None:
            if record is not None:
                record(report, device)
            lines(report, device)

        hooks["on_host"] = both
    try:
        total = len(set(guard.hosts(max_hosts)) - set(hooks.get("skip", ())))
    except TargetError as exc:
        fail(str(exc))
    if not show_progress or not err.is_terminal:
        result = run_audit(guard, options, max_hosts=max_hosts, seed=seed, policy=policy, **hooks)
        return recording.finish(result) if recording else result
    columns = (
        TextColumn("scanning"), BarColumn(), MofNCompleteColumn(), TextColumn("hosts"),
        TextColumn("[green]{task.fields[live]} live, {task.fields[video]} cameras/recorders"),
        TimeRemainingColumn(),
    )
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("scan", total=total, live=0, video=0)
        counts = {"live": 0, "video": 0}

        def tick(report: HostReport, device: Device | None) -> None:
            counts["live"] += int(report.responded)
            counts["video"] += int(device is not None and device.identity.is_video_device)
            bar.update(task, advance=1, live=counts["live"], video=counts["video"])

        result = run_audit(guard, options, max_hosts=max_hosts, progress=tick, seed=seed, policy=policy, **hooks)
    return recording.finish(result) if recording else result


def emit(
    result: ScanResult,
    json_path: str | None,
    *,
    plain: bool = False,
    verbose: bool = False,
    recording: Recording | None = None,
    lines: DeviceLines | None = None,
) -> None:
    """Table and summary to the terminal (standard error when JSON goes to standard output), the JSON,
    and what was written where."""
    console = err if json_path == "-" or (lines is not None and lines.path == "-") else out
    if plain:
        print_lines(console, plain_table(result))
    else:
        print_table(console, device_table(result))
    print_lines(console, summary_lines(summarise(result), result, verbose=verbose))
    if json_path:
        write_json(result, json_path)
        if json_path != "-":
            print_lines(console, [f"Result written to {json_path}"])
    if lines is not None:
        lines.close()
        if lines.path != "-":
            print_lines(console, [f"{lines.count} device line(s) written to {lines.path}"])
    if recording is not None:
        print_lines(console, [recording.describe(result)])


@app.command()
@with_probe_options
def scan(
    targets: list[str] = typer.Argument(
        None, help="Addresses, CIDR blocks (192.0.2.0/24), ranges (192.0.2.10-20) or host names."
    ),
    ports: str = typer.Option(
        "cameras", "--ports", "-p", help=f"Port list (80,443,8000-8010) or a preset: {', '.join(PRESETS)}."
    ),
    exclude: list[str] = typer.Option([], "--exclude", "-x", help="Addresses or blocks never to touch."),
    targets_file: list[Path] = typer.Option(
        [], "--targets-file", "-iL", help="A file of targets, one or more a line ('#' starts a comment; repeatable)."
    ),
    exclude_file: list[Path] = typer.Option(
        [], "--exclude-file", help="A file of addresses or blocks never to touch (as --targets-file)."
    ),
    json_path: str | None = output_option("Write the result JSON here ('-' for stdout)."),
    jsonl: str | None = output_option(
        "Also write each device as one JSON line as soon as it is found ('-' for stdout).", "--jsonl"
    ),
    timeout: float = typer.Option(5.0, "--timeout", min=0.2, help="Seconds one probe may take."),
    host_timeout: float = typer.Option(
        45.0, "--host-timeout", min=1.0, help="Seconds one host's probes may take (identifying it is not counted)."
    ),
    concurrency: int = typer.Option(256, "--concurrency", min=1, max=4096, help="Hosts scanned at once."),
    max_hosts: int = typer.Option(DEFAULT_MAX_HOSTS, "--max-hosts", min=1, help="Refuse larger scopes."),
    discover: bool = typer.Option(
        False, "--discover", help="First run discovery on --interface; with no TARGETS, scan what answered."
    ),
    interface: list[str] = typer.Option([], "--interface", "-i", help="Interface for --discover (repeatable)."),
    db: str | None = db_option("Record into this register, each host as it finishes (a SQLite file or URL)."),
    resume: bool = typer.Option(
        False, "--resume", help="Continue the last unfinished scan in the register (--db) and complete it."
    ),
    policy: str = policy_option(),
    credentials: Path | None = typer.Option(
        None, "--credentials", help="YAML file of credentials for authenticated checks (must be chmod 600); "
        "or set CAMAUDIT_USERNAME and CAMAUDIT_PASSWORD.",
    ),
    host_rate: float = typer.Option(50.0, "--host-rate", min=0.1, help="New connections per second to one host."),
    rate: float | None = typer.Option(None, "--rate", min=1.0, help="New connections per second in all (no cap)."),
    max_time: float | None = typer.Option(
        None, "--max-time", min=1.0, help="Stop the whole scan after N seconds (a partial result, exit 3)."
    ),
    max_probes: int | None = typer.Option(
        None, "--max-probes", min=1, help="Run at most N probes in all; then stop (a partial result, exit 3)."
    ),
    plain: bool = plain_option(),
    verbose: bool = verbose_option(),
    probe_options: ProbeSettings = ProbeSettings(),
) -> None:
    """Scan TARGETS for cameras and recorders: read-only probes, no exploits, and no logins unless you give
    credentials (--credentials or CAMAUDIT_USERNAME/CAMAUDIT_PASSWORD) for authenticated checks.

    Only scan networks you are authorised to audit.

    Exit codes: 0 complete; 1 failed; 2 bad input; 3 partial (time limit, interrupt, probe budget), with
    a line saying what is missing and how to resume.
    """
    policy = policy_or_fail(policy)
    store = credentials_or_fail(credentials)
    if resume:
        if targets or discover or targets_file or exclude_file:
            fail("--resume continues the stored scan: give no TARGETS, target files or --discover")
        job = resume_recording(db, credentials=store or None)
        policy = job.policy or policy  # one scan's findings follow one policy
        lines = _lines_or_fail(jsonl, json_path)
        try:
            result = execute(
                job.guard, job.options, job.max_hosts, sys.stderr.isatty(), recording=job, policy=policy, lines=lines
            )
            emit(result, json_path, plain=plain, verbose=verbose, recording=job, lines=lines)
        except KeyboardInterrupt:
            interrupted_again(db)
        end_run(result.status, db)
        return
    targets = [*(targets or []), *listed_or_fail(targets_file)]
    exclude = [*exclude, *listed_or_fail(exclude_file)]
    seed: list[Observation] = []
    if discover:
        from camaudit.cli.discover import run_discovery

        if not interface:
            fail("--discover needs at least one --interface: discovery only sends where you say")
        seed = run_discovery(interface, 3.0)
        if not targets:
            targets = sorted({o.ip for o in seed}) or fail("discovery found no devices to scan")
    elif interface:
        fail("--interface is for --discover")
    if not targets:
        fail("no targets given (or use --discover --interface IF)")
    guard = scope_or_fail(targets, exclude)
    hosts_or_fail(guard, max_hosts)
    seed = [o for o in seed if guard.allows(o.ip)]
    options = ScanOptions(
        ports=ports_or_fail(ports),
        host_concurrency=concurrency,
        host_timeout=host_timeout,
        limits=Limits(probe_timeout=timeout, connect_timeout=min(2.0, timeout)),
        host_rate=host_rate,
        run_rate=rate,
        run_timeout=max_time,
        credentials=store or None,
        probe_options=probe_options,
        max_probes=max_probes,
    )
    recording = start_recording(db, guard, options, max_hosts, policy) if db else None
    lines = _lines_or_fail(jsonl, json_path)
    try:
        result = execute(
            guard, options, max_hosts, show_progress=sys.stderr.isatty(), seed=seed, recording=recording,
            policy=policy, lines=lines,
        )
        emit(result, json_path, plain=plain, verbose=verbose, recording=recording, lines=lines)
    except KeyboardInterrupt:
        interrupted_again(db if recording else None)
    end_run(result.status, db if recording else None)


def _lines_or_fail(jsonl: str | None, json_path: str | None) -> DeviceLines | None:
    """The ``--jsonl`` writer, or ``None``; both outputs cannot share standard output."""
    if jsonl is None:
        return None
    if jsonl == "-" and json_path == "-":
        fail("--json - and --jsonl - cannot both write to standard output")
    return DeviceLines(jsonl)
