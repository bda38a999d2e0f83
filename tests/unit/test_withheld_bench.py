"""bench/withheld.py: the makers the resolver withheld, judged against labels, held-out ones printed as counts only.

The labels and evidence below are constructed for the test (no record of any corpus); the marker maker id stands for
what a held-out record would reveal, which the held-out table must never print.
"""

from __future__ import annotations

from tests.bench_module import bench_module

from camaudit.identify import packaged_rules
from camaudit.identify.resolve import NEEDS_VIDEO, resolve
from camaudit.model import Evidence

withheld = bench_module("withheld")

MARKER = "qzx7-private-maker"


def _waiting(maker: str) -> Evidence:
    """A maker's name that waits for video evidence (as a multi-product maker's name in a banner)."""
    return Evidence("rule.name", "ftp.banner", maker.upper(), {"manufacturer": maker}, 0.6, "test", port=21,
                    needs="video")


def test_a_waiting_name_on_its_own_is_withheld_as_needs_video() -> None:
    identity = resolve([_waiting("axis")])
    assert withheld.withheld(identity) == {("axis", NEEDS_VIDEO): ["rule.name"]}


def test_a_named_maker_is_not_withheld() -> None:
    named = Evidence("rule.hik", "http.server", "App-webs/", {"manufacturer": "hikvision", "device_type": "camera"},
                     0.9, "test", port=80)
    assert withheld.withheld(resolve([named])) == {}


def test_the_shared_format_sign_is_reported_with_the_format_s_maker_and_whether_a_rival_stood_beside_it() -> None:
    header = Evidence("sdp.hikvision.media-header", "rtsp.sdp", "a=Media_header:MEDIAINFO=494D4B48",
                      {"device_type": "video_device"}, 0.6, "test", port=554)
    goke = Evidence("sdk.goke-network-video-server", "rtsp.sdp", "a=x-qt-text-nam:RTSP/RTP stream from Network Video",
                    {"device_type": "camera"}, 0.6, "test", port=554)
    assert withheld.withheld(resolve([header])) == {("hikvision", withheld.SHARED_FORMAT): [header.rule_id]}
    assert withheld.withheld(resolve([header, goke])) == {("hikvision", withheld.SHARED_FORMAT_RIVAL): [header.rule_id]}


def test_the_shared_format_signs_are_packaged_rules_that_name_no_maker() -> None:
    rules = {rule.id: rule for rule in packaged_rules().rules}
    for rule_id, maker in withheld.SHARED_FORMATS.items():
        assert rule_id in rules, rule_id
        assert not rules[rule_id].asserts.get("manufacturer") and not rules[rule_id].asserts.get("brand")
        assert maker in rule_id


def test_each_withheld_maker_is_judged_against_the_label() -> None:
    nobody = resolve([_waiting("vivotek")])
    assert withheld.outcome("vivotek", {"is_video": True, "maker": "vivotek"}, nobody) == ("right", "a miss")
    assert withheld.outcome("vivotek", {"is_video": True, "maker": "axis"}, nobody) == ("wrong",)
    assert withheld.outcome("vivotek", {"is_video": True, "maker": None}, nobody) == ("unknown",)
    assert withheld.outcome("vivotek", {"is_video": False, "maker": None}, nobody) == ("non-cam",)
    # A relabelling brand withheld on a camera of the brand's maker would have been right (the OEM table's row).
    assert withheld.outcome("annke", {"is_video": True, "maker": "hikvision"}, nobody) == ("right", "a miss")
    # Right, but the identity named the right maker already: no gain.
    named = resolve([Evidence("rule.v", "http.server", "x", {"manufacturer": "vivotek", "device_type": "camera"}, 0.9,
                              "test")])
    assert withheld.outcome("vivotek", {"is_video": True, "maker": "vivotek"}, named) == ("right",)


def test_the_held_out_table_prints_counts_never_makers_or_records() -> None:
    report = withheld.Report()
    identity = resolve([_waiting(MARKER)])
    report.add(identity, {"is_video": False, "maker": None}, withheld.withheld(identity), "heldout_batch99 line 1")
    held_out = "\n".join(report.lines("held-out", makers=False))
    assert MARKER not in held_out and "heldout_batch99" not in held_out
    assert f"{NEEDS_VIDEO:<44}{1:>6}" in held_out  # one pair, a non-camera
    development = "\n".join(report.lines("development", makers=True, records=True))
    assert MARKER in development and "heldout_batch99 line 1" in development


def test_video_claims_that_did_not_count_are_sorted_by_why() -> None:
    bare = Evidence("words.rtsp-answered", "rtsp.status", "200", {"device_type": "video_device"}, 0.45, "test",
                    port=554, needs="video")
    assert withheld.set_aside_video(resolve([bare])) == {withheld.TYPE_WAITING: ["words.rtsp-answered"]}
    hint = Evidence("words.rtsp-viewing-methods", "rtsp.public", "OPTIONS, DESCRIBE", {"device_type": "video_device"},
                    0.7, "test", port=554)
    software = Evidence("rule.media-server", "rtsp.server", "srv", {"device_type": "not_camera"}, 0.5, "test", port=554)
    assert resolve([hint]).is_video_device
    assert withheld.set_aside_video(resolve([hint, software])) == {withheld.TYPE_EXPLAINED: [hint.rule_id]}
    printer = Evidence("rule.printer", "http.title", "LaserJet", {"device_type": "printer"}, 0.9, "test")
    assert withheld.set_aside_video(resolve([hint, printer])) == {withheld.TYPE_OUTVOTED: [hint.rule_id]}
    assert withheld.set_aside_video(resolve([hint])) == {}


def _bare_rtsp() -> Evidence:
    return Evidence("words.rtsp-answered", "rtsp.headers", "CSeq: 1", {"device_type": "video_device"}, 0.35, "test",
                    port=554, protocol="rtsp", needs="video")


def _self_reported(maker: str) -> Evidence:
    return Evidence("identifiers.upnp.manufacturer", "upnp.manufacturer", maker, {"brand": maker}, 0.6, "test",
                    port=1900, protocol="ssdp", needs="video")


def test_an_rtsp_answer_beside_a_waiting_maker_sign_is_sorted_by_how_it_came_out() -> None:
    assert withheld.rtsp_beside_waiting_maker(resolve([_bare_rtsp()])) is None
    assert withheld.rtsp_beside_waiting_maker(resolve([_self_reported("tp-link")])) is None
    agreed = resolve([_bare_rtsp(), _self_reported("tp-link")])
    assert withheld.rtsp_beside_waiting_maker(agreed) == withheld.PAIR_AGREED
    methods = Evidence("words.rtsp-viewing-methods", "rtsp.public", "OPTIONS, PAUSE", {"device_type": "video_device"},
                       0.45, "test", port=554, protocol="rtsp")
    typed = resolve([_bare_rtsp(), methods, _self_reported("tp-link")])
    assert withheld.rtsp_beside_waiting_maker(typed) == withheld.PAIR_TYPED
    router = Evidence("rule.router", "upnp.device_type", "InternetGatewayDevice", {"device_type": "router"}, 0.85,
                      "test", port=1900, protocol="ssdp")
    assert withheld.rtsp_beside_waiting_maker(resolve([_bare_rtsp(), _self_reported("tp-link"), router])) == (
        withheld.PAIR_OUTVOTED
    )
    # Panasonic's televisions serve SAT>IP: its name does not pair, and the record is left waiting.
    assert withheld.rtsp_beside_waiting_maker(resolve([_bare_rtsp(), _self_reported("panasonic")])) == (
        withheld.PAIR_WAITING
    )


def test_the_rtsp_pairs_table_is_printed_for_development_only() -> None:
    report = withheld.Report()
    label = {"is_video": True, "maker": "tp-link"}
    report.add_pair(label, withheld.PAIR_AGREED, "devreplies_x line 3")
    report.add_pair(label, None, "devreplies_x line 4")
    text = "\n".join(report.lines("development", makers=True, records=True))
    assert f"{withheld.PAIR_AGREED:<44}{1:>9}{0:>9}" in text
    assert "devreplies_x line 3: RTSP answer beside a waiting maker sign" in text
    assert "devreplies_x line 4" not in text
    held_out = withheld.Report()
    assert "RTSP answer beside" not in "\n".join(held_out.lines("held-out", makers=False))
