"""bench/stream_paths.py: the blind stream-path list stays blind, and the bench tells a right maker from a wrong one.

The list (tests/data/devstreampaths_blind.jsonl) measures how camaudit reads stream paths on tables no entry was
written from; the moment a rule cites one of its tables, its figure measures memory. The rows built in the tests
below are invented for them (documentation addresses).
"""

from __future__ import annotations

from pathlib import Path

from tests.bench_module import bench_module
from tests.blind_lists import held_out_labels_citing, keys_of, rules_citing, write_list

stream_paths = bench_module("stream_paths")


def _list_keys() -> set[str]:
    return keys_of(row.source for row in stream_paths.read_list(stream_paths.LIST))


def test_the_blind_list_names_its_public_tables() -> None:
    rows = stream_paths.read_list(stream_paths.LIST)
    assert len(rows) >= 30
    assert all(row.source.startswith("github:") and "@" in row.source for row in rows)
    assert "notes" not in _list_keys()


def test_no_rule_or_layer_entry_cites_a_table_of_the_blind_list() -> None:
    citing = rules_citing(_list_keys())
    assert not citing, "\n".join(citing)


def test_no_held_out_batch_cites_a_table_of_the_blind_list() -> None:
    shared = held_out_labels_citing(_list_keys())
    assert not shared, "\n".join(shared)


def test_the_answer_carries_the_path_where_a_camera_puts_it() -> None:
    row = stream_paths.Row("hikvision", "/cam/realmonitor?channel=1&subtype=0", 554, "github:o/r/f.md@1")
    answer = stream_paths.describe_answer(row)
    assert "Content-Base: rtsp://192.0.2.10:554/cam/realmonitor?channel=1&subtype=0/\r\n" in answer
    assert "a=control:rtsp://192.0.2.10:554/cam/realmonitor?channel=1&subtype=0/trackID=1\r\n" in answer
    assert "Server:" not in answer
    assert stream_paths.describe_answer(row, body=False).endswith("\r\n\r\n")


def test_a_maker_named_on_another_makers_path_is_counted_wrong(tmp_path: Path, capsys) -> None:
    # Dahua's own path filed under Hikvision: camaudit names Dahua, which the bench must call a wrong maker.
    rows = [
        {"maker": "hikvision", "path": "/cam/realmonitor?channel=1&subtype=0", "port": 554},
        {"maker": "axis", "path": "/axis-media/media.amp", "port": 554},
        {"maker": None, "path": "/live", "port": 554},
    ]
    listed = write_list(tmp_path, rows, source="github:o/r/a@1")
    assert stream_paths.main(["--list", str(listed)]) == 1
    out = capsys.readouterr().out
    assert "maker named 1/2" in out and "WRONG maker 1" in out


def test_a_path_shared_by_unrelated_makers_is_listed_and_an_oem_family_is_not() -> None:
    rows = [
        stream_paths.Row("zosi", "/11", 554, ""),
        stream_paths.Row(None, "/11", 554, ""),
        stream_paths.Row("hikvision", "/Streaming/Channels/101", 554, ""),
        stream_paths.Row("annke", "/Streaming/Channels/101", 554, ""),
    ]
    assert stream_paths.shared_paths(rows) == {"/11": ["zosi", None]}
