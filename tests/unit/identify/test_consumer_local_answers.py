"""Consumer cameras' local answers (``layers/consumer_cloud.yaml``, helper-130): Samsung SmartCam and Hubble Connected.

A Samsung SmartCam (Samsung Techwin's consumer line, later Hanwha Techwin's "Wisenet SmartCam") names itself by its
SNH- number in its UPnP description and DNS-SD instance, announces Samsung Techwin's own ``_svnp._tcp`` service, and
answers the SmartCam app's ``/information`` request with its model. Hubble Connected's camera firmware (sold under the
Motorola and Binatone names as well as Hubble's) streams RTSP on port 6667 at ``/blinkhd``.

Fixtures are written from the public sources the layer cites (the SamTheGreatCoder/Samsung-SmartCam firmware dump
and packet-capture notes, jingle-jew/hubble-connected-home-assistant); none is a capture of ours and none comes from a
held-out source.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests import mdns_wire as w
from tests.unit.identify.rtsp_answer import answer
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols import mdns

SMARTCAM_MAC = "00306FFFFFD0"
SMARTCAM_INSTANCE = f"SAMSUNG-SNH-V6414BN-{SMARTCAM_MAC}"


def is_video(identity: Identity) -> bool:
    return identity.device_type is not None and is_video_device(identity.device_type)


def rule_ids(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def observed(fields: dict[str, str], port: int = 49152, protocol: str = "upnp") -> Identity:
    return identify([Observation("192.0.2.60", port, "udp", protocol, "discover", "2026-12-04T00:00:00Z", fields)])


def test_a_smartcams_upnp_description_is_a_hanwha_camera_with_its_model() -> None:
    # The firmware's miniupnpd.conf: friendly_name, manufacturer SAMSUNG, model_name, model_desc.
    identity = observed(
        {
            "upnp.friendly_name": SMARTCAM_INSTANCE,
            "upnp.manufacturer": "SAMSUNG",
            "upnp.model_name": "SNH-V6414BN",
            "upnp.model_description": "SNH-V6414BN Network Camera",
        }
    )
    assert identity.manufacturer == "hanwha", identity.attribution
    assert identity.model == "SNH-V6414BN"
    assert identity.device_type is not None and identity.device_type.value == "camera"


def smartcam_announcement(services: tuple[str, ...]) -> Identity:
    """The SmartCam's DNS-SD answer (etc/bonjour/Services.txt), built byte by byte and read by the mDNS reader."""
    answers = []
    extra = []
    for service, port in services:
        full = f"{SMARTCAM_INSTANCE}|{service}|_tcp|local"
        answers.append(w.ptr(f"{service}|_tcp|local", full))
        extra.append(w.srv(full, port, f"{SMARTCAM_INSTANCE}|local"))
    fields = mdns.parse_reply(w.response(*answers, additionals=tuple(extra)))
    assert fields, "the reply must be readable"
    return identify([Observation("192.0.2.61", 5353, "udp", "mdns", "discover", "2026-12-04T00:00:00Z", fields)])


def test_a_smartcams_dns_sd_announcement_is_a_hanwha_camera() -> None:
    identity = smartcam_announcement((("_http", 80), ("_svnp", 4520), ("_rtsp", 554)))
    assert identity.manufacturer == "hanwha", identity.attribution
    assert identity.model == "SNH-V6414BN"
    assert identity.device_type is not None and identity.device_type.value == "camera"


def test_the_svnp_service_alone_is_a_hanwha_video_device() -> None:
    fields = {"mdns.service": "_svnp._tcp"}
    identity = identify([Observation("192.0.2.62", 5353, "udp", "mdns", "discover", "2026-12-04T00:00:00Z", fields)])
    assert identity.manufacturer == "hanwha" and is_video(identity), identity.attribution


def test_an_ordinary_announcement_of_http_and_rtsp_names_nobody() -> None:
    fields = {"mdns.service": "_http._tcp\n_rtsp._tcp", "mdns.instance": "Living Room"}
    identity = identify([Observation("192.0.2.63", 5353, "udp", "mdns", "discover", "2026-12-04T00:00:00Z", fields)])
    assert identity.manufacturer is None, identity.attribution


INFORMATION = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Information>\n    <modelID>SNH-V6414BN</modelID>\n'
    "    <SerialNumber>ZB4N6V2H123456X</SerialNumber>\n</Information>"
)


def test_the_smartcams_information_answer_is_a_hanwha_camera_with_its_model() -> None:
    # The packet-capture notes: the setup app's GET /information, answered with the model and serial in XML.
    identity = identify_banner(f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n{INFORMATION}", 80, "192.0.2.64")
    assert identity.manufacturer == "hanwha", identity.attribution
    assert identity.model == "SNH-V6414BN"
    assert identity.device_type is not None and identity.device_type.value == "camera"


@pytest.mark.parametrize(
    "text",
    [
        # The idol group, a router's model in the same document shape, the professional line's number.
        "SNH48 Team SII live",
        '<?xml version="1.0"?><Information><modelID>RT-AC68U</modelID><SerialNumber>X</SerialNumber></Information>',
        "Samsung SNB-6004 camera manual",
    ],
)
def test_look_alikes_are_no_smartcam(text: str) -> None:
    identity = identify_banner(f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n{text}", 80, "192.0.2.65")
    assert not [r for r in rule_ids(identity) if r.startswith("consumer.samsung-smartcam")], identity.attribution


SNH = re.compile(r"^SNH-[A-Z]?[0-9]{4}[A-Z]{1,3}$")


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(["SNH-", "SNH", "V", "6414", "64", "BN", "N", "-", " ", "SAMSUNG", "_", "x", "\n"]), max_size=12
    ),
    st.text(max_size=30),
)
def test_hostile_names_never_raise_and_the_grammar_captures_only_whole_numbers(parts: list[str], noise: str) -> None:
    identity = observed({"upnp.friendly_name": "".join(parts) + noise, "upnp.model_name": noise + "".join(parts)})
    for ev in identity.evidence:
        if ev.rule_id.startswith("consumer.samsung-smartcam.model"):
            assert SNH.match(str(ev.asserts.get("model"))), ev
            assert ev.asserts.get("manufacturer") == "hanwha", ev


# --- Hubble Connected: RTSP on 6667 at /blinkhd ------------------------------------------------------------------


def test_an_rtsp_answer_at_hubbles_blinkhd_path_is_a_camera_of_no_named_maker() -> None:
    identity = answer(
        "RTSP/1.0 200 OK\nCSeq: 2\nContent-Base: rtsp://192.0.2.20:6667/blinkhd/\nContent-Type: application/sdp\n\n",
        port=6667,
    )
    assert identity.device_type is not None and identity.device_type.value == "camera", identity.attribution
    assert identity.brand is None and identity.manufacturer is None
    assert "consumer.hubble.rtsp-blinkhd" in rule_ids(identity)


def test_another_stream_path_on_the_same_port_is_not_hubbles() -> None:
    identity = answer(
        "RTSP/1.0 200 OK\nCSeq: 2\nContent-Base: rtsp://192.0.2.20:6667/blinkhdx/\nContent-Type: application/sdp\n\n",
        port=6667,
    )
    assert "consumer.hubble.rtsp-blinkhd" not in rule_ids(identity)


# --- JUAN's Eseecloud search answer and kit announcement (Night Owl's Wi-Fi kits and other white labels) -----------


def esee(text: str) -> Identity:
    """A reply a collector kept whole (``banner``): the search answer or the kit's multicast announcement."""
    return identify(
        [Observation("192.0.2.70", 10008, "udp", "banner", "import", "2026-12-04T00:00:00Z", {"banner": text})]
    )


#: The Night Owl WNIP2 kit's recorder announcing itself, laid out as Relkci/NightOwl-WifiCamera-Config-wnip2 prints it
#: (its values are redacted there; these are placeholders).
NIGHT_OWL_NVR = (
    "Client-ID:0123456789\r\nContent-Type:application/json\r\nX-Session-Id:1\r\n\r\n"
    '{\n"Ver" : "1.1",\n"Nonce" :  "", \n"Device-ID" : "", \n"Device-Model" : "WNVR-WNIP2",\n'
    '"Device-Type" : "WNVR-WNIP2",\n"Esee-ID" : "0123456789",\n"Software-Version" : "WNVR-WNIP2_1",\n"Channel-Cnt": 10}'
)


def test_a_night_owl_kits_recorder_announcement_is_a_recorder_of_no_named_maker() -> None:
    identity = esee(NIGHT_OWL_NVR)
    assert identity.device_type is not None and identity.device_type.value == "nvr", identity.attribution
    assert identity.manufacturer is None and identity.brand is None


def test_the_kits_wifi_repeater_is_not_a_video_device() -> None:
    # JUAN's firmware writes Device-Type "REPEATER" for the kit's repeater (hichip_discover.c).
    identity = esee(NIGHT_OWL_NVR.replace('"WNVR-WNIP2",\n"Esee-ID"', '"REPEATER",\n"Esee-ID"'))
    assert not is_video(identity), identity.attribution


def test_an_nvr_model_without_the_esee_id_beside_it_is_not_read_so() -> None:
    identity = esee(NIGHT_OWL_NVR.replace('"Esee-ID"', '"Cloud-ID"'))
    assert "consumer.esee.search-answer-recorder" not in rule_ids(identity), identity.attribution


@settings(max_examples=80, deadline=None)
@given(
    st.lists(
        st.sampled_from(['"Device-Type"', '"Esee-ID"', " : ", ":", '"', "NVR", "WNVR-", "IPCAM", ",", "\n", "{", "}"]),
        max_size=20,
    ),
    st.text(max_size=30),
)
def test_hostile_announcements_never_raise_and_type_a_recorder_only_beside_an_esee_id(
    parts: list[str], noise: str
) -> None:
    text = "".join(parts) + noise
    identity = esee(text)
    if "consumer.esee.search-answer-recorder" in rule_ids(identity):
        assert '"Esee-ID"' in text and "NVR" in text


def test_the_smartcam_web_servers_own_server_header_is_a_hanwha_camera() -> None:
    # The header and body the SmartCam project's notes print for an /stw-cgi-rest/ answer; the firmware's lighttpd.conf
    # sets server.tag "SmartCamWebService".
    identity = identify_banner(
        "HTTP/1.1 200 OK\r\nX-Powered-By: PHP/5.2.17\r\nContent-type: application/json\r\n"
        'Server: SmartCamWebService\r\n\r\n{"Channel.0.Brightness":60}',
        80,
        "192.0.2.66",
    )
    assert identity.manufacturer == "hanwha", identity.attribution
    assert identity.device_type is not None and identity.device_type.value == "camera"


def test_a_lighttpd_answer_of_the_same_api_shape_names_nobody() -> None:
    identity = identify_banner(
        'HTTP/1.1 200 OK\r\nContent-type: application/json\r\nServer: lighttpd/1.4.35\r\n\r\n{"Channel.0.Brightness":60}',
        80,
        "192.0.2.67",
    )
    assert identity.manufacturer is None, identity.attribution
