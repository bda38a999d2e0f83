"""bench/source_check.py tells a batch collector which candidate pages are already sources.

The labels below are written for the test (invented hosts); the rule citation checked against the packaged knowledge
is a real one: layer entry sdp.dahua.packetization names a CSDN post as a supporting source.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from tests.bench_module import bench_module

ROOT = Path(__file__).resolve().parents[2]


source_check = bench_module("source_check")


def _write_labels(path: Path, sources: list[str]) -> None:
    rows = [{"line": n, "is_video": True, "maker": None, "source": s, "note": "written for the test"}
            for n, s in enumerate(sources, 1)]
    path.write_text("".join(json.dumps(row) + "\n" for row in rows), encoding="utf-8")


@pytest.fixture
def data(tmp_path: Path) -> Path:
    _write_labels(tmp_path / "heldout_batch90.labels.jsonl", [
        "https://www.camforum.example/threads/ptz-dead.7/ (a user's telnet prompt) -- batch 90, checked 2026-12-05",
        "https://github.com/someone/camtool/blob/abc/tests/fixture.txt -- batch 90, checked 2026-12-05",
    ])
    _write_labels(tmp_path / "devbatch.labels.jsonl", ["https://answers.example/q/42 (an RTSP 401)"])
    return tmp_path


def test_a_page_on_a_forum_a_held_out_batch_cites_is_flagged_whatever_the_thread(data: Path) -> None:
    labels = source_check.label_citations(data)
    lines = source_check.report(["https://camforum.example/threads/other-thread.99/"], labels, {})
    assert lines[0].endswith("HELD-OUT SOURCE, do not use")
    assert lines[1] == "  held-out labels: heldout_batch90.labels.jsonl line 1"


def test_a_file_of_a_repository_a_held_out_batch_cites_is_flagged(data: Path) -> None:
    lines = source_check.report(["github:someone/camtool/README.md@def"], source_check.label_citations(data), {})
    assert "keys someone/camtool" in lines[0] and "HELD-OUT SOURCE" in lines[0]


def test_a_source_of_the_held_out_replies_in_other_formats_is_flagged(data: Path) -> None:
    # heldout_formats/ keeps the held-out replies in every importer's format: its labels are held-out too. Before,
    # only a file named heldout_* counted, so a thread cited there was "already cited" and two of its replies went
    # into a development batch (helper-175's pasted batch, lines 10 and 11, dropped).
    (data / "heldout_formats").mkdir()
    _write_labels(data / "heldout_formats" / "replies.censys.labels.jsonl",
                  ["https://github.com/someone/camint/issues/583 (a camera's 401)"])
    lines = source_check.report(["https://github.com/someone/camint/issues/9"], source_check.label_citations(data), {})
    assert lines[0].endswith("HELD-OUT SOURCE, do not use")
    assert lines[1] == "  held-out labels: heldout_formats/replies.censys.labels.jsonl line 1"


def test_a_development_source_is_reported_but_not_forbidden(data: Path) -> None:
    lines = source_check.report(["https://answers.example/q/77"], source_check.label_citations(data), {})
    assert lines == ["https://answers.example/q/77: keys answers.example -- already cited",
                     "  other labels: devbatch.labels.jsonl line 1"]


def test_a_development_list_without_a_labels_file_cites_its_rows_sources(data: Path) -> None:
    # devchallenges_blind.jsonl carries each row's source inline and has no labels file: before, a page it had
    # transcribed was "unused" (helper-273, 2026-12-08), and only the content check caught the reply.
    rows = [{"kind": "not_camera", "challenges": ["Digest realm=\"Printer API\""], "source": "https://github.com/"
             "printmaker/firmware/issues/3705 (a user's curl -i)"}, {"model": "X1", "source": None}, "not an object"]
    (data / "devlist_blind.jsonl").write_text("".join(json.dumps(row) + "\n" for row in rows) + "{broken\n",
                                              encoding="utf-8")
    lines = source_check.report(["https://github.com/printmaker/firmware/issues/1"], source_check.label_citations(data),
                                {})
    assert lines == ["https://github.com/printmaker/firmware/issues/1: keys printmaker/firmware -- already cited",
                     "  other labels: devlist_blind.jsonl line 1"]


def test_a_labelled_corpus_is_read_through_its_labels_only(data: Path) -> None:
    (data / "devbatch.jsonl").write_text(json.dumps({"source": "https://records.example/x"}) + "\n", encoding="utf-8")
    assert "records.example" not in source_check.label_citations(data)


def test_an_unused_page_is_said_to_be_unused(data: Path) -> None:
    lines = source_check.report(["https://fresh.example/post/1"], source_check.label_citations(data), {})
    assert lines == ["https://fresh.example/post/1: keys fresh.example -- unused"]


def test_a_bare_name_has_no_key() -> None:
    assert source_check.report(["a forum post"], {}, {}) == [
        "a forum post: names no source key (a bare name counts as camaudit's notes)"]


def test_the_packaged_knowledge_citing_a_host_is_listed() -> None:
    knowledge = source_check.knowledge_citations()
    lines = source_check.report(["https://blog.csdn.net/someone/article/details/1"], {}, knowledge)
    assert "already cited" in lines[0]
    assert "sdp.dahua.packetization" in lines[1]


def test_a_fork_of_a_held_out_source_is_flagged_through_its_lineage(data: Path) -> None:
    # A fork lives in another repository, so its key differs; the lineage (single_source_makers.yaml) ties it to the
    # repository a held-out batch cites, as bench/single_source.py counts the two as one source.
    labels, fork = source_check.label_citations(data), "github:forker/camtool-fork/tests/fixture.txt@1"
    assert source_check.report([fork], labels, {}, lineage={})[0].endswith("-- unused")
    lines = source_check.report([fork], labels, {}, lineage={"forker/camtool-fork": "someone/camtool"})
    assert lines[0] == f"{fork}: keys forker/camtool-fork (one lineage with someone/camtool) -- HELD-OUT SOURCE, do not use"
    origin = source_check.report(["github:someone/camtool/x@1"], {}, {"forker/camtool-fork": ["a.rule"]},
                                 lineage={"forker/camtool-fork": "someone/camtool"})
    assert "already cited" in origin[0] and "a.rule" in origin[1]


def test_the_packaged_lineage_ties_the_dahua_rpc_fork_to_its_gist() -> None:
    lines = source_check.report(["github:naveenrobo/dahua-ip-cam-sdk/setup.py@1"], {}, {})
    assert lines == ["github:naveenrobo/dahua-ip-cam-sdk/setup.py@1: keys naveenrobo/dahua-ip-cam-sdk "
                     "(one lineage with gist.github.com) -- unused"]


def test_main_exits_non_zero_when_a_candidate_is_held_out(data: Path, monkeypatch: pytest.MonkeyPatch,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(source_check, "DATA", data)
    assert source_check.main(["https://fresh.example/x"]) == 0
    assert source_check.main(["https://camforum.example/t/1", "https://fresh.example/x"]) == 1
    assert "HELD-OUT SOURCE" in capsys.readouterr().out


def _write_profile(path: Path, source: str, *, heldout: bool) -> None:
    path.write_text(f"name: {path.stem}\nsource: \"{source}\"\nheldout: {'true' if heldout else 'false'}\n",
                    encoding="utf-8")


def test_a_page_a_held_out_replay_device_replays_is_flagged_but_not_its_neighbours(tmp_path: Path) -> None:
    # helper-178's RTSP batch held three exchanges the replay lab's held-out devices replay: a page-level check.
    _write_profile(tmp_path / "replay-cam.yaml", "https://github.com/owner/relay/issues/7 (a trace)", heldout=True)
    _write_profile(tmp_path / "replay-dev.yaml", "https://github.com/owner/relay/issues/8 (a trace)", heldout=False)
    pages = source_check.replay_pages(tmp_path)
    assert pages == {"github.com/owner/relay/issues/7": ["replay-cam.yaml"]}
    same = source_check.report(["https://www.github.com/owner/relay/issues/7/"], {}, {}, replay=pages)
    assert "HELD-OUT SOURCE" in same[0] and "replay-cam.yaml" in same[1]
    neighbour = source_check.report(["https://github.com/owner/relay/issues/70"], {}, {}, replay=pages)
    development = source_check.report(["https://github.com/owner/relay/issues/8"], {}, {}, replay=pages)
    assert neighbour == ["https://github.com/owner/relay/issues/70: keys owner/relay -- unused"]
    assert "HELD-OUT" not in development[0]


def test_the_packaged_replay_lab_flags_the_laxihub_trace() -> None:
    lines = source_check.report(["https://github.com/AlexxIT/go2rtc/issues/7"], {}, {},
                                replay=source_check.replay_pages())
    assert "HELD-OUT SOURCE" in lines[0] and "replay-laxihub-go2rtc.yaml" in "\n".join(lines)


def test_a_candidate_text_that_copies_a_held_out_reply_is_flagged_by_content(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    # A held-out reply and a mirror of it, both written for the test (invented realm and nonce): the page is on
    # another host, so the locator check passes it; the content check does not.
    content = source_check.heldout_content
    held_out = ('RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm="Login to 9ZX41QEXAMPLE7",'
                ' nonce="5e1d0c9b8a7f6e5d4c3b2a1908f7e6d5"\r\n\r\n')
    index = content.HeldOutIndex([content.Record("heldout_batch90.jsonl line 3", frozenset({"forum.example"}),
                                                 (held_out,))])
    monkeypatch.setattr(content, "packaged_index", lambda: index)
    mirror = tmp_path / "mirror.txt"
    mirror.write_text("Seen on a blog:\n" + held_out.replace("\r\n", "\n").lower(), encoding="utf-8")
    records = tmp_path / "candidates.jsonl"
    records.write_text(json.dumps({"data": "RTSP/1.0 200 OK\r\nServer: Fresh Server/1.0\r\n\r\n"}) + "\n"
                       + json.dumps({"data": held_out}) + "\n", encoding="utf-8")
    assert source_check.main(["--text", str(mirror), "--records", str(records)]) == 1
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith(f"{mirror}: shares 1 distinctive run(s)")
    assert "heldout_batch90.jsonl line 3" in printed[1] and "5e1d0c9b8a7f6e5d4c3b2a1908f7e6d5" in printed[1]
    assert printed[2].startswith(f"{records} line 2: shares 1")
    assert not any(f"{records} line 1" in line for line in printed)
    clean = tmp_path / "clean.txt"
    clean.write_text("RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Fresh Server/1.0\r\n\r\n", encoding="utf-8")
    assert source_check.main(["--text", str(clean)]) == 0
