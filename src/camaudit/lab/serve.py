"""Keep a lab running until a signal, and the state file that lets ``camaudit lab down`` find it.

A detached lab is this module run as a child process (``python -m camaudit.lab.serve``), so it does not
depend on the CLI's command registration and can be stopped with SIGTERM like any daemon.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import signal
import sys
import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camaudit import lab_holds
from camaudit.lab.device import LabError
from camaudit.lab.fleet import DEFAULT_NET, FleetLab
from camaudit.lab.profile import ProfileError
from camaudit.lab.runner import DEFAULT_BASE, LabRunner

STATE_NAME = "lab.json"
LOG_NAME = "lab.log"
#: Marker in the child's command line, checked before signalling a pid from the state file.
MODULE = "camaudit.lab.serve"


def state_dir() -> Path:
    """``$XDG_RUNTIME_DIR/camaudit`` or ``/tmp/camaudit-<uid>``, created private to this user."""
    base = lab_holds.folder()
    # In a shared /tmp someone else could have made the folder first (or a symlink): refuse it.
    if not lab_holds.made_private(base):
        raise LabError(f"{base} is not a private folder owned by this user")
    return base


def pid_alive(pid: int) -> bool:
    """Whether ``pid`` is a running lab process (not a reused pid of something else)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False
    cmdline = Path(f"/proc/{pid}/cmdline")
    if cmdline.exists():
        with contextlib.suppress(OSError):
            return MODULE.encode() in cmdline.read_bytes()
    return True


def read_state(folder: Path | None = None) -> dict[str, Any] | None:
    """The running detached lab's state, or None (a stale file from a dead lab is removed)."""
    path = (folder or state_dir()) / STATE_NAME
    try:
        state: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(state.get("pid"), int) or not pid_alive(state["pid"]):
        path.unlink(missing_ok=True)
        return None
    return state


@dataclass(frozen=True, slots=True)
class LabOptions:
    """What ``camaudit lab up`` was asked for; the same options start a detached lab."""

    profiles: tuple[str, ...] = ()
    base: str = DEFAULT_BASE
    alt_ports: bool = False
    #: Fleet mode: this many addresses of ``net`` (0: not a fleet).
    fleet: int = 0
    net: str = DEFAULT_NET
    live: int | None = None
    seed: int = 0
    #: Namespace mode (root): devices on a virtual LAN of network namespaces.
    netns: bool = False
    prefix: str = "camlab"

    def arguments(self) -> list[str]:
        """Command-line arguments that give these options to :func:`main` (and to ``camaudit lab up``)."""
        args = [arg for name in self.profiles for arg in ("--profile", name)]
        args += ["--base", self.base] + (["--alt-ports"] if self.alt_ports else [])
        if self.fleet:
            args += ["--fleet", str(self.fleet), "--net", self.net, "--seed", str(self.seed)]
            args += ["--live", str(self.live)] if self.live is not None else []
        if self.netns:
            args += ["--netns", "--prefix", self.prefix]
        return args


def make_runner(options: LabOptions) -> LabRunner:
    """The loopback lab, the fleet or the namespace lab the options ask for (not started)."""
    profiles = list(options.profiles) or None
    if options.fleet and options.netns:
        raise LabError("--fleet and --netns do not mix: a fleet lives on loopback")
    if options.fleet:
        live = options.live if options.live is not None else min(options.fleet, 500)
        return FleetLab(options.fleet, options.net, live, profiles, options.seed, options.alt_ports)
    if options.netns:
        from camaudit.lab.netns import NetnsLab

        return NetnsLab(profiles, prefix=options.prefix)
    return LabRunner(profiles, base=options.base, alt_ports=options.alt_ports)


def write_state(path: Path, runner: LabRunner) -> None:
    """Write pid and devices atomically (a reader never sees half a file)."""
    state = {
        "pid": os.getpid(),
        "base": runner.base,
        "alt_ports": runner.alt_ports,
        "devices": [d.to_json() for d in runner.devices],
    }
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    tmp.replace(path)


def run_until_signalled(runner: LabRunner, on_ready: Callable[[], None]) -> None:
    """Start ``runner``, call ``on_ready``, and stop cleanly on SIGINT or SIGTERM."""
    stop = threading.Event()

    def handler(signum: int, frame: object) -> None:
        stop.set()

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with runner:
            on_ready()
            # A timed wait keeps the main thread responsive to signals.
            while not stop.wait(0.5):
                pass
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


def main(argv: list[str] | None = None) -> int:
    """Entry point of a detached lab: run the devices and keep the state file while they run."""
    parser = argparse.ArgumentParser(prog=MODULE)
    parser.add_argument("--profile", action="append", dest="profiles", default=[])
    parser.add_argument("--base", default=DEFAULT_BASE)
    parser.add_argument("--alt-ports", action="store_true")
    parser.add_argument("--fleet", type=int, default=0)
    parser.add_argument("--net", default=DEFAULT_NET)
    parser.add_argument("--live", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--netns", action="store_true")
    parser.add_argument("--prefix", default="camlab")
    parser.add_argument("--state", type=Path, required=True)
    args = parser.parse_args(argv)
    options = LabOptions(
        tuple(args.profiles), args.base, args.alt_ports, args.fleet, args.net, args.live, args.seed, args.netns,
        args.prefix,
    )
    try:
        runner = make_runner(options)
        run_until_signalled(runner, lambda: write_state(args.state, runner))
    except (LabError, ProfileError, OSError) as exc:
        print(f"camaudit lab: {exc}", file=sys.stderr)
        return 2
    finally:
        with contextlib.suppress(OSError):
            state = json.loads(args.state.read_text(encoding="utf-8"))
            if state.get("pid") == os.getpid():
                args.state.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
