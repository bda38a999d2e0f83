"""nmap's normal (-oN) and grepable (-oG) outputs, read by ``--format nmap`` as its XML is read.

``tests/data/importers/nmap-outputs/``: one real nmap 7.93 ``-oA`` run against the lab (its three outputs of the same
scan) and the example of normal output in nmap's manual page (README.md there says where each comes from).
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import FORMATS, ImportRecord
from camaudit.importers.nmap_table import split_version

DATA = Path(__file__).resolve().parents[2] / "data" / "importers" / "nmap-outputs"
read = FORMATS["nmap"]
#: What the normal output does not print of a certificate (ssl-cert prints four name attributes and MD5/SHA-1).
_NOT_IN_TEXT = {"tls.sha256", "tls.serial"}


def _records(name: str) -> list[ImportRecord]:
    return list(read(DATA / name))


def _identity(record: ImportRecord) -> tuple[object, ...]:
    found = identify(record.observations)
    return (found.device_type, found.brand, found.manufacturer, found.model, found.firmware, found.confidence)


def _open_ports(record: ImportRecord) -> set[int | None]:
    return {o.port for o in record.observations if o.port is not None}


def test_normal_output_gives_the_hosts_ports_and_identities_of_the_xml() -> None:
    xml, text = _records("lab_scan.xml"), _records("lab_scan.nmap")
    assert [r.error for r in text] == [None] * 5
    assert [(r.ip, r.port) for r in text] == [(r.ip, r.port) for r in xml]
    for from_xml, from_text in zip(xml, text, strict=True):
        assert _open_ports(from_text) == _open_ports(from_xml)
        assert _identity(from_text) == _identity(from_xml), from_xml.ip
    # The scripts' output reached the same fields: the probe answers of the service fingerprint, the title, the
    # Server header, the RTSP methods.
    for from_xml, from_text in zip(xml, text, strict=True):
        by_port = {o.port: o.fields for o in from_xml.observations}
        for observation in from_text.observations:
            if observation.port is None:
                continue
            want = by_port[observation.port]
            for name in ("http.title", "http.server", "http.body", "http.status", "rtsp.public"):
                assert observation.fields.get(name) == want.get(name), (observation.port, name)


def test_normal_output_loses_only_what_it_does_not_print() -> None:
    xml, text = _records("lab_scan.xml"), _records("lab_scan.nmap")
    hikvision_xml = {o.port: o.fields for o in xml[0].observations}[443]
    hikvision_text = {o.port: o.fields for o in text[0].observations}[443]
    assert set(hikvision_xml) - set(hikvision_text) == _NOT_IN_TEXT
    # The subject as printed: commonName, organizationName, stateOrProvinceName, countryName (no OU, no L).
    assert hikvision_text["tls.subject"] == "CN=www.hikvision.com,O=HIKVISION,ST=ZheJiang,C=CN"
    # "Service Info: Device: webcam" is the host's: what -oX writes on the service is read for the host.
    (host_level,) = [o for o in text[0].observations if o.port is None]
    assert host_level.fields == {"import.devicetype": "webcam"}


def test_grepable_output_gives_the_hosts_and_products_and_nothing_more() -> None:
    xml, grepable = _records("lab_scan.xml"), _records("lab_scan.gnmap")
    assert [r.ip for r in grepable] == [r.ip for r in xml]
    assert [r.position for r in grepable] == [2, 4, 6, 8, 10]
    hikvision = {o.port: o.fields for o in grepable[0].observations}
    # The "/" nmap writes as "|" in -oG ("App-webs|") is turned back.
    assert hikvision == {80: {"import.product": "Hikvision IP camera httpd"}, 443: {"import.product": "App-webs/"},
                         8000: {"import.product": "Hikvision IPCam control port"}}
    assert grepable[1].observations == ()  # Dahua: only scripts and fingerprints named it, and -oG has neither


def test_the_manual_page_example() -> None:
    (record,) = _records("manpage_example.nmap")
    assert (record.position, record.ip, record.error) == (1, "74.207.244.221", None)
    ssh, http, nping, host = record.observations
    assert (ssh.port, ssh.protocol, ssh.fields) == (22, "ssh", {
        "import.product": "OpenSSH", "import.version": "5.3p1 Debian 3ubuntu7", "import.extrainfo": "protocol 2.0"})
    assert http.fields == {"import.product": "Apache httpd", "import.version": "2.2.14", "import.extrainfo": "(Ubuntu)",
                           "http.title": "Go ahead and ScanMe!"}
    assert (nping.port, nping.fields) == (9929, {"import.product": "Nping echo"})  # filtered 646, 1720 left out
    assert host.fields == {
        "import.hostnames": "scanme.nmap.org\nli86-221.members.linode.com",
        "import.devicetype": "general purpose",
        "import.os": "Linux 2.6.39\nLinux",
        "import.cpe": "cpe:/o:linux:linux_kernel:2.6.39\ncpe:/o:linux:kernel",
    }


@pytest.mark.parametrize(("text", "want"), [
    ("Apache httpd 2.4.41 ((Ubuntu))", ("Apache httpd", "2.4.41", "(Ubuntu)")),
    ("Hikvision 7513 POE IP camera rtspd", ("Hikvision 7513 POE IP camera rtspd", None, None)),
    ("HP Color LaserJet MFP M477fdw printer http config (Serial VNB3K12345)",
     ("HP Color LaserJet MFP M477fdw printer http config", None, "Serial VNB3K12345")),
    ("Boa HTTPd 0.94.14rc21", ("Boa HTTPd", "0.94.14rc21", None)),
    ("(only extra)", (None, None, "only extra")),
    ("unbalanced (", ("unbalanced (", None, None)),
    ("", (None, None, None)),
])
def test_version_column_split(text: str, want: tuple[str | None, ...]) -> None:
    assert split_version(text) == want


_HOST = "Nmap scan report for {}\nPORT   STATE SERVICE VERSION\n80/tcp open  http    GoAhead WebServer\n"


def test_a_bad_block_is_one_error_with_its_line_and_the_others_are_kept() -> None:
    text = "# Nmap 7.93 scan\n" + _HOST.format("192.0.2.1") + _HOST.format("<script>x</script>") + \
        "Nmap scan report for 192.0.2.3\nPORT   STATE SERVICE\n99999/tcp open http\n" + _HOST.format("192.0.2.4")
    got = list(read(io.BytesIO(text.encode())))
    assert [(r.position, r.ip, r.error is None) for r in got] == [
        (2, "192.0.2.1", True), (5, None, False), (8, None, False), (11, "192.0.2.4", True)]
    assert got[1].error == "not an IP address: '<script>x</script>'"
    assert got[2].error == "not a port number: '99999'"


def test_an_overlong_line_spoils_only_its_host() -> None:
    text = _HOST.format("192.0.2.1") + "| http-title: " + "A" * (9 * 1024 * 1024) + "\n" + _HOST.format("192.0.2.2")
    got = list(read(io.BytesIO(text.encode())))
    assert [(r.position, r.ip) for r in got] == [(1, None), (5, "192.0.2.2")]
    assert got[0].error == "line 4: line longer than 8388608 bytes"


def test_one_grepable_host_repeated_without_end_stays_within_the_record_cap() -> None:
    # Second read (lead): merged lines of one host were unbounded -- 12 lines of 1 MiB each for one address would
    # have become one 12 MiB record. Past the record cap a line is skipped with its own error; the host is kept.
    ports = ", ".join(f"{p}/open/tcp//http//x/" for p in range(1, 65536))[: 1024 * 1024]
    ports = ports[: ports.rfind(", ")]
    line = "Host: 192.0.2.9 ()\tPorts: " + ports + "\n"
    text = "Host: 192.0.2.9 ()\tStatus: Up\n" + line * 12 + "Host: 192.0.2.10 ()\tStatus: Up\n"
    got = list(read(io.BytesIO(text.encode())))
    errors = [r for r in got if r.error is not None]
    hosts = [r for r in got if r.error is None]
    assert [r.ip for r in hosts] == ["192.0.2.9", "192.0.2.10"]
    assert len(errors) >= 4 and all("more than 8388608 bytes of grepable lines" in (r.error or "") for r in errors)
    assert len({o.port for o in hosts[0].observations if o.port is not None}) > 1000


def test_text_that_is_not_nmap_says_so() -> None:
    (record,) = read(io.BytesIO(b'{"ip_str": "192.0.2.1", "port": 80}\n'))
    assert record.error is not None and "is --format right?" in record.error
    # nmap's own text with no host in it (every host down) is nmap's, and holds no record.
    assert list(read(io.BytesIO(b"# Nmap 7.93 scan initiated\n# Nmap done at x -- 1 IP address (0 hosts up)\n"))) == []


def test_pasted_grepable_with_spaces_for_tabs_and_commas_in_versions() -> None:
    text = ("Host: 192.0.2.7 ()     Status: Up\n"
            "Host: 192.0.2.7 ()     Ports: 554/open/tcp//rtsp//Hikvision 7513 POE IP camera rtspd/, "
            "80/open/tcp//ssl|http//Dahua, Inc. httpd (a, b)/     Ignored State: closed (998)\n")
    (record,) = read(io.BytesIO(text.encode()))
    rtsp, https = record.observations
    assert rtsp.fields == {"import.product": "Hikvision 7513 POE IP camera rtspd"}
    assert (https.protocol, https.fields) == ("https", {"import.product": "Dahua, Inc. httpd",
                                                         "import.extrainfo": "a, b"})


_REAL = (DATA / "lab_scan.nmap").read_text()
_STARTS = [i for i in range(len(_REAL)) if _REAL.startswith("Nmap scan report for ", i)]


@given(st.integers(min_value=0, max_value=len(_REAL)))
def test_a_cut_normal_output_keeps_every_host_before_the_cut(cut: int) -> None:
    whole = list(read(io.BytesIO(_REAL.encode())))
    got = list(read(io.BytesIO(_REAL[:cut].encode())))
    finished = sum(1 for start in _STARTS[1:] if start <= cut)  # a host's block ends where the next one starts
    assert len(got) >= finished
    assert got[:finished] == whole[:finished]


_LINES = st.sampled_from([
    "Nmap scan report for 192.0.2.9", "Nmap scan report for cam (192.0.2.9)", "PORT STATE SERVICE REASON VERSION",
    "80/tcp open http syn-ack ttl 64 App-webs/", "| fingerprint-strings: ", "|   GetRequest: ", "|     HTTP/1.0 200 OK",
    "|_    Server: App-webs/", "| ssl-cert: Subject: commonName=x", "|_http-title: T", "Service Info: Device: webcam",
    "SF-Port80-TCP:V=7.93%r(GetRequest,5,\"HTTP/\")", "SF:x", "MAC Address: 00:11:22:33:44:55 (Unknown)",
    "Host: 192.0.2.9 ()\tPorts: 80/open/tcp//http//x/", "Host script results:", "OS details: a, b",
    "Aggressive OS guesses: A (96%), B (95%)", "Device type: webcam|general purpose",
])


@given(st.lists(st.one_of(_LINES, st.text(max_size=80)), max_size=40))
def test_hostile_text_never_raises(lines: list[str]) -> None:
    # Inside a host's block, where every kind of line is read, and as a file of its own.
    for text in ("\n".join(["Nmap scan report for 192.0.2.9", *lines]), "\n".join(lines)):
        for record in read(io.BytesIO(text.encode())):
            assert record.error is None or not record.observations


def test_normal_output_of_nmap_before_5_20() -> None:
    # nmap before 5.20 opened a host with "Interesting ports on NAME (ADDR):" and prefixed script lines with three
    # characters (output.cc's formatScriptOutput then: "|  " and "|_ "); the block is read as a newer one is.
    text = ("Interesting ports on cam.example (192.0.2.20):\nNot shown: 998 closed ports\n"
            "PORT   STATE SERVICE VERSION\n80/tcp open  http    Boa httpd 0.94.13\n"
            "|  http-headers: \n|    Server: Boa/0.94.13\n|_   WWW-Authenticate: Basic realm=\"IPCAM\"\n"
            "554/tcp open  rtsp\n|_ rtsp-methods: OPTIONS, DESCRIBE, SETUP\n"
            "Interesting ports on 192.0.2.21:\nPORT   STATE SERVICE\n23/tcp open  telnet\n")
    first, second = read(io.BytesIO(text.encode()))
    http, rtsp, host = first.observations
    assert (first.position, first.ip, http.port) == (1, "192.0.2.20", 80)
    assert http.fields["http.server"] == "Boa/0.94.13"
    assert http.fields["http.www_authenticate"] == 'Basic realm="IPCAM"'
    assert rtsp.fields == {"rtsp.public": "OPTIONS, DESCRIBE, SETUP"}
    assert host.fields == {"import.hostnames": "cam.example"}
    assert (second.position, second.ip, second.observations) == (10, "192.0.2.21", ())


def test_grepable_os_field_is_the_os_guess() -> None:
    text = ("Host: 192.0.2.8 ()\tPorts: 80/open/tcp//http//lighttpd 1.4.35/\tIgnored State: closed (999)\t"
            "OS: Linux 2.6.39\tSeq Index: 260\tIP ID Seq: All zeros\n")
    (record,) = read(io.BytesIO(text.encode()))
    http, host = record.observations
    assert http.fields == {"import.product": "lighttpd", "import.version": "1.4.35"}
    assert host.fields == {"import.os": "Linux 2.6.39"}
