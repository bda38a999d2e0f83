"""What devices say about themselves outside HTTP (entries added 2026-12-03): 2N's SNMP enterprise and the
2N intercom lines that carry a camera, and the DNS-SD service type Axis cameras (and DoorBird doorbells)
announce (read from a scanner's printed mDNS answer into ``mdns.*``). Inputs are the strings the cited sources show; expectations are what a user reads in the result.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation, is_video_device


def seen(fields: dict[str, str], protocol: str = "banner") -> Identity:
    return identify([Observation("192.0.2.50", None, "udp", protocol, "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize("oid", [".1.3.6.1.4.1.6530", "1.3.6.1.4.1.6530.11"])
def test_2ns_snmp_enterprise_names_a_2n_intercom(oid: str) -> None:
    identity = seen({"snmp.sysobjectid": oid}, "snmp")
    assert identity.manufacturer == "2n"
    assert identity.device_type == "intercom"


@pytest.mark.parametrize("oid", ["1.3.6.1.4.1.65300", "1.3.6.1.4.1.653", "1.3.6.1.4.1.8072.3.2.10"])
def test_neighbouring_enterprise_numbers_are_not_2n(oid: str) -> None:
    assert seen({"snmp.sysobjectid": oid}, "snmp").manufacturer != "2n"


@pytest.mark.parametrize("name", ["2N IP Force", "2N IP Solo", "2N IP Base", "2N IP Verso 2.0"])
def test_a_2n_intercom_line_with_a_camera_is_named_with_its_model(name: str) -> None:
    identity = seen({"snmp.sysdescr": name}, "snmp")
    assert identity.manufacturer == "2n"
    assert identity.model == name
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize("name", ["2N IP Uni", "2N IP Audio Kit", "2N IP Safety"])
def test_2n_lines_that_may_lack_a_camera_are_not_typed_video(name: str) -> None:
    assert not is_video_device(seen({"snmp.sysdescr": name}, "snmp").device_type)


def announced(text: str) -> Identity:
    """A scanner's printed mDNS answer, read as the importers read it (sniffed into ``mdns.*``)."""
    fields: dict[str, str] = {}
    assert sniff(text, fields, port=5353, hint="mdns") == "mdns"
    return seen(fields, "mdns")


def test_the_axis_video_service_type_alone_types_a_video_device_of_no_maker() -> None:
    identity = announced("Services:\n  _http._tcp.local\n  _axis-video._tcp.local\n")
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None


def test_a_doorbird_announcement_of_the_axis_type_is_not_called_axis() -> None:
    # DoorBird doorstations announce the Axis service type too (doorbird-mdns-announcer, app/main.py).
    identity = announced("Doorstation - 1CCAE3726FE3._axis-video._tcp.local.")
    assert is_video_device(identity.device_type)
    assert identity.manufacturer != "axis"


def test_an_axis_announcement_naming_its_model_is_axis() -> None:
    identity = announced("AXIS M3045-V - ACCC8E0A1B2C._axis-video._tcp.local")
    assert identity.manufacturer == "axis"
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize("text", ["_http._tcp.local.", "_googlecast._tcp.local", "_xaxis-video._tcp.local"])
def test_other_service_types_type_nothing(text: str) -> None:
    assert not is_video_device(announced(text).device_type)


# --- Xiaomi and Aqara camera codes; Sony's and Aqara's registered MAC blocks -----------------------------------


@pytest.mark.parametrize(
    ("text", "maker", "model"),
    [
        ("Xiaomi Smart Camera Standard Edition (MJSXJ02HL)", "xiaomi", "MJSXJ02HL"),
        ("mijia.camera.v3", "xiaomi", "mijia.camera.v3"),
        ("ZNSXJ12LM", "aqara", "ZNSXJ12LM"),
        ("lumi.camera.gwagl02", "aqara", "lumi.camera.gwagl02"),
        ("Aqara Camera Hub G3", "aqara", "Camera Hub G3"),
    ],
)
def test_xiaomi_and_aqara_camera_codes_name_maker_model_and_camera(text: str, maker: str, model: str) -> None:
    identity = seen({"upnp.model_name": text}, "upnp")
    assert identity.manufacturer == maker
    assert identity.model == model
    assert identity.device_type == "camera"


@pytest.mark.parametrize(
    "text", ["ZHWG12LM", "lumi.gateway.aqhm01", "lumi.sensor_cube.aqgl01", "mijia.vacuum.v2", "Aqara Hub M2"]
)
def test_aqara_and_xiaomi_hubs_sensors_and_appliances_are_not_cameras(text: str) -> None:
    assert not is_video_device(seen({"upnp.model_name": text}, "upnp").device_type)


CAMERA_REALM = {"http.www_authenticate": 'Basic realm="IP Camera"'}


@pytest.mark.parametrize(
    ("mac", "maker"),
    [("2C:97:ED:01:02:03", "sony"), ("18:C2:3C:01:02:03", "aqara"), ("00:80:F0:01:02:03", "panasonic")],
)
def test_a_registered_block_names_its_maker_next_to_video_evidence(mac: str, maker: str) -> None:
    identity = identify(
        [Observation("192.0.2.51", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {**CAMERA_REALM, "mac": mac})]
    )
    assert identity.manufacturer == maker


@pytest.mark.parametrize("mac", ["2C:97:ED:01:02:03", "18:C2:3C:01:02:03", "00:80:F0:01:02:03"])
def test_a_sony_or_lumi_block_alone_names_nobody(mac: str) -> None:
    # Sony's, Lumi's and Panasonic Communications' blocks are also on TVs, consoles, hubs, sensors and phones.
    identity = seen({"mac": mac}, "arp")
    assert identity.manufacturer is None
    assert not is_video_device(identity.device_type)
