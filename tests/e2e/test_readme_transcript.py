"""The README's council transcript stays true: every command in it is run, as written, against the lab, and
what camaudit prints must be what the README shows. Only times, durations and process ids may differ.
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

from tests.conftest import require

README = Path(__file__).resolve().parents[2] / "README.md"
BLOCK = re.compile(r"<!-- transcript: council[^>]*-->\n```console\n(.*?)```\n<!-- /transcript -->", re.S)
_VARIABLE = (
    (re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z"), "<time>"),
    (re.compile(r"\b\d+(?:\.\d+)? s\b"), "<n> s"),
    (re.compile(r"\bpid \d+"), "pid <pid>"),
)


def _normalise(text: str) -> list[str]:
    for pattern, replacement in _VARIABLE:
        text = pattern.sub(replacement, text)
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def _steps(block: str) -> list[tuple[str, list[str]]]:
    """(command, expected output lines) for each ``$ `` line; a trailing backslash continues a command."""
    steps: list[tuple[str, list[str]]] = []
    lines = iter(block.splitlines())
    for line in lines:
        if line.startswith("$ "):
            command = line[2:]
            while command.endswith("\\"):
                command = command[:-1].rstrip() + " " + next(lines).strip()
            steps.append((command, []))
        else:
            assert steps, f"output before the first command: {line!r}"
            steps[-1][1].append(line)
    return steps


def test_readme_council_transcript_is_what_camaudit_prints(tmp_path: Path) -> None:
    require(os.geteuid() == 0, "the transcript shows the lab on the standard ports (80, 443, 554): needs root")
    match = BLOCK.search(README.read_text(encoding="utf-8"))
    assert match, "README.md lost its council transcript block"
    steps = _steps(match.group(1))
    shown = "\n".join(line for _, out in steps for line in out)
    # What the transcript is there to show must stay in it.
    assert "known to be exploited (CISA KEV)" in shown and "camera in a sensitive place" in shown
    assert "finding appeared" in shown and "Wrote scan 2 with" in shown

    (tmp_path / "run").mkdir()
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "FORCE_COLOR")}
    env.update(NO_COLOR="1", TERM="dumb", XDG_RUNTIME_DIR=str(tmp_path / "run"), XDG_DATA_HOME=str(tmp_path / "data"))

    def camaudit(command: str) -> str:
        args = shlex.split(command)
        assert args[0] == "camaudit", f"the transcript runs camaudit only, not {args[0]!r}"
        proc = subprocess.run([sys.executable, "-m", "camaudit", *args[1:]], cwd=tmp_path, env=env, text=True,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=180, check=False)
        assert proc.returncode == 0, f"$ {command}\n{proc.stdout}"
        return proc.stdout

    try:
        for command, expected in steps:
            assert _normalise(camaudit(command)) == _normalise("\n".join(expected)), f"$ {command}"
    finally:
        subprocess.run([sys.executable, "-m", "camaudit", "lab", "down"], cwd=tmp_path, env=env,
                       capture_output=True, timeout=60, check=False)
