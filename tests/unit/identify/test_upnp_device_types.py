"""The UPnP Forum's standard device types that no camera announces (helper-204, 2026-12-06).

A description's root ``deviceType`` and an SSDP answer's search target say what the device is: a gateway
(InternetGatewayDevice, WANDevice, WLANAccessPointDevice), a renderer (MediaRenderer) or a DIAL screen. Before, only
Belkin's NetCam type was read, so a description that named a video-only maker (whose name the lexicon reads as "a
video device") on a gateway or a renderer was typed a video device of that maker. The MiniUPnPd and MiniDLNA
descriptions are the ones captured live from their Debian packages for the development batch devreplies_self (lines
12 and 13); the others are invented in the UPnP Device Architecture's layout (not captures) and say so.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols import soap

BATCH = Path(__file__).resolve().parents[2] / "data" / "devreplies_self.jsonl"


def captured(line: int) -> Identity:
    """The identity of a development-batch record, read through the Shodan importer as a scan file holds it."""
    text = BATCH.read_text(encoding="utf-8").splitlines()[line - 1]
    (record,) = list(shodan.read(io.BytesIO(text.encode() + b"\n")))
    return identify(record.observations)


def invented(device_type: str, manufacturer: str, model: str = "ZZ9", friendly: str = "Living room") -> Identity:
    """A description in the UPnP Device Architecture's layout (invented, not a capture)."""
    fields = soap.upnp_description(
        '<?xml version="1.0"?><root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major>'
        f"<minor>0</minor></specVersion><device><deviceType>{device_type}</deviceType>"
        f"<friendlyName>{friendly}</friendlyName><manufacturer>{manufacturer}</manufacturer>"
        f"<modelName>{model}</modelName><UDN>uuid:5a1c0e2d-7b3f-4e8a-9c6d-1f2e3d4c5b6a</UDN></device></root>".encode()
    )
    assert fields["upnp.device_type"] == device_type
    return identify([Observation("192.0.2.92", 49152, "tcp", "upnp", "discover", "2026-12-06T05:00:00Z", fields)])


def ssdp(search_target: str) -> Identity:
    fields = {"upnp.st": search_target, "upnp.usn": f"uuid:5a1c0e2d-7b3f-4e8a-9c6d-1f2e3d4c5b6a::{search_target}",
              "upnp.server": "Linux/3.10 UPnP/1.0 Example/1.0"}
    return identify([Observation("192.0.2.93", 1900, "udp", "ssdp", "discover", "2026-12-06T05:00:00Z", fields)])


def test_miniupnpd_captured_is_a_router_by_its_device_type() -> None:
    identity = captured(13)
    assert identity.device_type == "router"
    assert identity.confidence >= 0.85
    assert any(e.rule_id == "generic.upnp.device_type.gateway" for e in identity.evidence)


def test_minidlna_captured_media_server_is_not_typed_by_its_device_type() -> None:
    identity = captured(12)
    assert not is_video_device(identity.device_type)
    assert identity.device_type != "router"
    assert not any(e.rule_id.startswith("generic.upnp.device_type.") for e in identity.evidence)


def test_a_video_makers_name_on_a_gateway_or_a_renderer_is_no_camera_of_that_maker() -> None:
    for device_type, expected in (("urn:schemas-upnp-org:device:InternetGatewayDevice:1", "router"),
                                  ("urn:schemas-upnp-org:device:MediaRenderer:1", "not_camera")):
        for maker in ("Hikvision", "Dahua"):
            identity = invented(device_type, maker)
            assert identity.device_type == expected, (device_type, maker, identity.attribution)
            assert identity.manufacturer is None and identity.brand is None, identity.attribution


def test_the_same_name_on_a_basic_device_is_still_that_makers_video_device() -> None:
    identity = invented("urn:schemas-upnp-org:device:Basic:1", "Hikvision")
    assert is_video_device(identity.device_type) and identity.manufacturer == "hikvision"


def test_a_media_server_types_nothing_by_itself() -> None:
    # NAS boxes and some recorders serve their recordings over DLNA: MediaServer:1 says neither.
    identity = invented("urn:schemas-upnp-org:device:MediaServer:1", "Hikvision")
    assert is_video_device(identity.device_type) and identity.manufacturer == "hikvision"


def test_a_camera_grammar_on_a_renderer_is_kept_as_a_conflict() -> None:
    identity = invented("urn:schemas-upnp-org:device:MediaRenderer:1", "Hikvision", model="DS-2CD2032-I")
    assert identity.conflicts, identity.attribution


def test_ssdp_search_targets_of_gateways_renderers_and_dial_screens() -> None:
    assert ssdp("urn:schemas-upnp-org:device:InternetGatewayDevice:1").device_type == "router"
    assert ssdp("urn:schemas-upnp-org:device:MediaRenderer:1").device_type == "not_camera"
    assert ssdp("urn:dial-multiscreen-org:service:dial:1").device_type == "not_camera"
    rootdevice = ssdp("upnp:rootdevice")
    assert not any(e.rule_id.startswith("generic.upnp.st.") for e in rootdevice.evidence)


def test_the_shodan_upnp_module_reads_the_device_type_as_a_description_does() -> None:
    banner = {"ip_str": "192.0.2.94", "port": 49152, "transport": "tcp", "data": "",
              "upnp": {"device_type": "urn:schemas-upnp-org:device:MediaRenderer:1", "manufacturer": "Dahua",
                       "model_name": "ZZ9", "friendly_name": "Kitchen"}}
    (record,) = list(shodan.read(io.BytesIO(json.dumps(banner).encode() + b"\n")))
    identity = identify(record.observations)
    assert identity.device_type == "not_camera" and identity.manufacturer is None, identity.attribution


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=120))
def test_any_device_type_is_read_without_raising_and_only_standard_names_type(device_type: str) -> None:
    fields = {"upnp.device_type": device_type, "upnp.st": device_type}
    identity = identify([Observation("192.0.2.95", 1900, "udp", "ssdp", "discover", "2026-12-06T05:00:00Z", fields)])
    standard = ("urn:schemas-upnp-org:device:", "urn:dial-multiscreen-org:")
    if not device_type.lower().startswith(standard):
        assert not any(e.rule_id.startswith(("generic.upnp.device_type.", "generic.upnp.st."))
                       for e in identity.evidence)
