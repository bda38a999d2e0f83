"""Stored replies are read by what they contain, whatever port or module the scanner filed them under.

Fixtures are real public replies: ``../shared/data`` (see its SOURCES.md) and short strings quoted from public
repositories, each named where it is used.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import censys, masscan, shodan, zgrab2
from camaudit.importers.base import ImportRecord
from camaudit.importers.sniff import MAX_SNIFF_CHARS, document_fields, sniff
from camaudit.model import is_video_device

# github:bboozzoo/gupnp-test/README.md -- a GUPnP NOTIFY from a Linux desktop (not a camera).
GUPNP_NOTIFY = (
    "NOTIFY * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nCache-Control: max-age=1800\r\n"
    "Location: http://192.168.1.136:55016/1a6c9157-162a-4787-b5cf-4b91be2cc454.xml\r\n"
    "Server: Linux/3.19.2-1-ARCH UPnP/1.0 GUPnP/0.20.13\r\nNTS: ssdp:alive\r\nNT: upnp:rootdevice\r\n"
    "USN: uuid:1a6c9157-162a-4787-b5cf-4b91be2cc454::upnp:rootdevice\r\n\r\n"
)
# github:julienblitte/UniversalScanner/UniversalScanner/Hikvision.selftest@1da5548981aa (a SADP ProbeMatch,
# values anonymised by its author; shortened here to the elements that matter).
SADP = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<ProbeMatch><Uuid>11223344-5566-7788-9900-112233445566</Uuid>\n'
    "<Types>inquiry</Types>\n<DeviceType>123456</DeviceType>\n<DeviceDescription>Virtual</DeviceDescription>\n"
    "<DeviceSN>Virtual-123456789</DeviceSN>\n<CommandPort>8000</CommandPort>\n<HttpPort>80</HttpPort>\n"
    "<MAC>00-11-22-33-44-55</MAC>\n<SoftwareVersion>V1.0build 200101</SoftwareVersion>\n"
    "<Activated>true</Activated>\n</ProbeMatch>\n"
)


def _shodan(data: str, port: int, module: str = "", **extra: object) -> ImportRecord:
    banner = {"ip_str": "198.51.100.7", "port": port, "data": data, "_shodan": {"module": module}, **extra}
    return shodan.parse_banner(banner, 1)


def _declared(fields: Mapping[str, str], source: str) -> None:
    for name, value in fields.items():
        declared = field(name)
        assert declared is not None, name
        assert declared.filled_by(source), (name, source)
        assert declared.accepts(value), (name, value)


def test_dhip_json_on_any_port_fills_the_dhip_fields(shared_data: Path) -> None:
    reply = json.loads((shared_data / "dahua" / "real_announcement_IPC-B54IR-Z4E-S3.json").read_text())
    record = _shodan(json.dumps(reply), 37810)
    obs = record.observations[0]
    assert obs.protocol == "dhip"
    assert obs.fields["dhip.DeviceType"] == "IPC-B54IR-Z4E-S3"
    assert obs.fields["dhip.SerialNo"] == "CC10BD8PAGCF779"
    assert obs.fields["mac"] == "98:f9:cc:af:59:0d"
    _declared(obs.fields, "import:shodan")
    identity = identify(record.observations)
    assert identity.manufacturer == "dahua" and identity.model == "IPC-B54IR-Z4E-S3"


def test_ws_discovery_probe_match_in_a_banner(shared_data: Path) -> None:
    xml = (shared_data / "wsdiscovery" / "probe_response.xml").read_text()
    obs = _shodan(xml, 3702, "").observations[0]
    assert obs.protocol == "wsd"
    assert "onvif://www.onvif.org/Model/631GA" in obs.fields["onvif.scope"].split("\n")
    assert obs.fields["onvif.xaddrs"] == "http://192.168.1.104:80/onvif/device_service"
    _declared(obs.fields, "import:shodan")
    assert is_video_device(identify([obs]).device_type)


#: The declaration of Axis's event topics that every answer of agsh/onvif's camera mock carries (it was recorded from
#: an Axis camera, whose firmware declares them on every envelope).
AXIS_TOPICS = ' xmlns:tnsaxis="http://www.axis.com/2009/event/topics"'


def test_onvif_answer_in_an_http_body_keeps_an_unknown_maker(shared_data: Path) -> None:
    soap = (shared_data / "onvif-mock-responses" / "GetDeviceInformation.xml").read_text()
    # Without Axis's topics (removed here: an edit of the published answer) only the Manufacturer field names a maker.
    assert soap.count(AXIS_TOPICS) == 1
    record = _shodan("HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n\r\n", 80, "http",
                     http={"status": 200, "html": soap.replace(AXIS_TOPICS, "")})
    obs = record.observations[0]
    assert obs.fields["onvif.device_info.manufacturer"] == "Mockup Manufacturer"
    assert obs.fields["onvif.device_info.model"] == "Mockup Model"
    _declared(obs.fields, "import:shodan")
    identity = identify(record.observations)
    # A maker camaudit does not know is kept as the self-reported brand, and the device is still video.
    assert identity.brand == "mockup-manufacturer" and identity.manufacturer is None
    assert is_video_device(identity.device_type)


def test_an_enveloped_device_information_answer_keeps_its_makers_namespaces_like_every_onvif_answer(
    shared_data: Path,
) -> None:
    """The device-information reader records the makers' namespaces of its envelope, as the reader of every other ONVIF
    answer and the live probe do: the mock's GetDeviceInformation and GetSystemDateAndTime answers, both from one Axis
    camera, give the same list, and Axis's own topics name the maker behind the self-reported "Mockup Manufacturer"
    (as the live probe reading the same envelope does)."""
    http = "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n\r\n"
    folder = shared_data / "onvif-mock-responses"
    information = _shodan(http, 80, "http", http={"status": 200, "html": (folder / "GetDeviceInformation.xml").read_text()})
    time_answer = _shodan(http, 80, "http", http={"status": 200, "html": (folder / "GetSystemDateAndTime.xml").read_text()})
    listed = information.observations[0].fields.get("onvif.namespaces")
    assert listed is not None and "http://www.axis.com/2009/event/topics" in listed.split("\n")
    assert time_answer.observations[0].fields.get("onvif.namespaces") == listed
    identity = identify(information.observations)
    assert (identity.manufacturer, identity.brand) == ("axis", "mockup-manufacturer"), identity.attribution
    assert identity.model == "Mockup Model"


def test_ssdp_notify_fills_the_upnp_fields_and_is_not_a_camera() -> None:
    record = _shodan(GUPNP_NOTIFY, 1900, "upnp")
    obs = record.observations[0]
    assert obs.protocol == "ssdp"
    assert obs.fields["upnp.server"] == "Linux/3.19.2-1-ARCH UPnP/1.0 GUPnP/0.20.13"
    assert obs.fields["upnp.st"] == "upnp:rootdevice"
    assert obs.fields["upnp.location"].endswith(".xml")
    _declared(obs.fields, "import:shodan")
    assert not is_video_device(identify(record.observations).device_type)


def test_sadp_in_every_scan_format() -> None:
    shodan_obs = _shodan(SADP, 37020).observations[0]
    censys_obs = censys.parse_host({"ip": "198.51.100.8", "services": [
        {"port": 37020, "transport_protocol": "UDP", "service_name": "UNKNOWN", "banner": SADP}]}, 1).observations[0]
    zgrab_obs = zgrab2.parse_target({"ip": "198.51.100.9", "data": {"sadp": {
        "status": "success", "protocol": "banner", "port": 37020, "result": {"banner": SADP}}}}, 1).observations[0]
    line = json.dumps({"ip": "198.51.100.10", "timestamp": "1700000000", "port": 37020, "proto": "udp",
                       "rec_type": "banner", "data": {"service_name": "unknown", "banner": SADP}})
    masscan_obs = next(iter(masscan.read(io.BytesIO(line.encode() + b"\n")))).observations[0]
    for obs, source in ((shodan_obs, "shodan"), (censys_obs, "censys"), (zgrab_obs, "zgrab2"), (masscan_obs, "masscan")):
        assert obs.protocol == "sadp", source
        assert obs.fields["sadp.DeviceSN"] == "Virtual-123456789", source
        assert obs.fields["mac"] == "00:11:22:33:44:55", source
        assert "banner" not in obs.fields, source
        _declared(obs.fields, f"import:{source}")
        identity = identify([obs])
        assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type), source


def test_rtsp_reply_is_read_whole_under_any_module() -> None:
    # RTSP head and SDP shaped as in RFC 2326 section 10.2 and the Hikvision replies quoted in
    # docs/knowledge-sources.md; the module name says nothing about RTSP.
    reply = (
        "RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\n"
        "Content-Base: rtsp://192.0.2.10:554/Streaming/Channels/101/\r\nContent-Length: 120\r\n\r\n"
        "v=0\r\no=- 1109162014219182 1109162014219192 IN IP4 192.0.2.10\r\ns=Media Presentation\r\n"
        "a=control:*\r\nm=video 0 RTP/AVP 96\r\na=control:trackID=1\r\n"
    )
    obs = _shodan(reply, 8554, "http-simple-new").observations[0]
    assert obs.protocol == "rtsp"
    assert obs.fields["rtsp.content_base"].startswith("rtsp://192.0.2.10:554/Streaming/Channels/101")
    assert "s=Media Presentation" in obs.fields["rtsp.sdp"]


def test_greetings_go_to_their_own_fields() -> None:
    fields: dict[str, str] = {}
    assert sniff("220 AXIS M1054 Network Camera 5.40.9.2 (2014) ready.\r\n", fields, port=2121) == "ftp"
    assert fields == {"ftp.banner": "220 AXIS M1054 Network Camera 5.40.9.2 (2014) ready."}
    fields = {}
    assert sniff("220 mail.example.org ESMTP Postfix\r\n", fields, port=25) == "smtp"
    assert fields == {"banner": "220 mail.example.org ESMTP Postfix"}
    fields = {}
    assert sniff("SSH-2.0-dropbear_2019.78\r\nKey type: ssh-rsa", fields) == "ssh"
    assert fields == {"ssh.banner": "SSH-2.0-dropbear_2019.78"}
    assert sniff("some unknown binary \x01\x02", {}) is None


def test_entities_are_refused_not_expanded() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        "<root xmlns=\"urn:schemas-upnp-org:device-1-0\"><device><manufacturer>&b;</manufacturer></device></root>"
    )
    fields: dict[str, str] = {}
    assert document_fields(bomb, fields) is None
    assert fields == {}


def test_only_the_capped_prefix_is_read() -> None:
    fields: dict[str, str] = {}
    # A description that starts past the cap is not parsed at all.
    sniff(" " * MAX_SNIFF_CHARS + SADP, fields)
    assert fields == {}


_PREFIXES = st.sampled_from([
    "", "RTSP/1.0 200 OK\r\n", "HTTP/1.1 200 OK\r\nST: x\r\nUSN: uuid:", "NOTIFY * HTTP/1.1\n", "v=0\r\n",
    "SSH-2.0-", "220 ", "<ProbeMatch>", "<?xml version='1.0'?><root xmlns='urn:schemas-upnp-org:device-1-0'><device>",
    "<s:Envelope xmlns:s='http://www.w3.org/2003/05/soap-envelope'><s:Body>", '{"params":{"deviceInfo":{',
    '{"NetWork.NetCommon":{"HostIP":"0x', " \x00\x00\x00DHIP" + "\x00" * 24 + '{"mac":"', "\xff" * 20 + "{",
    '<!DOCTYPE r [<!ENTITY a "b">]><r>&a;', "[" * 5000, "{" * 5000,
    "Server: x\r\nCSeq: 1\r\n", "WWW-Authenticate: Basic realm=\"a\"\nST: b\n", "RTSP/1.0 200 OK\\r\\nCSeq: 1\\x",
    "HTTP/1.1 401\\r\\nServer: \\", "Date: " + "a" * 3000 + "\nX:",
])


@settings(max_examples=300, deadline=None)
@given(prefix=_PREFIXES, body=st.text(max_size=400), port=st.none() | st.integers(1, 65535),
       hint=st.sampled_from(["", "ftp", "telnet", "upnp", "http", "onvif"]))
def test_sniffing_never_raises_and_fills_only_declared_fields(prefix: str, body: str, port: int | None,
                                                              hint: str) -> None:
    fields: dict[str, str] = {}
    protocol = sniff(prefix + body, fields, port=port, hint=hint)
    document_fields(prefix + body, fields)
    assert protocol is None or isinstance(protocol, str)
    for name, value in fields.items():
        declared = field(name)
        assert declared is not None and declared.filled_by("import:shodan"), name
        assert declared.accepts(value), (name, value)
        assert len(value) <= MAX_SNIFF_CHARS


@settings(max_examples=100, deadline=None)
@given(body=st.text(max_size=300))
def test_every_importer_survives_hostile_banners(body: str) -> None:
    for data in (body, "<ProbeMatch>" + body, '{"params":{"deviceInfo":' + body, "RTSP/1.0 200 OK\r\n" + body):
        assert _shodan(data, 37020).ok
        assert censys.parse_host({"ip": "198.51.100.8", "services": [{"port": 1, "banner": data}]}, 1).ok
        assert zgrab2.parse_target({"ip": "198.51.100.9", "data": {"b": {"protocol": "banner",
                                                                         "result": {"banner": data}}}}, 1).ok
