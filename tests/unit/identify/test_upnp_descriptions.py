"""A UPnP device description read whole (helper-129, 2026-12-04): its UDN, its URLs and its service list.

Before, only the names (manufacturer, modelName, friendlyName ...) reached identify; the UDN that ends in the MAC, the
web interface the description points to and the services the device offers were dropped. The AXIS M1014 description
is the one FantasticFiasco/axis-js keeps as its test mock (a real camera's description: model, serial = MAC, Axis's
BasicService); the other descriptions are invented in the layout the UPnP Device Architecture prescribes, and say so.
"""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import MAX_UPNP_SERVICE_TYPES, put_upnp_devices
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols import soap

AXIS_M1014 = (
    b'<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major>'
    b"<minor>0</minor></specVersion><device><deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType>"
    b"<friendlyName>AXIS M1014 - ACCC8E270AD8</friendlyName><manufacturer>AXIS</manufacturer>"
    b"<manufacturerURL>http://www.axis.com/</manufacturerURL><modelDescription>AXIS M1014 Fixed Network Camera"
    b"</modelDescription><modelName>AXIS M1014</modelName><modelNumber>M1014</modelNumber>"
    b"<modelURL>http://www.axis.com/</modelURL><serialNumber>ACCC8E270AD8</serialNumber>"
    b"<UDN>uuid:Upnp-BasicDevice-1_0-ACCC8E270AD8</UDN><serviceList><service>"
    b"<serviceType>urn:axis-com:service:BasicService:1</serviceType><serviceId>urn:axis-com:serviceId:BasicServiceId"
    b"</serviceId><controlURL>/upnp/control/BasicServiceId</controlURL><eventSubURL>/upnp/event/BasicServiceId"
    b"</eventSubURL><SCPDURL>/scpd_basic.xml</SCPDURL></service></serviceList>"
    b"<presentationURL>http://192.168.1.102:80/</presentationURL></device>"
    b"<URLBase>http://192.168.1.102:51578/</URLBase></root>"
)


def described(description: bytes) -> dict[str, str]:
    fields = soap.upnp_description(description)
    assert fields, "not read as a UPnP description"
    return fields


def seen(fields: dict[str, str]) -> Identity:
    """The identity of a device seen only through its UPnP description."""
    return identify([Observation("192.0.2.90", 49152, "tcp", "upnp", "discover", "2026-12-04T21:00:00Z", fields)])


def invented(device: str) -> bytes:
    """A description in the UPnP Device Architecture's layout around ``device``'s elements (invented, not a capture)."""
    return (
        '<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major>'
        f"<minor>0</minor></specVersion><device>{device}</device></root>"
    ).encode()


def test_the_whole_axis_description_is_kept_and_names_axis() -> None:
    fields = described(AXIS_M1014)
    assert fields["upnp.udn"] == "uuid:Upnp-BasicDevice-1_0-ACCC8E270AD8"
    assert fields["upnp.service_type"] == "urn:axis-com:service:BasicService:1"
    assert fields["upnp.manufacturer_url"] == "http://www.axis.com/"
    assert fields["upnp.presentation_url"] == "http://192.168.1.102:80/"
    identity = seen(fields)
    assert identity.manufacturer == "axis"
    assert identity.model == "M1014"
    assert is_video_device(identity.device_type)


def test_axis_basic_service_in_the_service_list_names_axis_without_its_names() -> None:
    # The names blanked: the service list alone says whose firmware wrote the description.
    fields = described(AXIS_M1014.replace(b"AXIS", b"").replace(b"Axis", b""))
    assert "urn:axis-com:service:BasicService:1" in fields["upnp.service_type"]
    assert seen({k: v for k, v in fields.items() if k == "upnp.service_type"}).manufacturer == "axis"


def test_a_udn_ending_in_a_camera_makers_mac_names_it_beside_a_camera_word() -> None:
    # Invented: a description with no maker name, its UDN's node field an Axis block's MAC (RFC 4122 section 4.1.6).
    fields = described(
        invented(
            "<deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType><friendlyName>Network Camera</friendlyName>"
            "<UDN>uuid:4d696e69-444c-164e-9d41-accc8e012345</UDN>"
        )
    )
    identity = seen(fields)
    assert identity.device_type == "camera"
    assert identity.manufacturer == "axis"


def test_a_routers_udn_and_web_addresses_make_no_camera() -> None:
    # Invented in a home router's layout: a TP-Link block in the UDN, TP-Link's site, the gateway's services.
    fields = described(
        invented(
            "<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
            "<friendlyName>Archer C7</friendlyName><manufacturer>TP-Link</manufacturer>"
            "<manufacturerURL>http://www.tp-link.com</manufacturerURL><modelURL>http://www.tp-link.com</modelURL>"
            "<UDN>uuid:9f0865b3-f5da-4ad5-85b7-50c7bf012345</UDN><serviceList><service>"
            "<serviceType>urn:schemas-upnp-org:service:Layer3Forwarding:1</serviceType></service></serviceList>"
            "<presentationURL>http://192.168.0.1/</presentationURL>"
        )
    )
    identity = seen(fields)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None


def test_a_media_servers_service_list_makes_no_camera() -> None:
    fields = described(
        invented(
            "<deviceType>urn:schemas-upnp-org:device:MediaServer:1</deviceType><friendlyName>DiskStation</friendlyName>"
            "<serviceList><service><serviceType>urn:schemas-upnp-org:service:ContentDirectory:1</serviceType></service>"
            "<service><serviceType>urn:schemas-upnp-org:service:ConnectionManager:1</serviceType></service>"
            "</serviceList>"
        )
    )
    assert fields["upnp.service_type"].splitlines() == [
        "urn:schemas-upnp-org:service:ContentDirectory:1",
        "urn:schemas-upnp-org:service:ConnectionManager:1",
    ]
    assert not is_video_device(seen(fields).device_type)


def test_the_upnp_forums_security_camera_services_make_a_camera_of_no_maker() -> None:
    # Invented in the DigitalSecurityCamera:1 template's layout (upnp.org's device and service templates).
    fields = described(
        invented(
            "<deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType><friendlyName>Front</friendlyName><serviceList>"
            "<service><serviceType>urn:schemas-upnp-org:service:DigitalSecurityCameraStillImage:1</serviceType>"
            "</service></serviceList>"
        )
    )
    identity = seen(fields)
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None


def test_a_web_interface_on_a_makers_own_path_names_the_maker() -> None:
    # Invented: a description pointing to Hikvision's web-interface login page (layers/paths.yaml reads @url).
    fields = described(
        invented(
            "<deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType><friendlyName>Camera</friendlyName>"
            "<presentationURL>http://192.168.1.64/doc/page/login.asp</presentationURL>"
        )
    )
    identity = seen(fields)
    assert identity.manufacturer == "hikvision"
    assert is_video_device(identity.device_type)


def test_shodans_upnp_module_fills_the_same_fields_as_the_description(tmp_path: Path) -> None:
    # Shodan's and Censys's UPnP objects spell the description's keys in snake_case (Censys's Upnp_Device schema:
    # manufacturer_url, model_url, presentation_url, udn, service_list); the values are the AXIS M1014's.
    banner = {
        "ip_str": "192.0.2.91",
        "port": 1900,
        "transport": "udp",
        "data": "",
        "upnp": {
            "device_type": "urn:schemas-upnp-org:device:Basic:1",
            "manufacturer_url": "http://www.axis.com/",
            "udn": "uuid:Upnp-BasicDevice-1_0-ACCC8E270AD8",
            "presentation_url": "http://192.168.1.102:80/",
            "services": [{"service_type": "urn:axis-com:service:BasicService:1", "control_url": "/upnp/control/x"}],
        },
    }
    path = tmp_path / "banners.json"
    path.write_text(json.dumps(banner) + "\n", encoding="utf-8")
    (record,) = list(shodan.read(path))
    (obs,) = record.observations
    kept = ("upnp.udn", "upnp.presentation_url", "upnp.manufacturer_url", "upnp.device_type", "upnp.service_type")
    want = {k: v for k, v in described(AXIS_M1014).items() if k in kept}
    assert {k: v for k, v in obs.fields.items() if k in want} == want
    assert identify(record.observations).manufacturer == "axis"


def test_censys_service_list_entries_are_read_and_capped() -> None:
    fields: dict[str, str] = {}
    services = [{"service_type": f"urn:example-com:service:S{i}:1"} for i in range(40)]
    put_upnp_devices(fields, [{"service_list": [*services, {"service_type": "urn:example-com:service:S0:1"}]}])
    kinds = fields["upnp.service_type"].splitlines()
    assert kinds[0] == "urn:example-com:service:S0:1"
    assert len(kinds) == MAX_UPNP_SERVICE_TYPES == len(set(kinds))


_JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=6) | st.dictionaries(st.text(max_size=16), inner, max_size=6),
    max_leaves=30,
)
_KEYS = st.sampled_from(["service_list", "services", "udn", "manufacturer_url", "presentation_url", "model_url"])


@settings(max_examples=150, deadline=None)
@given(st.lists(st.dictionaries(_KEYS | st.text(max_size=12), _JSONISH, max_size=6), max_size=4))
def test_any_upnp_object_a_scan_file_holds_fills_text_fields_and_never_raises(devices: list[dict[str, object]]) -> None:
    fields: dict[str, str] = {}
    put_upnp_devices(fields, devices)
    assert all(isinstance(v, str) and v for v in fields.values())
    assert len(fields.get("upnp.service_type", "").splitlines()) <= MAX_UPNP_SERVICE_TYPES


_TAG_SOUP = st.lists(
    st.sampled_from(
        ["<root>", "</root>", "<device>", "</device>", "<serviceList>", "</serviceList>", "<service>", "</service>",
         "<serviceType>", "</serviceType>", "<UDN>", "</UDN>", "<presentationURL>", "</presentationURL>", "&amp;",
         "<!DOCTYPE x [<!ENTITY a 'b'>]>", "&a;", "urn:axis-com:service:BasicService:1", "x", "\x00", "]]>"]
    )
    | st.text(max_size=20),
    max_size=80,
)


@settings(max_examples=200, deadline=None)
@given(_TAG_SOUP)
def test_hostile_description_text_never_raises_and_keeps_its_caps(parts: list[str]) -> None:
    fields = soap.upnp_description("".join(parts).encode("utf-8", "surrogatepass"))
    assert len(fields.get("upnp.service_type", "").splitlines()) <= soap.MAX_SERVICE_TYPES
    assert all(len(v) <= soap.MAX_VALUE_CHARS for k, v in fields.items() if k != "upnp.service_type")


def test_a_makers_own_domain_names_it_when_the_manufacturer_says_nothing() -> None:
    # Invented: white-label descriptions whose manufacturer is a placeholder; the maker's web address remains.
    for url, maker in (("http://www.dahuasecurity.com", "dahua"), ("http://www.axis.com/", "axis"),
                       ("http://www.xiongmaitech.com", "xiongmai"), ("http://www.hikvision.com", "hikvision")):
        fields = described(
            invented(
                "<deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType><friendlyName>NVR</friendlyName>"
                f"<manufacturer>NONE</manufacturer><manufacturerURL>{url}</manufacturerURL>"
            )
        )
        identity = seen(fields)
        assert identity.manufacturer == maker, url
        assert is_video_device(identity.device_type), url


def test_a_multi_product_makers_domain_needs_video_evidence() -> None:
    # Invented: Bosch's security site alone (an intrusion panel's description could give it) names nobody ...
    alone = seen(described(invented("<friendlyName>Panel</friendlyName>"
                                    "<manufacturerURL>http://www.boschsecurity.com</manufacturerURL>")))
    assert alone.manufacturer is None and not is_video_device(alone.device_type)
    # ... and beside a camera's own words it names Bosch.
    camera = seen(described(invented("<friendlyName>Lobby</friendlyName><modelDescription>IP Camera</modelDescription>"
                                     "<manufacturerURL>http://www.boschsecurity.com</manufacturerURL>")))
    assert camera.manufacturer == "bosch" and is_video_device(camera.device_type)
