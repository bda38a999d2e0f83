"""No maker named from one document without a stated reason (helper-228, 2026-12-06).

bench/single_source.py counts the layer entries whose sources (``source`` and every ``supports`` locator, as
leave-one-source-out keys them) number one. In the layers checked here, every such entry that names a maker must be
listed in ``single_source_makers.yaml`` (the measured backlog, or a reason after a search), and every listed entry must
still be single-source and name a maker: an entry that gains a second source leaves the list, one that loses it fails.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.bench_module import bench_module

from camaudit.identify import identify, packaged_rules, ruleset_of
from camaudit.identify.layers import LAYERS_DIR, load_layers
from camaudit.identify.provenance import rule_kept
from camaudit.knowledge.loader import SAFE_LOADER
from camaudit.model import Identity, Observation

checker = bench_module("single_source")

#: The layers this rule holds (other layers are counted by the checker but owned by other work).
CHECKED = (
    "capabilities.yaml",
    "chip_parts.yaml",
    "consumer_cloud.yaml",
    "identifiers.yaml",
    "identifiers_hostnames.yaml",
    "identifiers_p2p.yaml",
    "lexicon.yaml",
    "lexicon_consumer.yaml",
    "lexicon_pro.yaml",
    "models.yaml",
    "models_non_video.yaml",
    "onvif_answers.yaml",
)
ALLOWED_FILE = Path(__file__).with_name("single_source_makers.yaml")


def _allowed() -> dict[str, Any]:
    doc = yaml.load(ALLOWED_FILE.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    backlog, searched = doc.get("backlog") or {}, doc.get("searched") or {}
    assert not set(backlog) & set(searched), "an entry is listed both as backlog and as searched"
    return {**backlog, **searched}


def _unlisted(directory: Path) -> list[str]:
    """Maker-naming single-source entries of the checked layers under ``directory`` that the allow-list lacks."""
    allowed = _allowed()
    found = checker.entries([directory / name for name in CHECKED])
    return [e.id for e in checker.single_source(found, makers_only=True) if e.id not in allowed]


def test_every_single_source_maker_entry_is_listed_with_a_reason() -> None:
    assert _unlisted(LAYERS_DIR) == []


def test_the_list_holds_only_entries_that_still_rest_on_one_source() -> None:
    found = {e.id: e for e in checker.entries([LAYERS_DIR / name for name in CHECKED])}
    doc = yaml.load(ALLOWED_FILE.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    stale = [i for i in _allowed() if i not in found or not found[i].single or not found[i].maker]
    assert stale == [], "listed entries that no longer rest on one source (or name no maker): remove them"
    moved = [i for i, key in (doc.get("backlog") or {}).items() if {key} != set(found[i].keys)]
    assert moved == [], "backlog lines whose recorded key is not the entry's one source"
    assert all(isinstance(r, str) and len(r) > 20 for r in (doc.get("searched") or {}).values())


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("models.yaml", "sony.snc-ptz"),
        ("models.yaml", "ubiquiti.doorbell"),
        ("identifiers.yaml", "foscam.ddns"),
        ("lexicon.yaml", "dahua"),
    ],
)
def test_removing_a_second_source_is_caught(tmp_path: Path, name: str, entry_id: str) -> None:
    """A copy of the layers with one second-sourced entry's ``supports`` removed breaks the rule for that entry."""
    layers = tmp_path / "layers"
    shutil.copytree(LAYERS_DIR, layers)
    doc = yaml.load((layers / name).read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    (entry,) = [e for e in doc["entries"] if e["id"] == entry_id]
    assert entry.get("supports"), f"{entry_id} has no second source to remove"
    assert _unlisted(layers) == []
    entry.pop("supports")
    (layers / name).write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    load_layers([layers / name])  # still a valid layer: only the provenance changed
    assert _unlisted(layers) == [f"{doc['layer']}.{entry_id}"]


def test_a_support_that_names_no_source_is_no_second_source() -> None:
    # As leave-one-source-out keeps rules (provenance.rule_kept): a supporting locator naming no repository, host or
    # known name supports nothing, so the entry still rests on one source.
    entry = {"source": "github:acme/camfw/www/index.html@0123456789ab",
             "supports": [{"source": "a forum post, date unknown", "shows": "x"}]}
    assert checker.entry_keys(entry) == frozenset({"acme/camfw"})
    entry["supports"].append({"source": "https://example.org/manual.pdf", "shows": "x"})
    assert checker.entry_keys(entry) == frozenset({"acme/camfw", "example.org"})


def test_counts_are_per_layer_and_add_up() -> None:
    rows = checker.summary(checker.entries([LAYERS_DIR / name for name in CHECKED]))
    total = rows[-1]
    assert total[0] == "total"
    assert [sum(r[i] for r in rows[:-1]) for i in (1, 2, 3)] == list(total[1:])
    assert total[3] == len(_allowed())


#: Entries lowered to ``needs: video`` after a search found no second source, one number each, and the maker it names.
LOWERED = {
    "EZN1250": "everfocus",
    "TID-600R": "hanwha",
    "HCV701": "huacam",
    "IPC-A22EP": "dahua",  # Imou is Dahua's consumer brand: the OEM table names Dahua
}


def _model_answer(model: str, title: str | None = None) -> Identity:
    fields = {"upnp.model_name": model}
    observations = [Observation("192.0.2.1", 1900, "udp", "upnp", "import", "2026-01-01T00:00:00Z", fields)]
    if title is not None:
        http = {"http.title": title, "http.server": "nginx"}
        observations.append(Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", http))
    return identify(observations)


@pytest.mark.parametrize(("model", "maker"), sorted(LOWERED.items()))
def test_a_lowered_number_names_its_maker_only_beside_video_evidence(model: str, maker: str) -> None:
    alone = _model_answer(model)
    assert alone.manufacturer is None and alone.brand is None, alone.attribution
    beside = _model_answer(model, title="Network Camera")
    assert maker in {beside.manufacturer, beside.brand}, beside.attribution
    assert beside.model == model


#: A name leave-one-source-out used to lose: (the entry's first source key, a reply field showing the name, the maker).
#: Each entry gained an independent second source (helper-233, 2026-12-06); left out with its first source, the rule
#: is kept by the second and the maker is still named (before, each of these came back with no maker).
SECOND_SOURCED = [
    ("rapid7/recog", {"http.title": "NETSurveillance WEB"}, "xiongmai"),
    ("netaddr/netaddr", {"http.title": "Vivotek Network Camera"}, "vivotek"),
    ("netaddr/netaddr", {"http.title": "IQinVision IQeye"}, "iqinvision"),
    ("netaddr/netaddr", {"http.title": "Sunell IP Camera"}, "sunell"),
    ("netaddr/netaddr", {"http.title": "Jovision IP Camera"}, "jovision"),
    ("netaddr/netaddr", {"http.title": "TVT Digital NVR"}, "tvt"),
    ("nmap/nmap", {"http.title": "Interlogix TruVision NVR"}, "interlogix"),
    ("sighthoundinc/sighthoundvideo", {"upnp.model_name": "ACM-1011"}, "acti"),
]


def _identified_without(left_out: frozenset[str], fields: dict[str, str]) -> Identity:
    """One reply identified by the packaged rules with every rule citing only ``left_out`` sources removed."""
    rules = packaged_rules().rules
    kept = [r for r in rules if rule_kept(r.source, r.supports, left_out)]
    assert len(kept) < len(rules), f"no rule cites {sorted(left_out)}: the case tests nothing"
    seen = [Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)]
    return ruleset_of(kept).identify(seen)


@pytest.mark.parametrize(("key", "fields", "maker"), SECOND_SOURCED)
def test_a_second_source_keeps_the_maker_when_the_first_is_left_out(
    key: str, fields: dict[str, str], maker: str
) -> None:
    answer = _identified_without(frozenset({key}), fields)
    assert maker in {answer.manufacturer, answer.brand}, answer.attribution


#: An open camera database its README says was compiled with an AI assistant from datasheets and retailer listings.
AI_DATABASE = "ch-bas/cctv-camera-database"


def _leaning_on_the_ai_database(directory: Path) -> dict[str, str]:
    """Maker-naming entries of the checked layers whose two source keys are the AI database and one other."""
    found = checker.entries([directory / name for name in CHECKED])
    out = {}
    for entry in found:
        rest = entry.keys - {AI_DATABASE}
        if entry.maker and AI_DATABASE in entry.keys and len(rest) == 1:
            out[entry.id] = next(iter(rest))
    return out


def test_entries_whose_second_source_is_the_ai_database_alone_are_listed() -> None:
    # helper-239 (2026-12-07): such an entry is two documents on paper but one observation at best; the list is
    # measured, and only shrinks as independent supports are found (or grows with a stated line).
    doc = yaml.load(ALLOWED_FILE.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506
    assert _leaning_on_the_ai_database(LAYERS_DIR) == (doc.get("ai_database_only") or {})


#: (the entry's other source key, a reply field showing a string an independent support shows, the maker). With
#: both that key and the AI database left out, the independent support (helper-239) keeps the rule; before, the
#: entry rested on the database alone and these came back with no maker.
INDEPENDENT_OF_THE_AI_DATABASE = [
    ("netaddr/netaddr", {"http.title": "Vivotek FD8134"}, "vivotek"),
    ("instar.com", {"upnp.model_name": "IN-6012 HD", "http.title": "Network Camera"}, "instar"),
    ("netaddr/netaddr", {"http.title": "IQinVision IQ041SI"}, "iqinvision"),
    ("axis.com", {"upnp.model_name": "P3343-VE", "http.title": "Network Camera"}, "axis"),
    ("netaddr/netaddr", {"http.title": "Ezviz C6N"}, "ezviz"),
    ("foscam.com", {"http.title": "Foscam FI9821W"}, "foscam"),
    ("pelco.com", {"http.title": "Pelco IL10-BA"}, "pelco"),
    ("eduard256/strix", {"upnp.model_name": "SWWHD-INTCAM-US"}, "swann"),
    # The database's RTSP notes take their leads from StrixCamDB, so leave-one-source-out keys them as Strix too.
    ("netaddr/netaddr eduard256/strix", {"http.title": "TVT Digital NVR"}, "tvt"),
    ("netaddr/netaddr", {"http.title": "IQeye Camera"}, "iqinvision"),
]


@pytest.mark.parametrize(("key", "fields", "maker"), INDEPENDENT_OF_THE_AI_DATABASE)
def test_an_independent_support_keeps_the_maker_without_the_ai_database(
    key: str, fields: dict[str, str], maker: str
) -> None:
    answer = _identified_without(frozenset({*key.split(), AI_DATABASE}), fields)
    assert maker in {answer.manufacturer, answer.brand}, answer.attribution


def test_a_single_source_entry_first_sourced_from_the_ai_database_gained_an_independent_one() -> None:
    # GeoVision's camera forms were written from the AI database alone; Sighthound's table row 'GeoVision GV-BL1210'
    # (user reported) now keeps the grammar when the database is left out (the general GV- grammar, kept either way,
    # names GeoVision but types only "a video device").
    answer = _identified_without(frozenset({AI_DATABASE}), {"upnp.model_name": "GV-BL1210"})
    assert answer.manufacturer == "geovision" and answer.model == "GV-BL1210", answer.attribution
    assert answer.device_type == "camera", answer.attribution
