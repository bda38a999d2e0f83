"""zgrab2 JSON lines -> one record per target, one observation per module."""

from __future__ import annotations

from pathlib import Path

from camaudit.importers import zgrab2

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def results() -> list[zgrab2.ImportRecord]:
    return list(zgrab2.read(DATA / "zgrab2_results.jsonl"))


def test_camera_http() -> None:
    camera = results()[0]
    assert (camera.ip, camera.port) == ("192.0.2.64", 80)
    (obs,) = camera.observations
    assert (obs.protocol, obs.seen_at) == ("http", "2024-05-06T10:00:00Z")
    assert obs.fields["http.status"] == "401"
    assert obs.fields["http.server"] == "App-webs/"
    assert obs.fields["http.www_authenticate"].startswith("Digest qop=")
    assert obs.fields["http.title"] == "Document Error: Unauthorized"
    assert "X-Frame-Options: SAMEORIGIN" in obs.fields["http.headers"]


def test_https_certificate_from_the_tls_log() -> None:
    https = results()[1]
    assert https.port == 443  # the default port of the https URL zgrab2 requested
    (obs,) = https.observations
    assert obs.protocol == "https"
    assert obs.fields["tls.subject"] == "CN=target,O=ZheJiang Dahua Technology Co.\\, Ltd.,ST=ZheJiang,C=CN"
    assert obs.fields["tls.sha256"].startswith("98e8d282")
    assert obs.fields["http.server"] == "lighttpd/1.4.35"


def test_banner_modules() -> None:
    ssh, telnet, ftp = (r.observations[0] for r in results()[2:5])
    assert ssh.fields == {"ssh.banner": "SSH-2.0-OpenSSH_7.2p2 Ubuntu-4ubuntu2.4"}
    assert telnet.fields == {"telnet.banner": "Ubuntu 16.04.3 LTS\r\n5a3511f30de7 login:"}
    assert ftp.fields == {"ftp.banner": "220 (vsFTPd 3.0.3)"}


def test_timeout_is_readable_but_empty_and_cut_line_is_an_error() -> None:
    got = results()
    assert (got[5].ip, got[5].ok, got[5].observations) == ("198.51.100.99", True, ())
    assert got[6].position == 7
    assert got[6].error is not None and got[6].error.startswith("not JSON")
    assert len(got) == 7


def test_a_header_is_read_whatever_the_case_or_list_it_is_kept_in() -> None:
    # zgrab2 writes the headers of lib/http/header.go's knownHeaders as lower_snake keys and every other one
    # under "unknown" as written on the wire; a file from another zgrab build may spell or file them otherwise.
    response = {"status_code": 401, "headers": {"Server": ["App-webs/"], "unknown": [
        {"key": "WWW-Authenticate", "value": ['Digest realm="IP Camera(C1214)"']}]}, "body": ""}
    target = {"ip": "192.0.2.41", "data": {"http": {"status": "success", "protocol": "http", "port": 80,
              "result": {"response": response}}}}
    (obs,) = zgrab2.parse_target(target, 1).observations
    assert obs.fields["http.server"] == "App-webs/"
    assert obs.fields["http.www_authenticate"] == 'Digest realm="IP Camera(C1214)"'
