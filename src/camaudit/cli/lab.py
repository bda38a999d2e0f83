"""``camaudit lab up|down|list``: run the emulated camera fleet on loopback addresses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from typing import Any

import typer
from rich.table import Table
from rich.text import Text

from camaudit.cli.app import app
from camaudit.cli.common import EXIT_FAILURE, fail, out
from camaudit.cli.terminal import print_table
from camaudit.lab import serve
from camaudit.lab.device import LabError
from camaudit.lab.fleet import DEFAULT_NET
from camaudit.lab.profile import ProfileError, load_profiles
from camaudit.lab.runner import DEFAULT_BASE, LabRunner
from camaudit.lab.serve import LabOptions
from camaudit.report.table import new_table

lab_app = typer.Typer(
    help="Emulated cameras and recorders on 127.0.0.0/8 (or a namespace LAN), for demos, tests and benchmarks.",
    no_args_is_help=True,
)
app.add_typer(lab_app, name="lab")

#: Seconds ``lab up --detach`` waits for the child to report its devices.
DETACH_TIMEOUT = 30.0
#: Seconds ``lab down`` waits for the lab to exit after SIGTERM.
STOP_TIMEOUT = 10.0


def _maker(expect: Mapping[str, Any]) -> str:
    brand, maker = expect.get("brand"), expect.get("manufacturer")
    if brand and maker and brand != maker:
        return f"{brand} (made by {maker})"
    return str(maker or brand or expect.get("device_type") or "-")


#: A fleet's table would be thousands of rows: show this many and a count.
TABLE_ROWS = 40


def _devices_table(devices: Sequence[Mapping[str, Any]], title: str) -> Table:
    if len(devices) > TABLE_ROWS:
        title += f" - first {TABLE_ROWS} of {len(devices)} devices"
        devices = devices[:TABLE_ROWS]
    table = new_table(title, ("device", "address", "mac", "ports", "expected maker"))
    for dev in devices:
        udp = {name for name, proto in dev.get("protocols", {}).items() if proto == "udp"}
        ports = ", ".join(f"{n} {p}{'/udp' if n in udp else ''}" for n, p in dev["ports"].items())
        row = (dev["name"], dev["ip"], dev.get("mac", ""), ports, _maker(dev["expect"]))
        table.add_row(*(Text(str(c)) for c in row))
    return table


def _make_runner(options: LabOptions) -> LabRunner:
    try:
        return serve.make_runner(options)
    except (LabError, ProfileError) as exc:
        fail(str(exc))


@lab_app.command("up")
def up(
    profile: list[str] = typer.Option([], "--profile", "-p", help="Profile to run (repeat; default: all)."),
    base: str = typer.Option(DEFAULT_BASE, "--base", help="First device address; must be in 127.0.0.0/8."),
    alt_ports: bool = typer.Option(
        False, "--alt-ports", help="Use the alternative ports (8080, 8443, 8554) even when root."
    ),
    detach: bool = typer.Option(
        False, "--detach", help="Run in the background; stop with 'camaudit lab down'."
    ),
    fleet: int = typer.Option(
        0, "--fleet", min=0, max=1 << 20, help="Fleet mode: emulate this many addresses of --net from one process."
    ),
    net: str = typer.Option(DEFAULT_NET, "--net", help="Fleet network (inside 127.0.0.0/8)."),
    live: int | None = typer.Option(None, "--live", min=0, help="Live devices in the fleet (default min(N, 500))."),
    seed: int = typer.Option(0, "--seed", help="Which fleet addresses are live (same seed, same fleet)."),
    netns: bool = typer.Option(
        False, "--netns", help="Namespace mode (root): a virtual LAN of network namespaces with real MACs."
    ),
    prefix: str = typer.Option("camlab", "--prefix", help="Name prefix of the namespaces (namespace mode)."),
) -> None:
    """Start the lab: in the foreground until Ctrl-C or SIGTERM, or detached with --detach."""
    options = LabOptions(tuple(profile), base, alt_ports, fleet, net, live, seed, netns, prefix)
    runner = _make_runner(options)
    if detach:
        _detach(options)
        return

    def show() -> None:
        print_table(out, _devices_table([d.to_json() for d in runner.devices], "Lab running (Ctrl-C stops it)"))
        if fleet:
            out.print(f"Fleet: {len(runner.devices)} live devices among {fleet} addresses of {net}.", markup=False)

    try:
        serve.run_until_signalled(runner, show)
    except (LabError, OSError) as exc:
        fail(f"cannot start the lab: {exc}", EXIT_FAILURE)
    out.print("Lab stopped.")


def _detach(options: LabOptions) -> None:
    try:
        folder = serve.state_dir()
    except (LabError, OSError) as exc:
        fail(f"cannot use the state folder: {exc}", EXIT_FAILURE)
    if (running := serve.read_state(folder)) is not None:
        fail(f"a lab is already running (pid {running['pid']}); stop it with 'camaudit lab down'")
    state = folder / serve.STATE_NAME
    command = [sys.executable, "-m", serve.MODULE, "--state", str(state), *options.arguments()]
    with open(folder / serve.LOG_NAME, "wb") as log:
        # A new session: the lab outlives this shell and its Ctrl-C.
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )
    deadline = time.monotonic() + DETACH_TIMEOUT
    while time.monotonic() < deadline:
        current = serve.read_state(folder)
        if current is not None and current["pid"] == child.pid:
            print_table(out, _devices_table(current["devices"], f"Lab running in the background (pid {child.pid})"))
            out.print("Stop it with: camaudit lab down", markup=False)
            return
        if child.poll() is not None:
            reason = (folder / serve.LOG_NAME).read_text(errors="replace").strip().splitlines()
            fail(f"the lab did not start: {reason[-1] if reason else f'exit code {child.returncode}'}",
                 EXIT_FAILURE)
        time.sleep(0.1)
    child.terminate()
    fail(f"the lab did not start within {DETACH_TIMEOUT:.0f} s", EXIT_FAILURE)


@lab_app.command("down")
def down() -> None:
    """Stop the lab started with 'camaudit lab up --detach'."""
    try:
        state = serve.read_state()
    except (LabError, OSError) as exc:
        fail(f"cannot use the state folder: {exc}", EXIT_FAILURE)
    if state is None:
        out.print("No lab is running.")
        return
    pid = int(state["pid"])
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT
    while serve.pid_alive(pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    if serve.pid_alive(pid):
        fail(f"the lab (pid {pid}) did not stop within {STOP_TIMEOUT:.0f} s", EXIT_FAILURE)
    out.print(f"Lab stopped (pid {pid}, {len(state.get('devices', []))} devices).")


@lab_app.command("list")
def list_profiles() -> None:
    """List the device profiles, and the running lab's devices if one runs."""
    try:
        profiles = load_profiles()
    except ProfileError as exc:
        fail(str(exc))
    table = new_table("Device profiles", ("profile", "expected maker", "description"))
    for p in profiles:
        table.add_row(*(Text(c) for c in (p.name, _maker(p.expect.model_dump()), p.description)))
    print_table(out, table)
    try:
        state = serve.read_state()
    except (LabError, OSError):
        state = None
    if state is None:
        out.print("No lab is running.")
    else:
        print_table(out, _devices_table(state["devices"], f"Running lab (pid {state['pid']})"))
