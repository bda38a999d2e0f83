"""One password guess per device at most, whichever check, port, API or account would make it.

A camera answers on several ports (80 and 443) and several APIs (ISAPI and ONVIF share its user list),
and the engine runs a check on each. Without a shared record, a wrong password would be presented once
per port and API, and each moves the device's lockout counter. Many recorders lock after very few
failures (the lab's Dahua NVR after one), often across user names. So the ledger in the host's
:class:`~camaudit.scan.net.ProbeContext` (one per host per run) keeps three rules:

* one login exchange in flight per device at a time, so two checks never race each other into it;
* an account's first attempt decides for it: later checks go ahead only with the same password, and only
  if that password was accepted;
* after any refusal (a wrong password, a lock, an exchange that failed midway and may have counted) no
  password at all is presented to the device again in this run -- no second guess, with any account.

Passwords stay in memory for the host's scan only; nothing here is logged or stored.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Literal

#: What an attempt came to. ``untried``: nothing was sent after all (no challenge), so the account is free.
Outcome = Literal["accepted", "rejected", "locked", "error", "untried"]
#: Outcomes after which the device gets no further guess.
REFUSALS: frozenset[Outcome] = frozenset({"rejected", "locked", "error"})


@dataclass(slots=True)
class Turn:
    """A check's permission to present a password, and what an earlier attempt on the device found."""

    go: bool
    #: The outcome of the earlier attempt that decided this turn (this account's, or the device's refusal).
    earlier: Outcome | None = None
    #: Whether that earlier attempt was this account with the same password as this check holds.
    same_password: bool = False
    #: What this turn's own attempt came to (set by :meth:`settle`).
    outcome: Outcome | None = field(default=None, repr=False)

    def settle(self, outcome: Outcome) -> None:
        """Record what this check's attempt came to (the first call counts)."""
        if self.outcome is None:
            self.outcome = outcome


@dataclass(slots=True)
class _Account:
    password: str = field(repr=False)
    outcome: Outcome


class LoginLedger:
    """Per host: which checks already ran, each account's one attempt, and whether the device refused one."""

    def __init__(self) -> None:
        self._checks: set[tuple[str, str, str]] = set()
        self._accounts: dict[tuple[str, str], _Account] = {}
        self._refused: dict[str, Outcome] = {}
        self._locks: dict[str, asyncio.Lock] = {}

    def first_run(self, ip: str, check: str, username: str) -> bool:
        """True the first time a check runs for an account on a device (the device's other ports skip it)."""
        key = (ip, check, username)
        if key in self._checks:
            return False
        self._checks.add(key)
        return True

    def refused(self, ip: str) -> Outcome | None:
        """The refusal that closed the device to further guesses in this run, if any."""
        return self._refused.get(ip)

    @contextlib.asynccontextmanager
    async def turn(self, ip: str, username: str, password: str) -> AsyncIterator[Turn]:
        """Ask to present ``password`` for ``username``; a check that goes must :meth:`Turn.settle` its outcome.

        A check that leaves without settling (an error mid-request) counts as ``error``: the device may
        have counted the attempt, so nobody tries it again.
        """
        lock = self._locks.setdefault(ip, asyncio.Lock())
        async with lock:
            key = (ip, username)
            held = self._accounts.get(key)
            if held is not None:
                same = hmac.compare_digest(held.password.encode(), password.encode())
                turn = Turn(go=held.outcome == "accepted" and same, earlier=held.outcome, same_password=same)
            elif ip in self._refused:
                turn = Turn(go=False, earlier=self._refused[ip])
            else:
                turn = Turn(go=True)
            try:
                yield turn
            finally:
                if turn.go:
                    outcome = turn.outcome or "error"
                    if held is None and outcome != "untried":
                        self._accounts[key] = _Account(password, outcome)
                    if outcome in REFUSALS:
                        self._refused.setdefault(ip, outcome)
