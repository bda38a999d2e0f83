"""The login ledger: one attempt per account per device, however many checks want one."""

from __future__ import annotations

import asyncio

from camaudit.scan.auth.attempts import LoginLedger


async def _check(ledger: LoginLedger, password: str, result: str, sent: list[str]) -> str:
    async with ledger.turn("127.0.0.5", "admin", password) as turn:
        if not turn.go:
            return f"skipped after {turn.earlier}"
        sent.append(password)
        await asyncio.sleep(0.01)
        turn.settle(result)  # type: ignore[arg-type]
        return "sent"


def test_a_refused_password_is_presented_once() -> None:
    async def run() -> tuple[list[str], list[str]]:
        ledger, sent = LoginLedger(), []
        outcomes = await asyncio.gather(*(_check(ledger, "wrong", "rejected", sent) for _ in range(4)))
        return list(outcomes), sent

    outcomes, sent = asyncio.run(run())
    assert sent == ["wrong"]
    assert sorted(outcomes) == ["sent"] + ["skipped after rejected"] * 3


def test_others_go_ahead_only_with_the_same_accepted_password() -> None:
    async def run() -> tuple[str, str, list[str]]:
        ledger, sent = LoginLedger(), []
        first = await _check(ledger, "right", "accepted", sent)
        same = await _check(ledger, "right", "accepted", sent)
        other = await _check(ledger, "guess", "accepted", sent)
        return first, same, [*sent, other]

    first, same, rest = asyncio.run(run())
    assert (first, same) == ("sent", "sent")
    assert rest == ["right", "right", "skipped after accepted"]


def test_an_owner_that_fails_mid_request_blocks_further_attempts() -> None:
    async def run() -> str:
        ledger = LoginLedger()
        try:
            async with ledger.turn("127.0.0.5", "admin", "pw"):
                raise OSError("connection reset")
        except OSError:
            pass
        async with ledger.turn("127.0.0.5", "admin", "pw") as turn:
            return f"{turn.go} {turn.earlier}"

    assert asyncio.run(run()) == "False error"


def test_untried_frees_the_account() -> None:
    async def run() -> bool:
        ledger = LoginLedger()
        async with ledger.turn("127.0.0.5", "admin", "pw") as turn:
            turn.settle("untried")
        async with ledger.turn("127.0.0.5", "admin", "pw") as again:
            return again.go

    assert asyncio.run(run()) is True


def test_after_one_refusal_no_other_account_is_guessed_on_the_device() -> None:
    async def run() -> tuple[list[str], bool]:
        ledger, sent = LoginLedger(), []
        first = await _check(ledger, "wrong", "rejected", sent)
        async with ledger.turn("127.0.0.5", "operator", "another") as other:
            blocked = (other.go, other.earlier)
        async with ledger.turn("127.0.0.6", "operator", "another") as elsewhere:
            return [first, str(blocked)], elsewhere.go

    outcomes, elsewhere = asyncio.run(run())
    assert outcomes == ["sent", "(False, 'rejected')"]
    assert elsewhere is True  # another device keeps its own one guess


def test_two_accounts_never_race_into_one_device() -> None:
    async def attempt(ledger: LoginLedger, user: str, log: list[str]) -> None:
        async with ledger.turn("127.0.0.5", user, "pw") as turn:
            if turn.go:
                log.append(f"start {user}")
                await asyncio.sleep(0.02)
                log.append(f"end {user}")
                turn.settle("rejected")

    async def run() -> list[str]:
        ledger, log = LoginLedger(), []
        await asyncio.gather(attempt(ledger, "admin", log), attempt(ledger, "operator", log))
        return log

    assert asyncio.run(run()) == ["start admin", "end admin"]
