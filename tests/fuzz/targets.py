"""Every parser that reads bytes from a device or a file, as one fuzz target each, with what it must keep true.

One registry serves both fuzzers: the Hypothesis properties in ``make test`` (``test_properties.py``,
bounded examples) and the atheris harness in ``make fuzz`` (``atheris_run.py``, coverage-guided, longer).
A target is ``name -> (check, seeds)``: ``check(data)`` runs the parser on ``data`` and raises
``AssertionError`` when a property breaks (any other exception is a crash); ``seeds`` are real or
realistic inputs the fuzzers mutate, so they reach deep into each format.

Adding a parser is one entry in :data:`TARGETS` below -- nothing else changes (passive analysis's pcap, pcapng
and Zeek readers are in ``passive_targets.py``).
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import ipaddress
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from tests.fuzz.passive_targets import capture_check, capture_seeds, zeek_check, zeek_seeds

from camaudit.importers import FORMATS
from camaudit.lab.tlscert import certificate_pem
from camaudit.protocols import dahua_legacy, dhip, pppp, sadp, sip, ssdp, wsdiscovery, xmeye
from camaudit.protocols.certificate import certificate_fields
from camaudit.protocols.http import MAX_TITLE_CHARS, html_title
from camaudit.protocols.http_body import MAX_INFLATED, body_text, dechunk, decoded_body
from camaudit.scan.discovery import upnp
from camaudit.scan.http_client import HttpResponse, parse_head
from camaudit.scan.net import ProbeError
from camaudit.scan.probes import axis, dahua, hikvision, onvif, rtsp, snmp
from camaudit.scan.probes.http import redirect_target, response_fields

ROOT = Path(__file__).resolve().parents[2]
PROFILES = ROOT / "src" / "camaudit" / "lab" / "profiles"
IMPORTS = ROOT / "tests" / "data" / "importers"
#: Longest field value any parser may return (device text is capped where it is read).
MAX_VALUE = 1 << 20

Check = Callable[[bytes], None]


def _fields(value: Any) -> None:
    """The common contract: ``None`` or a mapping of text to text, every value bounded."""
    if value is None:
        return
    assert isinstance(value, Mapping), type(value)
    for key, text in value.items():
        assert isinstance(key, str) and isinstance(text, str), (key, text)
        assert len(text) <= MAX_VALUE, (key, len(text))


def _returns_fields(parse: Callable[[bytes], Any]) -> Check:
    return lambda data: _fields(parse(data))


def _head(data: bytes) -> None:
    try:
        status, _reason, headers, _block = parse_head(data)
    except ProbeError:
        return  # the documented refusal: "not an HTTP/RTSP reply"
    assert status >= 0 and all(isinstance(k, str) and isinstance(v, str) for k, v in headers)


def _sip(data: bytes) -> None:
    """A SIP answer (the live probe's and the importers' one reader): fields within the field cap, ``sip.*`` only."""
    text = sip.decode(data)
    fields = sip.answer_fields(text)
    _fields(fields)
    assert all(key.startswith("sip.") and len(value) <= 8 * 1024 for key, value in fields.items()), fields
    sip.call_id(text)


def _rtsp(data: bytes) -> None:
    try:
        _fields(rtsp.rtsp_fields(data))
    except ProbeError:
        return


def _http_page(data: bytes) -> None:
    head, _, body = data.partition(b"\r\n\r\n")
    try:
        status, reason, headers, block = parse_head(head)
    except ProbeError:
        return
    resp = HttpResponse(status, reason, headers, block, body[:65536])
    _fields(response_fields(resp, "/"))
    target = redirect_target(resp, "/")
    assert target is None or (target.startswith("/") and "\r" not in target and "\n" not in target)
    title = html_title(body_text(body))
    assert title is None or len(title) <= MAX_TITLE_CHARS


def _chunked(data: bytes) -> None:
    found = dechunk(data)
    assert found is None or len(found[0]) <= len(data)


def _content_coding(data: bytes) -> None:
    for coding in ("gzip", "deflate", "gzip, deflate"):
        assert len(decoded_body(data, f"Content-Encoding: {coding}\nTransfer-Encoding: chunked")) <= max(
            len(data), MAX_INFLATED)


def _wsd(data: bytes) -> None:
    for fields in wsdiscovery.parse_message(data):
        _fields(fields)


def _scopes(data: bytes) -> None:
    scopes = onvif.parse_scopes(data)
    assert len(scopes) <= onvif.MAX_SCOPES and all(isinstance(s, str) for s in scopes)


def _system_time(data: bytes) -> None:
    when = onvif.parse_system_time(data)
    assert when is None or len(when) == 20


def _fault(data: bytes) -> None:
    assert isinstance(onvif.is_fault(data), bool)


def _snmp(data: bytes) -> None:
    _fields(snmp.parse_response(data))


def _importer(name: str) -> Check:
    def check(data: bytes) -> None:
        for stream in (io.BytesIO(data), io.BytesIO(gzip.compress(data, 1))):
            for record in FORMATS[name](stream):
                assert record.position >= 1
                assert record.error is None or record.observations == (), "an unreadable record must not count"
                for ip in {record.ip, *(o.ip for o in record.observations)} - {None}:
                    assert str(ipaddress.ip_address(ip)) == ip, f"invalid address {ip!r} came out"
                for obs in record.observations:
                    _fields(obs.fields)

    return check


def _read(path: Path) -> bytes:
    return path.read_bytes() if path.is_file() else b""


def _seeds_http() -> list[bytes]:
    pages = [_read(PROFILES / "_shared" / "hikvision-web" / "index.html"), _read(PROFILES / "axis-ipc" / "index.html")]
    head = b"HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Type: text/html\r\nLocation: /doc/page/login.asp\r\n\r\n"
    return [head + page for page in pages] + [b"HTTP/1.1 302 Found\r\nLocation: http://192.0.2.1:8080/x\r\n\r\n"]


_ONVIF = (
    b'<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    b'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body><tds:GetDeviceInformationResponse>'
    b"<tds:Manufacturer>HIKVISION</tds:Manufacturer><tds:Model>DS-2CD2032F-I</tds:Model>"
    b"<tds:FirmwareVersion>V5.4.0 build 160401</tds:FirmwareVersion><tds:SerialNumber>DS-2CD2032F-I20160101</tds:SerialNumber>"
    b"</tds:GetDeviceInformationResponse><tds:GetScopesResponse><tds:Scopes><tt:ScopeItem xmlns:tt=\"x\">"
    b"onvif://www.onvif.org/hardware/DS-2CD2032F-I</tt:ScopeItem></tds:Scopes></tds:GetScopesResponse>"
    b"</s:Body></s:Envelope>"
)
_WSD = (
    b'<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
    b'xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Body><d:ProbeMatches><d:ProbeMatch>'
    b"<d:Types>dn:NetworkVideoTransmitter</d:Types><d:Scopes>onvif://www.onvif.org/name/HIKVISION "
    b"onvif://www.onvif.org/hardware/DS-2CD2032F-I</d:Scopes><d:XAddrs>http://192.0.2.64/onvif/device_service</d:XAddrs>"
    b"</d:ProbeMatch></d:ProbeMatches></s:Body></s:Envelope>"
)
_DHIP_BODY = json.dumps({"mac": "08:ed:ed:3a:4b:5c", "method": "client.notifyDevInfo", "params": {"deviceInfo": {
    "DeviceClass": "NVR", "DeviceType": "DHI-NVR4108HS-4KS2", "IPv4Address": {"IPAddress": "192.0.2.8"},
    "SerialNo": "7G0A2B3PAZ1C2D4", "Vendor": "Dahua", "Version": "4.001.0000000.3.R"}}}).encode()
_XMEYE = (b"\xff\x01\x00\x00" + b"\x00" * 10 + b"\xfb\x05" + b"\x00" * 4
          + b'{ "NetWork.NetCommon" : { "HostIP" : "0x4001A8C0", "MAC" : "00:12:41:aa:bb:cc", "SN" : "x" }, "Ret" : 100 }')
_SSDP = (b"HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nLOCATION: http://192.0.2.5:49152/rootDesc.xml\r\n"
         b"SERVER: Linux/2.6 UPnP/1.0 IPCamera/1.0\r\nST: upnp:rootdevice\r\nUSN: uuid:x::upnp:rootdevice\r\n\r\n")
_UPNP = (b'<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><device><manufacturer>AXIS</manufacturer>'
         b"<modelName>P3245-LVE</modelName><serialNumber>ACCC8E000000</serialNumber></device></root>")
_HIK_SDK = bytes.fromhex("00000010 00000007 00000007 00000000")


def _certificate() -> bytes:
    """A camera-like self-signed certificate, DER (the lab makes it the way a factory certificate looks)."""
    pem = certificate_pem("CN=192.0.2.64,O=Hikvision,C=CN", None, dt.date(2019, 1, 1), dt.date(2037, 1, 1))
    return x509.load_pem_x509_certificate(pem).public_bytes(Encoding.DER)


def _importer_seeds(*names: str) -> list[bytes]:
    """Seed files: importer fixtures, or (``heldout_formats/...``) the held-out corpora in the format's variants."""
    return [_read(IMPORTS / name if "/" not in name else IMPORTS.parent / name) for name in names]


#: name -> (check, seed inputs). The one place to add a parser.
TARGETS: dict[str, tuple[Check, list[bytes]]] = {
    "http-head": (_head, [b"HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n", b"RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n\r\n"]),
    "http-page": (_http_page, _seeds_http()),
    "http-chunked": (_chunked, [b"4\r\nWiki\r\n5\r\npedia\r\n0\r\n\r\n"]),
    "http-content-coding": (_content_coding, [gzip.compress(b"<title>IP Camera</title>"),
                                              b"8\r\n" + gzip.compress(b"<title>IP Camera</title>")[:8] + b"\r\n0\r\n\r\n"]),
    "rtsp": (_rtsp, [b"RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Hikvision\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n"]),
    "tls-certificate": (_returns_fields(certificate_fields), [_certificate()]),
    "sip": (_sip, [b"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bK1;received=192.0.2.1\r\n"
                   b"Call-ID: a@192.0.2.1\r\nCSeq: 1 OPTIONS\r\nUser-Agent: 2N IP Verso 2.50.0.76.2\r\n"
                   b"WWW-Authenticate: Digest realm=\"2N\", nonce=\"1\"\r\nContent-Length: 0\r\n\r\n"]),
    "sadp": (_returns_fields(sadp.parse_reply), [_read(PROFILES / "hikvision-ipc" / "sadp.xml")]),
    "dhip": (_returns_fields(dhip.parse_reply), [dhip.frame(_DHIP_BODY)]),
    "dahua-5050": (_returns_fields(dahua_legacy.parse_reply),
                   [b"\xb3" + b"\x00" * 0x27 + b"DVR" + b"\x00" * 13 + b"\x00" * 16 + b"MAC:00:12:34:56:78:9a\r\n"]),
    "dahua-dvrip": (_returns_fields(dahua.parse_dvrip_realm), [b"\xb0" + b"\x00" * 31 + b"Realm:Login to 7G0A\r\n"]),
    "dahua-rpc2": (_returns_fields(dahua.parse_rpc2_challenge),
                   [b'{"error":{"code":268632079},"params":{"realm":"Login to x","random":"1","mac":"08eded3a4b5c"}}']),
    "xmeye": (_returns_fields(xmeye.parse_reply), [_XMEYE]),
    # A PUNCH_PKT laid out as lansearch.py and pppp_dissect.lua read it (prefix VSTC, an invented serial and check).
    "p2p-lan-search": (_returns_fields(pppp.parse_reply),
                       [bytes.fromhex("f1410014 56535443 00000000 00075e61 4b505457 58000000")]),
    "ws-discovery": (_wsd, [_WSD]),
    "onvif-device-info": (_returns_fields(onvif.parse_device_information), [_ONVIF]),
    "onvif-scopes": (_scopes, [_ONVIF]),
    "onvif-time": (_system_time, [_ONVIF]),
    "onvif-fault": (_fault, [_ONVIF]),
    "ssdp": (_returns_fields(ssdp.parse_reply), [_SSDP]),
    "upnp-description": (_returns_fields(upnp.parse_description), [_UPNP]),
    "snmp-ber": (_snmp, [snmp.build_get("public", 1)]),
    "hikvision-sdk": (_returns_fields(hikvision.parse_hik_sdk), [_HIK_SDK]),
    "hikvision-isapi": (_returns_fields(hikvision.parse_hik_device_info),
                        [b'<DeviceInfo xmlns="http://www.hikvision.com/ver20/XMLSchema"><model>DS-2CD</model></DeviceInfo>']),
    "axis-properties": (_returns_fields(axis.parse_axis_properties), [_read(PROFILES / "axis-ipc" / "basicdeviceinfo.json")]),
    "import-shodan": (_importer("shodan"), _importer_seeds("shodan_banners.jsonl", "shodan_array.json",
                                                           "heldout_formats/variants-host.shodan.jsonl")),
    "import-censys": (_importer("censys"), _importer_seeds("censys_hosts.jsonl", "censys_search_export.json")),
    "import-nmap": (_importer("nmap"), _importer_seeds("nmap_cameras.xml", "heldout_formats/variants-banner.nmap.xml",
                                                       "heldout_formats/variants-xml.masscan.xml")),
    "import-masscan": (_importer("masscan"), _importer_seeds("masscan_oD.ndjson", "masscan_oJ.json",
                                                             "heldout_formats/variants-list.masscan.txt",
                                                             "heldout_formats/variants-xml.masscan.xml")),
    "import-zgrab2": (_importer("zgrab2"), _importer_seeds("zgrab2_results.jsonl")),
    "import-jsonl": (_importer("jsonl"), _importer_seeds("observations.jsonl", "heldout_formats/variants-raw.jsonl.jsonl")),
    "passive-capture": (capture_check(_fields), capture_seeds()),
    "passive-zeek": (zeek_check(_fields), zeek_seeds()),
}
