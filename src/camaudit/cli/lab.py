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
from camaudit.lab import serve
from camaudit.lab.device import LabError
from camaudit.lab.profile import ProfileError, load_profiles
from camaudit.lab.runner import DEFAULT_BASE, LabRunner

lab_app = typer.Typer(
    help="Emulated cameras and recorders on 127.0.0.0/8, for demos, tests and benchmarks.",
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


def _devices_table(devices: Sequence[Mapping[str, Any]], title: str) -> Table:
    table = Table(title=title, title_justify="left")
    for column in ("device", "address", "ports", "expected maker"):
        table.add_column(column)
    for dev in devices:
        udp = {name for name, proto in dev.get("protocols", {}).items() if proto == "udp"}
        ports = ", ".join(f"{n} {p}{'/udp' if n in udp else ''}" for n, p in dev["ports"].items())
        table.add_row(*(Text(str(c)) for c in (dev["name"], dev["ip"], ports, _maker(dev["expect"]))))
    return table


def _make_runner(profiles: list[str] | None, base: str, alt_ports: bool) -> LabRunner:
    try:
        return LabRunner(profiles or None, base=base, alt_ports=alt_ports)
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
) -> None:
    """Start the lab: in the foreground until Ctrl-C, or detached with --detach."""
    runner = _make_runner(profile, base, alt_ports)
    if detach:
        _detach(profile, base, alt_ports)
        return
    def show() -> None:
        out.print(_devices_table([d.to_json() for d in runner.devices], "Lab running (Ctrl-C stops it)"))

    try:
        serve.run_until_signalled(runner, show)
    except (LabError, OSError) as exc:
        fail(f"cannot start the lab: {exc}", EXIT_FAILURE)
    out.print("Lab stopped.")


def _detach(profiles: list[str], base: str, alt_ports: bool) -> None:
    try:
        folder = serve.state_dir()
    except (LabError, OSError) as exc:
        fail(f"cannot use the state folder: {exc}", EXIT_FAILURE)
    if (running := serve.read_state(folder)) is not None:
        fail(f"a lab is already running (pid {running['pid']}); stop it with 'camaudit lab down'")
    state = folder / serve.STATE_NAME
    command = [sys.executable, "-m", serve.MODULE, "--base", base, "--state", str(state)]
    command += [arg for name in profiles for arg in ("--profile", name)]
    command += ["--alt-ports"] if alt_ports else []
    with open(folder / serve.LOG_NAME, "wb") as log:
        # A new session: the lab outlives this shell and its Ctrl-C.
        child = subprocess.Popen(
            command, stdin=subprocess.DEVNULL, stdout=log, stderr=log, start_new_session=True
        )
    deadline = time.monotonic() + DETACH_TIMEOUT
    while time.monotonic() < deadline:
        current = serve.read_state(folder)
        if current is not None and current["pid"] == child.pid:
            out.print(_devices_table(current["devices"], f"Lab running in the background (pid {child.pid})"))
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
    table = Table(title="Device profiles", title_justify="left")
    for column in ("profile", "expected maker", "description"):
        table.add_column(column)
    for p in profiles:
        table.add_row(*(Text(c) for c in (p.name, _maker(p.expect.model_dump()), p.description)))
    out.print(table)
    try:
        state = serve.read_state()
    except (LabError, OSError):
        state = None
    if state is None:
        out.print("No lab is running.")
    else:
        out.print(_devices_table(state["devices"], f"Running lab (pid {state['pid']})"))
