"""Factory default accounts (``default_credentials.yaml``), tried only with ``--check-default-credentials``."""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import model_validator

from camaudit.knowledge.entries import KnowledgeFile, NonEmpty, Sourced, Text, VendorRef

#: The login schemes the default-account check can speak.
LoginScheme = Literal["hikvision", "dahua", "axis"]


class DefaultAccount(Sourced):
    """One factory account: the maker whose devices ship with it, how to log in, and the password."""

    kind: ClassVar[str] = "default"
    keys: ClassVar[tuple[str, ...]] = ("vendor", "username")

    vendor: VendorRef
    #: The login scheme the check uses.
    check: LoginScheme
    username: NonEmpty
    password: str
    note: Text | None = None


class DefaultsFile(KnowledgeFile):
    file: ClassVar[str] = "default_credentials.yaml"

    defaults: tuple[DefaultAccount, ...]

    @model_validator(mode="after")
    def _one_password_per_account(self) -> DefaultsFile:
        seen: set[tuple[str, str]] = set()
        for account in self.defaults:
            key = (account.vendor, account.username)
            if key in seen:
                raise ValueError(
                    f"default '{account.vendor}/{account.username}': two passwords: one attempt per account only"
                )
            seen.add(key)
        return self
