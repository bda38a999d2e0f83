"""bench/favicon_table.py: the blind favicon list stays blind, and the bench tells a right maker from a wrong one.

The list (tests/data/devfavicons_blind.jsonl) measures camaudit's icon knowledge on a fingerprint table no entry was
written from; the moment a rule cites that table, its figure measures memory. The rows built in the tests below are
invented for them; the hashes are the list's own or camaudit's admitted ones.
"""

from __future__ import annotations

from pathlib import Path

from tests.bench_module import bench_module
from tests.blind_lists import held_out_labels_citing, keys_of, rules_citing
from tests.blind_lists import write_list as _write

favicon_table = bench_module("favicon_table")


def _list_keys() -> set[str]:
    return keys_of(row.source for row in favicon_table.read_list(favicon_table.LIST))


def _row(hash_: str, maker: str | None, video: bool, kind: str = "mmh3") -> dict[str, object]:
    return {
        "hash": hash_,
        "hash_kind": kind,
        "product": "p",
        "table_vendor": "v",
        "maker": maker,
        "video": video,
        "kind": "k",
        "lineage": "l",
        "source": "github:o/r/t.json@1",
    }


def test_the_blind_list_names_its_public_table_and_holds_more_other_rows_than_video_rows() -> None:
    rows = favicon_table.read_list(favicon_table.LIST)
    assert all(row.source.startswith("github:0x727/FingerprintHub/") and "@" in row.source for row in rows)
    video = [row for row in rows if row.video]
    assert video and len(rows) - len(video) >= len(video)
    assert all(row.hash_kind in ("mmh3", "md5") for row in rows)
    assert "notes" not in _list_keys()


def test_no_rule_or_layer_entry_cites_the_table_of_the_blind_list() -> None:
    citing = rules_citing(_list_keys())
    assert not citing, "\n".join(citing)


def test_no_held_out_batch_cites_the_table_of_the_blind_list() -> None:
    shared = held_out_labels_citing(_list_keys())
    assert not shared, "\n".join(shared)


def test_the_answer_carries_the_icon_hash_and_nothing_else() -> None:
    mmh3 = favicon_table.Row("999357577", "mmh3", "p", "hikvision", True, "s")
    md5 = favicon_table.Row("89b932fcc47cf4ca3faadb0cfdef89cf", "md5", "p", "hikvision", True, "s")
    line = favicon_table.httpx_line(mmh3, 0)
    assert line["favicon"] == "999357577" and "favicon_md5" not in line
    assert favicon_table.httpx_line(md5, 1)["favicon_md5"] == "89b932fcc47cf4ca3faadb0cfdef89cf"
    assert not {"title", "body", "webserver", "header"} & set(line)


def test_both_kinds_of_hash_reach_the_favicon_rules() -> None:
    rows = [
        favicon_table.Row("999357577", "mmh3", "p", "hikvision", True, "s"),
        favicon_table.Row("89b932fcc47cf4ca3faadb0cfdef89cf", "md5", "p", "hikvision", True, "s"),
        favicon_table.Row("123456789", "mmh3", "p", None, False, "s"),
    ]
    answers = favicon_table.identify(rows)
    assert [favicon_table.verdict(r, a) for r, a in zip(rows, answers, strict=True)] == ["right", "right", "silent"]
    assert any(ev["rule_id"].startswith("hikvision.") for ev in answers[0]["evidence"])


def test_a_wrong_maker_or_a_video_claim_on_a_non_video_row_fails_the_run(tmp_path: Path, capsys) -> None:
    # Hikvision's admitted icon filed under Dahua: camaudit names Hikvision, which the bench must call wrong.
    assert favicon_table.main(["--list", str(_write(tmp_path, [_row("999357577", "dahua", True)]))]) == 1
    assert "WRONG maker 1" in capsys.readouterr().out
    # The same icon on a row the table calls no video device: the video type it gets is a failure too.
    assert favicon_table.main(["--list", str(_write(tmp_path, [_row("999357577", None, False)]))]) == 1
    out = capsys.readouterr().out
    assert "non-video 1: typed video 1" in out and "a maker named where the table names none 1" in out
    # An unknown icon on a non-video row is silent: the run passes.
    assert favicon_table.main(["--list", str(_write(tmp_path, [_row("123456789", None, False)]))]) == 0


def test_post_hoc_rows_are_counted_apart(tmp_path: Path, capsys) -> None:
    rows = [_row("999357577", "hikvision", True), dict(_row("2019488876", "dahua", True), posthoc=True)]
    assert favicon_table.main(["--list", str(_write(tmp_path, rows))]) == 0
    out = capsys.readouterr().out
    assert "  rows: video 1: maker named 1/1" in out and "  post-hoc rows: video 1: maker named 1/1" in out
