"""``--resume`` never counts parts made by another camaudit, other code or other knowledge beside new ones.

A folder's finished tasks record the camaudit version, the digest of its code and the knowledge version that
made them. A resumed run made with anything else refuses in one line and says how to start over; with the
same camaudit it reuses the finished tasks as before.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.unit.census.censusdata import DAHUA_RTSP, HIK_HTTP, banner, census, write_lines
from typer.testing import CliRunner

import camaudit.cli.census  # noqa: F401  (registers the command group)
from camaudit.census import worker
from camaudit.census.state import StaleResume
from camaudit.cli.app import app


def _folder(tmp_path: Path) -> tuple[list[Path | str], Path]:
    """Two inputs, a finished census of them in ``out``."""
    inputs: list[Path | str] = [
        write_lines(tmp_path / "a.json", [banner(HIK_HTTP, "192.0.2.1", "2026-11-01T10:00:00", "GB")]),
        write_lines(tmp_path / "b.json", [banner(DAHUA_RTSP, "192.0.2.2", "2026-11-01T10:00:00", "FR")]),
    ]
    out = tmp_path / "out"
    census(inputs, out)
    return inputs, out


def _edit_markers(out: Path, **result: str) -> None:
    """What an older run would have left: every finished-task marker with ``result`` fields replaced."""
    markers = list((out / ".census" / "done").glob("*.json"))
    assert len(markers) == 2
    for marker in markers:
        body = json.loads(marker.read_text())
        body["result"].update(result)
        if "knowledge_version" in result:
            body["task"]["knowledge_version"] = result["knowledge_version"]
        marker.write_text(json.dumps(body))


def test_the_same_camaudit_resumes_without_redoing_anything(tmp_path: Path) -> None:
    inputs, out = _folder(tmp_path)
    parts = {p.name: p.stat().st_mtime_ns for p in (out / "identities").glob("*.parquet")}
    again = census(inputs, out, resume=True)
    assert again.resumed == 2
    assert {p.name: p.stat().st_mtime_ns for p in (out / "identities").glob("*.parquet")} == parts


@pytest.mark.parametrize(
    ("field", "value", "said"),
    [
        ("tool_version", "0.0.1", "camaudit '0.0.1'"),
        ("code_version", "py-000000000000", "code 'py-000000000000'"),
        ("knowledge_version", "kb-000000000000+kev-2025.01.01", "knowledge 'kb-000000000000+kev-2025.01.01'"),
    ],
)
def test_resume_refuses_tasks_another_camaudit_made(tmp_path: Path, field: str, value: str, said: str) -> None:
    inputs, out = _folder(tmp_path)
    _edit_markers(out, **{field: value})
    parts = sorted(p.name for p in (out / "identities").glob("*.parquet"))
    with pytest.raises(StaleResume) as refused:
        census(inputs, out, resume=True)
    message = str(refused.value)
    assert "\n" not in message
    assert said in message
    assert "without --resume" in message
    # Nothing was thrown away: the user decides.
    assert sorted(p.name for p in (out / "identities").glob("*.parquet")) == parts
    assert (out / "summary.json").exists()


def test_a_marker_from_before_the_code_was_recorded_is_refused(tmp_path: Path) -> None:
    inputs, out = _folder(tmp_path)
    for marker in (out / ".census" / "done").glob("*.json"):
        body = json.loads(marker.read_text())
        del body["result"]["code_version"]
        marker.write_text(json.dumps(body))
    with pytest.raises(StaleResume, match="code 'unrecorded'"):
        census(inputs, out, resume=True)


def test_the_command_refuses_in_one_line_and_starting_over_works(tmp_path: Path) -> None:
    inputs, out = _folder(tmp_path)
    _edit_markers(out, code_version="py-000000000000\n\x1b[31mred")
    args = ["census", *map(str, inputs), "--out", str(out), "--workers", "1", "--no-report"]
    refused = CliRunner().invoke(app, [*args, "--resume"])
    assert refused.exit_code != 0
    lines = [line for line in refused.output.splitlines() if line.strip()]
    assert len(lines) == 1, refused.output
    assert "\x1b" not in refused.output
    assert "run again without --resume to start over" in lines[0]
    fresh = CliRunner().invoke(app, args)
    assert fresh.exit_code == 0, fresh.output
    assert json.loads((out / "summary.json").read_text())["records"] == 2


def test_the_code_digest_changes_with_any_module_and_only_with_modules(tmp_path: Path) -> None:
    package = tmp_path / "camaudit"
    (package / "census").mkdir(parents=True)
    (package / "__init__.py").write_text('__version__ = "0.1.0"\n')
    (package / "census" / "worker.py").write_text("LIMIT = 1\n")
    first = worker.source_digest(package)
    assert first.startswith("py-") and len(first) == len("py-") + 12
    # Compiled files and data next to the modules are not code that could differ from the source.
    (package / "census" / "__pycache__").mkdir()
    (package / "census" / "__pycache__" / "worker.cpython-312.pyc").write_bytes(b"\0" * 16)
    (package / "census" / "notes.txt").write_text("anything")
    assert worker.source_digest(package) == first
    (package / "census" / "worker.py").write_text("LIMIT = 2\n")
    changed = worker.source_digest(package)
    assert changed != first
    (package / "census" / "worker.py").rename(package / "census" / "reader.py")
    assert worker.source_digest(package) not in (first, changed)


def test_this_installation_has_one_code_digest() -> None:
    assert worker.code_version() == worker.source_digest(Path(worker.__file__).resolve().parent.parent)


def test_a_worker_with_other_code_stops_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from camaudit.census.run import CensusError

    inputs: list[Path | str] = [write_lines(tmp_path / "a.json", [banner(HIK_HTTP, "192.0.2.1", "2026-11-01T10:00:00", "GB")])]
    # The task runs in this process (one worker) and reports the code it ran; the command compares it to its own.
    monkeypatch.setattr(worker, "code_version", lambda: "py-0123456789ab")
    with pytest.raises(CensusError, match=r"code py-0123456789ab.*install the same camaudit on every worker"):
        census(inputs, tmp_path / "out")
