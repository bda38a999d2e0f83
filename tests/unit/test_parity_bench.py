"""bench/parity.py (one sign, every carrier) places an entry's example where each protocol carries it, and judges
what a user would read.

The records are built by the bench from the rules' own first examples (never from a held-out record); the expected
texts and verdicts below are written out here, never computed by the bench.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.bench_module import bench_module

from camaudit.model import DeviceType, Evidence, Identity

ROOT = Path(__file__).resolve().parents[2]


parity = bench_module("parity")


def _identity(maker: str | None, device_type: DeviceType | None, confidence: float, evidence: bool = True) -> Identity:
    shown = (Evidence(rule_id="r", field="f", matched="m", asserts={}, certainty=confidence, source="s"),) if evidence else ()
    return Identity(manufacturer=maker, device_type=device_type, confidence=confidence, evidence=shown)


HIK_CAMERA = _identity("hikvision", DeviceType.CAMERA, 0.9)


def test_the_verdicts_are_what_a_user_reads() -> None:
    assert parity.verdict(HIK_CAMERA, _identity("hikvision", DeviceType.CAMERA, 0.85)) == "same"
    assert parity.verdict(HIK_CAMERA, _identity("hikvision", DeviceType.CAMERA, 0.6)) == "weaker"
    assert parity.verdict(HIK_CAMERA, _identity("hikvision", None, 0.6)) == "weaker"
    assert parity.verdict(HIK_CAMERA, _identity(None, DeviceType.CAMERA, 0.65)) == "lost"
    assert parity.verdict(HIK_CAMERA, None) == "lost"
    assert parity.verdict(HIK_CAMERA, _identity("dahua", DeviceType.CAMERA, 0.9)) == "different"
    # "not a camera" by absence (the 0.3 default of an answer no rule read) is nothing read, not a contrary claim.
    assert parity.verdict(HIK_CAMERA, _identity(None, DeviceType.NOT_CAMERA, 0.3, evidence=False)) == "lost"
    assert parity.verdict(_identity(None, DeviceType.CAMERA, 0.5), _identity(None, DeviceType.NOT_CAMERA, 0.7)) == (
        "different")


def _entry(rule: str) -> Any:
    return next(e for e in parity.entries() if e.rule == rule)


def test_a_realm_is_placed_in_each_protocols_challenge_as_that_protocol_writes_it() -> None:
    entry = _entry("bosch.http.www_authenticate.live-user")
    assert parity.http_401(entry)["data"] == (
        "HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"Use 'live' as User Name\"\r\n"
        "Content-Length: 0\r\n\r\n")
    assert parity.rtsp_401(entry)["data"] == (
        "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Basic realm=\"Use 'live' as User Name\"\r\n\r\n")
    sip = parity.sip_401(entry)
    assert sip["transport"] == "udp" and sip["port"] == 5060
    assert sip["data"].startswith("SIP/2.0 401 Unauthorized\r\nVia: SIP/2.0/UDP ")
    assert "\r\nCSeq: 1 OPTIONS\r\nWWW-Authenticate: Basic realm=\"Use 'live' as User Name\"\r\n" in sip["data"]
    # A Server value is no realm: a server entry is not put in a challenge.
    assert parity.http_401(_entry("hikvision.http.server.app-webs")) is None


def test_a_word_is_placed_in_every_text_carrier_and_a_prompt_only_in_a_greeting() -> None:
    word = _entry("lexicon.hikvision.3")
    assert word.kind == "text"
    assert parity.ssdp_server(word)["data"].count(f"SERVER: {word.value}\r\n") == 1
    assert parity.tls_certificate(word)["ssl"]["cert"]["subject"] == {"CN": word.value}
    assert f"\r\ns={word.value}\r\n" in parity.rtsp_describe(word)["data"]
    description = parity.upnp_model(word)["http"]["html"]
    assert f"<modelName>{word.value}</modelName>" in description and "urn:schemas-upnp-org:device-1-0" in description
    prompt = _entry("generic.banner.camera-hostname")
    assert prompt.kind == "greeting" and prompt.value == "CAMERA login:"
    assert parity.telnet_greeting(prompt)["data"] == "CAMERA login:"
    assert parity.http_server(prompt) is None and parity.tls_certificate(prompt) is None


def test_the_same_reply_reads_alike_in_the_live_probe_and_shodans_form() -> None:
    banner = parity.rtsp_401(_entry("hikvision.rtsp.www_authenticate.realm-ip-camera"))
    for fmt in ("shodan", "live", "pasted", "zgrab2", "censys-platform"):
        observations = parity.read_as(fmt, banner)
        assert observations, fmt
        assert any("rtsp.www_authenticate" in o.fields for o in observations), fmt


def test_every_realm_and_server_entry_holds_in_every_carrier_of_its_header() -> None:
    # A realm rule holds in HTTP, RTSP and SIP challenges, a Server rule in HTTP, RTSP, SSDP and SIP answers, unless a
    # decision in bench/parity.py DECIDED says why not; and nothing reads as another maker or the other kind.
    selected = parity.entries({"realm", "server", "title", "greeting"})
    result = parity.audit(selected, ("shodan", "live"))
    cells = [(c.verdict, c.entry.rule, c.carrier, c.fmt, c.seen) for c in [*result.gaps, *result.format_gaps]]
    assert cells == []


def test_every_decision_names_an_entry_that_exists() -> None:
    rules = [e.rule for e in parity.entries()]
    for prefixes, carriers, reason in parity.DECIDED:
        assert reason and set(carriers) <= set(parity.CARRIERS)
        for prefix in prefixes:
            assert any(rule.startswith(prefix) for rule in rules), prefix
