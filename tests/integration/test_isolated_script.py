"""scripts/isolated, the wrapper the lab benchmarks' usage lines and the fixed-address tests name: the command runs
with loopback only, up, and its exit status comes back."""

from __future__ import annotations

import os
import subprocess

from tests.conftest import ROOT, require

SCRIPT = ROOT / "scripts" / "isolated"


def _run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(SCRIPT), *command], capture_output=True, text=True, timeout=30, check=False)


def test_the_command_sees_only_loopback_and_it_is_up() -> None:
    require(os.geteuid() == 0, "a network namespace needs root here (CI runs as root)")
    links = _run("ip", "-o", "link").stdout.splitlines()
    assert len(links) == 1, links
    name, flags = links[0].split(":")[1].strip(), links[0].split("<", 1)[1].split(">", 1)[0].split(",")
    assert name == "lo" and "UP" in flags


def test_arguments_pass_through_and_the_exit_status_comes_back() -> None:
    require(os.geteuid() == 0, "a network namespace needs root here (CI runs as root)")
    done = _run("sh", "-c", 'printf "%s|" "$@"; exit 3', "sh", "a b", "c")
    assert (done.returncode, done.stdout) == (3, "a b|c|")
    assert _run().returncode == 2
