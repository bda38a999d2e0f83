"""nmap XML -> one record per host, parsed safely."""

from __future__ import annotations

import io
import time
from pathlib import Path

from tests.load import check_time

from camaudit.importers import nmap

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def test_hosts_ports_and_scripts() -> None:
    got = list(nmap.read(DATA / "nmap_cameras.xml"))
    assert [(r.position, r.ip, r.port, r.error) for r in got] == [
        (1, "192.0.2.64", None, None),
        (2, "192.0.2.65", 443, None),
        (3, "2001:db8::10", None, None),
        (4, "192.0.2.70", None, None),
    ]
    mac, http, rtsp, https = got[0].observations
    assert mac.protocol == "mac"
    assert mac.fields == {
        "mac": "c0:56:e3:11:22:33",
        "import.vendor": "Hangzhou Hikvision Digital Technology",
    }
    assert http.seen_at == "2024-05-29T16:27:30Z"
    assert http.fields == {
        "import.product": "Hikvision IP camera httpd",
        "import.devicetype": "webcam",
        "http.server": "App-webs/",
        "http.favicon.md5": "89a932fcc4bd6e2bbc2ece3f34b5e4e7",
        "import.cpe": "cpe:/h:hikvision:ip_camera",
    }
    assert rtsp.fields["rtsp.public"].startswith("OPTIONS, DESCRIBE, PLAY")
    assert https.protocol == "https"
    assert https.fields["tls.subject"] == "CN=192.0.2.64,O=Hikvision,C=CN"
    assert https.fields["tls.sha256"] == "aabb"
    # The closed ssh port is not an observation.
    assert {o.port for o in got[0].observations} == {None, 80, 554, 443}


def test_text_only_ssl_cert_output_is_parsed() -> None:
    (https,) = list(nmap.read(DATA / "nmap_cameras.xml"))[1].observations
    assert https.fields["tls.subject"] == "CN=cam.example,O=Axis\\, Inc.,C=SE"
    assert https.fields["tls.issuer"] == "CN=ca,O=Axis"


def test_ipv6_banner_and_snmp() -> None:
    ssh, snmp = list(nmap.read(DATA / "nmap_cameras.xml"))[2].observations
    # The banner script's text is read by content: an SSH identification line is the SSH field.
    assert ssh.fields["ssh.banner"] == "SSH-2.0-OpenSSH_9.6"
    assert "banner" not in ssh.fields
    assert ssh.fields["import.extrainfo"] == "protocol 2.0"
    assert (snmp.transport, snmp.fields["snmp.sysdescr"]) == ("udp", "Linux cam 3.10.0 #1 SMP armv7l")


def test_truncated_file_keeps_hosts_before_the_fault() -> None:
    got = list(nmap.read(DATA / "nmap_truncated.xml"))
    assert [(r.position, r.ip) for r in got[:-1]] == [(1, "192.0.2.64")]
    assert got[-1].position == 2
    assert got[-1].error is not None and got[-1].error.startswith("malformed or truncated XML")


def test_entity_bomb_is_refused_not_expanded() -> None:
    got = list(nmap.read(DATA / "nmap_entity_bomb.xml"))
    assert len(got) == 1
    assert got[0].error is not None and "refused unsafe XML (EntitiesForbidden)" in got[0].error


def test_external_entity_is_refused() -> None:
    xml = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><nmaprun>&x;</nmaprun>'
    (record,) = nmap.read(io.BytesIO(xml))
    assert record.error is not None and record.error.startswith("refused unsafe XML")


def test_not_xml_at_all() -> None:
    (record,) = nmap.read(io.BytesIO(b'{"ip_str": "192.0.2.1"}\n'))
    assert record.error is not None and record.error.startswith("malformed or truncated XML")


def test_the_os_nmap_names_for_a_service_is_kept_as_a_claim() -> None:
    xml = (
        b'<?xml version="1.0"?><nmaprun><host><address addr="192.0.2.70" addrtype="ipv4"/><ports>'
        b'<port protocol="tcp" portid="23"><state state="open"/><service name="telnet" product="BusyBox telnetd"'
        b' ostype="Linux" devicetype="webcam"/></port></ports></host></nmaprun>'
    )
    [record] = list(nmap.read(io.BytesIO(xml)))
    [obs] = record.observations
    assert (obs.fields["import.os"], obs.fields["import.devicetype"]) == ("Linux", "webcam")


def _ssl_cert_host(output: str) -> bytes:
    return (
        '<?xml version="1.0"?><nmaprun><host><status state="up"/><address addr="192.0.2.9" addrtype="ipv4"/>'
        '<ports><port protocol="tcp" portid="443"><state state="open"/><service name="https"/>'
        f'<script id="ssl-cert" output="{output}"/></port></ports></host></nmaprun>'
    ).encode()


def test_old_ssl_cert_text_names_are_read() -> None:
    xml = _ssl_cert_host("Subject: junk commonName=cam/organizationName=Axis=AB/countryName=SE&#xa;Issuer: o=x")
    (record,) = nmap.read(io.BytesIO(xml))
    assert record.observations[0].fields["tls.subject"] == "CN=cam,O=Axis=AB,C=SE"


def test_a_hostile_subject_line_is_read_in_linear_time() -> None:
    # A pair regex restarting at every character took ~5 s on 20 KB of letters without "=".
    xml = _ssl_cert_host("Subject: " + "a" * 1_000_000)
    started = time.perf_counter()
    (record,) = nmap.read(io.BytesIO(xml))
    check_time(time.perf_counter() - started, 2.0, "a 1 MB subject line")
    assert record.error is None
