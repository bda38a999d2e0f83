"""nmap XML: what its service fingerprint and its scripts print reaches the fields the live probes fill.

``tests/data/importers/nmap_scripts.xml``: the service fingerprint is a real HiSilicon-based camera's, quoted in
github:chorankates/h4ck (hootoo/README.md, HooToo IPCam section); the script outputs are the ``@output``
examples of nmap's own scripts (upnp-info, wsdd-discover, http-headers, rtsp-url-brute).
"""

from __future__ import annotations

from pathlib import Path

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import nmap
from camaudit.importers.base import ImportRecord
from camaudit.model import is_video_device

DATA = Path(__file__).resolve().parents[2] / "data" / "importers" / "nmap_scripts.xml"


def _records() -> list[ImportRecord]:
    return list(nmap.read(DATA))


def test_unrecognised_service_fingerprint_is_read_as_rtsp() -> None:
    camera = _records()[0]
    rtsp = next(o for o in camera.observations if o.port == 554)
    assert rtsp.fields["rtsp.server"].split("\n") == ["Hisilicon Ipcam", "HiIpcam/V100R003 VodServer/1.0.0"]
    assert rtsp.fields["rtsp.public"] == "OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY"
    assert rtsp.fields["rtsp.location"].split("\n") == [
        "rtsp://camera.example.com/mpeg4", "rtsp://camera.example.com/live/mpeg4"]
    # A HiSilicon SDK server says "camera" but names no maker (issue 9: a wrong maker is worse than none).
    identity = identify(camera.observations)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None


def test_service_names_cpe_headers_and_host_names() -> None:
    camera = _records()[0]
    web = next(o for o in camera.observations if o.port == 80)
    assert web.fields["import.hostnames"] == "RT-IPC"
    assert web.fields["import.cpe"] == "cpe:/a:acme:thttpd:2.25b"
    assert web.fields["http.server"] == "Apache/2.2.14 (Ubuntu)"
    assert web.fields["http.headers"].split("\n")[0] == "Date: Fri, 25 Jan 2013 17:39:08 GMT"
    assert "Request type" not in web.fields["http.headers"]
    host = next(o for o in camera.observations if o.port is None)
    assert host.fields == {"import.hostnames": "rt-ipc.example"}


def test_upnp_and_ws_discovery_scripts() -> None:
    router = _records()[1]
    upnp = next(o for o in router.observations if o.port == 1900)
    assert upnp.fields == {"upnp.location": "http://192.168.1.1:80/UPnP/IGD.xml",
                           "upnp.server": "System/1.0 UPnP/1.0 IGD/1.0"}
    wsd = next(o for o in router.observations if o.port == 3702)
    assert wsd.fields == {"onvif.xaddrs": "http://10.0.200.116:50000", "wsd.types": "Device wprt:PrintDeviceType"}
    assert not is_video_device(identify(router.observations).device_type)


def test_every_field_is_declared_for_nmap() -> None:
    for record in _records():
        for obs in record.observations:
            for name, value in obs.fields.items():
                declared = field(name)
                assert declared is not None and declared.filled_by("import:nmap"), name
                assert declared.accepts(value), (name, value)


def test_upnp_info_with_a_description() -> None:
    # The labels nselib/upnp.lua prints after fetching the description (nmap 7.93).
    output = ("\n  Server: Linux, UPnP/1.0, Portable SDK for UPnP devices/1.6.6\n"
              "  Location: http://192.0.2.9:49152/rootDesc.xml\n    Webserver: Linux, UPnP/1.0\n"
              "    Name: Front door\n    Manufacturer: Acme Vision Co., Ltd.\n"
              "    Model Descr: 4MP Network Camera\n    Model Name: AV-4MP\n    Model Version: 1.0")
    xml = ('<?xml version="1.0"?><nmaprun><host><address addr="192.0.2.9" addrtype="ipv4"/><ports>'
           '<port protocol="udp" portid="1900"><state state="open"/><service name="upnp"/>'
           f'<script id="upnp-info" output="{output.replace(chr(10), "&#10;")}"/></port></ports></host></nmaprun>')
    import io

    (record,) = list(nmap.read(io.BytesIO(xml.encode())))
    fields = record.observations[0].fields
    assert fields["upnp.manufacturer"] == "Acme Vision Co., Ltd."
    assert fields["upnp.model_description"] == "4MP Network Camera"
    assert fields["upnp.model_name"] == "AV-4MP"
    assert fields["upnp.friendly_name"] == "Front door"
    assert fields["upnp.server"] == "Linux, UPnP/1.0, Portable SDK for UPnP devices/1.6.6"
