"""A resumed scan runs with the options it was started with."""

from __future__ import annotations

import dataclasses
import json

from camaudit.cli.record import options_from_json, options_json
from camaudit.scan.engine import ScanOptions
from camaudit.scan.net import Limits


def test_scan_options_survive_the_register_round_trip() -> None:
    fields = {f.name for f in dataclasses.fields(ScanOptions)}
    extra = {"opt_in": frozenset({"default-credentials"})} if "opt_in" in fields else {}
    options = ScanOptions(
        ports=(80, 554, 8000),
        host_concurrency=3,
        host_timeout=12.5,
        limits=Limits(probe_timeout=1.5, connect_timeout=1.0),
        **extra,  # type: ignore[arg-type]
    )
    stored = json.loads(json.dumps(options_json(options, 300)))
    assert options_from_json(stored) == (options, 300)


def test_options_from_another_version_are_ignored_not_fatal() -> None:
    stored = options_json(ScanOptions(ports=(80,)), 10)
    stored["an_option_from_the_future"] = True
    stored["limits"]["a_limit_from_the_future"] = 1
    options, max_hosts = options_from_json(stored)
    assert options.ports == (80,) and max_hosts == 10


def test_credentials_are_never_stored_with_a_scan() -> None:
    from camaudit.scan.auth.credentials import Credential, CredentialStore

    store = CredentialStore((Credential("admin", "s3cret-Pa55"),))
    options = dataclasses.replace(ScanOptions(ports=(80,)), credentials=store)
    stored = options_json(options, 10, "uk-school")
    assert "s3cret-Pa55" not in json.dumps(stored)
    assert "credentials" not in stored and stored["policy"] == "uk-school"
    assert options_from_json(stored)[0].credentials is None
