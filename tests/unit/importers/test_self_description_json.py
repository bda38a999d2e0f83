"""JSON self-descriptions as scanners keep them: keys in any case and spelling, documents cut at banner length, and
documents kept without their head, whose key names are names and not words a device writes about itself.

Each answer is quoted from the public source named above it; where a test builds an answer rather than quoting one,
it says so.
"""

from __future__ import annotations

import json

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.importers.test_device_documents import REOLINK_GETDEVINFO
from tests.unit.importers.test_self_description import KASA_PLUG, SYNOLOGY_INFO, TAPO_DEVICE_INFO
from tests.unit.importers.test_settings_camel_case import OCTOPRINT_WEBCAM

from camaudit.identify import identify
from camaudit.importers import self_description, shodan
from camaudit.importers.base import ImportRecord
from camaudit.importers.sniff import sniff
from camaudit.model import is_video_device

# github:openhab/openhab-addons bundles/org.openhab.binding.doorbird/src/test/java/org/openhab/binding/doorbird/
# internal/DoorbirdInfoTest.java@0d5e383961c2 (infoWithoutControllerId): a DoorBird D101 video door station's info.cgi
# answer as the binding's test holds it (single quotes there; the device sends JSON's double quotes).
DOORBIRD_INFO_QUOTED = ("{'BHA': {'RETURNCODE': '1', 'VERSION': [{'FIRMWARE': '000109', 'BUILD_NUMBER': '15120529', "
                        "'PRIMARY_MAC_ADDR': '1CCAE3711111', 'WIFI_MAC_ADDR': '1CCAE3799999', 'RELAYS': ['1', '2'], "
                        "'DEVICE-TYPE': 'DoorBird D101'}]}}")
DOORBIRD_INFO = DOORBIRD_INFO_QUOTED.replace("'", '"')


def _http(body: str) -> ImportRecord:
    data = f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{body}"
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 80, "data": data, "_shodan": {"module": "http"}}, 1)


def _bare(body: str, port: int = 8080) -> ImportRecord:
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": port, "data": body, "_shodan": {"module": "http"}}, 1)


def test_a_door_stations_upper_case_hyphenated_keys_name_and_type_it() -> None:
    # Before, the key hint knew only camelCase spellings: DEVICE-TYPE and FIRMWARE went unread, nothing was named.
    for text in (DOORBIRD_INFO, DOORBIRD_INFO_QUOTED):
        fields: dict[str, str] = {}
        assert self_description.read(text, fields)
        assert (fields["devinfo.device_type"], fields["devinfo.firmware"]) == ("DoorBird D101", "000109")
    for record in (_http(DOORBIRD_INFO), _bare(DOORBIRD_INFO)):
        identity = identify(record.observations)
        assert identity.manufacturer == "doorbird"
        assert identity.device_type == "intercom" and is_video_device(identity.device_type)
        assert "doorbell" in identity.capabilities


def test_a_self_description_cut_at_banner_length_is_read_up_to_the_cut() -> None:
    # The Tapo answer of test_self_description with settings after it (written here: a long answer, as a camera's
    # getDeviceInfo beside other sections), cut at 2 KB as a collector keeps it.
    info = json.loads(TAPO_DEVICE_INFO)
    info["device_info"]["settings"] = {f"option_{i}": "x" * 20 for i in range(200)}
    cut = json.dumps(info)[:2048]
    fields: dict[str, str] = {}
    assert self_description.read(cut, fields)
    assert (fields["devinfo.manufacturer"], fields["devinfo.model"], fields["devinfo.device_type"]) == (
        "TP-LINK", "C310", "SMART.IPCAMERA")
    for record in (_http(cut), _bare(cut)):
        identity = identify(record.observations)
        assert identity.model == "C310" and is_video_device(identity.device_type)
        assert "tp-link" in (identity.brand, identity.manufacturer)


def test_a_cut_answer_says_no_more_than_its_whole() -> None:
    whole: dict[str, str] = {}
    assert self_description.read(TAPO_DEVICE_INFO, whole)
    for at in range(1, len(TAPO_DEVICE_INFO)):
        fields: dict[str, str] = {}
        self_description.read(TAPO_DEVICE_INFO[:at], fields)
        assert fields.items() <= whole.items(), at  # never a value cut short: "C31" for "C310"


def test_non_cameras_cut_short_stay_non_cameras() -> None:
    for answer in (KASA_PLUG, SYNOLOGY_INFO):
        for at in (len(answer) // 2, len(answer) - 3):
            for record in (_http(answer[:at]), _bare(answer[:at])):
                identity = identify(record.observations)
                assert not is_video_device(identity.device_type), (answer[:at], identity.device_type)
                assert (identity.brand, identity.manufacturer) == (None, None)


def test_what_a_cut_leaves_open_of_a_collection_is_not_read() -> None:
    # Written here (no capture): a router's client table keyed by MAC, cut inside its second client, and a list cut
    # inside its first entry. A whole table's entries are set aside because they share their keys; the entry the cut
    # left open has the first's keys so far, and a list whose end is cut may have held more than one entry.
    client = {"hostname": "frontdoor", "vendor": "Hikvision", "model": "DS-2CD2143G2-I", "firmwareVersion": "V5.7.3"}
    table = json.dumps({"status": {"a4:14:37:00:00:01": client, "a4:14:37:00:00:02": dict(client, hostname="yard")}})
    listed = json.dumps({"result": [client, client]})
    for text in (table[: table.rindex('"model"')], listed[: listed.index('"model"') + 30]):
        fields: dict[str, str] = {}
        assert not self_description.read(text, fields), text
        assert fields == {}


def test_a_json_document_without_its_head_is_an_answer_body_not_banner_text() -> None:
    # OctoPrint's webcam settings (test_settings_camel_case): a 3D printer server, whose key "webcam" was read as a
    # device word in banner text and typed the printer a camera.
    for text in (OCTOPRINT_WEBCAM, OCTOPRINT_WEBCAM[:120]):
        record = _bare(text, port=5000)
        observation = record.observations[0]
        assert "banner" not in observation.fields and observation.fields["http.body"] == text
        assert observation.protocol == "http"
        assert not is_video_device(identify(record.observations).device_type)
    # A banner that only looks like JSON at its first character stays banner text.
    for text in ("[INFO] IP Camera server ready", "{not json} IP Camera"):
        fields: dict[str, str] = {}
        assert sniff(text, fields, port=8080) is None and fields == {}


@settings(max_examples=200, deadline=None)
@given(st.sampled_from([DOORBIRD_INFO, TAPO_DEVICE_INFO, KASA_PLUG, SYNOLOGY_INFO]), st.integers(min_value=1),
       st.text(max_size=40))
def test_cut_and_hostile_answers_never_raise_and_keep_values_short(answer: str, at: int, tail: str) -> None:
    text = answer[: at % (len(answer) + 1)] + tail
    fields: dict[str, str] = {}
    self_description.read(text, fields)
    sniff(text, {}, port=80)
    for name, value in fields.items():
        assert name.startswith(("devinfo.", "snmp.", "onvif.device_info.")), name
        assert len(value) <= 128


# github:uilibs/unifi-discovery tests/test_init.py@fd1f3462e197 (test_async_scanner_access_service_detected,
# test_async_scanner_broadcast): what UniFi OS consoles answer on /api/system, the answer the scanner reads for the
# console's platform -- a UniFi Network Video Recorder and a UniFi Dream Machine Pro SE (a router).
UNIFI_NVR_SYSTEM = json.dumps({"hardware": {"shortname": "UNVR"}, "name": "UNVR", "mac": "E4388332C9B1",
                               "isSingleUser": False, "isSsoEnabled": True, "directConnectDomain": "abc.id.ui.direct"})
UNIFI_ROUTER_SYSTEM = json.dumps({"hardware": {"shortname": "UDMPROSE"}, "name": "UDM Pro SE", "mac": "245A4CDD6616",
                                  "isSingleUser": True, "isSsoEnabled": True,
                                  "directConnectDomain": "xyz.id.ui.direct"})


def test_a_unifi_consoles_hardware_short_name_is_its_model() -> None:
    fields: dict[str, str] = {}
    assert self_description.read(UNIFI_NVR_SYSTEM, fields)
    assert fields == {"devinfo.model": "UNVR"}  # the MAC counts as the device's own, and is not copied
    identity = identify(_http(UNIFI_NVR_SYSTEM).observations)
    assert (identity.manufacturer, identity.model, identity.device_type) == ("ubiquiti", "UNVR", "nvr")
    # The router console's short name is read the same way and types nothing: a UDM is no video device.
    identity = identify(_http(UNIFI_ROUTER_SYSTEM).observations)
    assert identity.model == "UDMPROSE" and not is_video_device(identity.device_type)
    # A short name is a model only under "hardware": elsewhere it is anyone's label.
    assert self_description.field_for("shortname") is None
    assert not self_description.read(json.dumps({"team": {"shortname": "UNVR"}, "mac": "E4388332C9B1"}), {})


def test_a_mac_key_a_firmware_qualifies_still_counts_as_the_devices_own() -> None:
    for key in ("PRIMARY_MAC_ADDR", "WIFI_MAC_ADDR", "ethMacAddress", "lan_mac_addr"):
        assert self_description.field_for(key) == "mac", key
    # A door station's type and its MAC alone (written here, DoorBird's key names): a device describing itself.
    fields: dict[str, str] = {}
    assert self_description.read(json.dumps({"DEVICE-TYPE": "DoorBird D2101V", "PRIMARY_MAC_ADDR": "1CCAE3711111"}),
                                 fields)
    assert fields == {"devinfo.device_type": "DoorBird D2101V"}
    for key in ("macro", "machine", "emac_enabled", "mac_filter"):
        assert self_description.field_for(key) is None, key


def test_door_stations_are_video_devices_and_a_doorbell_chime_is_not() -> None:
    # Written here: what a door station's own answer calls the device, in the device-type key.
    for kind, expected in (("Door Station", "intercom"), ("Video Intercom", "intercom"), ("VTO2202F-P", "intercom")):
        identity = identify(_http(json.dumps({"deviceType": kind, "firmwareVersion": "4.300.0000000.0.R",
                                              "serialNumber": "7H0A1B2C3D4E5F6"})).observations)
        assert identity.device_type == expected, kind
    for kind in ("Doorbell Chime", "Wireless Doorbell", "Door Sensor"):
        identity = identify(_http(json.dumps({"deviceType": kind, "firmwareVersion": "1.2.0",
                                              "serialNumber": "SN00012345"})).observations)
        assert not is_video_device(identity.device_type), kind


def test_a_makers_answer_cut_short_is_still_read_by_its_makers_reader() -> None:
    # Reolink's GetDevInfo answer (test_device_documents, from reolinkapipy's example) cut before its name and serial:
    # the reader of that answer raised on the open document before, and the body of an HTTP reply named nothing.
    cut = REOLINK_GETDEVINFO[: REOLINK_GETDEVINFO.index('"name"')]
    for record in (_http(cut), _bare(cut)):
        fields = record.observations[0].fields
        assert (fields["devinfo.api"], fields["devinfo.model"]) == ("reolink-api", "RLC-411WS")
        identity = identify(record.observations)
        assert (identity.manufacturer, identity.model) == ("reolink", "RLC-411WS")
        assert is_video_device(identity.device_type)
