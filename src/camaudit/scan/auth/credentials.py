"""Credentials for authenticated checks: from a private YAML file or environment variables, never logged.

File format (``--credentials FILE``; the file must not be readable by group or others)::

    credentials:
      - targets: ["192.0.2.0/24"]      # addresses, blocks or ranges these apply to; omit for all
        username: admin
        password: "..."
        checks: [hikvision, onvif, dahua]   # optional: limit to these checks

Environment: ``CAMAUDIT_USERNAME`` and ``CAMAUDIT_PASSWORD`` give one credential for every target.

Order never depends on how the file is written: for each device and check the most specific matching
entry is the one used -- an entry naming fewer addresses first (a single device before a block, a block
before none), then one limited to named checks before one for all, then file order. A device gets one
guess at most (``scan/auth/attempts.py``), so a generic ``admin`` entry listed first can never spend the
device-specific one's attempt.
"""

from __future__ import annotations

import ipaddress
import math
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from camaudit.targets import TargetError, TargetSpec, parse_target

CHECKS = frozenset({"hikvision", "onvif", "dahua", "axis"})
ENV_USER = "CAMAUDIT_USERNAME"
ENV_PASSWORD = "CAMAUDIT_PASSWORD"  # noqa: S105 - the name of a variable, not a password
MAX_FILE_BYTES = 64 * 1024


class CredentialsError(ValueError):
    """The credentials cannot be used; the message names the file and the problem, never a password."""


@dataclass(frozen=True, slots=True)
class Credential:
    username: str
    password: str = field(repr=False)
    targets: tuple[TargetSpec, ...] = ()
    checks: frozenset[str] = CHECKS
    #: Where the entry came from, for messages: ``creds.yaml entry 2`` (never the password).
    origin: str = "a credential"
    #: Position among all entries, the last tie-breaker of :meth:`specificity`.
    index: int = 0

    def applies_to(self, ip: str, check: str) -> bool:
        if check not in self.checks:
            return False
        if not self.targets:
            return True
        addr = ipaddress.ip_address(ip)
        return any(addr in net for spec in self.targets for net in spec.networks)

    def specificity(self) -> tuple[float, int, int]:
        """Sort key, most specific first: addresses covered (none named: all), named checks, file order."""
        covered = sum(net.num_addresses for spec in self.targets for net in spec.networks) or math.inf
        return (covered, 0 if self.checks != CHECKS else 1, self.index)

    def describe(self) -> str:
        """The entry in words, for a message: origin, user, and what it is for (no password)."""
        where = ", ".join(spec.text for spec in self.targets) or "any device"
        checks = "" if self.checks == CHECKS else f", checks {', '.join(sorted(self.checks))}"
        return f"{self.origin} (user {self.username}, for {where}{checks})"

    def refused_fields(self, check: str, outcome: str) -> dict[str, str]:
        """Observation fields for a login this entry lost: the outcome and which entry it was (no password)."""
        return {f"auth.{check}": outcome, f"auth.{check}.entry": self.describe()}

    def __str__(self) -> str:
        return f"{self.username}:********"


@dataclass(frozen=True, slots=True)
class CredentialStore:
    """All credentials of a run; :meth:`for_target` picks those for one address and check."""

    entries: tuple[Credential, ...] = ()

    def for_target(self, ip: str, check: str) -> list[Credential]:
        """The entries for ``ip`` and ``check``, most specific first (only the first is ever tried)."""
        return sorted((c for c in self.entries if c.applies_to(ip, check)), key=Credential.specificity)

    def __bool__(self) -> bool:
        return bool(self.entries)


def _check_private(path: Path) -> None:
    try:
        info = path.stat()
    except OSError as exc:
        raise CredentialsError(f"cannot read credentials file {path}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(info.st_mode):
        raise CredentialsError(f"credentials file {path} is not a regular file")
    if info.st_mode & 0o077:
        raise CredentialsError(
            f"credentials file {path} is readable by others (mode {stat.S_IMODE(info.st_mode):04o}); "
            f"run: chmod 600 {path}"
        )
    if info.st_uid != os.getuid():
        raise CredentialsError(f"credentials file {path} belongs to another user")
    if info.st_size > MAX_FILE_BYTES:
        raise CredentialsError(f"credentials file {path} is larger than {MAX_FILE_BYTES} bytes")


def _entry(item: object, index: int, path: Path) -> Credential:
    where = f"{path.name}: entry {index}"
    if not isinstance(item, Mapping):
        raise CredentialsError(f"{where}: expected a mapping with username and password")
    username, password = item.get("username"), item.get("password")
    if not isinstance(username, str) or not username:
        raise CredentialsError(f"{where}: 'username' must be a non-empty string")
    if not isinstance(password, str):
        raise CredentialsError(f"{where}: 'password' must be a string (quote it in YAML)")
    unknown = set(item) - {"username", "password", "targets", "checks"}
    if unknown:
        raise CredentialsError(f"{where}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
    targets_raw = item.get("targets") or []
    if not isinstance(targets_raw, list) or not all(isinstance(t, str) for t in targets_raw):
        raise CredentialsError(f"{where}: 'targets' must be a list of addresses or blocks")
    try:
        targets = tuple(parse_target(t, resolve=False) for t in targets_raw)
    except TargetError as exc:
        raise CredentialsError(f"{where}: {exc}") from exc
    checks_raw = item.get("checks")
    if checks_raw is None:
        checks = CHECKS
    elif isinstance(checks_raw, list) and set(checks_raw) <= CHECKS and checks_raw:
        checks = frozenset(checks_raw)
    else:
        raise CredentialsError(f"{where}: 'checks' must be a list drawn from {', '.join(sorted(CHECKS))}")
    return Credential(username, password, targets, checks, origin=f"{path.name} entry {index}", index=index)


def load_credentials(path: Path | None, environ: Mapping[str, str] | None = None) -> CredentialStore:
    """Credentials from ``path`` (checked private) and the environment; empty when neither gives any."""
    env = os.environ if environ is None else environ
    entries: list[Credential] = []
    if path is not None:
        _check_private(path)
        try:
            doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            where = f" at line {mark.line + 1}" if mark is not None else ""
            raise CredentialsError(f"credentials file {path} is not valid YAML{where}") from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CredentialsError(f"cannot read credentials file {path}: {exc}") from None
        items = doc.get("credentials") if isinstance(doc, Mapping) else None
        if not isinstance(items, list) or not items:
            raise CredentialsError(f"credentials file {path} needs a non-empty list under 'credentials'")
        entries += [_entry(item, i + 1, path) for i, item in enumerate(items)]
    user, password = env.get(ENV_USER), env.get(ENV_PASSWORD)
    if user and password is not None:
        entries.append(Credential(user, password, origin=f"{ENV_USER}/{ENV_PASSWORD}", index=len(entries) + 1))
    elif user or password:
        raise CredentialsError(f"set both {ENV_USER} and {ENV_PASSWORD}, or neither")
    return CredentialStore(tuple(entries))
