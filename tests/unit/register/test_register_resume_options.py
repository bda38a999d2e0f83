"""A resumed scan runs with the options it was started with."""

from __future__ import annotations

import dataclasses
import json

from camaudit.cli.record import options_from_json, options_json
from camaudit.scan.engine import ScanOptions
from camaudit.scan.net import Limits
from camaudit.scan.options import ProbeSettings


def test_scan_options_survive_the_register_round_trip() -> None:
    options = ScanOptions(
        ports=(80, 554, 8000),
        host_concurrency=3,
        host_timeout=12.5,
        limits=Limits(probe_timeout=1.5, connect_timeout=1.0),
        probe_options=ProbeSettings({"default-credentials": True, "rtsp-auth": True}),
    )
    stored = json.loads(json.dumps(options_json(options, 300)))
    assert options_from_json(stored) == (options, 300)


def test_a_secret_probe_option_is_never_stored() -> None:
    options = ScanOptions(ports=(80,), probe_options=ProbeSettings({"snmp-community": "n0t-Public", "rtsp-auth": True}))
    stored = options_json(options, 10)
    assert "n0t-Public" not in json.dumps(stored) and "n0t-Public" not in repr(options)
    assert options_from_json(stored)[0].probe_options == ProbeSettings({"rtsp-auth": True})


def test_a_scan_stored_before_the_probe_option_registry_resumes_with_its_opt_ins() -> None:
    stored = options_json(ScanOptions(ports=(80,)), 10)
    del stored["probe_options"]
    stored["opt_in"] = ["default-credentials", "snmp"]  # as versions before the registry wrote it
    assert options_from_json(stored)[0].probe_options == ProbeSettings({"default-credentials": True})


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
