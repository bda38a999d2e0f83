"""The learned maker layer (identify/learned/maker.py): a weak, shown estimate for a video device no rule names.

What a user notices: a camera whose replies carry only weak tokens of one maker is named that maker at a weak
confidence, with evidence that says it is a learned estimate and lists the tokens; a reply mixing two makers' tokens,
a generic chip-SDK server's page, a device that is no video device and a device a rule already names get no estimate.

The wiring tests use a small table written here (its "sources" are test names, not real ones) so that what they
assert does not move when the packaged table is regenerated; the packaged table is checked against its generator and
against the knowledge base's own generic entries.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.bench_module import bench_module

from camaudit.identify import packaged_rules, ruleset, ruleset_of
from camaudit.identify.learned.maker import (
    CERTAINTY,
    RULE_ID,
    TABLE_FILE,
    MakerTable,
    packaged_table,
)
from camaudit.identify.learned.tokens import reply_tokens
from camaudit.identify.resolve import FIRM, WEAK
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, Observation, is_video_device

#: A Foscam MJPEG camera's /get_camera_params.cgi answer as foscam-ruby's VCR cassette recorded it (development batch
#: tests/data/devreplies_api.jsonl line 1): typed a video device by its settings keys, no rule names its maker.
FOSCAM_PARAMS = (
    "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
    "var resolution=8;\nvar brightness=169;\nvar contrast=2;\nvar mode=1;\nvar flip=0;\nvar fps=0;\n"
)
#: The same answer with two script names appended (constructed: the test table below ties them to one maker).
WITH_ONE_MAKERS_TOKENS = FOSCAM_PARAMS + "var page='zqxvendorpage.cgi';\nvar api='zqxvendorapi';\n"
#: ... and with a second maker's tokens as heavy as the first's (constructed).
WITH_TWO_MAKERS_TOKENS = WITH_ONE_MAKERS_TOKENS + "var other='wkjotherpage';\nvar more='wkjotherapi';\n"
#: A plain web server's page carrying the same tokens: nothing makes it a video device (constructed).
NOT_VIDEO = (
    "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\n\r\n"
    "<html><body><a href='zqxvendorpage.cgi'>zqxvendorapi</a></body></html>"
)
#: A Hikvision camera's RTSP answer a rule names (realm "IP Camera(<id>)", rtsp-sdp.md), with the tokens appended
#: as a header (constructed).
HIKVISION_RTSP = (
    'RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm="IP Camera(J2914)", '
    'nonce="0123456789abcdef0123456789abcdef", stale="FALSE"\r\nX-Page: zqxvendorpage.cgi zqxvendorapi\r\n\r\n'
)

#: A test table: two tokens, each seen with "foscam" in two independent sources; two with "axis" likewise.
TEST_TABLE = MakerTable.from_json(
    {
        "groups": [["test/one"], ["test/two"], ["test/three"], ["test/four"]],
        "tokens": {
            "zqxvendorpage": {"makers": {"foscam": [0, 1]}, "against": {}},
            "zqxvendorapi": {"makers": {"foscam": [1, 2]}, "against": {}},
            "wkjotherpage": {"makers": {"axis": [0, 3]}, "against": {}},
            "wkjotherapi": {"makers": {"axis": [2, 3]}, "against": {}},
        },
    }
)


def _observations(*banners: str) -> list[Observation]:
    found: list[Observation] = []
    for port, data in enumerate(banners, 8000):
        record = parse_banner({"ip_str": "192.0.2.7", "port": port, "transport": "tcp", "data": data}, 1)
        found.extend(record.observations)
    return found


def _identify(
    *banners: str, table: MakerTable | None = TEST_TABLE, leave_out: frozenset[str] = frozenset()
) -> Identity:
    rules = ruleset_of(packaged_rules().rules, learned_maker=table, maker_leave_out=leave_out)
    return rules.identify(_observations(*banners))


def _learned(identity: Identity) -> list[str]:
    return [e.matched for e in identity.evidence if e.rule_id == RULE_ID]


def test_the_recorded_answer_alone_is_a_video_device_no_rule_names() -> None:
    identity = _identify(FOSCAM_PARAMS, table=None)
    assert is_video_device(identity.device_type.value if identity.device_type else None)
    assert identity.manufacturer is None and identity.brand is None


def test_one_makers_weak_tokens_name_it_as_a_shown_learned_estimate() -> None:
    identity = _identify(WITH_ONE_MAKERS_TOKENS)
    assert identity.manufacturer == "foscam"
    (shown,) = _learned(identity)
    assert shown.startswith("learned estimate")
    assert "zqxvendorpage" in shown and "zqxvendorapi" in shown
    # Weak: below the firm band, whatever else the device says.
    assert identity.confidence <= WEAK < FIRM
    assert CERTAINTY < WEAK


def test_two_makers_tokens_of_like_weight_name_nobody() -> None:
    identity = _identify(WITH_TWO_MAKERS_TOKENS)
    assert identity.manufacturer is None and identity.brand is None
    assert not _learned(identity)


def test_no_estimate_for_a_device_nothing_makes_a_video_device() -> None:
    identity = _identify(NOT_VIDEO)
    assert identity.manufacturer is None and identity.brand is None
    assert not _learned(identity)


def test_a_rule_naming_a_maker_keeps_the_estimate_out() -> None:
    identity = _identify(HIKVISION_RTSP)
    assert identity.manufacturer == "hikvision"
    assert not _learned(identity)


def test_leaving_a_source_out_drops_what_it_supported() -> None:
    # Without test/two, "zqxvendorpage" and "zqxvendorapi" each keep one source: below the two they need.
    identity = _identify(WITH_ONE_MAKERS_TOKENS, leave_out=frozenset({"test/two"}))
    assert identity.manufacturer is None
    assert _identify(WITH_ONE_MAKERS_TOKENS, leave_out=frozenset({"test/four"})).manufacturer == "foscam"


def test_a_token_another_source_contradicts_carries_no_weight() -> None:
    table = MakerTable.from_json(
        {
            "groups": [["test/one"], ["test/two"], ["test/three"]],
            "tokens": {
                "zqxvendorpage": {"makers": {"foscam": [0, 1]}, "against": {"foscam": [2]}},
                "zqxvendorapi": {"makers": {"foscam": [0, 1]}, "against": {"*": [2]}},
            },
        }
    )
    assert table.estimate(["zqxvendorpage", "zqxvendorapi"]) is None
    # Leave the contradicting source out, and both count again.
    found = table.estimate(["zqxvendorpage", "zqxvendorapi"], leave_out=frozenset({"test/three"}))
    assert found is not None and found.maker == "foscam"


def test_a_file_name_and_its_stem_are_one_sign() -> None:
    table = MakerTable.from_json(
        {
            "groups": [["test/one"], ["test/two"]],
            "tokens": {
                "f:zqxvendorpage.cgi": {"makers": {"foscam": [0, 1]}, "against": {}},
                "zqxvendorpage": {"makers": {"foscam": [0, 1]}, "against": {}},
            },
        }
    )
    assert table.estimate(["f:zqxvendorpage.cgi", "zqxvendorpage"]) is None


def test_the_packaged_identify_uses_the_packaged_table() -> None:
    assert ruleset().learned_maker is packaged_table()
    assert packaged_rules().learned_maker is None


# --- the packaged table --------------------------------------------------------------------------------------------


def test_the_packaged_table_is_what_its_generator_writes() -> None:
    bench = bench_module("learned_maker")
    assert TABLE_FILE.read_text(encoding="utf-8") == bench.dumps(bench.trained()), (
        "knowledge/data/learned_maker.json is stale: run bench/learned_maker.py --train"
    )


def test_no_token_of_a_generic_sdk_server_or_device_word_carries_maker_weight() -> None:
    """Chip-SDK servers, streaming software and device words name no maker in the knowledge base (a wrong maker is
    worse than none); none of their examples' tokens may weigh for one in the table."""
    bench = bench_module("learned_maker")
    generic = [r for r in packaged_rules().rules if r.id.split(".")[0] in ("sdk", "words", "streaming", "generic")]
    assert len(generic) > 20
    table = packaged_table()
    for rule in generic:
        for example in rule.examples:
            tokens = reply_tokens({bench.text_field(rule): example.value})
            assert table.estimate(tokens, min_score=1, margin=1.0) is None, (rule.id, example.value)


@pytest.mark.parametrize(
    "banner",
    [
        # A GoAhead-Webs login page and a Boa one (constructed in their servers' usual form): cameras of many makers.
        "HTTP/1.1 200 OK\r\nServer: GoAhead-Webs\r\nContent-Type: text/html\r\n\r\n"
        "<html><head><title>IP Camera</title></head><body><form action='/goform/login'></form></body></html>",
        'HTTP/1.1 401 Unauthorized\r\nServer: Boa/0.94.14rc21\r\nWWW-Authenticate: Basic realm="IPCamera"\r\n\r\n',
        # LIVE555's RTSP answer (constructed in its usual form).
        "RTSP/1.0 200 OK\r\nCSeq: 2\r\nDate: Tue, Jan 02 2024 10:00:00 GMT\r\n"
        "Public: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER\r\n\r\n",
    ],
)
def test_a_generic_servers_camera_page_names_nobody(banner: str) -> None:
    identity = ruleset().identify(_observations(banner))
    assert identity.manufacturer is None and identity.brand is None
    assert not _learned(identity)


def test_every_association_has_two_independent_sources() -> None:
    data = json.loads(TABLE_FILE.read_text(encoding="utf-8"))
    groups = [frozenset(g) for g in data["groups"]]
    table = packaged_table()
    for token, entry in data["tokens"].items():
        kept = table.estimate([token], min_score=1, margin=1.0)
        if kept is not None:
            ids = entry["makers"][kept.maker]
            assert any(not (groups[a] & groups[b]) for a in ids for b in ids if a != b), token


# --- hostile input ------------------------------------------------------------------------------------------------


@settings(max_examples=200, deadline=None)
@given(st.lists(st.text(max_size=40), max_size=60))
def test_any_tokens_give_a_known_maker_or_none(tokens: list[str]) -> None:
    for table in (TEST_TABLE, packaged_table()):
        found = table.estimate(tokens)
        assert found is None or found.maker in {m for e in table.tokens.values() for m in e.makers}


@settings(max_examples=100, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["http.body", "http.title", "http.headers", "rtsp.sdp", "banner", "http.server"]),
        st.text(max_size=2000) | st.sampled_from([WITH_TWO_MAKERS_TOKENS, "<" * 5000, "zqxvendorapi " * 900]),
    ),
    st.frozensets(st.sampled_from(["test/one", "test/two", "test/three", "test/four"])),
)
def test_hostile_replies_never_raise(fields: dict[str, str], leave_out: frozenset[str]) -> None:
    TEST_TABLE.estimate_replies([fields], leave_out=leave_out)
    packaged_table().estimate_replies([fields], leave_out=leave_out)
