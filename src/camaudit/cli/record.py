"""Glue between the commands and the register: the ``--db`` option, opening with one-line errors, and
recording or resuming a scan host by host."""

from __future__ import annotations

import dataclasses
import shlex
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import typer
from sqlalchemy.exc import SQLAlchemyError

from camaudit.cli.common import EXIT_FAILURE, err, fail
from camaudit.model import Device, ScanResult, Scope
from camaudit.register.annotations import notes_for
from camaudit.register.db import Register, RegisterError, describe, first_line, open_register
from camaudit.register.query import latest_unfinished, load_result, recorded_hosts
from camaudit.register.stale import claim_scan, runner_info
from camaudit.register.store import FinishedHost, ScanRecorder, begin_scan, json_safe
from camaudit.scan.auth.credentials import CredentialStore
from camaudit.scan.engine import ScanOptions
from camaudit.scan.net import Limits
from camaudit.scan.probes import options_from_stored, stored_options
from camaudit.targets import ScopeGuard, TargetError, build_scope

DB_HELP = (
    "Register: a SQLite file path or a postgresql://user@host/db URL "
    "(default: $XDG_DATA_HOME/camaudit/register.db)."
)
def db_option(help_text: str = DB_HELP) -> Any:
    """The ``--db URL`` option (also read from ``CAMAUDIT_DB``)."""
    return typer.Option(None, "--db", envvar="CAMAUDIT_DB", help=help_text, show_envvar=True)


def open_or_fail(db: str | None, *, create: bool = True) -> Register:
    """Open the register or exit with a one-line reason."""
    try:
        return open_register(db, create=create)
    except RegisterError as exc:
        fail(str(exc))


@contextmanager
def register_errors(register: Register) -> Iterator[None]:
    """Turn a database failure in the middle of a command into a one-line error (exit 1)."""
    try:
        yield
    except SQLAlchemyError as exc:
        orig = getattr(exc, "orig", None)
        fail(f"register {describe(register.url)}: {first_line(orig or exc)}", EXIT_FAILURE)


#: Never written to the register: secrets stay in the user's credentials file; probe options are stored
#: without their secrets (``stored_options``).
_NOT_STORED = frozenset({"credentials", "probe_options"})
#: What versions before the probe-option registry stored: the opt-in checks by name.
_LEGACY_OPT_IN = "opt_in"


def options_json(options: ScanOptions, max_hosts: int, policy: str | None = None) -> dict[str, Any]:
    """Engine options as stored with a scan, so that ``--resume`` scans the rest the same way.

    Credentials and secret probe options (an SNMP community) are left out: a resumed scan runs without them
    unless given again.
    """
    fields = {f.name: getattr(options, f.name) for f in dataclasses.fields(ScanOptions) if f.name not in _NOT_STORED}
    fields["limits"] = dataclasses.asdict(options.limits)
    fields["probe_options"] = stored_options(options.probe_options)
    return {"max_hosts": max_hosts, "policy": policy, **json_safe(fields)}


def options_from_json(data: dict[str, Any]) -> tuple[ScanOptions, int]:
    """The options and host limit stored by :func:`options_json`."""
    # Only fields this version knows: a register written by another version still resumes.
    defaults = ScanOptions(ports=())
    values: dict[str, Any] = {}
    for f in dataclasses.fields(ScanOptions):
        if f.name not in data or f.name == "limits" or f.name in _NOT_STORED:
            continue
        default, value = getattr(defaults, f.name), data[f.name]
        # JSON has only lists: give back the collection type the option had.
        if isinstance(default, frozenset | set) and value is not None:
            value = frozenset(value)
        elif isinstance(default, tuple) and value is not None:
            value = tuple(value)
        values[f.name] = value
    limit_fields = {f.name for f in dataclasses.fields(Limits)}
    limits = Limits(**{k: v for k, v in dict(data.get("limits") or {}).items() if k in limit_fields})
    stored = dict(data.get("probe_options") or {}) or dict.fromkeys(data.get(_LEGACY_OPT_IN) or (), True)
    probe_options = options_from_stored(stored)
    return ScanOptions(limits=limits, probe_options=probe_options, **values), int(data.get("max_hosts", 65536))


class Recording:
    """A scan being written to the register: the ``on_host`` hook of ``run_audit`` plus what it needs.

    Finished hosts are committed in batches (``register/store.py``), at most half a second after they
    finish; a database failure ends the command with a one-line error.
    """

    def __init__(
        self,
        register: Register,
        scan_id: int,
        guard: ScopeGuard,
        options: ScanOptions,
        max_hosts: int,
        done: frozenset[str] = frozenset(),
        policy: str | None = None,
    ) -> None:
        self.register, self.scan_id = register, scan_id
        self.guard, self.options, self.max_hosts, self.done = guard, options, max_hosts, done
        #: The policy profile the scan was started with (findings of one scan follow one policy).
        self.policy = policy
        #: Set by :meth:`finish` when the run stopped early and the scan stays resumable.
        self.stopped = False
        self._recorder = ScanRecorder(register, scan_id)

    def __call__(self, report: FinishedHost, device: Device | None) -> None:
        with register_errors(self.register):
            self._recorder(report, device)

    def hooks(self) -> dict[str, Any]:
        """Keyword arguments for ``run_audit``: skip what is recorded, record what finishes, and assess each
        device with the notes the user gave it (``camaudit annotate``)."""
        return {"skip": self.done, "on_host": self, "notes": self.notes}

    def notes(self, ip: str, mac: str | None) -> dict[str, str] | None:
        with register_errors(self.register):
            return notes_for(self.register, ip, mac)

    def finish(self, result: ScanResult) -> ScanResult:
        """Mark the scan complete and return all it recorded; a partial run stays ``running``, resumable,
        and its result is everything recorded so far (earlier runs included) with the run's status."""
        try:
            with register_errors(self.register):
                if not result.status.complete:
                    # The command says so with what it wrote (:meth:`describe`) and the partial-result line.
                    self._recorder.flush()
                    self.stopped = True
                    return dataclasses.replace(load_result(self.register, self.scan_id), status=result.status)
                return self._recorder.finish()
        finally:
            self.register.close()

    def describe(self, result: ScanResult) -> str:
        """What this recording changed in the register, in the user's terms."""
        where = describe(self.register.url)
        if self.stopped:
            return (f"Wrote {len(result.devices)} device(s) of unfinished scan {self.scan_id} to register {where}; "
                    f"`camaudit scan --resume --db {shlex.quote(where)}` completes it.")
        return f"Wrote scan {self.scan_id} with {len(result.devices)} device(s) to register {where}."


def start_recording(
    db: str | None, guard: ScopeGuard, options: ScanOptions, max_hosts: int, policy: str | None = None
) -> Recording:
    """Open the register and record a new running scan of ``guard``'s scope."""
    register = open_or_fail(db)
    scope = Scope(
        targets=tuple(t.text for t in guard.targets),
        ports=tuple(options.ports),
        excluded=tuple(t.text for t in guard.excluded),
    )
    with register_errors(register):
        stored = {**options_json(options, max_hosts, policy), "runner": runner_info()}
        scan_id = begin_scan(register, scope, options=stored)
    return Recording(register, scan_id, guard, options, max_hosts, policy=policy)


def resume_recording(db: str | None, credentials: CredentialStore | None = None) -> Recording:
    """Find the last unfinished scan and rebuild its scope, options and policy (exit 2 if there is none).

    ``credentials`` are the ones given to the resuming command: they are never stored with a scan.
    """
    register = open_or_fail(db, create=False)
    with register_errors(register):
        info = latest_unfinished(register)
        if info is None:
            fail(f"no unfinished scan in the register {describe(register.url)} to resume")
        done = recorded_hosts(register, info.id)
        claim_scan(register, info.id)
    try:
        guard = build_scope(info.scope.targets, info.scope.excluded)
    except TargetError as exc:
        fail(f"cannot resume scan {info.id}: its targets no longer parse ({exc})")
    options, max_hosts = options_from_json(dict(info.options))
    options = dataclasses.replace(options, credentials=credentials)
    err.print(f"Resuming scan {info.id}: {len(done)} host(s) already recorded.", markup=False, soft_wrap=True)
    policy = info.options.get("policy")
    return Recording(register, info.id, guard, options, max_hosts, done, policy if isinstance(policy, str) else None)
