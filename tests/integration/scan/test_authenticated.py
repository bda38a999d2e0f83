"""Authenticated and opt-in checks end to end: the CLI against lab devices that really verify logins.

The lab recomputes every digest, UsernameToken and RPC2 hash from its configured password and logs each
credential it is shown (``LabRunner.logins``), so these tests prove what the scanner sends: the right
answers with the right password, one attempt per account per device, and nothing at all by default.
"""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from camaudit.identify import EvidenceLedger
from camaudit.lab import LabRunner, load_profiles
from camaudit.scan.auth.credentials import Credential, CredentialStore
from camaudit.scan.engine import ScanOptions, run_scan
from camaudit.scan.net import Limits
from camaudit.targets import build_scope

PROFILES = [
    "hikvision-ipc",  # strong password, Hik-Connect on, lock after 7
    "hikvision-ipc-cve-2017-7921",  # factory admin/12345, ISAPI + ONVIF
    "dahua-ipc",  # strong password, P2P on, lock after 5
    "dahua-xvr",  # factory admin/admin
    "dahua-nvr",  # strong password, lock after ONE failure
    "hanwha-ipc",  # ONVIF UsernameToken only
    "axis-ipc",  # strong root password behind VAPIX digest
    "hilook-ipc",  # main RTSP stream open without a password
]
ACCOUNTS = {p.name: p.credentials for p in load_profiles(PROFILES) if p.credentials is not None}
#: The user's passwords in these tests; none may ever be printed or written.
SECRETS = [a.password for name, a in ACCOUNTS.items() if a.password not in ("12345", "admin")] + ["Wr0ng-Lab-Secret!"]


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    result: dict[str, Any] | None
    #: profile name -> address, kept so results can be read after the lab stops
    ips: dict[str, str]


def _cli(lab: LabRunner, tmp: Path, *extra: str, targets: list[str] | None = None) -> Run:
    out = tmp / "result.json"
    ports = ",".join(str(p) for p in lab.ports)
    # A generous probe timeout: every lab device answers at once, so it costs nothing on a quiet machine, and on
    # a loaded one a slow reply (a login, the identifying page) is not lost as a timeout.
    args = [sys.executable, "-m", "camaudit", "scan", *(targets or [d.ip for d in lab.devices]),
            "--ports", ports, "--timeout", "10", "--json", str(out), *extra]
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMAUDIT_")}
    proc = subprocess.run(args, capture_output=True, text=True, timeout=120, env=env)
    result = json.loads(out.read_text()) if out.exists() else None
    return Run(proc.returncode, proc.stdout, proc.stderr, result, {d.name: d.ip for d in lab.devices})


def _creds_file(tmp: Path, lab: LabRunner, password: str | None = None, mode: int = 0o600) -> Path:
    """One entry per credentialed device: its own password, or ``password`` for all."""
    entries = [
        {"targets": [lab.device(name).ip], "username": acct.username, "password": password or acct.password}
        for name, acct in ACCOUNTS.items()
    ]
    path = tmp / "creds.yaml"
    path.write_text(yaml.safe_dump({"credentials": entries}))
    path.chmod(mode)
    return path


def _device(run: Run, name: str) -> dict[str, Any]:
    assert run.result is not None
    ip = run.ips[name]
    return next(d for d in run.result["devices"] if d["addresses"][0]["ip"] == ip)


def _kinds(run: Run, name: str) -> set[str]:
    return {f["kind"] for f in _device(run, name)["findings"]}


def _evidence_fields(run: Run, name: str) -> set[str]:
    return {e["field"] for e in _device(run, name)["identity"]["evidence"]}


def _assert_no_secret(run: Run, tmp: Path) -> None:
    text = run.stdout + run.stderr + ((tmp / "result.json").read_text() if (tmp / "result.json").exists() else "")
    for secret in SECRETS:
        assert secret not in text


def _one_per_account(lab: LabRunner) -> None:
    for dev in lab.devices:
        per_user = Counter(r.username for r in lab.logins(dev.name) if r.outcome != "accepted")
        assert all(n == 1 for n in per_user.values()), f"{dev.name}: {lab.logins(dev.name)}"


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LabRunner, Run, Path]]:
    tmp = tmp_path_factory.mktemp("good")
    with LabRunner(PROFILES, base="127.83.2.1") as lab:
        yield lab, _cli(lab, tmp, "--credentials", str(_creds_file(tmp, lab))), tmp


def test_without_flags_or_credentials_no_login_is_attempted(tmp_path: Path) -> None:
    with LabRunner(PROFILES, base="127.83.1.1") as lab:
        run = _cli(lab, tmp_path)
        assert run.code == 0, run.stderr
        assert {d.name: lab.logins(d.name) for d in lab.devices} == {d.name: [] for d in lab.devices}
    for name in PROFILES:
        assert not _kinds(run, name) & {"default-credentials", "unauthenticated-rtsp", "credentials-rejected"}


def test_right_credentials_read_model_firmware_serial_and_cloud(good: tuple[LabRunner, Run, Path]) -> None:
    lab, run, tmp = good
    assert run.code == 0, run.stderr
    for name in ("hikvision-ipc", "hikvision-ipc-cve-2017-7921", "dahua-ipc", "dahua-xvr", "dahua-nvr", "hanwha-ipc"):
        ident, expect = _device(run, name)["identity"], lab.device(name).expect
        assert ident["model"] == expect["model"], name
        assert ident["firmware"] == expect["firmware"] or name == "hanwha-ipc", name
        assert "credentials-rejected" not in _kinds(run, name)
        assert lab.logins(name) and all(r.outcome == "accepted" for r in lab.logins(name)), name
    for name in ("hikvision-ipc", "hikvision-ipc-cve-2017-7921"):
        assert {"hik.isapi.device_info.model", "hik.isapi.device_info.serial", "hik.isapi.device_info.firmware"} \
            <= _evidence_fields(run, name)
    for name in ("dahua-ipc", "dahua-xvr", "dahua-nvr"):
        assert {"dahua.rpc.device_type", "dahua.rpc.software_version", "dahua.rpc.serial"} \
            <= _evidence_fields(run, name)
        assert _device(run, name)["identity"]["serial"] == lab.device(name).expect["serial"]
    # The ONVIF-only camera says nothing of its firmware or serial until it is asked with a UsernameToken.
    hanwha = _device(run, "hanwha-ipc")["identity"]
    assert (hanwha["firmware"], hanwha["serial"]) == ("2.10.01_20210601_R140", "ZNV6080R0A1B2C3")
    assert {"onvif.device_info.firmware", "onvif.device_info.serial"} <= _evidence_fields(run, "hanwha-ipc")
    # Cloud switches read from the devices' own settings: on for these two, off for the others.
    clouds = {name: "cloud-enabled" in _kinds(run, name) for name in PROFILES}
    assert clouds["hikvision-ipc"] and clouds["dahua-ipc"]
    assert not clouds["hikvision-ipc-cve-2017-7921"] and not clouds["dahua-xvr"]
    ezviz = next(f for f in _device(run, "hikvision-ipc")["findings"] if f["kind"] == "cloud-enabled")
    assert ezviz["details"]["ecosystem"] == "hik-connect" and "ISAPI" in ezviz["explanation"]
    _assert_no_secret(run, tmp)


def test_capabilities_and_cloud_land_in_the_observations(good: tuple[LabRunner, Run, Path]) -> None:
    lab, _run, _tmp = good
    hik, nvr = lab.device("hikvision-ipc"), lab.device("dahua-ipc")
    store = CredentialStore(tuple(
        Credential(ACCOUNTS[d.name].username, ACCOUNTS[d.name].password, build_scope([d.ip]).targets)
        for d in (hik, nvr)
    ))
    options = ScanOptions(ports=tuple(lab.ports), host_timeout=20.0, limits=Limits(probe_timeout=2.0),
                          credentials=store)
    hosts = [hik.ip, nvr.ip]
    run = asyncio.run(run_scan(build_scope(hosts), hosts, options, maker_hint=EvidenceLedger().makers))
    fields: dict[str, dict[str, str]] = {r.ip: {} for r in run.reports}
    for report in run.reports:
        for obs in report.observations:
            fields[report.ip].update(obs.fields)
    caps = fields[hik.ip]["hik.isapi.capabilities"].split(",")
    assert {"FaceDetect", "Audio", "IntrusionDetection"} <= set(caps) and "Thermal" not in caps
    assert (fields[hik.ip]["hik.cloud.enabled"], fields[hik.ip]["hik.cloud.register_status"]) == ("true", "true")
    assert fields[nvr.ip]["dahua.cloud.p2p_enabled"] == "true"
    assert fields[hik.ip]["auth.hikvision"] == fields[nvr.ip]["auth.dahua"] == "ok"
    assert not any(ACCOUNTS["hikvision-ipc"].password in v for v in fields[hik.ip].values())


def test_wrong_credentials_are_reported_and_tried_once(tmp_path: Path) -> None:
    with LabRunner(PROFILES, base="127.83.3.1") as lab:
        run = _cli(lab, tmp_path, "--credentials", str(_creds_file(tmp_path, lab, password="Wr0ng-Lab-Secret!")))
        assert run.code == 0, run.stderr
        logins = {d.name: lab.logins(d.name) for d in lab.devices}
    for name in ("hikvision-ipc", "hikvision-ipc-cve-2017-7921", "dahua-ipc", "dahua-xvr", "dahua-nvr", "hanwha-ipc"):
        assert "credentials-rejected" in _kinds(run, name), name
        finding = next(f for f in _device(run, name)["findings"] if f["kind"] == "credentials-rejected")
        assert finding["severity"] == "info"
        # ONE attempt per device per account: not one per port (80 and 443), not one per API (ISAPI and ONVIF).
        assert len(logins[name]) == 1 and logins[name][0].outcome in ("rejected", "locked"), (name, logins[name])
    assert logins["dahua-nvr"][0].outcome == "locked"  # lockout_after: 1
    assert logins["axis-ipc"] == [] and logins["hilook-ipc"] == []  # no authenticated Axis check; no account
    _assert_no_secret(run, tmp_path)


def test_default_credentials_and_open_rtsp_are_found_without_a_second_try(tmp_path: Path) -> None:
    with LabRunner(PROFILES, base="127.83.4.1") as lab:
        run = _cli(lab, tmp_path, "--check-default-credentials", "--check-rtsp-auth")
        assert run.code == 0, run.stderr
        logins = {d.name: lab.logins(d.name) for d in lab.devices}
        # The recorder now reports its lock: a second run must not present any password to it at all.
        again = _cli(lab, tmp_path, "--check-default-credentials", targets=[lab.device("dahua-nvr").ip])
        assert again.code == 0, again.stderr
        assert lab.logins("dahua-nvr") == logins["dahua-nvr"]
    found = {name for name in PROFILES if "default-credentials" in _kinds(run, name)}
    assert found == {"hikvision-ipc-cve-2017-7921", "dahua-xvr"}
    finding = next(f for f in _device(run, "dahua-xvr")["findings"] if f["kind"] == "default-credentials")
    assert finding["severity"] == "critical" and finding["details"]["accounts"] == ["admin"]
    assert [(r.api, r.username) for r in logins["hikvision-ipc"]] == [("isapi", "admin")]
    # One wrong guess per device: the refused admin ends it, the second factory account (888888) is not tried.
    assert [(r.api, r.username) for r in logins["dahua-ipc"]] == [("rpc2", "admin")]
    # lockout_after: 1 - the first refusal says "locked", so 888888 is never tried.
    assert [(r.username, r.outcome) for r in logins["dahua-nvr"]] == [("admin", "locked")]
    assert [(r.api, r.username) for r in logins["axis-ipc"]] == [("vapix", "root")]
    assert logins["hanwha-ipc"] == []  # no factory account known for the maker: nothing tried
    _one_per_account(lab)
    rtsp = {name for name in PROFILES if "unauthenticated-rtsp" in _kinds(run, name)}
    assert rtsp == {"hilook-ipc"}
    stream = next(f for f in _device(run, "hilook-ipc")["findings"] if f["kind"] == "unauthenticated-rtsp")
    assert stream["details"]["paths"] == ["/Streaming/Channels/101"] and stream["severity"] == "high"


@pytest.mark.parametrize(
    ("content", "mode", "message"),
    [
        ("credentials:\n  - username: admin\n    password: 'Lab-Bad-Input-9!'\n", 0o644, "chmod 600"),
        ("credentials:\n  - username: admin\n    password: 'Lab-Bad-Input-9!\n  - [\n", 0o600, "not valid YAML"),
        ("credentials:\n  - username: admin\n    password: 'Lab-Bad-Input-9!'\n    pasword: x\n", 0o600, "unknown key"),
    ],
    ids=["mode-644", "broken-yaml", "unknown-key"],
)
def test_bad_credentials_file_is_one_line_and_writes_nothing(
    tmp_path: Path, content: str, mode: int, message: str
) -> None:
    creds = tmp_path / "creds.yaml"
    creds.write_text(content)
    creds.chmod(mode)
    out = tmp_path / "result.json"
    env = {k: v for k, v in os.environ.items() if not k.startswith("CAMAUDIT_")}
    proc = subprocess.run(
        [sys.executable, "-m", "camaudit", "scan", "127.83.5.1", "--credentials", str(creds), "--json", str(out)],
        capture_output=True, text=True, timeout=60, env=env,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], proc.stderr
    assert "Lab-Bad-Input-9!" not in proc.stdout + proc.stderr
    assert not out.exists()
