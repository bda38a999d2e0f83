"""The learned video layer as a user meets it (identify/learned/video.py) once a rule set carries it: a page with many
weak camera words and no rule sign is typed a video device, named as a learned estimate with the tokens that weighed
most; look-alike pages are not; it never overrules a rule, never names a maker, never reads an RTSP answer, and stays
capped on huge input. The packaged rule set leaves it out (docs/identification/learned.md, "Measured, and why it is
off"): ``identify`` answers as before.

Every reply here is written for the test (no captured bytes): the words are chosen to show one behaviour each.
"""

from __future__ import annotations

import dataclasses
import io
import json
import time

import pytest

from camaudit.cli.identify import run
from camaudit.identify import RuleSet, identify, ruleset
from camaudit.identify.learned.video import CERTAINTY, RULE_ID, packaged
from camaudit.identify.resolve import FIRM, WEAK
from camaudit.importers.base import ImportRecord
from camaudit.model import DeviceType, Observation


def _observation(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation(
        ip="127.0.0.1",
        port=port,
        transport="tcp",
        protocol=protocol,
        source="scan",
        seen_at="2026-01-01T00:00:00Z",
        fields=fields,
    )


def _http(title: str, body: str, server: str = "httpd") -> Observation:
    return _observation(
        {
            "http.status": "200",
            "http.headers": f"Server: {server}\r\nContent-Type: text/html\r\nConnection: close",
            "http.server": server,
            "http.title": title,
            "http.body": f"<html><head><title>{title}</title></head><body>{body}</body></html>",
        }
    )


#: A camera-style web client: a login form, live video, images, network and software menus, no maker, no rule's words.
CAMERA_PAGE = _http(
    "Web Service",
    '<script src="app.js"></script><form action="login.cgi">Login</form> Live video | Images | Network | Software',
)
LOOK_ALIKES = {
    "router": _http("Wireless Router", '<form action="login.cgi">Login</form> Router management: WAN, LAN, DHCP'),
    "nas": _http(
        "Login", '<form action="login.cgi">Username Password</form> Storage Volume Shared folders', "lighttpd"
    ),
    "printer": _http("Printer", "Status Supplies Toner Paper trays Print queue Microsoft Windows driver"),
}


def _with_layer() -> RuleSet:
    """The packaged rules and layers with the packaged learned table (the matcher shared, not compiled again)."""
    return dataclasses.replace(ruleset(), learned=packaged())


def test_the_packaged_rule_set_leaves_the_layer_out() -> None:
    assert ruleset().learned is None
    identity = identify([CAMERA_PAGE])
    assert identity.device_type is DeviceType.NOT_CAMERA
    assert not any(e.rule_id == RULE_ID for e in identity.evidence)


def test_a_page_of_weak_camera_words_is_a_learned_video_device_and_says_so() -> None:
    identity = _with_layer().identify([CAMERA_PAGE])
    assert identity.device_type is DeviceType.VIDEO_DEVICE
    assert identity.brand is None and identity.manufacturer is None
    assert identity.confidence == CERTAINTY < WEAK < FIRM
    (learned,) = [e for e in identity.evidence if e.rule_id == RULE_ID]
    assert learned.matched.startswith("learned estimate: score ")
    assert "video +" in learned.matched and "live +" in learned.matched
    assert "learned estimate, not a fingerprint" in learned.source
    assert any("learned estimate" in note for note in identity.attribution)


def test_the_identify_output_names_the_learned_estimate_and_its_tokens() -> None:
    sink = io.BytesIO()
    run([ImportRecord(position=1, ip="127.0.0.1", port=80, observations=(CAMERA_PAGE,))], sink, _with_layer().identify)
    line = json.loads(sink.getvalue().splitlines()[0])
    assert line["device_type"] == "video_device" and line["manufacturer"] is None
    (shown,) = [e for e in line["evidence"] if e["rule_id"] == RULE_ID]
    assert "learned estimate" in shown["matched"] and "weighed most: video" in shown["matched"]


@pytest.mark.parametrize("kind", sorted(LOOK_ALIKES))
def test_router_nas_and_printer_pages_are_not_typed_video(kind: str) -> None:
    identity = _with_layer().identify([LOOK_ALIKES[kind]])
    assert not identity.is_video_device
    assert not any(e.rule_id == RULE_ID for e in identity.evidence)


def test_a_rules_type_is_never_overruled() -> None:
    # HP's printer Server header types the device; the camera words beside it change nothing.
    printer = _http("HP LaserJet", "Live video | Images | Network | Software | Login", "HP HTTP Server; HP LaserJet")
    identity = _with_layer().identify([printer])
    assert identity.device_type is DeviceType.PRINTER
    assert not any(e.rule_id == RULE_ID for e in identity.evidence)


def test_an_rtsp_answer_is_not_read() -> None:
    rtsp = _observation(
        {"rtsp.status": "200", "rtsp.server": "Web Service Live video Images Network Software Login"}, 554, "rtsp"
    )
    with_layer, without = _with_layer().identify([rtsp]), identify([rtsp])
    assert with_layer.device_type == without.device_type
    assert not any(e.rule_id == RULE_ID for e in with_layer.evidence)


def test_a_huge_hostile_page_is_read_within_its_caps() -> None:
    words = " ".join(f"w{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676 % 26)}" for i in range(300_000))
    huge = _http("Web Service", "<" * 500_000 + words + " Live video Images Network Software" * 10_000)
    started = time.thread_time()
    identity = _with_layer().identify([huge])
    assert time.thread_time() - started < 5.0
    # The words past the 64 KiB read never reach the layer: nothing camera-like was in the part it read.
    assert not any(e.rule_id == RULE_ID for e in identity.evidence)


def test_the_packaged_layer_is_the_table_with_its_threshold() -> None:
    layer = packaged()
    assert layer.threshold == 5.5 and layer.weights and layer.examples > 0 and layer.sources >= 2
