"""Which credentials entry a device gets: the most specific one, whatever order the file lists them in."""

from __future__ import annotations

from pathlib import Path

import yaml

from camaudit.scan.auth.credentials import load_credentials


def _store(tmp_path: Path, entries: list[dict[str, object]]):  # type: ignore[no-untyped-def]
    path = tmp_path / "creds.yaml"
    path.write_text(yaml.safe_dump({"credentials": entries}))
    path.chmod(0o600)
    return load_credentials(path, environ={"CAMAUDIT_USERNAME": "envuser", "CAMAUDIT_PASSWORD": "x"})


def test_device_then_block_then_check_then_generic_whatever_the_file_order(tmp_path: Path) -> None:
    store = _store(tmp_path, [
        {"username": "generic", "password": "a"},
        {"username": "dahua-any", "password": "b", "checks": ["dahua"]},
        {"username": "block", "password": "c", "targets": ["192.0.2.0/24"]},
        {"username": "device-any", "password": "d", "targets": ["192.0.2.7"]},
        {"username": "device-dahua", "password": "e", "targets": ["192.0.2.7"], "checks": ["dahua"]},
    ])
    order = [c.username for c in store.for_target("192.0.2.7", "dahua")]
    assert order == ["device-dahua", "device-any", "block", "dahua-any", "generic", "envuser"]
    assert [c.username for c in store.for_target("192.0.2.8", "hikvision")] == ["block", "generic", "envuser"]


def test_an_entry_is_described_by_file_position_and_scope_never_by_password(tmp_path: Path) -> None:
    store = _store(tmp_path, [{"username": "admin", "password": "S3cret!", "targets": ["192.0.2.7"], "checks": ["dahua"]}])
    first, env = store.entries
    assert first.describe() == "creds.yaml entry 1 (user admin, for 192.0.2.7, checks dahua)"
    assert env.describe() == "CAMAUDIT_USERNAME/CAMAUDIT_PASSWORD (user envuser, for any device)"
    assert "S3cret" not in first.describe() + repr(first) + str(first)
