"""A maker no vendor list knows, reported by the device beside a video type, is kept as the self-reported brand.

Issue 9's rule ("a maker name that camaudit does not know must not be dropped: it becomes the self-reported brand,
with lower confidence, and the device is still a video device"), checked once per self-description path: ONVIF
GetDeviceInformation (live probe fields and a printed answer), UPnP, SNMP sysDescr, Dahua DHIP, Hikvision SADP and
a JSON device-information answer. helper-163, 2026-12-05; docs/identification/models-and-lexicon.md, "Small and
regional camera brands".

"Qorvane" is an invented name (no vendor, no lexicon entry will ever hold it), so each test keeps asserting the
unknown-maker path whatever the vendor list learns; the values beside it follow each protocol's own layout.
"""

from __future__ import annotations

import io
import json

import pytest

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.knowledge.loader import vendors
from camaudit.model import DeviceType, Identity, Observation

UNKNOWN = "Qorvane"
BRAND = "qorvane"


def observed(protocol: str, port: int, fields: dict[str, str], transport: str = "udp") -> Identity:
    return identify([Observation("192.0.2.30", port, transport, protocol, "scan", "2026-01-01T00:00:00Z", fields)])


def shodan_http(content_type: str, body: str) -> Identity:
    record = {
        "ip_str": "192.0.2.31",
        "port": 80,
        "transport": "tcp",
        "_shodan": {"module": "http"},
        "data": f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\n\r\n{body}",
    }
    (read,) = FORMATS["shodan"](io.BytesIO(json.dumps(record).encode() + b"\n"))
    return identify(read.observations)


def test_the_invented_name_is_no_vendor() -> None:
    assert BRAND not in vendors()


def assert_self_reported(identity: Identity) -> None:
    assert identity.is_video_device
    assert identity.brand == BRAND
    # A brand camaudit does not know never becomes a manufacturer by itself ...
    assert identity.manufacturer is None or identity.manufacturer in vendors()
    # ... and is said to be the device's own word.
    assert any("as the device reports it" in line for line in identity.attribution)


def test_onvif_device_information_from_the_live_probe() -> None:
    identity = observed(
        "onvif",
        80,
        {
            "onvif.device_info.manufacturer": UNKNOWN,
            "onvif.device_info.model": "QV-200",
            "onvif.device_info.firmware": "1.2.3",
        },
        transport="tcp",
    )
    assert_self_reported(identity)
    assert identity.model == "QV-200"


def test_onvif_device_information_answer_printed_in_a_scan_file() -> None:
    answer = (
        '<?xml version="1.0"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body><tds:GetDeviceInformationResponse>'
        f"<tds:Manufacturer>{UNKNOWN}</tds:Manufacturer><tds:Model>QV-200</tds:Model>"
        "<tds:FirmwareVersion>1.2.3</tds:FirmwareVersion><tds:SerialNumber>QV200A0001</tds:SerialNumber>"
        "<tds:HardwareId>1.0</tds:HardwareId></tds:GetDeviceInformationResponse></s:Body></s:Envelope>"
    )
    identity = shodan_http("application/soap+xml", answer)
    assert_self_reported(identity)


@pytest.mark.parametrize("where", ["upnp.friendly_name", "upnp.model_name"])
def test_upnp_manufacturer_beside_a_camera_word(where: str) -> None:
    identity = observed("upnp", 1900, {"upnp.manufacturer": UNKNOWN, where: "Network Camera"})
    assert_self_reported(identity)
    assert identity.device_type == DeviceType.CAMERA


def test_upnp_manufacturer_without_video_evidence_names_nobody() -> None:
    """Routers and TVs answer UPnP too: the name waits for a video sign."""
    identity = observed("upnp", 1900, {"upnp.manufacturer": UNKNOWN, "upnp.model_name": "Wireless Router"})
    assert identity.brand is None


def test_snmp_sysdescr_opening_with_a_registered_company_name() -> None:
    identity = observed("snmp", 161, {"snmp.sysdescr": f"{UNKNOWN} Co., Ltd. IP Camera"})
    assert_self_reported(identity)


def test_dhip_vendor_of_a_dahua_built_device() -> None:
    """DHIP is Dahua's own discovery protocol: the vendor it reports is the name on the box, Dahua the maker."""
    identity = observed("dhip", 37810, {"dhip.Vendor": UNKNOWN, "dhip.DeviceType": "IPC-HFW1230S"})
    assert_self_reported(identity)
    assert identity.manufacturer == "dahua"


def test_sadp_oem_info_of_a_hikvision_built_device() -> None:
    identity = observed("sadp", 37020, {"sadp.OEMInfo": UNKNOWN, "sadp.CommandPort": "8000"})
    assert_self_reported(identity)
    assert identity.manufacturer == "hikvision"


def test_json_device_information_answer() -> None:
    body = json.dumps(
        {
            "manufacturer": UNKNOWN,
            "deviceType": "IP Camera",
            "model": "QV-200",
            "firmwareVersion": "1.2.3",
            "serialNumber": "QV200A0001",
        }
    )
    identity = shodan_http("application/json", body)
    assert_self_reported(identity)
    assert identity.model == "QV-200"


def test_json_device_information_of_a_router_names_nobody() -> None:
    body = json.dumps({"manufacturer": UNKNOWN, "deviceType": "Router", "model": "QR-1", "firmwareVersion": "1.0"})
    identity = shodan_http("application/json", body)
    assert identity.brand is None
    assert not identity.is_video_device
