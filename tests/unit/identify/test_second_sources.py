"""Makers whose knowledge rested on one source (helper-218, 2026-12-06).

Leave-one-source-out removes every entry that shares a source with the reply being measured. An entry that cites a
single source is lost exactly when a device like the one that source describes is met again -- which is what an
auditor meets: Foscam, Vivotek, Reolink, Bosch, Panasonic, MOBOTIX, Sony, ABUS and eufy signs each rested on one page.
These entries now list a second, independent public source that shows a string they match (``supports``), so leaving
the first source out keeps them. The tests hold both halves: the entry survives its own source's removal, and a reply
from the first source's device is still named with every rule citing that source taken away.
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
from camaudit.model import Identity

#: Entries that gained an independent second source, and the maker each names.
SECOND_SOURCED = {
    "models.foscam": "foscam",
    "models.foscam.named": "foscam",
    "paths.foscam.video-main": "foscam",
    "webclient.foscam.login-stream-selector": "foscam",
    "models.mobotix": "mobotix",
    "models.mobotix.named": "mobotix",
    "models.bosch": "bosch",
    "models.bosch.ptz-line": "bosch",
    "models.bosch.fixed-line": "bosch",
    "models.sony": "sony",
    "models.panasonic": "panasonic",
    "models.abus.camera": "abus",
    "models.eufy.camera": "eufy",
    "models.eufy.doorbell": "eufy",
    "models.reolink.named": "reolink",
    "models.aqara.camera-hub": "aqara",
    "models.panasonic.ptz": "panasonic",
    # helper-224 (2026-12-06): test_second_sources_weak.py reads the numbers their second sources show.
    "models.sony.snc-ptz": "sony",
    "models.sony.snc-unhyphenated": "sony",
    "models.vivotek.ptz": "vivotek",
    "models.wyze.camera": "wyze",
    "models.eufy.homebase": "eufy",
    "consumer.tenvis.ddns-host": "tenvis",
}

_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
#: The login fragment of a Foscam R2's web client, as its extracted firmware holds it (timawesomeness/foscam-r2-fw,
#: html/login.html): the stream selector and plug-in prompt, no title and no maker's name.
FOSCAM_LOGIN = (
    '<div id="downPlugins" style="height:30px;"></div>\n'
    '<td><input id="username"  value="admin" maxlength="20" style="width:125px;"/></td>\n'
    '<select id="login_ml" style="width:130px;">\n'
    '    <option value="0"></option>\n'
    '    <option value="1" id="login_subStream"></option>\n'
    "</select>\n"
)
#: A Reolink getter asked with "action": 1 (the defaults and ranges too), as reolinkapipy's GetOsd.json records it.
REOLINK_ACTION_ONE = (
    '[\n  {\n    "cmd": "GetOsd",\n    "code": 0,\n    "initial": {\n      "Osd": {\n        "bgcolor": 0,\n'
    '        "channel": 0\n      }\n    },\n    "range": {\n      "Osd": {\n        "bgcolor": "boolean"\n      }\n'
    '    },\n    "value": {\n      "Osd": {\n        "bgcolor": 0,\n        "channel": 0\n      }\n    }\n  }\n]'
)


def _rule(rule_id: str) -> Rule:
    found = [r for r in ruleset().rules if r.id == rule_id]
    assert found, f"no rule {rule_id}"
    return found[0]


@cache
def _without(key: str) -> RuleSet:
    """The packaged rules less every rule that leave-one-source-out drops for a reply from ``key``."""
    return ruleset_of(r for r in ruleset().rules if rule_kept(r.source, r.supports, frozenset({key})))


def _identify_with(rules: RuleSet, data: str, port: int = 80) -> Identity:
    record = parse_banner({"ip_str": "192.0.2.61", "port": port, "transport": "tcp", "data": data}, 1)
    return rules.identify(list(record.observations))


@pytest.mark.parametrize("rule_id", sorted(SECOND_SOURCED))
def test_each_entry_survives_leaving_its_first_source_out(rule_id: str) -> None:
    rule = _rule(rule_id)
    own = source_keys(rule.source)
    assert own, rule.source
    assert rule_kept(rule.source, rule.supports, own), f"{rule_id} rests on {sorted(own)} alone"
    # The second source is another source, not the first one cited again.
    assert any(source_keys(locator) and not (source_keys(locator) & own) for locator, _ in rule.supports)
    assert (rule.asserts or {}).get("manufacturer", (rule.asserts or {}).get("brand")) == SECOND_SOURCED[rule_id]


def test_a_foscam_login_fragment_is_named_without_the_firmware_it_was_written_from() -> None:
    rules = _without("timawesomeness/foscam-r2-fw")
    identity = _identify_with(rules, _HEAD + FOSCAM_LOGIN)
    assert identity.manufacturer == "foscam"
    assert identity.is_video_device


def test_a_reolink_action_one_answer_names_reolink() -> None:
    identity = identify_banner(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + REOLINK_ACTION_ONE, 443, "192.0.2.62"
    )
    assert identity.manufacturer == "reolink"
    assert identity.is_video_device


def test_a_reolink_action_one_answer_pasted_after_its_curl_line_and_cut_short_names_reolink() -> None:
    # A user pastes the command and the first lines of the answer into a thread: no JSON reader can parse what is
    # left, but its opening still names the camera's maker.
    pasted = 'curl -s -k -X POST -d \'[{"cmd":"GetOsd","action":1,"param":{}}]\' https://cam/cgi-bin/api.cgi\n'
    identity = identify_banner(pasted + REOLINK_ACTION_ONE[:90], 443, "192.0.2.63")
    assert identity.manufacturer == "reolink"


@pytest.mark.parametrize(
    "text",
    [
        # Reolink's request (action and param), and other JSON that opens with a command and a code.
        '[{"cmd": "GetOsd", "action": 1, "param": {"channel": 0}}]',
        '{"cmd": "GetStatus", "code": 0, "initially": {"power": "on"}}',
        '{"cmd": "GetStatus", "code": 0, "initial": "on"}',
        '{"code": 0, "cmd": "GetOsd", "initial": {}}',
    ],
)
def test_json_that_only_looks_like_a_reolink_answer_names_nobody(text: str) -> None:
    identity = identify_banner("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n" + text, 8080, "192.0.2.64")
    assert identity.manufacturer is None


@settings(max_examples=80, deadline=None)
@given(before=st.text(max_size=200), after=st.text(max_size=200))
def test_hostile_text_around_an_action_one_answer_never_raises_nor_names_another_maker(before: str, after: str) -> None:
    identity = identify_banner(before + REOLINK_ACTION_ONE + after, 443, "192.0.2.65")
    assert identity.manufacturer in (None, "reolink")


def _title(text: str) -> Identity:
    return identify_banner(
        f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>{text}</title></head></html>",
        80,
        "192.0.2.66",
    )


@pytest.mark.parametrize(
    ("title", "model"),
    [
        # Brickcom's high-performance (H), budget (E), speed-dome (OSD) and LTE (GOB) series, as its data sheets
        # number them (ch-bas/cctv-camera-database's Brickcom records).
        ("FB-H200Np WDRPro", "FB-H200Np"),
        ("OB-E200Nf-S", "OB-E200Nf"),
        ("OSD-200Np-S-30X", "OSD-200Np"),
        ("MD-H600Np-360 DN", "MD-H600Np"),
        ("GOB-300Np-STAR-LTE", "GOB-300Np"),
    ],
)
def test_brickcom_numbers_of_every_series_name_brickcom(title: str, model: str) -> None:
    identity = _title(title)
    assert identity.brand == "brickcom"
    assert identity.model == model


@pytest.mark.parametrize("title", ["OSD-200NP", "FB-X200Np", "OB-E200Nx", "GOB-30Np", "HOSD-200Np", "OSD-200"])
def test_numbers_shaped_like_brickcom_but_not_written_as_brickcom_writes_them_name_nobody(title: str) -> None:
    assert _title(title).brand is None


def _describe(content_base: str) -> Identity:
    # A DESCRIBE answer whose Content-Base carries the stream path, as a scan or a search engine keeps it.
    reply = (
        "RTSP/1.0 200 OK\r\nCSeq: 2\r\n"
        f"Content-Base: {content_base}/\r\nContent-Type: application/sdp\r\nContent-Length: 0\r\n\r\n"
    )
    return identify_banner(reply, 554, "192.0.2.67")


@pytest.mark.parametrize(
    "url",
    [
        # Reolink's current scheme (its HTTP API guide v8), the codec-forcing h265 form, and the RTMP/FLV stream names.
        "rtsp://192.0.2.67:554/Preview_01_main",
        "rtsp://192.0.2.67:554/Preview_02_sub",
        "rtsp://192.0.2.67:554/h265Preview_01_main",
        "rtmp://192.0.2.67/bcs/channel0_main.bcs?channel=0&stream=0",
        "http://192.0.2.67/flv?port=1935&app=bcs&stream=channel3_ext.bcs",
    ],
)
def test_reolink_stream_paths_of_every_scheme_name_reolink(url: str) -> None:
    identity = _describe(url)
    assert identity.brand == "reolink"
    assert identity.is_video_device


@pytest.mark.parametrize(
    "url",
    [
        "rtsp://192.0.2.67:554/Preview_1_main",
        "rtsp://192.0.2.67:554/MyPreview_01_main",
        "rtsp://192.0.2.67:554/h263Preview_01_main",
        "rtmp://192.0.2.67/live/Channel0_main.bcs",
        "rtmp://192.0.2.67/live/channel0_main.bcs2",
    ],
)
def test_paths_that_only_resemble_reolink_s_name_nobody(url: str) -> None:
    assert _describe(url).brand is None


@settings(max_examples=80, deadline=None)
@given(channel=st.integers(0, 99), kind=st.sampled_from(["main", "sub", "ext"]), tail=st.text(max_size=40))
def test_a_bcs_stream_name_never_names_another_maker(channel: int, kind: str, tail: str) -> None:
    identity = _describe(f"rtmp://192.0.2.67/bcs/channel{channel}_{kind}.bcs{tail}")
    assert identity.manufacturer in (None, "reolink") and identity.brand in (None, "reolink")
