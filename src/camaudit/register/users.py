"""Dashboard users and sessions, kept in the register.

Passwords are stored only as Argon2id hashes (argon2-cffi's defaults, RFC 9106's second recommended
profile); session cookies carry a random token of which only the SHA-256 is stored. Removing a user or
changing a password ends every session of that user.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select

from camaudit.register.db import Register
from camaudit.register.models import ROLES, UserRow, WebSessionRow

#: How long a dashboard login lasts, at most.
SESSION_LIFETIME = dt.timedelta(hours=12)
MIN_PASSWORD = 12
MAX_PASSWORD = 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
_HASHER = PasswordHasher()
#: Verified against when the user does not exist, so that a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_hex(16))


class UserError(Exception):
    """A bad name, role or password, or an unknown user; the message is one line."""


@dataclass(frozen=True, slots=True)
class User:
    id: int
    name: str
    role: str
    created: str

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"


@dataclass(frozen=True, slots=True)
class SessionInfo:
    user: User
    csrf: str
    expires: str


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def _stamp(when: dt.datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%SZ")


def _user(row: UserRow) -> User:
    return User(row.id, row.name, row.role, row.created)


def check_password(password: str) -> None:
    """Refuse passwords too short to resist guessing (NIST SP 800-63B asks for at least 8; we ask 12)."""
    if len(password) < MIN_PASSWORD:
        raise UserError(f"the password must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise UserError(f"the password must have at most {MAX_PASSWORD} characters")


def add_user(register: Register, name: str, role: str, password: str) -> User:
    """Create a user (``UserError`` when the name is taken or invalid)."""
    if not _NAME.match(name):
        raise UserError("a user name is 1-64 letters, digits, '.', '_', '@' or '-', starting with a letter or digit")
    if role not in ROLES:
        raise UserError(f"--role must be one of {', '.join(ROLES)}, not {role!r}")
    check_password(password)
    now = _stamp(_now())
    with register.transaction() as session:
        if session.scalar(select(UserRow.id).where(UserRow.name == name)) is not None:
            raise UserError(f"user {name!r} already exists (use camaudit users passwd to change the password)")
        row = UserRow(name=name, role=role, password_hash=_HASHER.hash(password), created=now, updated=now)
        session.add(row)
        session.flush()
        return _user(row)


def list_users(register: Register) -> list[User]:
    """Every user, by name."""
    with register.session() as session:
        return [_user(r) for r in session.scalars(select(UserRow).order_by(UserRow.name))]


def remove_user(register: Register, name: str) -> None:
    """Delete a user and end their sessions."""
    with register.transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            raise UserError(f"no user {name!r}")
        session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))
        session.delete(row)


def set_password(register: Register, name: str, password: str) -> None:
    """Change a user's password and end their sessions."""
    check_password(password)
    with register.transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        if row is None:
            raise UserError(f"no user {name!r}")
        row.password_hash = _HASHER.hash(password)
        row.updated = _stamp(_now())
        session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == row.id))


def authenticate(register: Register, name: str, password: str) -> User | None:
    """The user when ``password`` is theirs, else ``None`` (same work whether or not the name exists)."""
    if len(password) > MAX_PASSWORD:
        return None
    with register.transaction() as session:
        row = session.scalar(select(UserRow).where(UserRow.name == name))
        try:
            _HASHER.verify(row.password_hash if row else _DUMMY_HASH, password)
        except (VerificationError, InvalidHashError):
            return None
        if row is None:
            return None
        if _HASHER.check_needs_rehash(row.password_hash):
            row.password_hash = _HASHER.hash(password)
        return _user(row)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def start_session(register: Register, user: User) -> tuple[str, SessionInfo]:
    """A new session for ``user``: the cookie token (shown once, never stored) and the session."""
    token = secrets.token_urlsafe(32)
    now = _now()
    info = SessionInfo(user, secrets.token_urlsafe(32), _stamp(now + SESSION_LIFETIME))
    with register.transaction() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.expires < _stamp(now)))
        session.add(WebSessionRow(token_hash=_digest(token), user_id=user.id, csrf=info.csrf, created=_stamp(now),
                                  expires=info.expires))
    return token, info


def find_session(register: Register, token: str) -> SessionInfo | None:
    """The live session a cookie token opens, or ``None`` (unknown, expired, or its user removed)."""
    if not token or len(token) > 128:
        return None
    with register.session() as session:
        found = session.execute(
            select(WebSessionRow, UserRow)
            .join(UserRow, UserRow.id == WebSessionRow.user_id)
            .where(WebSessionRow.token_hash == _digest(token))
        ).first()
    if found is None:
        return None
    row, user = found
    if row.expires <= _stamp(_now()):
        return None
    return SessionInfo(_user(user), row.csrf, row.expires)


def end_session(register: Register, token: str) -> None:
    """Log out: forget the session."""
    with register.transaction() as session:
        session.execute(delete(WebSessionRow).where(WebSessionRow.token_hash == _digest(token)))
