"""The held-out replies (``heldout_public``/``heldout_threads.jsonl``, ``heldout_batch5*.jsonl`` and the other
``heldout_batchNN`` files listed in BATCHES below: batches 4 to 35 and 37 to 42, less the ten batches whose number is divisible
by 3, retired to development as ``devretired_batchNN`` on 2026-12-06) stay out."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

from tests.bench_module import bench_module

from camaudit.identify import ruleset
from camaudit.identify.provenance import example_keys, source_keys

single_source = bench_module("single_source")
source_check = bench_module("source_check")

DATA = Path(__file__).resolve().parents[2] / "data"
BATCHES = (
    "heldout_threads.labels.jsonl",
    "heldout_batch5.labels.jsonl",
    "heldout_batch5b.labels.jsonl",
    "heldout_batch7.labels.jsonl",
    "heldout_batch8.labels.jsonl",
    "heldout_batch10.labels.jsonl",
    "heldout_batch11.labels.jsonl",
    "heldout_batch13.labels.jsonl",
    "heldout_batch14.labels.jsonl",
    "heldout_batch16.labels.jsonl",
    "heldout_batch17.labels.jsonl",
    "heldout_batch19.labels.jsonl",
    "heldout_batch20.labels.jsonl",
    "heldout_batch22.labels.jsonl",
    "heldout_batch23.labels.jsonl",
    "heldout_batch25.labels.jsonl",
    "heldout_batch26.labels.jsonl",
    "heldout_batch28.labels.jsonl",
    "heldout_batch29.labels.jsonl",
    "heldout_batch31.labels.jsonl",
    "heldout_batch32.labels.jsonl",
    "heldout_batch34.labels.jsonl",
    "heldout_batch35.labels.jsonl",
    "heldout_batch37.labels.jsonl",
    "heldout_batch38.labels.jsonl",
    "heldout_batch39.labels.jsonl",
    "heldout_batch40.labels.jsonl",
    "heldout_batch41.labels.jsonl",
    "heldout_batch42.labels.jsonl",
    "heldout_batch43.labels.jsonl",
    "heldout_batch44.labels.jsonl",
    "heldout_batch45.labels.jsonl",
    "heldout_batch46.labels.jsonl",
    "heldout_batch47.labels.jsonl",
    "heldout_batch48.labels.jsonl",
    "heldout_batch49.labels.jsonl",
)


def _labels(name: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in (DATA / name).read_text(encoding="utf-8").splitlines() if line.strip()]


#: Held-out batches in a search engine's or scanner's own layout (batches 36 and 38 to 45: ``heldout_batchNN.<format>``, one file
#: per format, read by that format's importer; batch 40's part 2 adds two more nmap files, ``heldout_batch40.<name>.nmap.*``).
#: They stay out as the batches above do; their records are no JSON lines of Shodan banners, so the checks on record
#: addresses below do not apply to them.
ENGINE_BATCHES = (
    "heldout_batch36.nmap.labels.jsonl",
    "heldout_batch38.shodan.labels.jsonl",
    "heldout_batch39.nmap.labels.jsonl",
    "heldout_batch40.nmap.labels.jsonl",
    "heldout_batch40.pastes.nmap.labels.jsonl",
    "heldout_batch40.iot.nmap.labels.jsonl",
    "heldout_batch41.nmap.labels.jsonl",
    "heldout_batch42.nmap.labels.jsonl",
    "heldout_batch43.nmap.labels.jsonl",
    "heldout_batch44.nmap.labels.jsonl",
    "heldout_batch45.nmap.labels.jsonl",
    "heldout_batch45.masscan.labels.jsonl",
    "heldout_batch45.home.nmap.labels.jsonl",
)


def _held_out_keys(label_keys: Callable[[str], Iterable[str]] = example_keys) -> dict[str, str]:
    """Each key (``label_keys``) of a held-out label's source, with that source."""
    held_out: dict[str, str] = {}
    for name in (*BATCHES, *ENGINE_BATCHES):
        for label in _labels(name):
            for key in label_keys(str(label["source"])):
                held_out.setdefault(key, str(label["source"]))
    return held_out


def _citing(label_keys: Callable[[str], Iterable[str]], rule_keys: Callable[[str], Iterable[str]],
            lineage: Mapping[str, str] | None = None) -> list[str]:
    """Each rule or layer entry whose source or supporting source has a key (``rule_keys``) that a held-out
    label's source has (``label_keys``), as "<rule> cites <key> (held-out: <label source>)". A key of the same
    lineage (``lineage``, default the allow-list's: a fork and its origin count as one source) counts as cited."""
    copies = single_source.lineages() if lineage is None else lineage
    held_out = _held_out_keys(label_keys)
    assert "notes" not in held_out, "every held-out record names a public source"
    # A vendor document that a held-out page quotes (``doc:``) may be cited from another public copy: the rule
    # is written from the document, not from the page. Leave-one-source-out still removes it for that example
    # (test_a_rule_from_another_copy_of_a_quoted_vendor_document_is_left_out_for_the_example).
    held_out = {key: source for key, source in held_out.items() if not key.startswith("doc:")}
    citing = []
    for rule in ruleset().rules:
        cited = {key for locator in (rule.source, *(loc for loc, _ in rule.supports)) for key in rule_keys(locator)}
        cited |= source_check.lineage_of(cited, copies)
        citing += [f"{rule.id} cites {key} (held-out: {held_out[key]})" for key in sorted(cited & held_out.keys())]
    return citing


def test_no_rule_or_layer_entry_cites_a_held_out_batch_source() -> None:
    citing = _citing(example_keys, source_keys)
    assert not citing, "\n".join(citing)


def test_a_rule_citing_a_fork_of_a_held_out_source_is_caught() -> None:
    # A held-out label's repository and a made-up fork of it, declared as the allow-list's lineages would: a rule
    # citing the fork cites the held-out source.
    origin = sorted(key for key in _held_out_keys(example_keys) if "/" in key and not key.startswith("doc:"))[0]
    fork = "someone-else/a-fork-of-it"
    rule = ruleset().rules[0]

    def keys(locator: str) -> set[str]:
        return {fork} if locator == rule.source else set(source_keys(locator))

    assert any(line.startswith(f"{rule.id} cites {origin} ") for line in _citing(example_keys, keys, {fork: origin}))
    assert not any(line.startswith(f"{rule.id} ") for line in _citing(example_keys, keys, {}))


def test_a_rule_from_another_copy_of_a_quoted_vendor_document_is_left_out_for_the_example() -> None:
    # Batch 14's line 5 is Dahua's HTTP API document's own 401 example as a Q&A page quotes it; a rule written from
    # the same document quoted on another site would otherwise be credited for "generalising" to it.
    from camaudit.identify.provenance import rule_kept

    (label,) = [row for row in _labels("heldout_batch14.labels.jsonl") if row["line"] == 5]
    example = example_keys(str(label["source"]))
    assert "doc:dahua-http-api" in example
    quoted_elsewhere = "https://www.ipcamtalk.com/threads/x/post-1 (quotes Dahua's HTTP API §3.2 Authentication)"
    assert not rule_kept(quoted_elsewhere, (), example)
    assert rule_kept("https://www.ipcamtalk.com/threads/x/post-1 (a user's capture)", (), example)


#: A file a locator names (``github:owner/repo/path/gb_axis_devices_ftp_detect.nasl@commit``, a URL's last part).
_FILE = re.compile(r"[\w.-]{6,120}\.(?:nasl|py|go|rs|c|h|cc|cpp|js|ts|java|cs|rb|lua|yaml|yml|json|xml|md|txt|pcap)\b")
#: Names too common to say two locators are copies of one file (names under 10 characters, README.md or
#: main.py, are left out by length). test_discovery.py names a test module after what it tests: aiodahua's
#: DHIP-discovery test (cited by the Dahua serial layers) and an Odoo camera-discovery test (batch 26) share it.
#: sdp_test.go is Go's name for any sdp.go's tests: gortsplib's and a VMS SDK's (cited by SDP layers) and a
#: streaming server's (batch 47, a different file with different constants) share it.
_COMMON_FILES = {"config.yaml", "CHANGELOG.md", "test_discovery.py", "sdp_test.go"}


def _files(locator: str) -> set[str]:
    return {name for name in _FILE.findall(locator) if name not in _COMMON_FILES and len(name) >= 10}


def test_no_rule_or_layer_entry_cites_a_copy_of_a_held_out_file() -> None:
    # The repository check above misses a mirror: the same file copied into another repository (Greenbone's
    # detection scripts live in several). A distinctive file name a held-out label cites may not be cited by a
    # rule under any repository.
    citing = _citing(lambda source: _files(source.split(" ", 1)[0]), _files)
    assert not citing, "\n".join(citing)


def test_the_copy_check_sees_a_mirrored_file() -> None:
    assert _files("github:qweasader/gbn/gb_axis_devices_ftp_detect.nasl@95fd36bf6b83 (Greenbone)") == {
        "gb_axis_devices_ftp_detect.nasl"
    }
    assert _files("https://github.com/o/r/blob/abc/README.md and main.py, config.yaml") == set()
    assert _files("https://github.com/o/r/blob/abc/tests/test_discovery.py") == set()


def test_every_held_out_label_has_a_public_source_a_checked_date_and_an_honest_maker() -> None:
    from camaudit.knowledge.loader import vendors

    known = set(vendors())
    for name in (*BATCHES, *ENGINE_BATCHES):
        labels = _labels(name)
        if name in BATCHES:
            assert [label["line"] for label in labels] == list(range(1, len(labels) + 1)), name
        # An engine batch's lines are its importer's positions (the <host> of nmap XML, the line of an -oN host block):
        # checked against the importer below.
        for label in labels:
            source = str(label["source"])
            # A public page may be served over plain HTTP only (batch 28 cites two such file servers).
            assert ("https://" in source or "http://" in source) and "checked 2026-" in source, label
            assert label["maker"] is None or label["maker"] in known, label
            assert isinstance(label["is_video"], bool) and label["note"], label


def _batch(name: str) -> str:
    """The batch a held-out file belongs to, as its labels name it ("batch 10" for heldout_batch10..., "batch 5b")."""
    found = re.search(r"batch(\d+[a-z]?)\.", name)
    assert found, name
    return f"batch {found.group(1)}"


def test_batch_names_are_read_whole() -> None:
    assert _batch("heldout_batch10.labels.jsonl") == "batch 10"
    assert _batch("heldout_batch9.labels.jsonl") == "batch 9"
    assert _batch("heldout_batch5b.labels.jsonl") == "batch 5b"
    assert _batch("heldout_batch11.labels.jsonl") == "batch 11"
    assert _batch("heldout_batch12.labels.jsonl") == "batch 12"
    assert _batch("heldout_batch13.labels.jsonl") == "batch 13"
    assert _batch("heldout_batch14.labels.jsonl") == "batch 14"
    assert _batch("heldout_batch15.labels.jsonl") == "batch 15"
    assert _batch("heldout_batch16.labels.jsonl") == "batch 16"
    assert _batch("heldout_batch17.labels.jsonl") == "batch 17"
    assert _batch("heldout_batch18.labels.jsonl") == "batch 18"
    assert _batch("heldout_batch19.labels.jsonl") == "batch 19"
    assert _batch("heldout_batch20.labels.jsonl") == "batch 20"
    assert _batch("heldout_batch21.labels.jsonl") == "batch 21"
    assert _batch("heldout_batch22.labels.jsonl") == "batch 22"
    assert _batch("heldout_batch23.labels.jsonl") == "batch 23"
    assert _batch("heldout_batch24.labels.jsonl") == "batch 24"
    assert _batch("heldout_batch25.labels.jsonl") == "batch 25"
    assert _batch("heldout_batch26.labels.jsonl") == "batch 26"
    assert _batch("heldout_batch27.labels.jsonl") == "batch 27"
    assert _batch("heldout_batch28.labels.jsonl") == "batch 28"
    assert _batch("heldout_batch29.labels.jsonl") == "batch 29"
    assert _batch("heldout_batch30.labels.jsonl") == "batch 30"
    assert _batch("heldout_batch31.labels.jsonl") == "batch 31"
    assert _batch("heldout_batch32.labels.jsonl") == "batch 32"
    assert _batch("heldout_batch33.labels.jsonl") == "batch 33"
    assert _batch("heldout_batch34.labels.jsonl") == "batch 34"
    assert _batch("heldout_batch35.labels.jsonl") == "batch 35"
    assert _batch("heldout_batch37.labels.jsonl") == "batch 37"
    assert _batch("heldout_batch38.shodan.labels.jsonl") == "batch 38"
    assert _batch("heldout_batch39.labels.jsonl") == "batch 39"
    assert _batch("heldout_batch39.nmap.labels.jsonl") == "batch 39"
    assert _batch("heldout_batch40.nmap.labels.jsonl") == "batch 40"
    assert _batch("heldout_batch40.iot.nmap.labels.jsonl") == "batch 40"
    assert _batch("heldout_batch1.labels.jsonl") != _batch("heldout_batch10.labels.jsonl")


def test_batch_5_to_17_replies_sit_in_the_benchmark_range_and_every_label_is_independent() -> None:
    import ipaddress

    bench = ipaddress.ip_network("198.18.0.0/15")
    for name in BATCHES[1:]:
        records = [json.loads(line) for line in (DATA / name.replace(".labels", "")).read_text().splitlines() if line]
        labels = _labels(name)
        assert len(records) == len(labels), name
        for record, label in zip(records, labels, strict=True):
            assert ipaddress.ip_address(record["ip_str"]) in bench, (name, label["line"])
            assert label["independent"] is True and f"-- {_batch(name)}," in str(label["source"]), label


def test_every_engine_record_has_its_label_and_every_label_is_independent() -> None:
    from camaudit.importers import FORMATS

    assert _batch("heldout_batch36.nmap.labels.jsonl") == "batch 36"
    for name in ENGINE_BATCHES:
        labels = _labels(name)
        (corpus,) = [p for p in DATA.glob(name.replace(".labels.jsonl", ".*")) if not p.name.endswith(".labels.jsonl")]
        # The format is the name's last part before the suffix (heldout_batch36.nmap.xml), as bench/accuracy.py reads it.
        with corpus.open("rb") as source:
            records = list(FORMATS[corpus.name.split(".")[-2]](source))
        assert len(records) == len(labels), name
        assert all(record.error is None for record in records), name
        assert [label["line"] for label in labels] == [record.position for record in records], name
        for label in labels:
            assert label["independent"] is True and f"-- {_batch(name)}," in str(label["source"]), label


def test_no_oem_row_or_oui_supplement_row_cites_a_held_out_batch_source() -> None:
    """OEM rows and the OUI supplement name makers as surely as rules do (a brand's row decides who made a
    relabelled device; a supplement row names the maker of a MAC block), so they stay off held-out sources too."""
    from camaudit.identify.oui import load_supplement
    from camaudit.knowledge.loader import packaged
    from camaudit.knowledge.vendors import OemsFile

    held_out = _held_out_keys()
    citing = [
        f"oems.yaml {row.brand}->{row.manufacturer} cites {key} (held-out: {held_out[key]})"
        for row in packaged(OemsFile).oems
        for key in sorted(set(source_keys(row.source)) & held_out.keys())
    ]
    citing += [
        f"oui_supplement.tsv {entry.prefix} cites {key} (held-out: {held_out[key]})"
        for entry in load_supplement().values()
        for key in sorted(set(source_keys(entry.source)) & held_out.keys())
    ]
    assert not citing, "\n".join(citing)
