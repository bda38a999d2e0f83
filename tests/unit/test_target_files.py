"""Targets read from a file (``scan --targets-file``/``-iL``, ``--exclude-file``): what a user with a list of sites sees.

Every scope here is in 127.0.0.0/8 or the documentation blocks, and every scan is refused before it starts (a bad file)
or run with --max-probes 1 against loopback addresses nothing listens on.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

import camaudit.cli.scan  # noqa: F401  (registers the command)
from camaudit.cli.app import app
from camaudit.targets import MAX_TARGET_FILE_BYTES, TargetError, read_target_file

runner = CliRunner()


def _file(tmp_path: Path, text: str | bytes, name: str = "sites.txt") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def test_a_list_with_comments_commas_and_blank_lines_gives_every_target_in_order(tmp_path: Path) -> None:
    path = _file(tmp_path, "# leisure centre\n127.0.3.1, 127.0.3.8/30\n\n  127.0.4.10-12   # reception\ncam.example\n")
    assert read_target_file(path) == ["127.0.3.1", "127.0.3.8/30", "127.0.4.10-12", "cam.example"]


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("127.0.3.1\n127.0.3.300\n", "line 2: '127.0.3.300' is not an IP address"),
        ("127.0.3.1\n10.0.0.9-1\n", "line 2: '10.0.0.9-1': range end comes before its start"),
        ("# nothing but a comment\n\n", "lists no targets"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not a text file"),
        (b"127.0.0.1\n\x00\n", "not a text file (it holds NUL bytes)"),
    ],
)
def test_a_bad_file_is_refused_whole_with_its_line(tmp_path: Path, content: str | bytes, reason: str) -> None:
    with pytest.raises(TargetError) as info:
        read_target_file(_file(tmp_path, content))
    assert reason in str(info.value) and "sites.txt" in str(info.value)
    assert "\n" not in str(info.value)


def test_an_oversized_or_missing_file_is_refused(tmp_path: Path) -> None:
    big = _file(tmp_path, "127.0.0.1\n" * (MAX_TARGET_FILE_BYTES // 10 + 1))
    with pytest.raises(TargetError, match="larger than 4 MiB"):
        read_target_file(big)
    with pytest.raises(TargetError, match="cannot read the file of targets"):
        read_target_file(tmp_path / "absent.txt")


def test_the_scan_refuses_a_bad_file_with_one_line_and_exit_2(tmp_path: Path) -> None:
    path = _file(tmp_path, "127.0.3.1\nnot/a/target\n")
    result = runner.invoke(app, ["scan", "--targets-file", str(path)])
    assert result.exit_code == 2, result.output
    assert f"{path} line 2:" in result.output and "Traceback" not in result.output


def test_a_file_given_as_a_target_is_pointed_at_targets_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    _file(tmp_path, "127.0.3.1\n", "hosts.txt")
    result = runner.invoke(app, ["scan", "hosts.txt"])
    assert result.exit_code == 2, result.output
    assert "hosts.txt is a file: give it with --targets-file" in result.output


def test_the_file_and_its_exclusions_make_the_scope(tmp_path: Path) -> None:
    targets = _file(tmp_path, "127.0.3.0/30 # 4 addresses, 2 hosts\n", "targets.txt")
    excluded = _file(tmp_path, "127.0.3.2\n", "excluded.txt")
    out = tmp_path / "result.json"
    result = runner.invoke(
        app,
        ["scan", "-iL", str(targets), "--exclude-file", str(excluded), "--ports", "9", "--timeout", "0.5",
         "--json", str(out), "--plain"],
    )
    assert result.exit_code in (0, 3), result.output
    import json

    scanned = json.loads(out.read_text(encoding="utf-8"))
    assert scanned["scope"]["targets"] == ["127.0.3.0/30"]
    assert scanned["scope"]["excluded"] == ["127.0.3.2"]
