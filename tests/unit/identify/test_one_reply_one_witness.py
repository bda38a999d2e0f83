"""One reply is one witness, whichever families its fields were read into (helper-208, 2026-12-06).

A UPnP description fetched over HTTP fills ``http.*`` from its headers and ``upnp.*`` from its body; a stored ONVIF
answer fills ``http.*``, ``soap.*``, ``onvif.namespaces`` and ``onvif.device_info.*``; a stored VAPIX or RPC2 answer
``axis.*`` or ``dahua.login.*`` beside ``devinfo.*``. Keyed by field family alone, each family was a witness of its own,
so one answer could reach the firm band (0.9) on its own: MiniUPnPd's Server header (0.5) and its gateway device type
(0.85) made a 0.925 router. The resolver now keys such fields by the answer that carried them, which the
observation's protocol names (``resolve.source_key``); replies that really are apart -- another port, another
request (the live ONVIF probe's SOAP answers beside ``GET /``), another exchange (the certificate of a TLS handshake)
-- still count apart. Expected confidences are computed by hand in each test from the rule certainties given.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.identify.resolve import FIRM, ONE_REPLY_CAP, confidence_of, resolve, source_key
from camaudit.importers import shodan
from camaudit.model import Evidence, Identity, Observation

SELF = Path(__file__).resolve().parents[2] / "data" / "devreplies_self.jsonl"
PRIVATE = Path(__file__).resolve().parents[2] / "data" / "devreplies_private.jsonl"


def captured(corpus: Path, line: int) -> Identity:
    """The identity of a development-batch record (a real capture), read through the Shodan importer."""
    text = corpus.read_text(encoding="utf-8").splitlines()[line - 1]
    (record,) = list(shodan.read(io.BytesIO(text.encode() + b"\n")))
    return identify(record.observations)


def ev(
    rule_id: str, field: str, certainty: float, *, port: int | None = 80, protocol: str | None = "http",
    matched: str = "", **asserts: str,
) -> Evidence:
    return Evidence(rule_id, field, matched or rule_id, asserts or {"manufacturer": "hikvision"}, certainty,
                    "https://example.org", port, protocol)


def test_miniupnpds_description_over_http_is_one_router_witness_below_the_firm_band() -> None:
    # devreplies_self line 13: MiniUPnPd 2.3.1's description as it answered over HTTP, captured live from the Debian
    # package. Server header (miniupnpd.upnp.server.router, 0.5) and root device type (generic.upnp.device_type.gateway,
    # 0.85) are both exact rules of one answer: the strongest counts, the other adds nothing (same kind) -> 0.85, where
    # the two families as two witnesses made 1 - 0.5 * 0.15 = 0.925.
    identity = captured(SELF, 13)
    assert identity.device_type == "router"
    assert identity.confidence == 0.85
    assert identity.confidence < FIRM


def test_a_stored_dahua_rpc2_challenge_and_its_answer_name_are_one_answer() -> None:
    # devreplies_private line 4: a Dahua /RPC2_Login challenge stored as an HTTP answer. Its realm rule is firm on its
    # own (dahua.rpc2.login-challenge, 0.95); the error code (0.8) and devinfo.answer (0.7) of the same answer add
    # nothing of another kind, so 0.95 -- before, devinfo.answer counted as a second reply: 1 - 0.05 * 0.3 = 0.985.
    identity = captured(PRIVATE, 4)
    assert identity.manufacturer == "dahua"
    assert identity.confidence == 0.95


def test_a_camera_description_served_over_http_stays_one_witness() -> None:
    # Constructed evidence: a camera maker's name in the Server header (0.7) and in the description's manufacturer
    # (0.8), both exact rules, on one HTTP answer: 0.8 (the strongest). The same two signs from the SSDP answer on
    # UDP 1900 and the description fetched from port 49152 are two replies: 1 - 0.3 * 0.2 = 0.94.
    server = ev("acme.http.server", "http.server", 0.7)
    maker = ev("acme.upnp.manufacturer", "upnp.manufacturer", 0.8)
    assert confidence_of([server, maker]) == 0.8
    ssdp = ev("acme.upnp.server", "upnp.server", 0.7, port=1900, protocol="ssdp")
    description = ev("acme.upnp.manufacturer", "upnp.manufacturer", 0.8, port=49152, protocol="upnp")
    assert confidence_of([ssdp, description]) == pytest.approx(1 - 0.3 * 0.2)


def test_a_camera_reached_by_http_and_by_its_separate_rtsp_answer_still_combines() -> None:
    # Constructed: a maker's sign in the HTTP answer on port 80 (0.7) and in the RTSP answer on port 554 (0.7) are
    # two replies: 1 - 0.3 * 0.3 = 0.91, the firm band.
    http = ev("acme.http.title", "http.title", 0.7)
    rtsp = ev("acme.rtsp.server", "rtsp.server", 0.7, port=554, protocol="rtsp")
    assert confidence_of([http, rtsp]) == pytest.approx(0.91)
    assert resolve([http, rtsp]).confidence >= FIRM


def test_a_stored_onvif_answer_is_one_witness_and_the_live_probes_answer_is_apart_from_the_page() -> None:
    # Constructed: an ONVIF GetDeviceInformation answer stored as an HTTP record: its Manufacturer (0.75) and a maker's
    # namespace in its envelope (0.75) are one answer, 0.75 (two witnesses made 1 - 0.25 * 0.25 = 0.9375).
    manufacturer = ev("acme.onvif.manufacturer", "onvif.device_info.manufacturer", 0.75)
    namespace = ev("acme.onvif.namespace", "onvif.namespaces", 0.75)
    assert confidence_of([manufacturer, namespace]) == 0.75
    # The live ONVIF probe's answers (an observation of protocol "onvif": a POST to the device service) are one reply
    # too, but another request than the page GET / gave on the same port: 1 - 0.25 * 0.3 = 0.925.
    live = [ev("acme.onvif.manufacturer", "onvif.device_info.manufacturer", 0.75, protocol="onvif"),
            ev("acme.onvif.namespace", "onvif.namespaces", 0.75, protocol="onvif")]
    assert confidence_of(live) == 0.75
    page = ev("acme.http.title", "http.title", 0.7)
    assert confidence_of([*live, page]) == pytest.approx(1 - 0.25 * 0.3)


def test_a_certificate_and_the_page_of_one_https_record_stay_two_exchanges() -> None:
    # Constructed: an https record holding the certificate's subject (0.7) and the page's title (0.7): the TLS
    # handshake and the HTTP answer are two exchanges, kept apart: 1 - 0.3 * 0.3 = 0.91.
    certificate = ev("acme.tls.subject", "tls.subject", 0.7, port=443, protocol="https")
    title = ev("acme.http.title", "http.title", 0.7, port=443, protocol="https")
    assert confidence_of([certificate, title]) == pytest.approx(0.91)


def test_a_search_engines_reading_of_the_banner_it_stored_is_no_second_witness() -> None:
    # Constructed: a page title typing a maker's camera (0.85, exact rule) and the engine's product label for the same
    # banner (import.product read by the lexicon, capped at 0.45) on one https record. The label is another kind of
    # sign on other text, so it corroborates at 0.8 * 0.45 = 0.36: 1 - 0.15 * 0.64 = 0.904, one reply, cut to the
    # one-reply cap 0.85. Counted as a witness of its own it made 1 - 0.15 * 0.55 = 0.9175.
    title = ev("acme.http.title", "http.title", 0.85, port=443, protocol="https", matched="ACME Camera")
    label = ev("lexicon.acme", "import.product", 0.6, port=443, protocol="https", matched="Acme IP camera")
    assert confidence_of([title, label]) == ONE_REPLY_CAP
    # The host names a scan file lists come from DNS, not from the answer: they stay a source of their own.
    name = ev("words.acme-host", "import.hostnames", 0.6, port=443, protocol="https", matched="acme-cam.example.net")
    assert confidence_of([title, name]) == pytest.approx(1 - 0.15 * 0.55)


def test_an_http_service_nmap_names_by_its_port_is_an_http_answer() -> None:
    # nmap names HTTP on 8080 "http-proxy" and on 8000 "http-alt"; its product for the service (import.product) is its
    # reading of the same answer: the Server header's 0.85 and nmap's product label (capped at 0.45, another kind on
    # other text: 0.8 * 0.45 = 0.36) make 1 - 0.15 * 0.64 = 0.904, cut to the one-reply cap 0.85.
    for name in ("http-proxy", "http-alt", "https-alt"):
        server = ev("acme.http.server", "http.server", 0.85, port=8080, protocol=name, matched="Acme-Webs")
        product = ev("lexicon.acme", "import.product", 0.6, port=8080, protocol=name, matched="Acme IP camera httpd")
        assert confidence_of([server, product]) == ONE_REPLY_CAP
    # A Shodan banner that carried a certificate (protocol "tls"): the engine's label joins the banner, the certificate
    # stays another exchange.
    banner = ev("acme.banner", "banner", 0.85, port=9000, protocol="tls", matched="ACME DVR")
    label = ev("lexicon.acme", "import.product", 0.6, port=9000, protocol="tls", matched="Acme DVR service")
    assert confidence_of([banner, label]) == ONE_REPLY_CAP
    certificate = ev("acme.tls.subject", "tls.subject", 0.7, port=9000, protocol="tls", matched="CN=acme-dvr")
    assert confidence_of([banner, certificate]) == pytest.approx(1 - 0.15 * 0.3)


def test_live_observations_of_a_upnp_description_and_its_ssdp_answer_through_identify() -> None:
    # Constructed observations (not captures): the SSDP answer and the description fetched from its LOCATION are two
    # replies. Each types a gateway at 0.85 (generic.upnp.st.gateway, generic.upnp.device_type.gateway; MiniUPnPd's
    # Server, 0.5, adds nothing to the SSDP answer's exact rule): together 1 - 0.15 * 0.15 = 0.9775, alone 0.85.
    ssdp = Observation("192.0.2.40", 1900, "udp", "ssdp", "discover", "2026-12-06T08:00:00Z",
                       {"upnp.st": "urn:schemas-upnp-org:device:WANDevice:1",
                        "upnp.server": "Linux/5.4 UPnP/1.1 MiniUPnPd/2.3.1"})
    description = Observation("192.0.2.40", 5000, "tcp", "upnp", "discover", "2026-12-06T08:00:00Z",
                              {"upnp.device_type": "urn:schemas-upnp-org:device:InternetGatewayDevice:1"})
    apart = identify([ssdp, description])
    alone = identify([description])
    assert apart.device_type == alone.device_type == "router"
    assert apart.confidence == pytest.approx(0.9775)
    assert alone.confidence == 0.85


def test_evidence_without_a_protocol_keeps_its_fields_family() -> None:
    # Hand-built evidence (no observation behind it) keeps the field family as its reply, as before.
    assert source_key(ev("x", "upnp.manufacturer", 0.6, protocol=None)) == ("upnp.", 80)
    assert source_key(ev("x", "upnp.manufacturer", 0.6, protocol="http")) == ("http", 80)
    assert source_key(ev("x", "upnp.manufacturer", 0.6, protocol="rdp")) == ("upnp.", 80)
    assert source_key(ev("x", "tls.subject", 0.6, protocol="https")) == ("tls", 80)
    assert source_key(ev("x", "import.product", 0.6, port=None, protocol="import")) == ("import", None)


_CARRIED_FIELDS = (
    "http.server", "http.title", "http.body", "upnp.manufacturer", "upnp.device_type", "upnp.model_name",
    "onvif.device_info.manufacturer", "onvif.device_info.model", "onvif.namespaces", "soap.declarations",
    "devinfo.manufacturer", "devinfo.answer", "axis.brand", "dahua.login.realm", "dahua.rpc.device_type",
    "sunapi.model", "onvif.scope", "onvif.xaddrs",
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(st.sampled_from(_CARRIED_FIELDS), st.floats(min_value=0.5, max_value=0.89), st.sampled_from(
            ("rule", "lexicon", "models", "words"))),
        min_size=1,
        max_size=8,
    ),
    st.sampled_from(("http", "https", "onvif")),
)
def test_no_answer_reaches_the_firm_band_alone_without_a_firm_fingerprint(
    signs: list[tuple[str, float, str]], protocol: str
) -> None:
    # Any signs of one answer below 0.9 each, of any kind and field family, read from one observation: the value stays
    # below the firm band (what reaches it is cut to the one-reply cap, 0.85).
    evidence = [
        ev(f"{kind}.acme.{n}", name, round(certainty, 3), protocol=protocol, matched=f"text {n}")
        for n, (name, certainty, kind) in enumerate(signs)
    ]
    assert confidence_of(evidence) < FIRM
    assert resolve(evidence).confidence < FIRM


def test_two_signs_of_one_answer_just_under_the_firm_band_do_not_round_up_into_it() -> None:
    # Found by the property above in a landing gate (2026-12-06): an exact rule at 0.781 and a lexicon sign at 0.679 in
    # one Server header combine to 0.89996, which rounded to 0.9 after the one-reply cap had been weighed against the
    # unrounded value -- one answer in the firm band. Rounded first, the value is in the band and is cut to the cap.
    evidence = [
        ev("rule.acme.0", "http.server", 0.781, matched="text 0"),
        ev("lexicon.acme.1", "http.server", 0.679, matched="text 1"),
    ]
    assert confidence_of(evidence) == 0.85
    assert resolve(evidence).confidence == 0.85
