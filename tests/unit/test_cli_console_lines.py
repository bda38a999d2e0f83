"""What a newcomer reads on the console: whole lines in a log or a pipe, and a hint that works as printed."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from camaudit.cli.partial import statement
from camaudit.model import RunStatus


def camaudit(*args: str) -> subprocess.CompletedProcess[str]:
    """A real ``camaudit`` process writing to pipes, as in a log: no COLUMNS, so Rich assumes 80 columns."""
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    return subprocess.run([sys.executable, "-m", "camaudit", *args], capture_output=True, text=True, timeout=120,
                          env={**env, "NO_COLOR": "1"}, check=False)


def test_an_empty_capture_is_one_plain_error_line_even_in_a_pipe(tmp_path: Path) -> None:
    folder = tmp_path / "captures-from-the-leisure-centre-switch-mirror-port"
    folder.mkdir()
    empty = folder / "monday-morning.pcap"
    empty.write_bytes(b"")
    proc = camaudit("passive", str(empty))
    assert proc.returncode == 1
    # One line a log keeps whole, saying what is wrong in words (not "starts with an empty file").
    assert proc.stderr.splitlines() == [
        f"camaudit: error: {empty}: the file is empty: not a pcap or pcapng capture, nor a Zeek log"
    ]


def test_a_stopped_recorded_scan_says_on_stdout_how_to_resume_that_register(tmp_path: Path) -> None:
    db = tmp_path / "site register.db"
    # Two loopback hosts, closed ports, a budget of one probe: the scan stops before it is complete.
    proc = camaudit("scan", "127.0.0.0/30", "--ports", "9,10,11", "--no-sip", "--max-probes", "1",
                    "--db", str(db))
    assert proc.returncode == 3, proc.stderr
    hint = f"`camaudit scan --resume --db {shlex.quote(str(db))}` completes it."
    # The summary on stdout names the register: a bare `scan --resume` would look in the default one.
    assert any(line.startswith("Wrote 0 device(s) of unfinished scan 1") and line.endswith(hint)
               for line in proc.stdout.splitlines()), proc.stdout


def test_the_resume_hint_never_prints_the_register_password() -> None:
    status = RunStatus(complete=False, stopped="interrupted", hosts=4, finished=1)
    line = statement(status, "postgresql://auditor:s3cret-pass@db.example/camaudit")
    assert "s3cret-pass" not in line
    assert line.endswith("to finish it: camaudit scan --resume --db 'postgresql://auditor:***@db.example/camaudit'")
    # A file path is shown as given, quoted for the shell.
    assert statement(status, "/srv/audit/site one.db").endswith("--resume --db '/srv/audit/site one.db'")


def test_rules_test_says_what_is_coming_before_the_slow_redos_timing() -> None:
    rules = Path(__file__).resolve().parents[2] / "src" / "camaudit" / "knowledge" / "data" / "rules" / "traffic.yaml"
    timed, quick = camaudit("rules", "test", "--rules", str(rules)), camaudit("rules", "test", "--rules", str(rules),
                                                                            "--no-redos")
    assert (timed.returncode, quick.returncode) == (0, 0), timed.stderr + quick.stderr
    # The packaged rules take over a minute with the timing: the first line says so before it starts.
    assert timed.stderr.splitlines()[0].startswith("Checking 1 rule(s): examples, counter-examples, and ReDoS timing")
    assert "--no-redos skips it" in timed.stderr.splitlines()[0]
    assert quick.stderr.splitlines()[0] == "Checking 1 rule(s): examples, counter-examples ..."


def test_demo_refuses_to_mix_its_report_into_the_table_on_standard_output() -> None:
    done = camaudit("demo", "--report", "-", "--json", "")
    # Before, the lab started and stdout got the table, the HTML page and "Report written to -" in one stream.
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.splitlines() == ["camaudit: error: --report needs a file name, not '-' (to print a report, "
                                        "record the demo with --db FILE and run camaudit report --db FILE -o -)"]


def test_discover_has_the_verbose_option_its_summary_names() -> None:
    # Loopback only: the discovery probes stay on this machine. Before: exit 2, "No such option: --verbose".
    done = camaudit("discover", "--interface", "lo", "--listen", "0.5", "--verbose", "--plain", "--json", "")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].split("\t")[0] == "address"
