"""Censys hosts, legacy Search 2.0 and Platform shapes -> one record per host."""

from __future__ import annotations

from pathlib import Path

from camaudit.importers import censys

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def hosts() -> list[censys.ImportRecord]:
    return list(censys.read(DATA / "censys_hosts.jsonl"))


def test_legacy_host() -> None:
    legacy = hosts()[0]
    assert (legacy.position, legacy.ip, legacy.port, legacy.country) == (1, "198.51.100.7", None, "NL")
    http, rtsp, https = legacy.observations
    assert (http.port, http.protocol, http.transport) == (80, "http", "tcp")
    assert http.seen_at == "2024-10-27T14:44:01.811676766Z"
    assert http.fields["http.status"] == "401"
    assert http.fields["http.server"] == "DNVRS-Webs"
    assert 'realm="DS-7608NI-K2"' in http.fields["http.www_authenticate"]
    assert http.fields["http.title"] == "Document Error: Unauthorized"
    assert http.fields["http.favicon.md5"] == "89a932fcc4bd6e2bbc2ece3f34b5e4e7"
    assert (http.fields["import.vendor"], http.fields["import.product"]) == ("Hikvision", "DS-7608NI-K2")
    assert rtsp.protocol == "rtsp" and rtsp.fields["rtsp.status"] == "401"
    assert https.protocol == "https"
    assert https.fields["tls.subject"] == "CN=198.51.100.7,OU=NVR,O=Hikvision,L=HZ,ST=ZJ,C=CN"
    assert https.fields["http.server"] == "webserver"
    assert https.fields["tls.sha256"].startswith("5f0c")


def test_api_envelope_is_unwrapped() -> None:
    view = hosts()[1]
    assert (view.ip, view.country) == ("198.51.100.8", "US")
    assert view.observations[0].fields == {"ssh.banner": "SSH-2.0-OpenSSH_7.4"}


def test_platform_host() -> None:
    platform = hosts()[2]
    assert (platform.ip, platform.country) == ("203.0.113.44", "JP")
    web, rtsp, https, https_login, snmp = platform.observations
    assert web.fields["http.server"] == "Webs"
    assert web.fields["http.title"] == "WEB SERVICE"
    assert web.fields["http.path"] == "/"
    assert web.fields["http.favicon.md5"] == "7b4fbc9b1e9a1d4a0b4f1e2d3c4b5a69"
    assert web.fields["http.favicon.mmh3"] == "2019488876"
    assert web.fields["import.product"] == "web_service\nip_camera"
    assert rtsp.fields["rtsp.server"] == "Rtsp Server/3.0"
    assert rtsp.fields["rtsp.public"].startswith("OPTIONS, DESCRIBE, ANNOUNCE")
    assert https.fields["tls.subject"] == "CN=203.0.113.44,O=Dahua,L=HangZhou,ST=ZheJiang,C=CN"
    assert https_login.port == 443 and https_login.fields == {
        "http.path": "/RPC2_Login",
        "http.status": "200",
    }
    assert (snmp.transport, snmp.fields["snmp.sysdescr"]) == ("udp", "DH-IPC-HFW2431S")


def test_host_without_ip_is_an_error_record() -> None:
    broken = hosts()[3]
    assert (broken.position, broken.error) == (4, "cannot interpret Censys host: no ip")


def test_search_export_array() -> None:
    got = list(censys.read(DATA / "censys_search_export.json"))
    assert [(r.position, r.ip, len(r.observations)) for r in got] == [
        (1, "198.51.100.7", 3),
        (2, "198.51.100.9", 0),
    ]
