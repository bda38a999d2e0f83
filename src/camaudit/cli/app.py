"""The ``camaudit`` command: one Typer app, one module per command group."""

from __future__ import annotations

import contextlib
import importlib
import os
import signal
import sys
from typing import Any

import typer
from typer.core import TyperOption

from camaudit import __version__
from camaudit.cli.common import EXIT_PARTIAL, abandoned

app = typer.Typer(
    name="camaudit",
    help=(
        "Find the surveillance cameras and recorders on networks you are responsible for, name who "
        "really made each one, and say which are restricted, vulnerable or phoning home.\n\n"
        "Only scan networks you are authorised to audit.\n\n"
        "Exit codes: 0 complete; 1 failed; 2 bad arguments or input; 3 partial (time limit, interrupt, "
        "probe budget), with a line saying what is missing and how to resume."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"camaudit {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", callback=_version, is_eager=True, help="Show the version and exit."
    ),
) -> None:
    """camaudit: audit surveillance cameras and recorders."""


#: The module of ``camaudit.cli`` that defines each top-level command or command group. Running one
#: command imports only its module: ``scan`` never loads the web server, ``identify`` never the register.
COMMANDS = {
    "annotate": "annotate",
    "import-assets": "assets",
    "census": "census",
    "demo": "demo",
    "diff": "diff",
    "discover": "discover",
    "history": "history",
    "identify": "identify",
    "kb": "kb",
    "lab": "lab",
    "passive": "passive",
    "report": "report",
    "rules": "rules",
    "scan": "scan",
    "scans": "scans",
    "serve": "serve",
    "users": "users",
}


def _register(args: list[str] | None = None) -> None:
    """Import the command modules ``args`` (the command line after the program name) needs; all by default.

    Each command group lives in its own module and adds itself to ``app``. A known command needs only its
    module, a bare ``--version`` none; anything else (``--help``, no command, a misspelt one) imports them
    all, so the help lists every command and a typo gets click's message.
    """
    if args is not None and args[:1] == ["--version"]:
        return
    wanted = [COMMANDS[args[0]]] if args and args[0] in COMMANDS else sorted(set(COMMANDS.values()))
    for module in wanted:
        importlib.import_module(f"camaudit.cli.{module}")


_display_type_rich = TyperOption.display_type_rich


def _no_type_for_flags(self: TyperOption, ctx: Any) -> str | None:
    # Typer's rich help shows "<bool>" after on/off flags (--discover <bool>) as if they took a value; its
    # plain help does not. A flag takes no value, so it shows no type.
    if self.is_flag or self.count:
        return None
    return _display_type_rich(self, ctx)


TyperOption.display_type_rich = _no_type_for_flags  # type: ignore[method-assign]


#: What typer exits with when Ctrl-C reaches it (the shell's 128 + SIGINT).
_TYPER_INTERRUPTED = 130


#: Attempts at ignoring Ctrl-C while Ctrl-C keeps arriving (each one interrupts the attempt it lands in).
_IGNORE_TRIES = 5


def _ignore_ctrl_c() -> None:
    """Ignore SIGINT from now on, even if a Ctrl-C lands while the handler is being swapped."""
    for _ in range(_IGNORE_TRIES):
        try:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            return
        except KeyboardInterrupt:
            continue


def _quiet_ctrl_c_in_destructors() -> None:
    """Print nothing for a Ctrl-C that lands in a destructor; other unraisable errors are reported as before.

    After a scan's first Ctrl-C, Python's own handler raises the next one wherever the interpreter is, and during the
    wind-down that is now and then an asyncio transport's ``__del__``: Python cannot raise it there and printed
    "Exception ignored in: <function _SelectorTransport.__del__ ...>" with a traceback of KeyboardInterrupt
    (tests/e2e/test_partial_scans.py, a second Ctrl-C 0.3 s after the first at load 10). The run is stopping already.
    """
    previous = sys.unraisablehook

    def hook(unraisable: Any) -> None:
        if isinstance(unraisable.exc_value, KeyboardInterrupt):
            return
        previous(unraisable)

    sys.unraisablehook = hook


def main() -> None:
    """Run the command line. Ctrl-C anywhere ends quietly with exit code 3 (stopped before the end)."""
    _quiet_ctrl_c_in_destructors()
    # Until typer sets it, a Ctrl-C stopped the run: before typer took over (while the commands were being
    # imported), or a second one while the first was being handled.
    code: int | str | None = _TYPER_INTERRUPTED
    try:
        try:
            _register(sys.argv[1:])
            app()
            code = 0  # typer ends with SystemExit; should it return, the run finished
        except SystemExit as done:
            code = done.code
    except KeyboardInterrupt:
        pass
    # Everything is written (or its temporary file removed) by now: a Ctrl-C from here on, during the
    # interpreter's wind-down, must not turn into a traceback or a death by signal -- not even one arriving
    # while the handler is being swapped (tests/e2e/test_partial_scans.py, a second Ctrl-C 0.02 s after the
    # first, caught that once).
    _ignore_ctrl_c()
    if code == _TYPER_INTERRUPTED:
        # Commands that can say more (scan, identify) catch Ctrl-C themselves; this is everything else.
        sys.stderr.write("camaudit: interrupted: stopped before the end\n")
        code = EXIT_PARTIAL
    if abandoned():
        # A second Ctrl-C: what was recorded is committed; do not wait for threads still identifying.
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(Exception):
                stream.flush()
        os._exit(code if isinstance(code, int) else EXIT_PARTIAL)
    sys.exit(code)
