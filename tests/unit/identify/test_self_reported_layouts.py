"""Serial-number, firmware and hardware-version layouts that name the maker when a device's self-report does
not (``layers/identifiers.yaml``): a relabelled Uniview camera, a Reolink that leaves its manufacturer blank,
an Imou on a dated Dahua build. The answers go through the Shodan importer as a scanner stored them.

A layout that other products share (Uniview's H3C-style serial, Lorex's short ND serial) names its maker only
next to video evidence, so the same value in a router's UPnP description names nobody.
"""

from __future__ import annotations

from camaudit.identify import identify
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, is_video_device


def onvif_answer(manufacturer: str, model: str, firmware: str, serial: str, hardware: str) -> Identity:
    """A GetDeviceInformation answer as Shodan stores an HTTP reply on port 80."""
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body><tds:GetDeviceInformationResponse>'
        f"<tds:Manufacturer>{manufacturer}</tds:Manufacturer><tds:Model>{model}</tds:Model>"
        f"<tds:FirmwareVersion>{firmware}</tds:FirmwareVersion><tds:SerialNumber>{serial}</tds:SerialNumber>"
        f"<tds:HardwareId>{hardware}</tds:HardwareId>"
        "</tds:GetDeviceInformationResponse></s:Body></s:Envelope>"
    )
    data = f"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml; charset=utf-8\r\n\r\n{body}"
    record = parse_banner({"ip_str": "192.0.2.50", "port": 80, "transport": "tcp", "data": data}, 1)
    return identify(list(record.observations))


def upnp_description(manufacturer: str, model: str, serial: str) -> Identity:
    """A UPnP device description as Shodan stores the answer to its LOCATION."""
    body = (
        '<?xml version="1.0"?>\n<root xmlns="urn:schemas-upnp-org:device-1-0"><device>'
        "<deviceType>urn:schemas-upnp-org:device:InternetGatewayDevice:1</deviceType>"
        f"<friendlyName>Gateway</friendlyName><manufacturer>{manufacturer}</manufacturer>"
        f"<modelName>{model}</modelName><serialNumber>{serial}</serialNumber></device></root>"
    )
    data = f"HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n{body}"
    record = parse_banner({"ip_str": "192.0.2.51", "port": 1900, "transport": "tcp", "data": data}, 1)
    return identify(list(record.observations))


def test_a_relabelled_uniview_camera_is_named_uniview_by_its_firmware_and_serial() -> None:
    identity = onvif_answer("Acme Vision", "OET-213H-NB-WH", "IPC_G6103-B0011P05D1812", "210235B8GR321B000123", "A")
    assert is_video_device(identity.device_type)
    assert (identity.brand, identity.manufacturer) == ("acme-vision", "uniview")
    assert identity.firmware == "IPC_G6103-B0011P05D1812"


def test_a_protocol_name_for_a_manufacturer_leaves_the_layouts_to_name_uniview() -> None:
    identity = onvif_answer("ONVIF", "", "IPC_G6103-B0011P05D1812", "210235B8GR321B000123", "")
    assert identity.manufacturer == "uniview"


def test_a_self_reported_camera_maker_keeps_its_name_and_the_layout_is_shown_as_a_conflict() -> None:
    # Digital Ally makes its own cameras too, so its name is not overruled; the Uniview layout stays visible.
    identity = onvif_answer("Digital Ally", "OET-213H-NB-WH", "IPC_G6103-B0011P05D1812", "210235B8GR321B000123", "A")
    assert identity.manufacturer == "digital-ally"
    assert any(c.attribute == "manufacturer" and c.other == "uniview" for c in identity.conflicts)


def test_a_uniview_style_serial_alone_names_nobody() -> None:
    identity = upnp_description("Acme Networks", "AR-1000", "210235A1JJH123000012")
    assert identity.manufacturer != "uniview" and identity.brand != "uniview"


def test_a_reolink_that_leaves_its_manufacturer_blank_is_named_by_its_hardware_version() -> None:
    identity = onvif_answer("", "", "v3.1.0.956_22041215", "00000000", "IPC_523128M8MP")
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "reolink"


def test_a_dated_dahua_build_names_dahua_when_the_manufacturer_is_blank() -> None:
    identity = onvif_answer("", "", "V2.680.0000000.16.R.210406", "1A2B3C4D5E6F", "1.00")
    assert is_video_device(identity.device_type)
    assert identity.manufacturer == "dahua"
    assert identity.firmware is not None and "2.680.0000000.16.R.210406" in identity.firmware


def test_a_lorex_serial_names_lorex_only_beside_video_evidence() -> None:
    camera = onvif_answer("NONE", "", "", "ND021808019141", "")
    assert is_video_device(camera.device_type) and camera.brand == "lorex"
    router = upnp_description("Acme Networks", "AR-1000", "ND021808019141")
    assert router.brand != "lorex"
