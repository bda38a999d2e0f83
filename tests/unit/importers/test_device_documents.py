"""A device's own information page, stored by a scanner as an HTTP body, is read as fields and names the device.

Each document is quoted from the public source named above it (a client library's recorded answer or test
fixture, or the maker's API documentation): the same strings a camera sends.
"""

from __future__ import annotations

from collections.abc import Mapping

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.importers.device_documents import json_document_fields, text_document_fields, xml_document_fields
from camaudit.importers.sniff import document_fields, sniff
from camaudit.model import is_video_device

# github:MissiaL/hikvision-client/tests/fixtures/cassettes/test_auth_firmware_v5_5@cf29e88cdf5a -- a recorded
# /ISAPI/System/deviceinfo answer of a DS-2CD2155FWD-I (its serial and MAC masked with X by the recorder).
HIKVISION_ISAPI = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<DeviceInfo version="2.0" xmlns="http://www.hikvision.com/ver20/'
    'XMLSchema">\r\n<deviceName>IP CAMERA</deviceName>\r\n<deviceID>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</deviceID>'
    "\r\n<deviceDescription>IPCamera</deviceDescription>\r\n<deviceLocation>hangzhou</deviceLocation>\r\n"
    "<systemContact>Hikvision.China</systemContact>\r\n<model>DS-2CD2155FWD-I</model>\r\n"
    "<serialNumber>DS-2CD2155FWD-XXXXXXXXXXXXXXXXXXXXX</serialNumber>\r\n<macAddress>XX:XX:XX:XX:XX:XX</macAddress>"
    "\r\n<firmwareVersion>V5.5.0</firmwareVersion>\r\n<firmwareReleasedDate>build 170725</firmwareReleasedDate>\r\n"
    "<encoderVersion>V7.3</encoderVersion>\r\n<encoderReleasedDate>build 170627</encoderReleasedDate>\r\n"
    "<bootVersion>V1.3.4</bootVersion>\r\n<bootReleasedDate>100316</bootReleasedDate>\r\n"
    "<hardwareVersion>0x0</hardwareVersion>\r\n<deviceType>IPCamera</deviceType>\r\n<telecontrolID>88</telecontrolID>"
    "\r\n<supportBeep>false</supportBeep>\r\n<supportVideoLoss>false</supportVideoLoss>\r\n"
    "<firmwareVersionInfo>B-R-G1-0</firmwareVersionInfo>\r\n</DeviceInfo>\r\n"
)
# github:Kane610/axis/tests/parameters/test_brand.py@4c805d08d301 (BRAND_RESPONSE) and
# tests/parameters/test_properties.py@026d56cae0e3 (PROPERTY_RESPONSE, the lines that identify the device).
AXIS_PARAMS = (
    "root.Brand.Brand=AXIS\nroot.Brand.ProdFullName=AXIS M1065-LW Network Camera\nroot.Brand.ProdNbr=M1065-LW\n"
    "root.Brand.ProdShortName=AXIS M1065-LW\nroot.Brand.ProdType=Network Camera\nroot.Brand.ProdVariant=\n"
    "root.Brand.WebURL=http://www.axis.com\nroot.Properties.Firmware.BuildDate=Feb 15 2019 09:42\n"
    "root.Properties.Firmware.BuildNumber=26\nroot.Properties.Firmware.Version=9.10.1\n"
    "root.Properties.System.SerialNumber=ACCC12345678\nroot.Properties.System.Soc=Ambarella S2L (Flattened Device Tree)"
)
# github:Kane610/axis/tests/test_basic_device_info.py@043040a67d3d (response_getAllProperties of basicdeviceinfo.cgi).
AXIS_BASIC_DEVICE_INFO = (
    '{"apiVersion": "1.1", "data": {"propertyList": {"Architecture": "armv7hf", "ProdNbr": "M1065-LW", '
    '"HardwareID": "70E", "Version": "9.80.1", "ProdFullName": "AXIS M1065-LW Network Camera", "Brand": "AXIS", '
    '"ProdType": "Network Camera", "Soc": "Ambarella S2L (Flattened Device Tree)", "SocSerialNumber": "", '
    '"WebURL": "http://www.axis.com", "ProdVariant": "", "SerialNumber": "ACCC12345678", '
    '"ProdShortName": "AXIS M1065-LW", "BuildDate": "Apr 29 2020 06:50"}}}'
)
# github:tchellomello/python-amcrest/src/amcrest/system.py@049ad3304f12 reads magicBox.cgi?action=getSystemInfo
# ("serial number, device type, processor"); the answer of an Amcrest IP4M-1041B as a client library quotes it
# (appAutoStart, deviceType, hardwareVersion, processor, serialNumber, updateSerial lines).
DAHUA_SYSTEM_INFO = (
    "appAutoStart=true\r\ndeviceType=IP4M-1041B\r\nhardwareVersion=1.00\r\nprocessor=SSC327DE\r\n"
    "serialNumber=12345\r\nupdateSerial=IPC-AW46WN-S2\r\n"
)
# github:ReolinkCameraAPI/reolinkapipy/examples/response/GetDevInfo.json@3f6e0b2b7e91
REOLINK_GETDEVINFO = (
    '[\n  {\n    "cmd": "GetDevInfo",\n    "code": 0,\n    "value": {\n      "DevInfo": {\n        "B485": 0,\n'
    '        "IOInputNum": 0,\n        "IOOutputNum": 0,\n        "audioNum": 0,\n        "buildDay": "build 18081408",\n'
    '        "cfgVer": "v2.0.0.0",\n        "channelNum": 1,\n        "detail": "IPC_3816M100000000100000",\n'
    '        "diskNum": 1,\n        "firmVer": "v2.0.0.1389_18081408",\n        "hardVer": "IPC_3816M",\n'
    '        "model": "RLC-411WS",\n        "name": "Camera1_withpersonality",\n        "serial": "00000000000000",\n'
    '        "type": "IPC",\n        "wifi": 1\n      }\n    }\n  }\n]\n'
)
# github:autolog/Foscam_HD_Controller/foscamHD.indigoPlugin/Contents/Server%20Plugin/responseFromCamera.py@8468dbffeca4
# reads getDevInfo's CGI_Result elements productName, serialNo, devName, mac, firmwareVer, hardwareVer; the
# values are a Foscam C1's as a client library's test quotes them.
FOSCAM_GETDEVINFO = (
    "<CGI_Result><result>0</result><productName>C1+V3</productName><serialNo>X</serialNo><devName>My%5FCam</devName>"
    "<firmwareVer>2.82.2.35</firmwareVer><hardwareVer>1.12.5.4</hardwareVer></CGI_Result>"
)
# https://wiki.2n.com/hip/hapi/latest/en/5-prehled-funkci-http-api/5-1-api-system/5-1-1-api-system-info (the
# documented example answer of /api/system/info, its first keys).
TWO_N_SYSTEM_INFO = (
    '{\n  "success" : true,\n  "result" : {\n    "devType" : "2-14-0-0",\n    "variant" : "2N IP Verso",\n'
    '    "variantId" : 14,\n    "customerId" : 0,\n    "serialNumber" : "00-0000-0005",\n'
    '    "macAddr" : "FC-1E-B3-00-00-05",\n    "hwVersion" : "570v1",\n    "swVersion" : "2.35.0.45.0",\n'
    '    "buildType" : "dev"\n  }\n}'
)
#: name -> (body, Content-Type), as a scanner stores the page.
DOCS = {
    "hikvision": (HIKVISION_ISAPI, "application/xml"),
    "axis": (AXIS_PARAMS, "text/plain"),
    "axis-json": (AXIS_BASIC_DEVICE_INFO, "application/json"),
    "dahua": (DAHUA_SYSTEM_INFO, "text/plain"),
    "reolink": (REOLINK_GETDEVINFO, "application/json"),
    "foscam": (FOSCAM_GETDEVINFO, "text/xml"),
    "2n": (TWO_N_SYSTEM_INFO, "application/json"),
}


def _shodan_http(body: str, content_type: str) -> ImportRecord:
    data = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n{body}"
    return shodan.parse_banner({"ip_str": "198.51.100.7", "port": 80, "data": data, "_shodan": {"module": "http"}}, 1)


def _declared(fields: Mapping[str, str]) -> None:
    for name, value in fields.items():
        declared = field(name)
        assert declared is not None, name
        assert declared.filled_by("import:shodan"), name
        assert declared.accepts(value), (name, value)


def test_a_hikvision_isapi_device_info_page_fills_the_isapi_fields_and_names_hikvision() -> None:
    record = _shodan_http(*DOCS["hikvision"])
    fields = record.observations[0].fields
    assert fields["hik.isapi.device_info.model"] == "DS-2CD2155FWD-I"
    assert fields["hik.isapi.device_info.firmware"] == "V5.5.0 build 170725"
    assert fields["hik.isapi.device_info.device_type"] == "IPCamera"
    assert "mac" not in fields  # the recorder masked it: XX:XX:... is no address
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.model, identity.device_type) == ("hikvision", "DS-2CD2155FWD-I", "camera")
    assert identity.firmware == "V5.5.0 build 170725"


def test_the_device_info_document_is_read_in_isapis_older_and_relabelled_namespaces() -> None:
    # The recorded document with its namespace swapped for the ones older (V5.3.0: hikvision.com/ver10) and
    # relabelled or older (V4.0.9: std-cgi.com/ver10) firmware writes (github:scottlamb/moonfire-playground/
    # camera-motion/src/hikvision.rs@3b336fd2173e): the same document, read the same way. An unknown namespace is not.
    for namespace in ("http://www.hikvision.com/ver10/XMLSchema", "http://www.std-cgi.com/ver10/XMLSchema"):
        body = HIKVISION_ISAPI.replace("http://www.hikvision.com/ver20/XMLSchema", namespace)
        fields = _shodan_http(body, "application/xml").observations[0].fields
        assert fields["hik.isapi.device_info.model"] == "DS-2CD2155FWD-I", namespace
    other = HIKVISION_ISAPI.replace("http://www.hikvision.com/ver20/XMLSchema", "http://www.example.com/ver10/XMLSchema")
    assert "hik.isapi.device_info.model" not in _shodan_http(other, "application/xml").observations[0].fields


def test_an_axis_parameter_listing_fills_the_vapix_fields_and_the_mac() -> None:
    record = _shodan_http(*DOCS["axis"])
    fields = record.observations[0].fields
    assert (fields["axis.brand"], fields["axis.prod_nbr"], fields["axis.version"]) == ("AXIS", "M1065-LW", "9.10.1")
    assert fields["mac"] == "ac:cc:12:34:56:78"
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.model, identity.device_type) == ("axis", "M1065-LW", "camera")
    assert identity.firmware == "9.10.1"


def test_an_axis_basic_device_info_answer_fills_the_same_fields_as_the_live_probe() -> None:
    record = _shodan_http(*DOCS["axis-json"])
    fields = record.observations[0].fields
    assert (fields["axis.brand"], fields["axis.prod_nbr"], fields["axis.version"]) == ("AXIS", "M1065-LW", "9.80.1")
    assert fields["mac"] == "ac:cc:12:34:56:78"
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.model, identity.firmware) == ("axis", "M1065-LW", "9.80.1")


def test_a_dahua_system_info_page_names_dahua_and_the_model() -> None:
    record = _shodan_http(*DOCS["dahua"])
    fields = record.observations[0].fields
    assert fields["dahua.rpc.device_type"] == "IP4M-1041B"
    assert fields["dahua.rpc.serial"] == "12345"
    _declared(fields)
    identity = identify(record.observations)
    assert identity.manufacturer == "dahua" and identity.model == "IP4M-1041B"
    assert is_video_device(identity.device_type)


def test_a_reolink_getdevinfo_answer_names_reolink_model_and_firmware_but_no_zero_serial() -> None:
    record = _shodan_http(*DOCS["reolink"])
    fields = record.observations[0].fields
    assert fields["devinfo.api"] == "reolink-api"
    assert (fields["devinfo.model"], fields["devinfo.firmware"]) == ("RLC-411WS", "v2.0.0.1389_18081408")
    assert "devinfo.serial" not in fields  # "00000000000000" is the firmware's placeholder
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.brand, identity.model, identity.device_type) == ("reolink", "RLC-411WS", "camera")
    assert identity.firmware == "v2.0.0.1389_18081408"


def test_a_foscam_getdevinfo_answer_names_foscam_and_the_model() -> None:
    record = _shodan_http(*DOCS["foscam"])
    fields = record.observations[0].fields
    assert (fields["devinfo.api"], fields["devinfo.model"], fields["devinfo.firmware"]) == (
        "foscam-cgi", "C1+V3", "2.82.2.35")
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.brand, identity.model, identity.device_type) == ("foscam", "C1+V3", "camera")


def test_a_2n_system_info_answer_names_2n_an_intercom_and_its_mac() -> None:
    record = _shodan_http(*DOCS["2n"])
    fields = record.observations[0].fields
    assert (fields["devinfo.api"], fields["devinfo.model"]) == ("2n-http-api", "2N IP Verso")
    assert fields["mac"] == "fc:1e:b3:00:00:05"
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.brand, identity.device_type, identity.firmware) == ("2n", "intercom", "2.35.0.45.0")


def test_the_same_documents_are_read_as_bare_replies_too() -> None:
    # A collector that stored only the body (no HTTP head) gets the same fields.
    for name, (body, _type) in DOCS.items():
        found: dict[str, str] = {}
        assert sniff(body, found, port=8080) == "http", name
        assert any(key.startswith(("hik.isapi.", "axis.", "dahua.rpc.", "devinfo.")) for key in found), name


def test_look_alike_pages_are_not_device_documents() -> None:
    look_alikes = (
        # A generic key=value status page: it has a deviceType, but none of getSystemInfo's own keys.
        "deviceType=router\r\nversion=1.2\r\nstatus=ok\r\n",
        # ... and one with a processor line too, but not getSystemInfo's other keys.
        "deviceType=router\r\nprocessor=MIPS 24Kc\r\nuptime=3600\r\n",
        # A JSON API answer that is not Reolink's or 2N's.
        '[{"cmd": "GetTime", "code": 0, "value": {"Time": {"year": 2024}}}]',
        '{"success": true, "result": {"variant": "x"}}',
        '{"apiVersion": "1.0", "data": {"propertyList": {"Model": "x"}}}',
        # XML with a DeviceInfo root in no maker's namespace; a CGI_Result without device elements.
        '<?xml version="1.0"?><DeviceInfo><model>X1</model></DeviceInfo>',
        "<CGI_Result><result>0</result><isEnable>1</isEnable></CGI_Result>",
        "root.Image.I0.Enabled=yes\nroot.Image.I0.Name=View Area 1\n",
    )
    for text in look_alikes:
        found: dict[str, str] = {}
        document_fields(text, found)
        # A Reolink or Foscam answer that is no device document still names its API (devinfo.answer,
        # importers/api_answers.py, tests/unit/importers/test_api_answers.py), but no device; an Axis view area's
        # lines say what kind of device holds them (devinfo.settings_device, importers/settings_keys.py), no more.
        device = {key for key in found if key != "devinfo.answer" and not key.startswith("devinfo.settings")}
        assert not any(key.startswith(("hik.isapi.", "axis.", "dahua.rpc.", "devinfo.")) for key in device), text


def test_hostile_documents_do_not_raise_or_expand_entities() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'
        '<DeviceInfo xmlns="http://www.hikvision.com/ver20/XMLSchema"><model>&b;</model></DeviceInfo>'
    )
    deep_xml = '<DeviceInfo xmlns="http://www.hikvision.com/ver20/XMLSchema">' + "<a>" * 5000 + "</a>" * 5000
    deep_json = '[{"cmd": "GetDevInfo", "value": ' + "[" * 5000 + "]" * 5000 + "}]"
    huge = "root.Brand.Brand=" + "A" * 200_000
    latin1 = "appAutoStart=true\ndeviceType=IPC-\xe9\xff\nprocessor=\x00\x01\n"
    for text in (bomb, deep_xml, deep_json, huge, latin1):
        found: dict[str, str] = {}
        sniff(text, found)
        document_fields(text, found)
        assert all(len(value) <= 8192 for value in found.values())
        assert "aaaaaaaaaa" not in found.get("hik.isapi.device_info.model", "")


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["root.Brand.", "deviceType=", "<CGI_Result>", '[{"cmd":"GetDevInfo"',
                                              '<DeviceInfo xmlns="http://www.isapi.org/ver20/XMLSchema">', ""]))
def test_any_text_after_a_document_marker_never_raises(tail: str, marker: str) -> None:
    text = marker + tail + "\nprocessor=x\n"
    found: dict[str, str] = {}
    sniff(text, found)
    document_fields(text, found)
    text_document_fields(text, found)
    xml_document_fields(text, text[:4096], found)
    json_document_fields([{"cmd": "GetDevInfo", "value": {"DevInfo": {"model": tail}}}], found)
    _declared({k: v for k, v in found.items() if k.startswith(("devinfo.", "axis.", "hik.isapi.", "dahua.rpc."))})


def test_every_scan_format_reaches_the_document_fields() -> None:
    import io
    import json
    from xml.sax.saxutils import quoteattr

    from camaudit.importers import censys, masscan, nmap, zgrab2

    body = REOLINK_GETDEVINFO
    reply = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{body}"
    line = json.dumps({"ip": "198.51.100.10", "timestamp": "1700000000", "port": 80, "proto": "tcp",
                       "rec_type": "banner", "data": {"service_name": "http", "banner": reply}})
    escaped = reply.replace("\r", "\\x0D").replace("\n", "\\x0A")
    nmap_xml = ('<?xml version="1.0"?><nmaprun><host><address addr="198.51.100.11" addrtype="ipv4"/><ports>'
                '<port protocol="tcp" portid="80"><state state="open"/><service name="http"/>'
                f'<script id="banner" output={quoteattr(escaped)}/></port></ports></host></nmaprun>')
    observations = {
        "shodan": _shodan_http(body, "application/json").observations[0],
        "censys": censys.parse_host({"ip": "198.51.100.8", "services": [
            {"port": 80, "service_name": "HTTP", "http": {"response": {"status_code": 200, "body": body}}}]},
            1).observations[0],
        "zgrab2": zgrab2.parse_target({"ip": "198.51.100.9", "data": {"http": {"status": "success", "protocol": "http",
            "result": {"response": {"status_code": 200, "body": body}}}}}, 1).observations[0],
        "masscan": next(iter(masscan.read(io.BytesIO(line.encode() + b"\n")))).observations[0],
        "nmap": next(iter(nmap.read(io.BytesIO(nmap_xml.encode())))).observations[0],
    }
    for source, obs in observations.items():
        assert obs.fields.get("devinfo.model") == "RLC-411WS", (source, obs.fields)
        identity = identify([obs])
        assert (identity.brand, identity.model) == ("reolink", "RLC-411WS"), source


def test_the_registry_fixture_holds_these_documents() -> None:
    # tests/data/importers/shodan_device_documents.jsonl feeds the field-registry test
    # (tests/integration/scan/test_field_registry.py): each document above, as a Shodan HTTP banner.
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "data" / "importers" / "shodan_device_documents.jsonl"
    records = list(shodan.read(path))
    # Brands, not makers: the Dahua page is an Amcrest's (its model names the relabeller).
    assert [identify(r.observations).brand for r in records] == ["hikvision", "axis", "axis", "amcrest", "reolink",
                                                                 "foscam", "2n"]


# --- Hanwha SUNAPI, Uniview LAPI, Vivotek getparam, AVTECH get_capability --------------------------------------------
# github:hemla-com/hanwha-mcp/src/__tests__/device-info.test.ts@efcc185b0599 -- the deviceinfo answer a SUNAPI client's
# test feeds it; src/sunapi/client.ts@ab74f3b378fb reads SUNAPI answers as key=value lines (the JSON form below carries
# the same keys, as SUNAPI 2.5 serves them to Accept: application/json).
SUNAPI_TEXT = ("Model=XNV-6120R\r\nSerialNumber=SN-12345\r\nFirmwareVersion=2.21.01\r\n"
               "ConnectedMACAddress=00:09:18:AA:BB:CC\r\nCGIVersion=2.5\r\n")
SUNAPI_JSON = ('{"Model": "XNV-6120R", "SerialNumber": "SN-12345", "FirmwareVersion": "2.21.01", '
               '"ConnectedMACAddress": "00:09:18:AA:BB:CC", "CGIVersion": "2.5"}')
# github:ahmofrad/netbox-sync/tests/test_unv_parsers.py@4c16ca9a14ca (DEVICE_INFO: an NVR302-16S2's answer).
UNIVIEW_LAPI = (
    '{"Response": {"ResponseURL": "/LAPI/V1.0/System/DeviceInfo", "ResponseCode": 0, "ResponseString": "Succeed", '
    '"StatusCode": 0, "Data": {"ID": 0, "DeviceName": "NVR302-16S2", "DeviceType": 1, "DeviceModel": "NVR302-16S2", '
    '"SerialNumber": "210235XAX93239000081", "FirmwareVersion": "NVR-B3601.37.45.230825"}}}'
)
# github:GainSec/DigitalAlly-ThermoVu-Uniview-Security-Research/NOTES/LAPI.md@583fc6bead63 (DeviceBasicInfo of a
# Uniview OET-213H-NB sold as a Digital Ally ThermoVu: the fields sit in Response itself).
UNIVIEW_LAPI_BASIC = (
    '{\n  "Response": {\n    "ResponseURL": "/LAPI/V1.0/System/DeviceBasicInfo",\n    "DeviceType": "IPC",\n'
    '    "ProductModel": "OET-213H-NB-WH",\n    "SerialNo": "210235B8GR321B000XXX",\n'
    '    "FirmwareVersion": "IPC_G6103-B0011P05D1812"\n  }\n}'
)
# github:HarlemSquirrel/python-vivotek/tests/fixtures/vcr_cassettes/vivotek_camera_model_name.yaml@13075fe9eeda
VIVOTEK_GETPARAM = "system_info_modelname='IB8369A'\r\n"
# https://github.com/projectdiscovery/nuclei-templates/pull/1779 (the example answer of an AVTECH DVR's
# /cgi-bin/nobody/Machine.cgi?action=get_capability, its first lines).
AVTECH_CAPABILITY = (
    "Firmware.Version=1011-1005-1008-1002\nMACAddress=00:0E:53:xx:xx:xx\nProduct.Type=DVR\nProduct.ID=308B\n"
    "Product.ShortName=V_full_Indep,V_Multistream\nVideo.System=PAL\nAudio.DownloadFormat=ULAW\nVideo.Input.Num=8\n"
)
# github:ahmofrad/netbox-sync/tests/test_dahua_parsers.py@4c16ca9a14ca (SYSTEM_INFO of a Dahua NVR: deviceType is a
# number, the model is in updateSerial).
DAHUA_NVR_SYSTEM_INFO = "serialNumber=4C0048DPAJ8F3C9\ndeviceType=31\nprocessor=ST7108\nupdateSerial=NVR6XX-4KS2\n"
MORE_DOCS = {
    "sunapi-text": (SUNAPI_TEXT, "text/plain"),
    "sunapi-json": (SUNAPI_JSON, "application/json"),
    "lapi": (UNIVIEW_LAPI, "application/json"),
    "lapi-basic": (UNIVIEW_LAPI_BASIC, "application/json"),
    "vivotek": (VIVOTEK_GETPARAM, "text/plain"),
    "avtech": (AVTECH_CAPABILITY, "text/plain"),
}


def test_a_hanwha_sunapi_deviceinfo_answer_names_hanwha_in_either_form() -> None:
    for name in ("sunapi-text", "sunapi-json"):
        record = _shodan_http(*MORE_DOCS[name])
        fields = record.observations[0].fields
        assert (fields["devinfo.api"], fields["devinfo.model"], fields["devinfo.firmware"]) == (
            "hanwha-sunapi", "XNV-6120R", "2.21.01"), name
        assert fields["mac"] == "00:09:18:aa:bb:cc", name
        _declared(fields)
        identity = identify(record.observations)
        assert (identity.manufacturer, identity.model, identity.firmware) == ("hanwha", "XNV-6120R", "2.21.01"), name
        assert is_video_device(identity.device_type), name


def test_a_sunapi_device_type_says_camera_or_recorder() -> None:
    camera = _shodan_http(SUNAPI_TEXT + "DeviceType=NWC\r\n", "text/plain")
    recorder = _shodan_http(SUNAPI_TEXT.replace("XNV-6120R", "PRN-4011") + "DeviceType=NVR\r\n", "text/plain")
    assert identify(camera.observations).device_type == "camera"
    assert identify(recorder.observations).device_type == "nvr"


def test_a_uniview_lapi_device_info_names_uniview_the_model_and_firmware() -> None:
    record = _shodan_http(*MORE_DOCS["lapi"])
    fields = record.observations[0].fields
    assert (fields["devinfo.api"], fields["devinfo.model"], fields["devinfo.serial"]) == (
        "uniview-lapi", "NVR302-16S2", "210235XAX93239000081")
    assert "devinfo.device_type" not in fields  # a number (1) is no kind a rule could read
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.model, identity.firmware) == (
        "uniview", "NVR302-16S2", "NVR-B3601.37.45.230825")
    assert is_video_device(identity.device_type)


def test_a_uniview_lapi_basic_info_without_a_data_object_is_read_too() -> None:
    record = _shodan_http(*MORE_DOCS["lapi-basic"])
    fields = record.observations[0].fields
    assert (fields["devinfo.model"], fields["devinfo.serial"], fields["devinfo.device_type"]) == (
        "OET-213H-NB-WH", "210235B8GR321B000XXX", "IPC")
    _declared(fields)
    identity = identify(record.observations)
    # The relabeller's product is still the Uniview-made camera it says it is.
    assert (identity.manufacturer, identity.model) == ("uniview", "OET-213H-NB-WH")
    assert identity.device_type == "camera"


def test_a_vivotek_getparam_answer_names_vivotek_and_the_model() -> None:
    record = _shodan_http(*MORE_DOCS["vivotek"])
    fields = record.observations[0].fields
    assert (fields["devinfo.api"], fields["devinfo.model"]) == ("vivotek-cgi", "IB8369A")  # the quotes are gone
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.model) == ("vivotek", "IB8369A")
    assert is_video_device(identity.device_type)


def test_an_avtech_capability_answer_names_avtech_a_dvr_and_keeps_no_masked_mac() -> None:
    record = _shodan_http(*MORE_DOCS["avtech"])
    fields = record.observations[0].fields
    assert (fields["devinfo.api"], fields["devinfo.firmware"], fields["devinfo.device_type"]) == (
        "avtech-cgi", "1011-1005-1008-1002", "DVR")
    assert "mac" not in fields  # 00:0E:53:xx:xx:xx was masked by the reporter
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.device_type) == ("avtech", "dvr")


def test_a_dahua_nvr_whose_device_type_is_a_number_is_named_by_its_update_serial() -> None:
    record = _shodan_http(DAHUA_NVR_SYSTEM_INFO, "text/plain")
    fields = record.observations[0].fields
    assert (fields["dahua.rpc.device_type"], fields["dahua.rpc.serial"]) == ("NVR6XX-4KS2", "4C0048DPAJ8F3C9")
    identity = identify(record.observations)
    assert identity.manufacturer == "dahua" and identity.model == "NVR6XX-4KS2"


def test_the_new_documents_are_read_as_bare_replies_too() -> None:
    for name, (body, _type) in MORE_DOCS.items():
        found: dict[str, str] = {}
        assert sniff(body, found, port=80) == "http", name
        assert found.get("devinfo.api"), name


def test_look_alikes_of_the_new_documents_are_not_read() -> None:
    look_alikes = (
        "Model=X100\r\nVersion=1.0\r\nStatus=ok\r\n",  # a Model line, but none of SUNAPI's own keys
        '{"Model": "X100", "Version": "1.0"}',
        '{"Response": {"ResponseURL": "/api/v1/info", "Data": {"DeviceModel": "X100"}}}',  # not a LAPI path
        '{"Response": "Fail", "Error": {"Code": 600}}',
        "system_info_uptime='3600'\r\n",  # a getparam line that names no device
        "Product.Type=router\nstatus=ok\n",  # one AVTECH-like key is not the document
        "Firmware.Version=1.0\nProduct.ID=42\n",  # ... nor two without the product type
    )
    for text in look_alikes:
        found: dict[str, str] = {}
        document_fields(text, found)
        sniff(text, found)
        assert "devinfo.api" not in found and "devinfo.model" not in found, text


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from([
    "Model=", "Model=X\nCGIVersion=", "system_info_modelname='", "Firmware.Version=1\nProduct.Type=",
    '{"Response":{"ResponseURL":"/LAPI/', '{"Model":"', '{"Model":1,"ConnectedMACAddress":',
    "version=4.002.0000000.2.R", ""]))
def test_any_text_after_a_new_document_marker_never_raises(tail: str, marker: str) -> None:
    text = marker + tail
    found: dict[str, str] = {}
    sniff(text, found)
    document_fields(text, found)
    text_document_fields(text, found)
    assert all(len(value) <= 8192 for value in found.values())
    _declared({k: v for k, v in found.items() if k.startswith("devinfo.")})


_JSON_LEAF = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40)
_JSON = st.recursive(_JSON_LEAF, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
    st.sampled_from(["Response", "ResponseURL", "Data", "Model", "DeviceModel", "ProductModel", "SerialNo",
                     "ConnectedMACAddress", "CGIVersion", "DeviceType", "FirmwareVersion", "x"]), inner, max_size=6),
    max_leaves=20)


@settings(max_examples=300, deadline=None)
@given(_JSON)
def test_any_json_shape_never_raises_and_fills_only_declared_text(doc: object) -> None:
    found: dict[str, str] = {}
    json_document_fields(doc, found)
    json_document_fields({"Response": {"ResponseURL": "/LAPI/x", "Data": doc}}, found)
    json_document_fields({"Model": doc, "CGIVersion": doc, "ConnectedMACAddress": doc}, found)
    assert all(isinstance(value, str) and len(value) <= 128 for value in found.values())
    _declared({k: v for k, v in found.items() if k.startswith("devinfo.")})


# github:ahmofrad/netbox-sync/tests/test_dahua_parsers.py@4c16ca9a14ca (a Dahua NVR's getSoftwareVersion answer).
DAHUA_SOFTWARE_VERSION = "version=4.002.0000000.2.R,build:2023-02-20\n"


def test_a_dahua_software_version_answer_names_dahua_by_its_firmware_layout() -> None:
    record = _shodan_http(DAHUA_SOFTWARE_VERSION, "text/plain")
    fields = record.observations[0].fields
    assert fields["dahua.rpc.software_version"] == "4.002.0000000.2.R"  # the build date is not the version
    _declared(fields)
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.firmware) == ("dahua", "4.002.0000000.2.R")
    found: dict[str, str] = {}
    assert sniff(DAHUA_SOFTWARE_VERSION, found) == "http" and "dahua.rpc.software_version" in found


def test_a_version_line_in_no_dahua_layout_names_nobody() -> None:
    for text in ("version=1.2.3\n", "version=4.002.0000000.2.R\nstatus=ok\n", "version=V5.5.82 build 190909\n",
                 "version=4.002.0000000.2.R,build:yesterday\n"):
        found: dict[str, str] = {}
        document_fields(text, found)
        sniff(text, found)
        assert "dahua.rpc.software_version" not in found, text
