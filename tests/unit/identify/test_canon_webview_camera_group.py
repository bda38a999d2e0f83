"""Canon WebView's camera group read by its line grammar (layers/api_bodies.yaml
``canon.webview-camera-group-lines``): ``c.<n>.<item>:=<value>`` lines of ``/-wvhttp-01-/info.cgi``.

The camera-group lines below are those of a VB-H41's and a VB-H730F's answers kept by a Companion module
(dewiweb/companion-module-canon-network-legacy-http, docs/info_VB-H41.txt and info_VB-H730F.txt), cut where a
collector might have cut them; lines written here say so.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import match_fields

_IP = "192.0.2.155"
_TEXT = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
_RULE = "answers.canon.webview-camera-group-lines"

#: The VB-H41's camera group from its exposure lines on: no s.hardware line, so no model is named.
VB_H41_CAMERA_GROUP = (
    "c.1.exp:=auto\nc.1.exp.list:=auto,flickerfree,tv,manual\nc.1.ae.autoss:=30\nc.1.dn:=on\n"
    "c.1.dn.mode:=auto1\nc.1.wb:=auto\nc.1.zoom:=2759\nc.1.pan:=-5769\nc.1.tilt:=-2511\n"
)
#: The VB-H730F's, from its type line.
VB_H730F_CAMERA_GROUP = "c:=1\nc.count:=1\nc.1.type:=Canon VB-H730F\nc.1.status:=enabled\nc.1.defog:=auto\n"


def _rules(body: str) -> set[str]:
    return {evidence.rule_id for evidence in match_fields({"http.body": body})}


@pytest.mark.parametrize("answer", [VB_H41_CAMERA_GROUP, VB_H730F_CAMERA_GROUP])
@pytest.mark.parametrize("head", [_TEXT, ""])
def test_the_camera_group_names_canon_and_a_camera(answer: str, head: str) -> None:
    identity = identify_banner(head + answer, 80, _IP)
    assert (identity.manufacturer, identity.device_type) == ("canon", "camera")


@pytest.mark.parametrize("body", [
    # Written here: one line alone, Go's short assignments, a makefile, upper-case groups, the preset group, prose,
    # and the answer's other groups (inputs, outputs, the video list).
    "c.1.zoom:=2759\n",
    "c.1.x := 5\nc.1.y := 6\n",
    "CFLAGS:=-O2\nLDFLAGS:=-s\n",
    "C.1.TYPE:=X\nC.1.STATUS:=Y\n",
    "p.1.pan:=5053\np.1.tilt:=-4428\n",
    "Set c.1.zoom:=2759 and c.1.pan:=0 to frame the stage.",
    "i.count:=2\ni.1:=0\no.count:=2\no.1:=0\n",
])
def test_look_alikes_name_nobody(body: str) -> None:
    assert _RULE not in _rules(body)
    assert identify_banner(_TEXT + body, 80, _IP).manufacturer != "canon"


_ITEM = st.from_regex(r"[a-z][a-z0-9_]{0,12}(\.[a-z0-9_]{1,8}){0,2}", fullmatch=True)
_VALUE = st.text(st.characters(codec="ascii", exclude_characters="\r\n"), max_size=40)


@settings(max_examples=150, deadline=None)
@given(st.text(st.characters(codec="ascii"), max_size=60), st.integers(1, 99),
       st.lists(st.tuples(_ITEM, _VALUE), min_size=2, max_size=5), st.sampled_from(["\n", "\r\n"]))
def test_any_camera_group_stretch_is_read_whatever_precedes_it(
    before: str, camera: int, items: list[tuple[str, str]], eol: str
) -> None:
    lines = eol.join(f"c.{camera}.{item}:={value}" for item, value in items)
    assert _RULE in _rules(before + "\n" + lines + eol)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_without_raising_and_the_entry_claims_only_a_canon_camera(text: str) -> None:
    identify_banner(_TEXT + text, 80, _IP)
    for evidence in match_fields({"http.body": text}):
        if evidence.rule_id == _RULE:
            assert dict(evidence.asserts) == {"manufacturer": "canon", "device_type": "camera"}
