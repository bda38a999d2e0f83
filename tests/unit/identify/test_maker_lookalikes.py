"""Look-alikes of camera makers' names and model numbers that must not name a maker (helper-91, 2026-12-04).

Found by running the model grammars and the lexicon over the product names of nmap's service fingerprints
for non-camera devices (nmap-service-probes r38429, nmap 7.93): a Sharp printer numbered like a MOBOTIX
camera, an ADSL router whose web server calls itself "avtech". Each fixture quotes that file.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Observation


def http(fields: dict[str, str]) -> Observation:
    return Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)


def test_a_sharp_printer_numbered_mx_is_no_mobotix_camera() -> None:
    # nmap-service-probes: p/Sharp MX-M350N printer smbd/ d/printer/.
    identity = identify([http({"http.server": "Sharp MX-M350N"})])
    assert identity.manufacturer is None and not identity.is_video_device


def test_a_mobotix_order_number_still_names_mobotix() -> None:
    identity = identify([http({"http.title": "MOBOTIX MX-M16B-6D"})])
    assert identity.manufacturer == "mobotix"
    assert identity.model == "MX-M16B-6D"


def test_a_router_whose_server_calls_itself_avtech_is_no_camera() -> None:
    # nmap-service-probes: 'Server: avtech/<version>' with 'Basic realm=server' is p/avtech httpd/
    # i/Postef-8840 ADSL router/ d/broadband router/.
    identity = identify([http({"http.server": "avtech/1.2", "http.www_authenticate": "Basic realm=server"})])
    assert identity.manufacturer is None and not identity.is_video_device


def test_an_avtech_dvr_server_header_still_names_avtech() -> None:
    # AVTECH's DVRs: 'Server: Linux/2.x UPnP/1.0 Avtech/1.0' (the shodan corpora's AVTECH records).
    identity = identify([http({"http.server": "Linux/2.x UPnP/1.0 Avtech/1.0"})])
    assert identity.manufacturer == "avtech"


def test_canon_webview_livescope_page_is_a_canon_camera() -> None:
    # nmap-service-probes: Server: VB150 with <title>WebView Livescope</title> is 'Canon WebView VB150'.
    identity = identify([http({"http.server": "VB150", "http.title": "WebView Livescope"})])
    assert identity.manufacturer == "canon"
    assert identity.is_video_device


def test_a_generic_webview_component_is_no_canon_camera() -> None:
    identity = identify([http({"http.title": "Android System WebView"})])
    assert identity.manufacturer is None


@settings(max_examples=150, deadline=None)
@given(letter=st.sampled_from("ABCDMNQSTV"), digits=st.integers(100, 99999), tail=st.sampled_from(["", "N", "W", "P"]))
def test_mx_numbers_with_three_or_more_digits_never_name_mobotix(letter: str, digits: int, tail: str) -> None:
    identity = identify([http({"http.server": f"MX-{letter}{digits}{tail}"})])
    assert identity.manufacturer != "mobotix"


@settings(max_examples=100, deadline=None)
@given(version=st.from_regex(r"\A[0-9]{1,2}\.[0-9]{1,2}\Z"), rest=st.text(st.characters(codec="ascii"), max_size=40))
def test_lower_case_avtech_server_never_names_avtech(version: str, rest: str) -> None:
    if any(s in rest.lower() for s in ("avtech", "av-tech", "upnp")):
        return
    identity = identify([http({"http.server": f"avtech/{version} {rest}"})])
    assert identity.manufacturer != "avtech"


# Package summaries from the public registries (PyPI, npm) and the IEEE registry: text in which a camera
# maker's name or product word means something else. Running the lexicon over ~1 million such summaries
# found each of these naming a camera maker before 2026-12-04.
LOOKALIKES = {
    "tls.subject": [
        "CN=www.videojet.com,O=VIDEOJET SYSTEMS,C=US",  # IEEE registry: the industrial printer maker
    ],
    "http.title": [
        "IVMS101.2023 TypeScript library with legacy 2020 support",  # npm 'ivms101': a crypto travel-rule standard
        "Python package for crawling from Divar website",  # PyPI 'divar-scraper': Iran's classifieds site
        "一个简单易用的 Pelco-D 协议云台控制库",  # PyPI 'pyptzcontroller': the Pelco-D PTZ protocol
        "PTZ protocol: PELCO-D, PELCO-P",
        "Processing HiChIP data into loops.",  # PyPI 'hichipper': a genomics assay
        "Türkiye maaş, asgari ücret, emekli/memur zammı",  # PyPI 'zam-hesap-mcp': Turkish "minimum wage"
        "PyMoDAQ plugin for the Alcatel ACM1000 6-port gauge controller.",  # PyPI: not an ACTi camera
        "AXIS SDK - Zero-dependency protocol and type definitions for AXIS agents",  # PyPI 'axis-sdk'
        "Overlay patches for clearml==2.1.3 (truen).",  # PyPI 'clearml-truen-patch'
    ],
}


def test_lookalikes_from_package_summaries_name_no_camera_maker() -> None:
    for field, values in LOOKALIKES.items():
        for value in values:
            identity = identify([http({field: value})])
            assert identity.manufacturer is None and identity.brand is None, value


def test_the_makers_own_forms_still_name_them() -> None:
    cases = {
        ("http.server", "VCS-VideoJet-Webserver"): "bosch",
        ("http.title", "Divar Web Client"): "bosch",  # nmap-service-probes: Bosch Divar Security Systems
        ("http.title", "iVMS-4200"): "hikvision",
        ("http.title", "Pelco Sarix"): "pelco",
        ("upnp.model_name", "ACTi Corporation ACM1011"): "acti",  # Sighthound's UPnP table
        ("http.title", "AXIS P1346 Network Camera"): "axis",
    }
    for (field, value), maker in cases.items():
        identity = identify([http({field: value})])
        assert maker in (identity.manufacturer, identity.brand), value
