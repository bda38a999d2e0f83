"""nmap's device claims that rest on a stock reply name nobody (identify/stock_guesses.py).

The product strings are nmap's own (nmap-service-probes as Debian's nmap installs it): ``BusyBox ftpd`` with
``D-Link DCS-932L IP-Cam camera`` for BusyBox ftpd's bare ``220 Operation successful``; ``D-Link DSL-2640B ADSL router
telnetd`` for a telnet option negotiation and ``Login:``. Before, an OpenWrt router's ftpd was named a D-Link camera
and a camera's BusyBox telnetd a D-Link router.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import require

from camaudit.identify import identify, stock_guesses
from camaudit.model import Observation

ROOT = Path(__file__).resolve().parents[3]
PROBES = Path("/usr/share/nmap/nmap-service-probes")
SEEN = "2026-01-01T00:00:00Z"


def _service(port: int, protocol: str, **fields: str) -> Observation:
    return Observation("192.0.2.7", port, "tcp", protocol, "import", SEEN, {f"import.{k}": v for k, v in fields.items()})


def _host_info(**fields: str) -> Observation:
    return Observation("192.0.2.7", None, None, "import", "import", SEEN, {f"import.{k}": v for k, v in fields.items()})


def test_busybox_ftpd_greeting_names_no_camera_maker() -> None:
    # An OpenWrt router's ftpd: nmap writes its DCS-932L match, Device: webcam, cpe:/h:dlink:dcs-932l.
    identity = identify([
        _service(21, "ftp", product="BusyBox ftpd", extrainfo="D-Link DCS-932L IP-Cam camera"),
        _host_info(devicetype="webcam", cpe="cpe:/h:dlink:dcs-932l"),
    ])
    assert (identity.brand, identity.manufacturer, identity.model) == (None, None, None)
    assert not identity.is_video_device


_NMAP_TEXT = """Nmap scan report for 192.0.2.10
Host is up (0.0010s latency).
PORT   STATE SERVICE VERSION
21/tcp open  ftp     BusyBox ftpd (D-Link DCS-932L IP-Cam camera)
53/tcp open  domain  dnsmasq 2.80
Service Info: Device: webcam; CPE: cpe:/h:dlink:dcs-932l
"""


def test_nmap_normal_output_of_a_router_ftpd_names_no_camera(tmp_path: Path) -> None:
    scan = tmp_path / "scan.txt"
    scan.write_text(_NMAP_TEXT)
    result = subprocess.run([sys.executable, "-m", "camaudit", "identify", "-f", "nmap", str(scan)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout.splitlines()[0])
    assert (answer["brand"], answer["manufacturer"], answer["device_type"]) == (None, None, "not_camera")


def test_a_camera_whose_telnetd_nmap_calls_a_router_keeps_its_own_maker() -> None:
    identity = identify([
        _service(23, "telnet", product="D-Link DSL-2640B ADSL router telnetd", devicetype="broadband router",
                 cpe="cpe:/h:dlink:dsl-2640b"),
        _service(80, "http", product="Hikvision IP camera httpd", devicetype="webcam"),
    ])
    assert "hikvision" in (identity.brand, identity.manufacturer)
    assert "d-link" not in (identity.brand, identity.manufacturer)
    assert identity.is_video_device


def test_a_match_that_reads_the_model_from_the_reply_keeps_its_claims() -> None:
    # nmap-service-probes: ^220 Welcome to (DCS-\w+) FTP Server -> D-Link $1 webcam ftpd: the model is in the reply.
    identity = identify([_service(21, "ftp", product="D-Link DCS-5020L webcam ftpd", devicetype="webcam",
                                  cpe="cpe:/h:dlink:dcs-5020l")])
    assert "d-link" in (identity.brand, identity.manufacturer)


def test_an_extra_information_template_matches_what_the_reply_filled_in() -> None:
    found = stock_guesses.found_in({"import.product": "Cisco 2621 router telnetd", "import.extrainfo": "Banner: hi"})
    assert found and found[0].cpe == ("cpe:/h:cisco:router_2621",)
    assert not stock_guesses.found_in({"import.product": "BusyBox ftpd", "import.extrainfo": "something else"})


_PROBES_TEXT = r"""
match ftp m|^220 Operation successful\r\n$| p/BusyBox ftpd/ i/D-Link DCS-932L IP-Cam camera/ d/webcam/ cpe:/h:dlink:dcs-932l/
match ftp m|^220 Welcome to (DCS-\w+) FTP Server\r\n$| p/D-Link $1 webcam ftpd/ d/webcam/ cpe:/h:dlink:$1/a
match ftp m|^220 C500 FTP Server ([\w._-]+) ready\.\n| p/Lexmark C500 printer ftpd/ d/printer/ cpe:/h:lexmark:c500/a
match ipcam m|^\0\0\0\x10\0\0\0\x1e| p/Hikvision IPCam control port/ d/webcam/
match telnet m|^\xff\xfd\x01\xff\xfd!\xff\xfb\x01\xff\xfb\x03Login: | p/D-Link DSL-2640B ADSL router telnetd/ d/broadband router/ cpe:/h:dlink:dsl-2640b/
match http m|^HTTP/1\.0 200 OK\r\nDate: .*\r\nServer: App-webs/\r\n| p/Hikvision IP camera httpd/ d/webcam/
"""


def _generator() -> ModuleType:
    """scripts/nmap_stock_guesses.py, imported as the script it is."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import nmap_stock_guesses
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return nmap_stock_guesses


def test_the_generator_lists_stock_replies_only() -> None:
    nmap_stock_guesses = _generator()
    listed = {row["product"] for row in nmap_stock_guesses.stock_guesses(_PROBES_TEXT)}
    # The bare greeting and the bare telnet login are listed; a model read from the reply, a model the expression
    # quotes, a binary protocol and a Server header (App-webs) are not.
    assert listed == {"BusyBox ftpd", "D-Link DSL-2640B ADSL router telnetd"}


_STATUS_PROBES = r"""
match http m|^HTTP/1\.1 403 Forbidden\r\nContent-Length: 0\r\n\r\n$| p/TRENDnet TV-IP110W webcam display httpd/ d/webcam/ cpe:/h:trendnet:tv-ip110w/
match rtsp m|^RTSP/1\.0 200 OK\r\nCSeq: 42 OPTIONS\r\nPublic: OPTIONS, DESCRIBE, PLAY, PAUSE, SETUP, TEARDOWN\r\n| p/Hikvision 7513 POE IP camera rtspd/ d/webcam/
match rtsp m|^RTSP/1\.0 400 Bad Request\r\nCSeq: 0\r\n\r\n| p/Sanyo VCC-HD2300 webcam rtspd/ d/webcam/ cpe:/h:sanyo:vcc-hd2300/
match rtsp m|^RTSP/1\.0 200 OK\r\nServer: HIP([\d.]+)\r\n| p/2N Helios IP intercom rtspd/ cpe:/h:2n:helios_ip/
match http m|^HTTP1\.1 405 Method Not Allowed\r\n$| p/Cisco DPC3828S WiFi cable modem/ d/WAP/ cpe:/h:cisco:dpc3828s/
match upnp m|^HTTP/1\.1 511 Not Implemented\r\n\r\n$| p/Netgear WGU624 WAP UPnP/ d/WAP/ cpe:/h:netgear:wgu624/
match telnet m|^\xff\xfb\x01\xff\xfb\x03\xff\xfd\x03\xff\xfd\x1fWELCOME\r\n NO UNAUTHORIZED LOGIN\r\n Private property\r\n| p/Patton SmartNode 4638 VoIP adapter telnetd/ d/VoIP adapter/ cpe:/h:patton:sn4638/
match telnet m|^\xff\xfb\x01\xff\xfb\x03\xff\xfd\x03\xff\xfd\x1f\r\nlogin: | p/Patton SmartNode 4638 VoIP adapter telnetd/ d/VoIP adapter/ cpe:/h:patton:sn4638/
"""


def test_a_status_line_is_stock_text_but_a_stacks_quirks_are_its_own() -> None:
    # nmap's own lines: an empty 403 (9273) and a bare 400 with CSeq 0 (12131) name a webcam maker; "HTTP" and "RTSP" in
    # a status line are the protocol's, not the device's. Not listed: a Server header (HIP), an OPTIONS answer's
    # method list in its server's order (14560; rules/rtsp.yaml reads orders itself), a malformed status line
    # ("HTTP1.1", 5737) and a code with another code's phrase ("511 Not Implemented", 11610): a stack's own form.
    # Patton's bare login prompt is not listed either: a match quoting Patton's own banner writes the same product,
    # and an nmap result cannot say which expression it came from.
    nmap_stock_guesses = _generator()
    listed = {row["product"] for row in nmap_stock_guesses.stock_guesses(_STATUS_PROBES)}
    assert listed == {"TRENDnet TV-IP110W webcam display httpd", "Sanyo VCC-HD2300 webcam rtspd"}


def test_an_empty_403_names_no_webcam_maker() -> None:
    identity = identify([
        _service(80, "http", product="TRENDnet TV-IP110W webcam display httpd"),
        _host_info(devicetype="webcam", cpe="cpe:/h:trendnet:tv-ip110w"),
    ])
    assert (identity.brand, identity.manufacturer, identity.model) == (None, None, None)


def test_the_packaged_table_is_what_the_installed_probes_give() -> None:
    require(PROBES.is_file(), "nmap's service probes are not installed (scripts/apt-packages.txt: nmap)")
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "nmap_stock_guesses.py"), "--check"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=60), st.text(max_size=60))
def test_hostile_service_strings_never_raise(product: str, info: str) -> None:
    for text in (product, "BusyBox ftpd", "Cisco 2621 router telnetd"):
        identify([_service(21, "ftp", product=text, extrainfo=info)])
