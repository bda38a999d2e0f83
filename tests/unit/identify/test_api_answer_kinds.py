"""Makers' API answers read by their own key layouts, second round (``layers/api_bodies.yaml``, helper-258).

Dahua's find CGIs answer ``found=<n>`` then ``items[0].<Key>=`` lines; VAPIX answers its user groups with a closing
``digusers="..."`` line, its light-control and view-area JSON APIs with keys of their own (``lightID`` then
``lightType``; ``viewAreas`` entries opening on ``id``, ``source``, ``camera``), and its PTZ CGI's ``info=1`` with an
"Available commands" list whose syntax other makers' firmware copies. The Google-style JSON envelope of Axis's APIs
(``apiVersion``, ``context``, ``method``, ``data``) is never read: other software writes it too.

The development records these entries now read (tests/data/devreplies_pkgs.jsonl, recorded answers in client
libraries' tests) are checked through the Shodan importer as bench/accuracy.py reads them; the entries' own sources
are the makers' API documents and other clients, not those records' sources.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify, match_fields
from camaudit.importers.shodan import parse_banner
from camaudit.model import is_video_device

_IP = "192.0.2.158"
_TEXT = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
_JSON = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n"
_PKGS = Path(__file__).resolve().parents[2] / "data" / "devreplies_pkgs.jsonl"

_FIND = "answers.dahua.find-result-items"
_DIGUSERS = "answers.axis.pwdgrp-digest-users"
_LIGHT = "answers.axis.light-control-information"
_VIEW = "answers.axis.view-area-list"
_PTZ = "answers.vapix-family.ptz-command-list"
_NEW = frozenset({_FIND, _DIGUSERS, _LIGHT, _VIEW, _PTZ})

#: Written to the layout nayrnet/node-dahua-api quotes from Dahua's HTTP API (10.1.3 FindNextFile), not a capture.
DAHUA_FOUND = (
    "found=1\r\nitems[0].Channel=3\r\nitems[0].StartTime=2025-05-02 07:00:00\r\nitems[0].EndTime=2025-05-02 07:10:00\r\n"
    "items[0].Type=jpg\r\nitems[0].FilePath=/mnt/sd/2025-05-02/001/jpg/07/00/00[M][0@0][0].jpg\r\n"
)
#: Written to the documented getLightInformation layout (developer.axis.com), not a capture.
AXIS_LIGHT = (
    '{"apiVersion": "1.0", "context": "any client", "method": "getLightInformation", "data": {"items": '
    '[{"lightID": "led0", "lightType": "White light", "enabled": true, "synchronizeDayNightMode": false}]}}'
)
#: Written to the documented view-area list layout, not a capture.
AXIS_VIEWS = '{"apiVersion": "1.0", "method": "list", "data": {"viewAreas": [{"id": 7, "source": 0, "camera": 2}]}}'
#: An AXIS OS group list ending with its digest users (the layout of axis-js's mock), not a capture.
AXIS_GROUPS = 'video="imaged,streamer"\nadmin="root"\noperator="root"\nviewer="root,guest"\nptz="root"\ndigusers="root,guest"\n'
#: Written to VAPIX's ptz.cgi?info=1 layout, not a capture.
PTZ_LIST = "Available commands\n:\n{camera=[n]}\nwhoami=yes\nmove={ home | up | down | left | right | stop }\n"


def _pkgs_record(line: int) -> list:
    record = json.loads(_PKGS.read_text(encoding="utf-8").splitlines()[line - 1])
    return list(parse_banner(record, line).observations)


@pytest.mark.parametrize(("line", "maker"), [(5, "axis"), (6, "axis"), (14, "dahua"), (15, "dahua")])
def test_development_answers_are_named_and_typed(line: int, maker: str) -> None:
    """Axis's view-area and light answers and a Dahua recorder's file and log searches (all typed not a camera by
    absence on main 0cbeb96) name their maker and type a video device."""
    identity = identify(_pkgs_record(line))
    assert identity.manufacturer == maker and is_video_device(identity.device_type)
    assert identity.confidence < 0.9


def test_the_development_ptz_list_types_a_video_device_and_names_nobody() -> None:
    identity = identify(_pkgs_record(3))
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None


def test_the_development_group_list_names_axis_only_beside_video_evidence() -> None:
    alone = identify(_pkgs_record(4))
    assert alone.manufacturer is None and not is_video_device(alone.device_type)
    groups = _pkgs_record(4)[0].fields["http.body"]
    beside = match_fields({"http.body": groups + "\n" + PTZ_LIST})
    assert {_DIGUSERS, _PTZ} <= {e.rule_id for e in beside}


@pytest.mark.parametrize(("answer", "head", "maker"), [
    (DAHUA_FOUND, _TEXT, "dahua"), (AXIS_LIGHT, _JSON, "axis"), (AXIS_VIEWS, _JSON, "axis"),
])
@pytest.mark.parametrize("with_head", [True, False])
def test_answers_name_their_maker_with_and_without_head(answer: str, head: str, maker: str, with_head: bool) -> None:
    identity = identify_banner(head + answer if with_head else answer, 80, _IP)
    assert identity.manufacturer == maker and is_video_device(identity.device_type)


@pytest.mark.parametrize("body", [
    # Written here, not captures: Google-style envelopes of other software, a smart-home light list, a properties
    # file's list, a shell's help, a Unix group file, the same keys in other orders.
    '{"apiVersion": "2.0", "context": "search", "method": "list", "data": {"items": [{"id": 1, "name": "x"}]}}',
    '{"apiVersion": "1.1", "method": "getLightInformation", "data": {"items": []}}',
    '{"lights": [{"lightId": "1", "name": "Desk", "on": true}]}',
    "found=2\nitems[0].name=apple\nitems[1].name=pear\n",
    "Available commands:\n  help\n  quit\n",
    "digusers:x:1001:root\nviewer:x:1002:root\n",
    '{"lightType": "IR", "lightID": "led0"}',
    '"viewAreas": [{"camera": 1, "id": 2, "source": 0}]',
])
def test_look_alikes_name_nobody_and_type_no_video(body: str) -> None:
    identity = identify_banner(_JSON + body, 80, _IP)
    assert identity.manufacturer is None and not is_video_device(identity.device_type)
    assert not _NEW & {e.rule_id for e in match_fields({"http.body": body})}


_KEY = st.from_regex(r"[A-Z][A-Za-z]{1,20}", fullmatch=True)
_VALUE = st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.integers(0, 99999), _KEY, _VALUE, st.sampled_from(["\n", "\r\n"]))
def test_any_find_answer_in_dahuas_layout_is_read(found: int, key: str, value: str, newline: str) -> None:
    answer = f"found={found}{newline}items[0].{key}={value}{newline}"
    assert _FIND in {e.rule_id for e in match_fields({"http.body": answer})}


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_hostile_text_never_raises_and_the_entries_claim_only_their_maker(text: str) -> None:
    for body in (text, text + AXIS_LIGHT, DAHUA_FOUND + text, text + PTZ_LIST):
        for evidence in match_fields({"http.body": body}):
            claims = dict(evidence.asserts)
            if evidence.rule_id in (_LIGHT, _VIEW):
                assert claims == {"manufacturer": "axis", "device_type": "video_device"}
            elif evidence.rule_id == _DIGUSERS:
                assert claims == {"manufacturer": "axis"} and evidence.needs == "video"
            elif evidence.rule_id == _FIND:
                assert claims == {"manufacturer": "dahua", "device_type": "video_device"}
            elif evidence.rule_id == _PTZ:
                assert claims == {"device_type": "video_device"}
