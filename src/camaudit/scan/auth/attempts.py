"""One login attempt per account per device, whichever check, port or API would make it.

A camera answers on several ports (80 and 443) and several APIs (ISAPI and ONVIF share its user list),
and the engine runs a check on each. Without a shared record, a wrong password would be presented once
per port and API, and each moves the device's lockout counter. The ledger lives in the host's
:class:`~camaudit.scan.net.ProbeContext` (one per host per run): the first check to present an account's
password owns the attempt; the others wait for its outcome and go ahead only if that same password was
accepted. Passwords stay in memory for the host's scan only; nothing here is logged or stored.
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


@dataclass(slots=True)
class Turn:
    """A check's permission to present a password, and what an earlier attempt at the account found."""

    go: bool
    #: The outcome of the account's first attempt when this check does not own it.
    earlier: Outcome | None = None
    #: Whether that earlier attempt used the same password as this check holds.
    same_password: bool = False
    _owner: asyncio.Future[Outcome] | None = field(default=None, repr=False)

    def settle(self, outcome: Outcome) -> None:
        """Record the owner's outcome for the checks waiting on it (a no-op for the others)."""
        if self._owner is not None and not self._owner.done():
            self._owner.set_result(outcome)


@dataclass(slots=True)
class _Account:
    password: str = field(repr=False)
    outcome: asyncio.Future[Outcome]


class LoginLedger:
    """Per host: which checks already ran, and the outcome of each account's one attempt."""

    def __init__(self) -> None:
        self._checks: set[tuple[str, str, str]] = set()
        self._accounts: dict[tuple[str, str], _Account] = {}

    def first_run(self, ip: str, check: str, username: str) -> bool:
        """True the first time a check runs for an account on a device (the device's other ports skip it)."""
        key = (ip, check, username)
        if key in self._checks:
            return False
        self._checks.add(key)
        return True

    @contextlib.asynccontextmanager
    async def turn(self, ip: str, username: str, password: str) -> AsyncIterator[Turn]:
        """Ask to present ``password`` for ``username``; the owner must :meth:`Turn.settle` its outcome.

        An owner that leaves without settling (an error mid-request) counts as ``error``: the device may
        have counted the attempt, so nobody tries the account again.
        """
        key = (ip, username)
        while True:
            held = self._accounts.get(key)
            if held is None:
                future: asyncio.Future[Outcome] = asyncio.get_running_loop().create_future()
                self._accounts[key] = _Account(password, future)
                turn = Turn(go=True, _owner=future)
                try:
                    yield turn
                finally:
                    turn.settle("error")
                    if future.result() == "untried":
                        del self._accounts[key]
                return
            outcome = await asyncio.shield(held.outcome)
            if outcome == "untried" and self._accounts.get(key) is not held:
                continue  # the owner sent nothing after all: the account's attempt is free again
            same = hmac.compare_digest(held.password.encode(), password.encode())
            yield Turn(go=outcome == "accepted" and same, earlier=outcome, same_password=same)
            return
