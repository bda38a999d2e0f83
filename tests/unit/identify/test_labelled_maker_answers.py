"""Camera and recorder answers whose maker a person reads and camaudit did not name (helper-266, 2026-12-07).

docs/identification/http.md, "Camera answers with a body whose maker is labelled but not named": of the development
HTTP answers with a body from a camera whose maker is labelled, most are a maker's API answers, not pages. Two of
their kinds had no entry at all and are shown by two independent public sources each (``layers/api_bodies.yaml``):
Dahua's configManager error for a table the firmware lacks, and QNAP QVR Pro's camera list. Each answer goes through
the Shodan importer as a scanner stored it; each entry must survive leaving either of its sources out; the
look-alikes (Axis's parameter error, a dashboard relaying QVR's states) must name nobody.
"""

from __future__ import annotations

from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import Rule, RuleSet, ruleset, ruleset_of
from camaudit.identify.provenance import rule_kept, source_keys
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, is_video_device

_TEXT = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
_JSON = "HTTP/1.1 200 OK\r\nServer: Apache\r\nContent-Type: application/json\r\n\r\n"

#: A Dahua camera asked for a white-light table it does not have (written to the layout rroller/dahua quotes).
DAHUA_MISSING_TABLE = "Error: Error -1 getting param in name=Lighting_V2[0][0][0]\r\n"
#: A QVR Pro server's /qvrpro/camera/list answer with two channels (written to the layout pyqvrpro's cassette records
#: and denohsu/qvrdashboard's notes quote; names and ids invented).
QVR_CAMERA_LIST = (
    '{ "datas": [ { "channel_index": 0, "name": "Loading Bay", "guid": "0000000000000000000000000000A000", '
    '"brand": "Axis", "model": "M3106-L", "stream_state": [ ], "status": "NVR_CAM_CONNECTED", '
    '"rec_state": "RECORDING" }, { "channel_index": 1, "name": "Lobby", "status": "NVR_CAM_DISCONNECTED", '
    '"rec_state": "NOT_RECORDING" } ], "success": "true", "total_channel_num": 2 }'
)

#: Entry id -> the maker it names.
ENTRIES = {"answers.dahua.config-param-error": "dahua", "answers.qnap.qvr-camera-list": "qnap"}


def _rule(rule_id: str) -> Rule:
    found = [r for r in ruleset().rules if r.id == rule_id]
    assert found, f"no rule {rule_id}"
    return found[0]


@cache
def _without(keys: frozenset[str]) -> RuleSet:
    """The packaged rules less every rule leave-one-source-out drops for a reply from ``keys``."""
    return ruleset_of(r for r in ruleset().rules if rule_kept(r.source, r.supports, keys))


def _identify_with(rules: RuleSet, data: str, port: int = 80) -> Identity:
    record = parse_banner({"ip_str": "192.0.2.70", "port": port, "transport": "tcp", "data": data}, 1)
    return rules.identify(list(record.observations))


def test_a_dahua_error_for_a_missing_table_names_dahua_and_a_video_device() -> None:
    identity = identify_banner(_TEXT + DAHUA_MISSING_TABLE, 80, "192.0.2.71")
    assert identity.manufacturer == "dahua"
    assert is_video_device(identity.device_type)


def test_a_recorders_error_for_a_channels_night_options_names_dahua() -> None:
    body = "Error: Error -1 getting param in name=VideoInOptions[11].NightOptions.SwitchMode"
    identity = identify_banner(_TEXT + body, 80, "192.0.2.72")
    assert identity.manufacturer == "dahua"


@pytest.mark.parametrize(
    "body",
    [
        # Axis's param.cgi error for a group its firmware lacks: the look-alike Dahua's line resembles.
        "# Error: Error -1 getting param in group 'Brand.ProdNbr'\r\n",
        # The line quoted inside a sentence, a lower-case name, another error code.
        "A forum post: my camera said Error: Error -1 getting param in name=Lighting[0][2] when I asked.",
        "Error: Error -1 getting param in name=lighting",
        "Error: Error -2 getting param in name=Lighting[0][0]",
    ],
)
def test_answers_that_only_look_like_dahuas_table_error_do_not_name_dahua(body: str) -> None:
    identity = identify_banner(_TEXT + body, 80, "192.0.2.73")
    assert identity.manufacturer != "dahua"


def test_a_qvr_pro_camera_list_names_qnap_and_a_recorder() -> None:
    identity = identify_banner(_JSON + QVR_CAMERA_LIST, 8080, "192.0.2.74")
    assert identity.manufacturer == "qnap"
    assert identity.device_type is not None and identity.device_type.value == "nvr"
    # The listed cameras' brand is theirs, not the recorder's.
    assert identity.brand != "axis"


@pytest.mark.parametrize(
    "body",
    [
        # A monitoring dashboard's own answer relaying QVR's camera states under its own keys.
        '{"timestamp": "2026-05-15 10:00:00", "servers": [{"name": "QVR-01", "status": "Online", "cameras": '
        '[{"channel_index": 1, "name": "Camera 01", "status": "NVR_CAM_CONNECTED", "rec_state": "RECORDING"}]}]}',
        # Its alarm log, and a status table in its README.
        '{"logs": ["2026-05-15 10:00:00 - CAMERA ALARM: QVR-01 - Camera 03 (#3) is NVR_CAM_DISCONNECTED"]}',
        "| `NVR_CAM_CONNECT_IDLE` | IDLE |",
        # Another product's list whose states are its own.
        '{"datas": [{"channel_index": 0, "status": "ONLINE"}]}',
    ],
)
def test_text_relaying_qvr_states_does_not_name_qnap(body: str) -> None:
    identity = identify_banner(_JSON + body, 9999, "192.0.2.75")
    assert identity.manufacturer != "qnap"


@pytest.mark.parametrize("rule_id", sorted(ENTRIES))
def test_each_entry_survives_leaving_either_of_its_sources_out(rule_id: str) -> None:
    rule = _rule(rule_id)
    assert rule.asserts.get("manufacturer") == ENTRIES[rule_id]
    keys = [source_keys(rule.source), *(source_keys(locator) for locator, _ in rule.supports)]
    assert len(keys) >= 2 and all(keys)
    # Two independent sources: neither shares a key with the other.
    assert not keys[0] & keys[1]
    for left_out in keys:
        assert rule_kept(rule.source, rule.supports, left_out), f"{rule_id} rests on {sorted(left_out)} alone"


@pytest.mark.parametrize(
    ("left_out", "data", "maker"),
    [
        (frozenset({"brianegge/aiodahua", "pypi:aiodahua"}), _TEXT + DAHUA_MISSING_TABLE, "dahua"),
        (frozenset({"rroller/dahua"}), _TEXT + DAHUA_MISSING_TABLE, "dahua"),
        (frozenset({"oblogic7/pyqvrpro"}), _JSON + QVR_CAMERA_LIST, "qnap"),
        (frozenset({"denohsu/qvrdashboard"}), _JSON + QVR_CAMERA_LIST, "qnap"),
    ],
)
def test_the_maker_is_still_named_with_every_rule_of_one_source_left_out(
    left_out: frozenset[str], data: str, maker: str
) -> None:
    assert _identify_with(_without(left_out), data).manufacturer == maker


@settings(max_examples=60, deadline=None)
@given(before=st.text(max_size=300), after=st.text(max_size=300))
def test_hostile_text_around_the_answers_never_raises_nor_names_a_third_maker(before: str, after: str) -> None:
    for body in (DAHUA_MISSING_TABLE, QVR_CAMERA_LIST):
        identity = identify_banner(_TEXT + before + body + after, 80, "192.0.2.76")
        assert identity.manufacturer in (None, "dahua", "qnap")
