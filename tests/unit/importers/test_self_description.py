"""An answer of a device's own API that names the product in self-describing keys is read as what the device says
about itself: the lexicon, the model grammars and the device words then name and type it. Non-camera answers in the
same shapes (a printer, a NAS, a smart plug) stay what they are.

Each answer is quoted from the public source named above it; where a test builds an answer from a source's values
rather than quoting it, it says so.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import self_description, shodan
from camaudit.importers.base import ImportRecord
from camaudit.importers.sniff import document_fields, sniff
from camaudit.model import is_video_device

DOCUMENTS = Path(__file__).resolve().parents[2] / "data" / "documents"
# github:Kane610/axis/tests/test_param_cgi.py@0176b7ce96f6 (response_param_cgi): the whole param.cgi?action=list answer
# of an AXIS M1065-LW, from its first group (root.Audio) to the start of root.PTZ, as the library's test serves it.
AXIS_PARAM_LIST = (DOCUMENTS / "axis_param_list.txt").read_text(encoding="utf-8")
# github:greenbone/vulnerability-tests gb_sony_network_camera_detect.nasl (script_oid 1.3.6.1.4.1.25623.1.0.114022):
# the /command/inquiry.cgi?inqjs=sysinfo answer of a Sony SNC camera as the detection quotes it.
SONY_SYSINFO = 'var ModelName="SNC-RZ25N"\nvar SoftVersion="1.40"\nvar TitleBar="Sony Network Camera SNC-RZ25"\n'
# github:MissiaL/hikvision-client/tests/fixtures/cassettes/test_auth_firmware_v5_5@cf29e88cdf5a: a DS-2CD2155FWD-I's
# /ISAPI/System/deviceinfo answer, here without its namespace (as a firmware that omits it, or a paste that lost its
# head, would give it: not a capture in that form). The ISAPI reader wants the namespace; these keys say it all.
ISAPI_WITHOUT_NAMESPACE = (
    '<?xml version="1.0" encoding="UTF-8"?>\r\n<DeviceInfo version="2.0">\r\n<deviceName>IP CAMERA</deviceName>\r\n'
    "<deviceID>xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx</deviceID>\r\n<deviceDescription>IPCamera</deviceDescription>\r\n"
    "<deviceLocation>hangzhou</deviceLocation>\r\n<systemContact>Hikvision.China</systemContact>\r\n"
    "<model>DS-2CD2155FWD-I</model>\r\n<serialNumber>DS-2CD2155FWD-XXXXXXXXXXXXXXXXXXXXX</serialNumber>\r\n"
    "<macAddress>XX:XX:XX:XX:XX:XX</macAddress>\r\n<firmwareVersion>V5.5.0</firmwareVersion>\r\n"
    "<firmwareReleasedDate>build 170725</firmwareReleasedDate>\r\n<deviceType>IPCamera</deviceType>\r\n</DeviceInfo>\r\n"
)
# github:ijardillier/org.openhab.binding.tapocamera src/main/java/org/openhab/binding/tapocamera/internal/api/v2/dto/
# system/DeviceInfo.java: the getDeviceInfo "info" fields of a Tapo C310 as that binding's comment lists them, written
# here as the JSON the camera sends (the values are the comment's; the nesting is the API's device_info.info).
TAPO_DEVICE_INFO = json.dumps({"device_info": {"info": {
    "device_model": "C310", "hw_version": "2.0", "product_id": "00c31020", "mac": "30-DE-4B-50-21-54",
    "device_type": "SMART.IPCAMERA", "sw_version": "1.3.5 Build 230426 Rel.65257n(4555)", "device_base": "C310",
    "features": "3", "manufacturer_name": "TP-LINK"}}, "error_code": 0})

# --- Non-cameras answering the same keys ------------------------------------------------------------------------------
# Tenable's xerox_workcentre_detect.nasl (plugin 18141) quotes a Xerox WorkCentre's /properties/configuration.dhtml
# script line: a printer's own description in the same var form.
XEROX_SYSDESCRIP = ('var SysDescrip = "Xerox WorkCentre Pro Multifunction System, ESS 0.R01.02.329.01, IOT 23.16.0, '
                    'UI 0.2.84.14, Finisher 9.15.0, Scanner 15.7.0;";\n')
# github:ppacher/tplink-smart-home-protocol README: a TP-Link HS110 smart plug's system.get_sysinfo answer.
KASA_PLUG = json.dumps({"system": {"get_sysinfo": {
    "active_mode": "none", "alias": "test", "dev_name": "Smart Wi-Fi Plug With Energy Monitoring",
    "deviceId": "80065B1C5FD1C2F230BBD9CCC9DCCE361B1AA47D", "err_code": 0, "feature": "TIM:ENE", "hw_ver": "2.0",
    "mac": "D8:0D:17:AD:D3:04", "model": "HS110(EU)", "relay_state": 1, "sw_ver": "1.5.4 Build 180815 Rel.121440",
    "type": "IOT.SMARTPLUGSWITCH", "updating": 0}}})
# py-synologydsm-api tests/api_data/dsm_7/dsm/const_7_dsm_info.py as another project quotes its shape: a Synology
# DS918+'s SYNO.DSM.Info answer (serial synthetic there), in the DSM API's {"data", "success"} envelope.
SYNOLOGY_INFO = json.dumps({"data": {
    "codepage": "enu", "model": "DS918+", "ram": 4096, "serial": "SYNTH0000", "temperature": 40,
    "temperature_warn": False, "time": "Sun Mar 29 19:33:41 2020", "uptime": 155084, "version": "24922",
    "version_string": "DSM 7.0-41222"}, "success": True})
# A shop's catalogue answer (written here, not a capture): two cameras listed by brand and model. A list of several
# objects describes other things, and a catalogue entry reports no firmware, serial number or name.
CATALOGUE = json.dumps({"products": [{"brand": "Hikvision", "model": "DS-2CD2143G2-I", "price": 99},
                                     {"brand": "Dahua", "model": "IPC-HDW2431T", "price": 80}]})
PRODUCT_PAGE = json.dumps({"product": {"brand": "Hikvision", "model": "DS-2CD2143G2-I", "price": 99, "sku": "X1"}})


def _http(body: str, content_type: str = "text/plain") -> ImportRecord:
    data = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n{body}"
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 80, "data": data, "_shodan": {"module": "http"}}, 1)


def _bare(body: str) -> ImportRecord:
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 8080, "data": body, "_shodan": {"module": "http"}}, 1)


def _declared(record: ImportRecord) -> None:
    for name, value in record.observations[0].fields.items():
        declared = field(name)
        assert declared is not None and declared.filled_by("import:shodan"), name
        assert declared.accepts(value), (name, value)


def test_a_whole_axis_parameter_list_is_read_where_its_brand_and_properties_groups_start() -> None:
    # The answer starts with root.Audio; root.Brand is line 30 and root.Properties starts past the first 400 lines and
    # the first 16 KB: a peek at the start or a line cap from the top would miss the firmware and serial number.
    lines = AXIS_PARAM_LIST.splitlines()
    assert lines[0].startswith("root.Audio.")
    assert next(i for i, line in enumerate(lines) if line.startswith("root.Properties.")) > 400
    for record in (_http(AXIS_PARAM_LIST), _bare(AXIS_PARAM_LIST)):
        fields = record.observations[0].fields
        assert (fields["axis.brand"], fields["axis.prod_nbr"], fields["axis.prod_type"]) == (
            "AXIS", "M1065-LW", "Network Camera")
        assert (fields["axis.version"], fields["axis.serial"], fields["mac"]) == ("9.10.1", "ACCC12345678",
                                                                                  "ac:cc:12:34:56:78")
        _declared(record)
        identity = identify(record.observations)
        assert (identity.manufacturer, identity.model, identity.device_type) == ("axis", "M1065-LW", "camera")
        assert identity.firmware == "9.10.1"


def test_a_parameter_list_without_the_brand_group_still_names_only_the_api() -> None:
    # The same answer cut before root.Brand: an Axis answer (devinfo.answer), no device fields.
    head = "\n".join(AXIS_PARAM_LIST.splitlines()[:29]) + "\n"
    fields = _http(head).observations[0].fields
    assert fields.get("devinfo.answer") == "axis-vapix"
    assert not any(name.startswith("axis.") for name in fields)


def test_vivoteks_system_group_is_read_where_its_system_info_lines_start() -> None:
    # Assembled, not one capture: getparam.cgi?system answers the whole group, system_hostname first; the
    # system_info_ lines are those a Vivotek IP8131W answers as a router's camera-upgrade code quotes them, the host
    # name one nmap's http-vivotek-camera-info shows. Forty setting lines stand between them, as in a whole group.
    settings_lines = "".join(f"system_setting_{i}='{i}'\n" for i in range(40))
    answer = ("system_hostname='Network Camera with Pan/Tilt'\n" + settings_lines +
              "system_info_modelname='IP8131W'\nsystem_info_extendedmodelname='IP8131W'\n"
              "system_info_serialnumber='0002D1322F7D'\nsystem_info_firmwareversion='IP8131-VVTK-0100e7'\n")
    record = _http(answer)
    fields = record.observations[0].fields
    assert (fields["devinfo.api"], fields["devinfo.model"], fields["devinfo.firmware"]) == (
        "vivotek-cgi", "IP8131W", "IP8131-VVTK-0100e7")
    assert fields["mac"] == "00:02:d1:32:2f:7d"  # a Vivotek's serial number is its MAC
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.model) == ("vivotek", "IP8131W")
    # A system_ group without the system_info_ lines names no Vivotek: a host name is anyone's.
    plain = _http("system_hostname='gateway'\nsystem_ledoff='0'\n").observations[0].fields
    assert "devinfo.api" not in plain


def test_sonys_sysinfo_var_list_gives_model_and_firmware() -> None:
    for record in (_http(SONY_SYSINFO, "application/x-javascript"), _bare(SONY_SYSINFO)):
        fields = record.observations[0].fields
        assert (fields["devinfo.model"], fields["devinfo.firmware"]) == ("SNC-RZ25N", "1.40")
        _declared(record)
        identity = identify(record.observations)
        assert (identity.manufacturer, identity.model, identity.device_type) == ("sony", "SNC-RZ25N", "camera")


def test_a_device_information_document_in_no_known_namespace_is_read_by_its_element_names() -> None:
    record = _http(ISAPI_WITHOUT_NAMESPACE, "application/xml")
    fields = record.observations[0].fields
    assert "hik.isapi.device_info.model" not in fields  # not ISAPI's namespace: the maker's reader stays out
    assert (fields["devinfo.model"], fields["devinfo.firmware"], fields["devinfo.device_type"]) == (
        "DS-2CD2155FWD-I", "V5.5.0", "IPCamera")
    assert "mac" not in fields  # XX:XX:... is the recorder's mask, no address
    _declared(record)
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.model, identity.device_type) == ("hikvision", "DS-2CD2155FWD-I", "camera")


def test_a_tapo_cameras_nested_json_names_its_maker_and_model() -> None:
    for record in (_http(TAPO_DEVICE_INFO, "application/json"), _bare(TAPO_DEVICE_INFO)):
        fields = record.observations[0].fields
        assert (fields["devinfo.manufacturer"], fields["devinfo.model"], fields["devinfo.device_type"]) == (
            "TP-LINK", "C310", "SMART.IPCAMERA")
        assert "mac" not in fields  # a MAC counts as something only the device reports; it is not copied
        _declared(record)
        identity = identify(record.observations)
        assert identity.model == "C310"
        assert is_video_device(identity.device_type)
        assert "tp-link" in (identity.brand, identity.manufacturer)


def test_an_unknown_maker_that_says_it_makes_a_camera_becomes_a_self_reported_brand() -> None:
    # Written here (no capture): the same keys as the documents above, a maker camaudit has no entry for.
    answer = ("<?xml version=\"1.0\"?>\n<root><deviceInfo><manufacturer>Acme Vision</manufacturer><model>AV-100</model>"
              "<deviceType>IPCamera</deviceType><firmwareVersion>1.2.3</firmwareVersion></deviceInfo></root>")
    identity = identify(_http(answer, "text/xml").observations)
    assert (identity.brand, identity.manufacturer, identity.model) == ("acme-vision", None, "AV-100")
    assert identity.device_type == "camera"


def test_non_cameras_answering_the_same_keys_stay_non_cameras_with_no_maker() -> None:
    for answer in (XEROX_SYSDESCRIP, KASA_PLUG, SYNOLOGY_INFO):
        for record in (_http(answer), _bare(answer)):
            identity = identify(record.observations)
            assert not is_video_device(identity.device_type), (answer[:40], identity.device_type)
            assert (identity.brand, identity.manufacturer) == (None, None), answer[:40]
    fields = _http(XEROX_SYSDESCRIP).observations[0].fields
    assert fields["snmp.sysdescr"].startswith("Xerox WorkCentre Pro Multifunction System")
    assert _http(SYNOLOGY_INFO).observations[0].fields["devinfo.model"] == "DS918+"


def test_a_settings_page_showing_the_snmp_agents_values_fills_the_snmp_fields() -> None:
    # Written here (no capture at hand): a settings page's script holding the values the device's SNMP agent answers,
    # an Axis camera's sysDescr as Axis firmware writes it and Axis's enterprise number (rules/snmp.yaml); the rules
    # written for the agent's own reply read them.
    page = ('var sysDescr="AXIS Q6215-LE PTZ Network Camera 9.80.3";\nvar sysObjectID="1.3.6.1.4.1.368";\n'
            'var sysName="axis-accc8e000000";\nvar sysContact="";\n')
    record = _http(page, "application/javascript")
    fields = record.observations[0].fields
    assert (fields["snmp.sysdescr"], fields["snmp.sysobjectid"]) == ("AXIS Q6215-LE PTZ Network Camera 9.80.3",
                                                                     "1.3.6.1.4.1.368")
    assert fields["devinfo.name"] == "axis-accc8e000000"
    _declared(record)
    identity = identify(record.observations)
    assert (identity.manufacturer, identity.model, identity.device_type) == ("axis", "Q6215-LE", "camera")
    # An object ID that is no dotted number is not kept; the description alone still counts.
    fields = _http('var sysObjectID="enterprises";\nvar sysDescr="Linux cam 3.10";\n').observations[0].fields
    assert "snmp.sysobjectid" not in fields and fields["snmp.sysdescr"] == "Linux cam 3.10"


def test_a_catalogue_or_a_product_page_is_no_self_description() -> None:
    for answer in (CATALOGUE, PRODUCT_PAGE):
        fields: dict[str, str] = {}
        assert not self_description.read(answer, fields)
        assert fields == {}
        assert not any(name.startswith("devinfo.") for name in _http(answer, "application/json").observations[0].fields)


def test_what_an_answer_lists_of_other_devices_is_not_read_as_the_device() -> None:
    # Written here (no capture): a router's client table keyed by MAC, the same with one client in a list, and a
    # recorder-style answer whose cameras sit under a collection's name. Each names a Hikvision camera -- another
    # device than the one answering.
    client = {"hostname": "frontdoor", "vendor": "Hikvision", "model": "DS-2CD2143G2-I", "firmwareVersion": "V5.7.3"}
    for doc in (
        {"clients": {"a4:14:37:00:00:01": client, "a4:14:37:00:00:02": dict(client, hostname="yard")}},
        {"status": {"a4:14:37:00:00:01": client, "a4:14:37:00:00:02": dict(client, hostname="yard")}},
        {"result": {"clients": [client]}},
        {"deviceList": [client]},
    ):
        fields: dict[str, str] = {}
        assert not self_description.read(json.dumps(doc), fields), doc
        assert fields == {}
    xml = ("<?xml version='1.0'?><Response><CameraList><Camera><manufacturer>Hikvision</manufacturer>"
           "<model>DS-2CD2143G2-I</model><firmwareVersion>V5.7.3</firmwareVersion></Camera></CameraList></Response>")
    assert not self_description.read(xml, {})


def test_html_is_never_read_as_a_self_description() -> None:
    page = ('<html><head><title>Shop</title></head><body><table><tr><td>model</td></tr></table>'
            '<script>var model="DS-2CD2143G2-I"; var firmware="V5.7.3";</script></body></html>')
    xhtml = ('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" '
             '"http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\n<html xmlns="http://www.w3.org/1999/xhtml"><body>'
             '<model>DS-2CD2143G2-I</model><firmware>V5.7.3</firmware></body></html>')
    for text in (page, "<!DOCTYPE html>\n" + page, '<meta charset="utf-8"><model>X</model><firmware>1</firmware>', xhtml):
        fields: dict[str, str] = {}
        assert not self_description.read(text, fields)
        assert document_fields(text, fields) is None and fields == {}


def test_key_names_are_folded_and_firmware_prefixes_dropped() -> None:
    assert self_description.field_for("system_info_modelname") == "devinfo.model"
    assert self_description.field_for("root.Brand.ProdFullName") == "devinfo.model"
    assert self_description.field_for("serial_num") == "devinfo.serial"
    assert self_description.field_for("manufacturer_name") == "devinfo.manufacturer"
    assert self_description.field_for("manufacture") == "devinfo.manufacturer"  # PSIA's spelling
    assert self_description.field_for("devModel") == "devinfo.model"
    assert self_description.field_for("sysDescr") == "snmp.sysdescr"
    assert self_description.field_for("deviceDescription") == "devinfo.description"
    for other in ("name", "version", "type", "lensmodel", "cpu_model", "description"):
        assert self_description.field_for(other) is None, other


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400), st.sampled_from(["", "var model=", "model=", "{", "[", "<?xml version='1.0'?><a>",
                                                 "<root><model>"]))
def test_hostile_text_never_raises(text: str, start: str) -> None:
    fields: dict[str, str] = {}
    self_description.read(start + text, fields)
    sniff(start + text, {}, port=80)
    for name, value in fields.items():
        assert name.startswith(("devinfo.", "snmp.", "onvif.device_info.")), name
        assert len(value) <= 128


def test_broken_or_absurdly_deep_json_is_no_self_description_and_raises_nothing() -> None:
    for text in ('{"model": "C310", "sw_version": ', '{"model": x}', '[' * 100_000, '{"a":' * 50_000):
        fields: dict[str, str] = {}
        assert not self_description.read(text, fields)
        assert fields == {}


@settings(max_examples=100, deadline=None)
@given(st.dictionaries(st.sampled_from(["model", "firmwareVersion", "serialNumber", "vendor", "x", "sysDescr"]),
                       st.one_of(st.text(max_size=40), st.integers(), st.none(), st.booleans()), max_size=6),
       st.integers(min_value=0, max_value=40))
def test_json_of_any_shape_and_depth_is_read_within_bounds(doc: dict[str, object], depth: int) -> None:
    nested: object = doc
    for _ in range(depth):
        nested = {"a": nested}
    fields: dict[str, str] = {}
    self_description.read(json.dumps(nested), fields)
    if depth > self_description.MAX_DEPTH:
        assert fields == {}


def test_the_registry_fixture_holds_these_answers() -> None:
    # tests/data/importers/shodan_self_descriptions.jsonl feeds the field-registry test
    # (tests/integration/scan/test_field_registry.py): the Tapo, Sony, Xerox and namespaceless ISAPI answers above as
    # Shodan HTTP banners,
    # so devinfo.manufacturer and devinfo.description are produced by an importer there (the namespaceless ISAPI
    # document carries deviceDescription).
    records = list(shodan.read(Path(__file__).resolve().parents[2] / "data" / "importers" /
                               "shodan_self_descriptions.jsonl"))
    fields = [r.observations[0].fields for r in records]
    assert [f.get("devinfo.model") for f in fields] == ["C310", "SNC-RZ25N", None, "DS-2CD2155FWD-I"]
    assert fields[3]["devinfo.description"] == "IPCamera"
    assert fields[0]["devinfo.manufacturer"] == "TP-LINK"
    assert fields[2]["snmp.sysdescr"].startswith("Xerox WorkCentre")
