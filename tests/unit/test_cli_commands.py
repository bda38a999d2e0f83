"""The command line imports only what the command being run needs (``cli/app.py``'s command table)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from camaudit.cli.app import COMMANDS, _register, app

#: Libraries that take a noticeable time to import and that some command, but not every one, needs.
HEAVY = ("sqlalchemy", "fastapi", "weasyprint", "pyarrow", "duckdb", "dask", "playwright", "uvicorn", "jinja2")


def test_the_command_table_names_every_command_and_its_module() -> None:
    _register()
    defined: dict[str, str] = {}
    for command in app.registered_commands:
        assert command.callback is not None
        name = command.name or command.callback.__name__.replace("_", "-")
        defined[name] = command.callback.__module__
    for group in app.registered_groups:
        assert group.name is not None and group.typer_instance is not None
        first = group.typer_instance.registered_commands[0].callback
        assert first is not None
        defined[group.name] = first.__module__
    assert {name: f"camaudit.cli.{module}" for name, module in COMMANDS.items()} == defined


def _imported_by(*args: str) -> list[str]:
    """The modules a fresh ``camaudit ARGS`` process has imported when the command returns."""
    script = (
        "import json, sys\n"
        f"sys.argv = ['camaudit', *{list(args)!r}]\n"
        "from camaudit.cli.app import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "sys.__stderr__.write(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False)
    return list(json.loads(done.stderr.splitlines()[-1]))


def test_version_imports_no_command() -> None:
    loaded = _imported_by("--version")
    assert not [m for m in loaded if m.startswith("camaudit.") and m not in ("camaudit.cli.app", "camaudit.cli",
                                                                            "camaudit.cli.common")]
    assert not [m for m in loaded if m.split(".")[0] in (*HEAVY, "pydantic", "yaml", "hyperscan")]


@pytest.mark.parametrize("command", ["identify", "rules", "census"])
def test_a_command_imports_only_its_own_module(command: str) -> None:
    loaded = set(_imported_by(command, "--help"))
    commands = {m for m in loaded if m.removeprefix("camaudit.cli.") in set(COMMANDS.values())}
    assert commands == {f"camaudit.cli.{COMMANDS[command]}"}
    assert not [m for m in loaded if m.split(".")[0] in HEAVY]


def test_help_lists_every_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "camaudit", "--help"], capture_output=True, text=True, timeout=120, check=False,
        env={"COLUMNS": "200", "NO_COLOR": "1", "PATH": "/usr/bin:/bin"},
    )
    assert done.returncode == 0
    for name in COMMANDS:
        assert f" {name} " in done.stdout, name


#: Objects whose destructors raise, collected as a scan's asyncio transports are during a Ctrl-C's wind-down.
_DESTRUCTORS = """
from camaudit.cli import app
{install}
class Interrupted:
    def __del__(self):
        raise KeyboardInterrupt  # a second Ctrl-C raised by Python's own handler inside a destructor
class Broken:
    def __del__(self):
        raise ValueError("a real error in a destructor")
Interrupted()
Broken()
print("went on")
"""


@pytest.mark.parametrize("installed", [True, False])
def test_a_ctrl_c_landing_in_a_destructor_prints_nothing_and_other_errors_still_show(installed: bool) -> None:
    install = "app._quiet_ctrl_c_in_destructors()" if installed else ""
    done = subprocess.run([sys.executable, "-c", _DESTRUCTORS.format(install=install)], capture_output=True,
                          text=True, timeout=120, check=False)
    assert done.returncode == 0 and done.stdout == "went on\n", done.stderr
    assert "ValueError: a real error in a destructor" in done.stderr
    # What main() installs keeps the interrupt quiet; without it, Python prints it (the noise the e2e test caught).
    assert ("KeyboardInterrupt" in done.stderr) is not installed, done.stderr
