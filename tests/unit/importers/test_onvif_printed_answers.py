"""ONVIF's GetDeviceInformation answer as a client library prints it is the device service's answer itself: the device
is a video device even when its Manufacturer is blank or a placeholder, and its values fill ``onvif.device_info.*`` as
the live probe's do. Look-alikes with other key sets (DPWS metadata of WSD printers, UPnP, a list of devices) are not
read.

The five names are ONVIF's (devicemgmt.wsdl, GetDeviceInformationResponse: Manufacturer, Model, FirmwareVersion,
SerialNumber, HardwareId); go-onvif's DeviceInformation struct spells the last HardwareID
(github:deepch/go-onvif/model.go@2b91fc728fd9). The answers below are written here in the printed forms of JSON,
a Python repr, ``key: value`` lines and Go's ``%+v``: no capture is quoted.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.identify.selfreport import maker_id
from camaudit.importers import self_description, shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import is_video_device

PLACEHOLDER = {"Manufacturer": "Technology", "Model": "IPC", "FirmwareVersion": "V4.1.2", "SerialNumber": "1234567",
               "HardwareId": "1.0"}
PRINTED = (
    json.dumps(PLACEHOLDER),
    json.dumps(PLACEHOLDER, indent=4),
    repr(PLACEHOLDER),
    "".join(f"{key:<16}: {value}\n" for key, value in PLACEHOLDER.items()),
    "".join(f"{key}={value}\n" for key, value in PLACEHOLDER.items()),
    "{Manufacturer:Technology Model:IPC FirmwareVersion:V4.1.2 SerialNumber:1234567 HardwareID:1.0}",
    json.dumps({"manufacturer": "Technology", "model": "IPC", "firmwareVersion": "V4.1.2", "serialNumber": "1234567",
                "hardwareId": "1.0"}),
)


def _bare(body: str) -> ImportRecord:
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 8000, "data": body, "_shodan": {"module": "http"}}, 1)


def _http(body: str) -> ImportRecord:
    data = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{body}"
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 80, "data": data, "_shodan": {"module": "http"}}, 1)


def test_each_printed_form_fills_the_live_probes_fields() -> None:
    for text in PRINTED:
        fields: dict[str, str] = {}
        assert self_description.read(text, fields), text
        assert fields == {
            "onvif.device_info.manufacturer": "Technology", "onvif.device_info.model": "IPC",
            "onvif.device_info.firmware": "V4.1.2", "onvif.device_info.serial": "1234567",
            "onvif.device_info.hardware_id": "1.0", "devinfo.answer": "onvif-device-information",
        }, text


def test_a_placeholder_maker_gives_a_camera_and_no_brand() -> None:
    # "Technology" names no company; "IPC" is the trade's word for an IP camera.
    for text in PRINTED:
        for record in (_bare(text), _http(text)):
            for name, value in record.observations[0].fields.items():
                declared = field(name)
                assert declared is not None and declared.filled_by("import:shodan") and declared.accepts(value), name
            identity = identify(record.observations)
            assert identity.device_type == "camera", text
            assert (identity.brand, identity.manufacturer) == (None, None), text


def test_a_blank_maker_and_model_still_make_a_video_device() -> None:
    answer = json.dumps({"Manufacturer": "", "Model": None, "FirmwareVersion": "2.4.1", "SerialNumber": "AB12345",
                         "HardwareId": "V1"})
    fields: dict[str, str] = {}
    assert self_description.read(answer, fields)
    assert "onvif.device_info.manufacturer" not in fields and "onvif.device_info.model" not in fields
    identity = identify(_bare(answer).observations)
    assert is_video_device(identity.device_type)
    assert (identity.brand, identity.manufacturer) == (None, None)


def test_a_known_maker_is_named_and_an_unknown_one_becomes_a_self_reported_brand() -> None:
    known = json.dumps({"Manufacturer": "HIKVISION", "Model": "DS-2CD2032-I", "FirmwareVersion": "V5.4.0 build 160530",
                        "SerialNumber": "DS-2CD2032-I20160530BBWR123456789", "HardwareId": "88"})
    identity = identify(_bare(known).observations)
    assert (identity.manufacturer, identity.model, identity.device_type) == ("hikvision", "DS-2CD2032-I", "camera")
    unknown = "{Manufacturer:Acme Vision Model:AV-100 FirmwareVersion:V1.0 build 2 SerialNumber:XYZ123 HardwareID:1.0}"
    identity = identify(_bare(unknown).observations)
    assert (identity.brand, identity.manufacturer, identity.model) == ("acme-vision", None, "AV-100")
    assert is_video_device(identity.device_type)
    assert identity.confidence < 0.5  # a name camaudit does not know is kept, at lower confidence


def test_look_alikes_with_other_key_sets_are_not_read_as_onvif() -> None:
    dpws = ("<ThisModel><Manufacturer>HP</Manufacturer><ModelName>LaserJet M404</ModelName></ThisModel><ThisDevice>"
            "<FriendlyName>Printer</FriendlyName><FirmwareVersion>2.1</FirmwareVersion><SerialNumber>VNB3K12345"
            "</SerialNumber></ThisDevice>")
    lego = "FirmwareVersion: 'V1.09H'\nHardwareID: '0016535239bb'\nIPAddress: '192.168.1.107'\n"
    one = dict(PLACEHOLDER, Manufacturer="HIKVISION", Model="DS-2CD2032-I")
    two_devices = json.dumps([one, dict(one, Manufacturer="Dahua", Model="IPC-HDW1230T1")])
    no_hardware_id = json.dumps({k: v for k, v in PLACEHOLDER.items() if k != "HardwareId"})
    far_apart = "Manufacturer: Technology\nModel: IPC\n" + "x = 1\n" * 600 + (
        "FirmwareVersion: V4\nSerialNumber: 12345\nHardwareId: 1\n")
    page = "<!DOCTYPE html><html><body><pre>" + "\n".join(f"{k}: {v}" for k, v in one.items()) + "</pre></body></html>"
    for text in (dpws, lego, two_devices, no_hardware_id, far_apart, page):
        fields: dict[str, str] = {}
        self_description.read(text, fields)
        assert not any(name.startswith("onvif.") for name in fields), text[:60]
        assert fields.get("devinfo.answer") != "onvif-device-information", text[:60]
    assert not is_video_device(identify(_bare(dpws).observations).device_type)


def test_a_maker_made_of_trade_words_only_names_nobody() -> None:
    for name in ("Technology", "Digital Video Technology Co., Ltd.", "Security Technology", "SMART VISION"):
        assert maker_id(name) is None, name
    assert maker_id("Intelligent Security Systems") == "iss"  # a vendor of its own, found before the trade words
    assert maker_id("Acme Vision Technology") == "acme-vision-technology"


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300), st.sampled_from(sorted(PLACEHOLDER)), st.sampled_from(["", ": ", "=", '": "', "'"]))
def test_hostile_text_around_the_names_never_raises_and_stays_bounded(text: str, key: str, sep: str) -> None:
    fields: dict[str, str] = {}
    self_description.read(f"{key}{sep}{text}\nHardwareId: {text}\n" + json.dumps(PLACEHOLDER) + text, fields)
    for name, value in fields.items():
        assert name.startswith(("devinfo.", "snmp.", "onvif.device_info.")), name
        assert len(value) <= 128 and "\n" not in value
