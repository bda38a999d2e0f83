"""Outputs never clobber: ``--json``/``-o`` refuse what is not a regular file before any work, and a write
that fails (full disk, Ctrl-C, SIGTERM) leaves the target as it was and no temporary file behind.

Run as root, as camaudit usually is: device nodes are made with ``mknod`` in a temporary folder (never
the machine's own ``/dev/null``: code with this bug would replace it) and the full disk is a real tmpfs
mounted in a private mount namespace (``unshare``), so nothing here touches the machine's files or mounts.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from tests.conftest import require
from tests.load import LoadMeter

ROOT = Path(__file__).resolve().parents[2]
CAMAUDIT = [sys.executable, "-m", "camaudit"]
BANNERS = ROOT / "tests" / "data" / "importers" / "shodan_banners.jsonl"
NOBODY = "127.79.0.9"  # nothing listens there: a scan of it is quick and has a (small) result


def run(*args: str, timeout: float = 120, **kw: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "200", "NO_COLOR": "1"}
    return subprocess.run([*CAMAUDIT, *args], capture_output=True, text=True, timeout=timeout, env=env, check=False,
                          **kw)  # type: ignore[call-overload]


def _one_line_error(proc: subprocess.CompletedProcess[str], code: int, *words: str) -> None:
    assert proc.returncode == code, (proc.returncode, proc.stderr)
    errors = [ln for ln in proc.stderr.splitlines() if ln.startswith("camaudit: error:")]
    assert len(errors) == 1, proc.stderr
    for word in words:
        assert word in errors[0], errors[0]
    assert "Traceback" not in proc.stderr


def _commands(target: str, db: Path) -> dict[str, list[str]]:
    """Every command that writes results, pointed at ``target``."""
    return {
        "scan": ["scan", NOBODY, "--ports", "80", "--json", target],
        "identify": ["identify", "--format", "shodan", str(BANNERS), "-o", target],
        "history": ["history", "--db", str(db), "--json", target],
        "diff": ["diff", "--db", str(db), "--json", target],
        "discover": ["discover", "--interface", "lo", "--json", target],
        "demo": ["demo", "--base", "127.79.2.1", "--json", target],
    }


@pytest.fixture
def char_device(tmp_path: Path) -> Path:
    require(os.geteuid() == 0, "making a device node needs root")
    node = tmp_path / "null-device"
    os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # the same device as /dev/null
    return node


@pytest.mark.parametrize("command", ["scan", "identify", "history", "diff", "discover", "demo"])
def test_a_device_node_is_refused_before_any_work(command: str, char_device: Path, tmp_path: Path) -> None:
    # The scan's target listens (root binds port 80, as the fixture needs root): no work means no connection to it.
    with socket.create_server((NOBODY, 80)) as target, LoadMeter() as load:
        began = time.monotonic()
        proc = run(*_commands(str(char_device), tmp_path / "none.db")[command])
        elapsed = time.monotonic() - began
        target.setblocking(False)
        with pytest.raises(BlockingIOError):
            target.accept()
    _one_line_error(proc, 2, str(char_device), "character device")
    assert stat.S_ISCHR(char_device.lstat().st_mode), "the device node was replaced"
    assert "device(s)" not in proc.stdout and proc.stdout.strip() == "", "work was done before the refusal"
    # 30 s on a quiet machine, times the load measured while the command ran (tests/load.py): a refusal is mostly
    # start-up, 3-9 s at load 9-12 on two cores, and the discover refusal once 18.3 s at load 10.
    assert elapsed < 30 * load.stretch, f"the refusal took {elapsed:.1f} s at a load stretch of {load.stretch:.1f}"


@pytest.mark.parametrize("command", ["scan", "identify", "history"])
@pytest.mark.parametrize(
    ("where", "reason"),
    [("DIR", "a directory"), ("/proc/version", "cannot create files"), ("/nonexistent-dir/out.json", "does not exist")],
)
def test_directories_proc_and_missing_folders_are_refused_before_any_work(
    command: str, where: str, reason: str, tmp_path: Path
) -> None:
    target = str(tmp_path) if where == "DIR" else where
    proc = run(*_commands(target, tmp_path / "none.db")[command])
    _one_line_error(proc, 2, reason)
    assert proc.stdout.strip() == ""
    if where == "/proc/version":
        assert Path("/proc/version").read_text().startswith("Linux")


def test_a_symbolic_link_is_refused_and_what_it_points_to_is_untouched(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    link = tmp_path / "out.json"
    link.symlink_to(victim)
    proc = run(*_commands(str(link), tmp_path / "none.db")["identify"])
    _one_line_error(proc, 2, "symbolic link")
    assert link.is_symlink() and victim.read_text() == "precious\n"


def test_an_existing_result_is_replaced_whole_and_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    target.write_text("old\n")
    target.chmod(0o640)
    proc = run(*_commands(str(target), tmp_path / "none.db")["identify"])
    assert proc.returncode == 0, proc.stderr
    assert target.read_text().count("\n") == 7 and "old" not in target.read_text()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.jsonl"]


def _in_full_tmpfs(tmp_path: Path, argv: list[str]) -> tuple[int, str, list[str], str]:
    """Run camaudit with ``DISK`` standing for a tmpfs that is full; return (code, stderr, files, old text)."""
    require(os.geteuid() == 0 and shutil.which("unshare") is not None, "a private tmpfs needs root and unshare")
    disk = tmp_path / "disk"
    disk.mkdir()
    script = (
        'set -u; mount -t tmpfs -o size=128k tmpfs "$1"; shift; '
        'printf "previous result\\n" > "$DISK/out.json"; '
        'dd if=/dev/zero of="$DISK/filler" bs=4k 2>/dev/null; '  # fills the disk (dd stops at ENOSPC)
        '"$@" 2>"$DISK.err"; code=$?; '
        'ls -A "$DISK" > "$DISK.ls"; cp "$DISK/out.json" "$DISK.old"; echo $code > "$DISK.code"'
    )
    argv = [a.replace("DISK", str(disk)) for a in argv]
    env = {**os.environ, "DISK": str(disk), "NO_COLOR": "1", "COLUMNS": "200"}
    subprocess.run(["unshare", "--mount", "--propagation", "private", "sh", "-c", script, "sh", str(disk), *argv],
                   env=env, timeout=180, check=True)
    text = lambda suffix: Path(f"{disk}{suffix}").read_text()  # noqa: E731
    return int(text(".code")), text(".err"), text(".ls").split(), text(".old")


@pytest.mark.parametrize("command", ["scan", "identify"])
def test_a_full_disk_fails_in_one_line_leaves_the_old_result_and_no_temporary_file(
    command: str, tmp_path: Path
) -> None:
    argv = [*CAMAUDIT, *_commands("DISK/out.json", tmp_path / "none.db")[command]]
    code, stderr, files, old = _in_full_tmpfs(tmp_path, argv)
    assert code == 1, stderr
    errors = [ln for ln in stderr.splitlines() if ln.startswith("camaudit: error:")]
    assert len(errors) == 1 and "No space left on device" in errors[0], stderr
    assert "Traceback" not in stderr
    assert sorted(files) == ["filler", "out.json"], "a temporary file was left behind"
    assert old == "previous result\n", "the previous result was damaged"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_write_removes_its_temporary_file(sig: signal.Signals, tmp_path: Path) -> None:
    target = tmp_path / "out.jsonl"
    proc = subprocess.Popen(
        [*CAMAUDIT, "identify", "--format", "shodan", "-", "-o", str(target)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    assert proc.stdin is not None
    proc.stdin.write(BANNERS.read_bytes())  # the output is being written; stdin stays open
    proc.stdin.flush()
    deadline = time.monotonic() + 60
    while not any(p.name.endswith(".tmp") for p in tmp_path.iterdir()) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert any(p.name.endswith(".tmp") for p in tmp_path.iterdir()), "identify never started writing"
    time.sleep(0.3)
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=30)
    assert proc.returncode == (3 if sig == signal.SIGINT else 143), err
    assert b"Traceback" not in err
    assert list(tmp_path.iterdir()) == [], "the temporary file or a partial target was left"
