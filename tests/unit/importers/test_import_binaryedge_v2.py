"""BinaryEdge's scanning engine v2 results (``task.module_name``, ``body``) are read like its v1 events.

Before, such a result was refused ("no target and result"). The bodies are the examples of BinaryEdge's module pages
(tests/data/importers/samples/binaryedge_sev2_docs.jsonl; its README says the envelope around them is constructed,
the pages showing bodies only). Expected values are copied from the pages by hand.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers import read

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "importers" / "samples" / "binaryedge_sev2_docs.jsonl"


def _records(text: str) -> list[Any]:
    return list(read("binaryedge", io.BytesIO(text.encode())))


def test_the_documented_v2_bodies_give_their_replies() -> None:
    banner, service, web = read("binaryedge", SAMPLE)
    assert (banner.ip, banner.port) == ("140.82.114.4", 22)
    assert banner.observations[0].protocol == "ssh"
    assert service.observations[0].protocol == "ssh"
    assert service.observations[0].fields["import.extrainfo"] == "protocol 2.0"
    fields = web.observations[0].fields
    assert (web.ip, web.port) == ("203.0.113.80", 443)
    assert fields["http.status"] == "200"
    assert "Content-Type: text/html" in fields["http.headers"]


def test_a_v2_result_without_a_target_is_refused_naming_what_is_needed() -> None:
    (record,) = _records(json.dumps({"task": {"module_name": "banner"}, "body": {"banner": "SSH-2.0-x\r\n"}}))
    assert not record.ok and record.error is not None
    assert "target.ip and target.port" in record.error and "\n" not in record.error


@pytest.mark.parametrize("target", ["a,b,c", "host,not-an-ip,TCP,22", "h,192.0.2.1,TCP,99999", 7, ["x"]])
def test_a_v2_result_with_an_unreadable_target_is_one_unreadable_record(target: Any) -> None:
    (record,) = _records(json.dumps({"task": {"module_name": "banner", "target": target}, "body": {}}))
    assert not record.ok and record.error


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["banner", "service", "probe", "response", "request"]),
                       st.recursive(st.none() | st.text(max_size=40) | st.integers(),
                                    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8),
                                                                                                inner, max_size=3),
                                    max_leaves=10), max_size=5),
       st.text(max_size=30))
def test_a_hostile_v2_body_gives_a_record_never_an_exception(body: dict[str, Any], module: str) -> None:
    event = {"task": {"module_name": module, "target": "h,192.0.2.1,TCP,80"}, "body": body}
    (record,) = _records(json.dumps(event))
    assert record.ok or record.error
