"""The ``camaudit`` command: one Typer app, one module per command group."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperOption

from camaudit import __version__

app = typer.Typer(
    name="camaudit",
    help=(
        "Find the surveillance cameras and recorders on networks you are responsible for, name who "
        "really made each one, and say which are restricted, vulnerable or phoning home.\n\n"
        "Only scan networks you are authorised to audit."
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


def _register() -> None:
    # Each command group lives in its own module and adds itself to ``app``.
    from camaudit.cli import (  # noqa: F401
        annotate,
        assets,
        census,
        demo,
        diff,
        discover,
        history,
        identify,
        kb,
        lab,
        passive,
        report,
        rules,
        scan,
        serve,
        users,
    )


_display_type_rich = TyperOption.display_type_rich


def _no_type_for_flags(self: TyperOption, ctx: Any) -> str | None:
    # Typer's rich help shows "<bool>" after on/off flags (--discover <bool>) as if they took a value; its
    # plain help does not. A flag takes no value, so it shows no type.
    if self.is_flag or self.count:
        return None
    return _display_type_rich(self, ctx)


TyperOption.display_type_rich = _no_type_for_flags  # type: ignore[method-assign]


def main() -> None:
    _register()
    app()
