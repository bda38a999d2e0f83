"""``camaudit users``: who may log in to the dashboard (``camaudit serve``), with which role."""

from __future__ import annotations

import sys

import typer

from camaudit.cli.app import app
from camaudit.cli.common import fail, out
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.register.models import ROLES
from camaudit.register.users import UserError, add_user, list_users, remove_user, set_password

users_app = typer.Typer(help="Manage dashboard users: admins edit notes, viewers only read.", no_args_is_help=True)
app.add_typer(users_app, name="users")

_STDIN_HELP = "Read the password from the first line of standard input instead of prompting."


def _password(from_stdin: bool) -> str:
    if from_stdin:
        line = sys.stdin.readline(4096)
        password = line.rstrip("\r\n")
        if not password:
            fail("--password-stdin: standard input held no password")
        return password
    if not sys.stdin.isatty():
        fail("no terminal to ask for the password: use --password-stdin")
    value: str = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    return value


@users_app.command("add")
def add(
    name: str = typer.Argument(..., help="Login name."),
    role: str = typer.Option(..., "--role", help=f"One of: {', '.join(ROLES)}."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=_STDIN_HELP),
    db: str | None = db_option(),
) -> None:
    """Add a dashboard user."""
    if role not in ROLES:
        fail(f"--role must be one of {', '.join(ROLES)}, not {role!r}")
    password = _password(password_stdin)
    register = open_or_fail(db)
    with register, register_errors(register):
        try:
            user = add_user(register, name, role, password)
        except UserError as exc:
            fail(str(exc))
    out.print(f"User {user.name} ({user.role}) added.", markup=False)


@users_app.command("list")
def list_(db: str | None = db_option()) -> None:
    """List the dashboard users."""
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        users = list_users(register)
    for user in users:
        out.print(f"{user.name}\t{user.role}\tadded {user.created}", markup=False)
    if not users:
        out.print("No users yet: camaudit users add NAME --role admin", markup=False)


@users_app.command("remove")
def remove(name: str = typer.Argument(..., help="Login name."), db: str | None = db_option()) -> None:
    """Remove a dashboard user (their sessions end at once)."""
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        try:
            remove_user(register, name)
        except UserError as exc:
            fail(str(exc))
    out.print(f"User {name} removed.", markup=False)


@users_app.command("passwd")
def passwd(
    name: str = typer.Argument(..., help="Login name."),
    password_stdin: bool = typer.Option(False, "--password-stdin", help=_STDIN_HELP),
    db: str | None = db_option(),
) -> None:
    """Change a user's password (their sessions end at once)."""
    password = _password(password_stdin)
    register = open_or_fail(db, create=False)
    with register, register_errors(register):
        try:
            set_password(register, name, password)
        except UserError as exc:
            fail(str(exc))
    out.print(f"Password of {name} changed.", markup=False)
