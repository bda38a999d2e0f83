"""Signs of makers the held-out batches name least often (2026-12-03, h24).

Axis's default Content-Security-Policy header (AXIS OS 11.5 and later), i-PRO's five-digit WV- models, and
the OEM rows that say who builds ABUS's camera lines. The replies are written in the shape the sources
document (Axis's knowledge base prints the header's directives, not a capture).
"""

from __future__ import annotations

from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify
from camaudit.identify.oui import lookup
from camaudit.importers.shodan import parse_banner
from camaudit.knowledge.loader import oem_relations
from camaudit.model import Identity, is_video_device

AXIS_CSP = (
    "Content-Security-Policy: default-src 'self'; frame-ancestors 'self'; connect-src 'self' "
    "https://*.google-analytics.com https://*.analytics.google.com https://*.googletagmanager.com "
    "https://*.axis.com mediastream: blob:; script-src 'self' https://www.googletagmanager.com "
    "https://*.google-analytics.com https://ssl.google-analytics.com https://*.axis.com; "
    "style-src 'self' 'unsafe-inline'; object-src 'none'"
)


def from_shodan(data: str, port: int = 443) -> Identity:
    return identify_banner(data, port, "192.0.2.71")


def test_axis_os_default_csp_on_a_bare_401_names_axis() -> None:
    reply = (
        "HTTP/1.1 401 Unauthorized\r\nServer: Apache\r\nX-Frame-Options: SAMEORIGIN\r\n"
        f"X-Content-Type-Options: nosniff\r\n{AXIS_CSP}\r\n"
        "Referrer-Policy: strict-origin-when-cross-origin\r\n\r\n"
    )
    identity = from_shodan(reply)
    assert "axis" in (identity.brand, identity.manufacturer)
    assert is_video_device(identity.device_type)


def test_a_web_site_loading_axis_scripts_is_not_an_axis_device() -> None:
    # A shop or integrator site may allow axis.com scripts; it does not stream mediastream: video.
    reply = (
        "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Security-Policy: default-src 'self'; "
        "script-src 'self' https://*.axis.com; img-src 'self' https://*.axis.com data:\r\n\r\n"
        "<html><title>Security cameras shop</title></html>"
    )
    identity = from_shodan(reply)
    assert identity.brand is None and identity.manufacturer is None
    assert not is_video_device(identity.device_type)


def test_the_same_apache_answer_without_the_policy_names_nobody() -> None:
    reply = (
        "HTTP/1.1 401 Unauthorized\r\nServer: Apache\r\nX-Frame-Options: SAMEORIGIN\r\n"
        "X-Content-Type-Options: nosniff\r\nReferrer-Policy: strict-origin-when-cross-origin\r\n\r\n"
    )
    identity = from_shodan(reply)
    assert identity.brand is None and identity.manufacturer is None


def test_an_i_pro_five_digit_model_names_i_pro_and_the_model() -> None:
    page = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><title>WV-S15500-V3LN</title></html>"
    identity = from_shodan(page, port=80)
    assert identity.manufacturer == "i-pro"
    assert identity.model == "WV-S15500-V3LN"
    assert is_video_device(identity.device_type)


def test_abus_performance_line_is_hikvision_made_and_its_old_tvip_only_probably_vivotek() -> None:
    by_maker = {r.manufacturer: r for r in oem_relations("abus")}
    assert by_maker["hikvision"].confidence >= 0.6
    # inferred from stream paths only: below the band that lets a brand label accept the manufacturer
    assert by_maker["vivotek"].confidence < 0.6
    assert oem_relations("abus")[0].manufacturer == "hikvision"


# TP-Link's device certificate as the issue threads print it (openssl s_client), as Shodan hands it over.
TPRI_TLS = {
    "ip_str": "192.0.2.72",
    "port": 443,
    "transport": "tcp",
    "data": "",
    "ssl": {
        "cert": {
            "subject": {"C": "US", "O": "TPRI", "CN": "TPRI-DEVICE"},
            "issuer": {"C": "US", "O": "TPRI", "CN": "TPRI-CA"},
        }
    },
}
# An RTSP answer that says "camera" and names nobody (the realm many brands share).
NAMELESS_RTSP = {
    "ip_str": "192.0.2.72",
    "port": 554,
    "transport": "tcp",
    "data": 'RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm="IP Camera", nonce="1"\r\n\r\n',
    "_shodan": {"module": "rtsp"},
}


def test_a_tapo_host_s_certificate_names_tp_link_next_to_its_rtsp_answer() -> None:
    rtsp_alone = identify(list(parse_banner(NAMELESS_RTSP, 1).observations))
    assert rtsp_alone.brand is None and rtsp_alone.manufacturer is None
    host = identify([*parse_banner(TPRI_TLS, 1).observations, *parse_banner(NAMELESS_RTSP, 2).observations])
    assert host.brand == "tp-link"
    assert is_video_device(host.device_type)


def test_the_tpri_certificate_alone_names_nobody() -> None:
    # Tapo hubs and plugs present it too: without video evidence it is no camera and no maker claim.
    identity = identify(list(parse_banner(TPRI_TLS, 1).observations))
    assert identity.brand is None and identity.manufacturer is None
    assert not is_video_device(identity.device_type)


def test_a_page_loading_sony_s_inquiry_cgi_names_sony() -> None:
    # Sony's pages read their settings from /command/inquiry.cgi?inqjs=<group> (JavaScript output).
    page = (
        "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>Index</title>"
        '<script src="/command/inquiry.cgi?inqjs=system"></script></head><body></body></html>'
    )
    identity = from_shodan(page, port=80)
    assert identity.brand == "sony"
    assert is_video_device(identity.device_type)


def test_a_forum_page_quoting_sony_s_cgi_in_its_text_names_nobody() -> None:
    page = (
        "HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/html\r\n\r\n<html><head><title>Forum</title>"
        "</head><body><p>Try GET /command/inquiry.cgi?inq=ptzf on your camera.</p></body></html>"
    )
    identity = from_shodan(page, port=80)
    assert identity.brand is None and identity.manufacturer is None


def test_an_axis_device_id_certificate_names_axis_by_its_issuer() -> None:
    # The subject of an IEEE 802.1AR device certificate is the serial number; the issuer is Axis's factory CA.
    record = {
        "ip_str": "192.0.2.73",
        "port": 443,
        "transport": "tcp",
        "data": "",
        "ssl": {
            "cert": {
                "subject": {"serialNumber": "B8A44F000001"},
                "issuer": {"C": "SE", "CN": "Axis device ID Intermediate CA ECC 1"},
            }
        },
    }
    identity = identify(list(parse_banner(record, 1).observations))
    assert identity.brand == "axis"
    assert is_video_device(identity.device_type)


def test_panasonic_wj_recorders_and_network_interfaces_name_panasonic_and_their_kind() -> None:
    # Page titles as WhatWeb's Panasonic plugin quotes them.
    recorder = from_shodan(
        "HTTP/1.1 200 OK\r\n\r\n<HTML><HEAD><TITLE>Digital Disk Recorder WJ-HD220 CONTROL MAIN PAGE</TITLE></HEAD></HTML>",
        port=80,
    )
    assert (recorder.brand, recorder.model, recorder.device_type) == ("panasonic", "WJ-HD220", "dvr")
    interface = from_shodan(
        "HTTP/1.1 200 OK\r\n\r\n<HTML><HEAD><TITLE>WJ-NT104 MAIN PAGE</TITLE></HEAD></HTML>", port=80
    )
    assert (interface.brand, interface.model, interface.device_type) == ("panasonic", "WJ-NT104", "video_encoder")


MATSUSHITA_COPYRIGHT = (
    '<META name="copyright" content="Copyright (C) 2003 Matsushita Electric Industrial Co., Ltd. All rights reserved.">'
)


def test_matsushita_s_copyright_names_panasonic_on_a_camera_page_only() -> None:
    camera = from_shodan(
        f"HTTP/1.1 200 OK\r\n\r\n<HTML><HEAD>{MATSUSHITA_COPYRIGHT}<TITLE>Network Camera</TITLE></HEAD></HTML>", port=80
    )
    assert camera.manufacturer == "panasonic"
    other = from_shodan(
        f"HTTP/1.1 200 OK\r\n\r\n<HTML><HEAD>{MATSUSHITA_COPYRIGHT}<TITLE>Fax</TITLE></HEAD></HTML>", port=80
    )
    assert other.brand is None and other.manufacturer is None


def vendor_of(mac: str) -> str | None:
    entry = lookup(mac)
    assert entry is not None, mac
    return entry.vendor


def test_matsushita_s_registry_names_are_panasonic_s_and_its_other_firms_are_not() -> None:
    assert vendor_of("00:80:45:01:02:03") == "panasonic"  # MATSUSHITA ELECTRIC IND. CO
    assert vendor_of("00:00:eb:01:02:03") == "panasonic"  # MATSUSHITA COMM. IND. CO. LTD.
    assert vendor_of("00:0d:2e:01:02:03") is None  # Matsushita Avionics Systems Corporation
