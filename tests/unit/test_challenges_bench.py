"""bench/challenges.py: the blind challenge list stays blind, both answers carry the challenge where a device puts it,
and a wrong maker is counted. The rows built here are invented for the tests.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.bench_module import bench_module
from tests.blind_lists import held_out_labels_citing, keys_of, rules_citing, write_list

challenges = bench_module("challenges")


def _list_keys() -> set[str]:
    return keys_of(row.source for row in challenges.read_list(challenges.LIST))


def test_the_blind_list_names_public_sources_and_real_challenges() -> None:
    rows = challenges.read_list(challenges.LIST)
    assert rows
    assert all(row.source.startswith(("https://", "github:")) for row in rows)
    assert all(line.startswith(("Basic ", "Digest ")) for row in rows for line in row.challenges)
    assert "notes" not in _list_keys()


def test_no_rule_or_held_out_batch_cites_a_source_of_the_blind_list() -> None:
    keys = _list_keys()
    citing = rules_citing(keys) + held_out_labels_citing(keys)
    assert not citing, "\n".join(citing)


def test_both_answers_carry_the_same_challenge_lines_and_server() -> None:
    row = challenges.Row(
        "camera",
        "axis",
        "x",
        ('Digest realm="AXIS_ACCC8E000000", nonce="1"', 'Basic realm="A"'),
        "Srv",
        "github:o/r/f@1",
    )
    http, rtsp = challenges.answer(row, "http"), challenges.answer(row, "rtsp")
    assert http.startswith("HTTP/1.1 401 Unauthorized\r\n") and rtsp.startswith(
        "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n"
    )
    for text in (http, rtsp):
        assert 'Server: Srv\r\nWWW-Authenticate: Digest realm="AXIS_ACCC8E000000", nonce="1"\r\n' in text
        assert 'WWW-Authenticate: Basic realm="A"\r\n' in text and text.endswith("\r\n\r\n")


def test_a_maker_named_for_a_non_camera_is_counted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # A Dahua realm filed under a non-camera: camaudit names Dahua, which the bench must count and fail on.
    rows = [
        {"kind": "not_camera", "maker": None, "challenges": ['Digest realm="Login to 4C045ADPAG60CD", nonce="1"']},
        {"kind": "camera", "maker": "dahua", "challenges": ['Digest realm="Login to 4C045ADPAG60CD", nonce="1"']},
    ]
    listed = write_list(tmp_path, rows, source="github:o/r/a@1")
    assert challenges.main(["--list", str(listed)]) == 1
    out = capsys.readouterr().out
    assert "http: maker named 1/1" in out and "rtsp: maker named 1/1" in out
    assert "non-cameras given a maker 1/1" in out
