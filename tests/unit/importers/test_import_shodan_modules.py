"""Shodan banners: the module properties (``upnp``, ``mac``, ``hikvision``, ``dahua_dvr_web``, ``ip_camera``,
``snmp``, ``http.redirects``, ``http.components``, ``opts.screenshot.labels``) and a host lookup's own names and
tags.

``tests/data/importers/shodan_modules.jsonl`` follows Shodan's published banner schema
(https://datapedia.shodan.io/banner.schema.json, rendered as Pydantic models by the ``pydantic-shodan``
package, https://pypi.org/project/pydantic-shodan/): the property names and nesting are the schema's. The
values are illustrative, built from public facts: Hikvision model numbers and the IEEE OUI 44:19:B6
(Hangzhou Hikvision), Foscam's OUI C4:D6:55 and model FI9821P, the ``App-webs/`` and ``DNVRS-Webs`` servers
Hikvision firmware sends; documentation addresses. The ``snmp`` records carry system values of real
devices (LibreNMS's snmpsim captures: ``Hikvision company products`` with sysObjectID 1.3.6.1.4.1.50001 from
``tests/snmpsim/hikvision-nvr.snmprec``, an AXIS P5534-E's sysDescr from ``axiscam.snmprec``) and net-snmp's
own agent OID 1.3.6.1.4.1.8072.3.2.10 for a plain Linux box. No record was captured from Shodan.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import is_video_device

DATA = Path(__file__).resolve().parents[2] / "data" / "importers" / "shodan_modules.jsonl"


def _records() -> dict[str, ImportRecord]:
    return {r.ip or "": r for r in shodan.read(DATA)}


def _fields(ip: str) -> dict[str, str]:
    return _records()[ip].observations[0].fields


def test_the_upnp_module_fills_the_description_fields() -> None:
    fields = _fields("192.0.2.211")
    assert fields["upnp.manufacturer"] == "Hikvision"  # the root device's, not the embedded one's
    assert fields["upnp.model_name"] == "DS-2CD2142FWD-I"
    assert fields["upnp.model_description"] == "Network Camera"
    assert fields["upnp.serial"].startswith("DS-2CD2142FWD-I2016")
    identity = identify(_records()["192.0.2.211"].observations)
    assert (identity.manufacturer, identity.device_type) == ("hikvision", "camera")


def test_the_mac_module_gives_the_address_and_its_oui_owner() -> None:
    fields = _fields("192.0.2.212")
    assert fields["mac"] == "44:19:b6:12:34:56"
    assert fields["import.vendor"] == "Hangzhou Hikvision Digital Technology Co.,Ltd."
    assert identify(_records()["192.0.2.212"].observations).manufacturer == "hikvision"


def test_the_hikvision_and_dahua_modules_are_shodans_conclusion() -> None:
    hik = _fields("192.0.2.213")
    assert hik["import.vendor"] == "Hikvision"
    assert hik["import.product"].split("\n") == ["DS-2CD2032-I", "IP CAMERA", "IPCamera"]
    assert hik["import.version"] == "V5.3.0 build 150513"
    assert identify(_records()["192.0.2.213"].observations).manufacturer == "hikvision"
    dahua = _fields("192.0.2.214")
    assert (dahua["import.vendor"], dahua["import.version"]) == ("Dahua", "3.2.1.447")
    assert identify(_records()["192.0.2.214"].observations).manufacturer == "dahua"


def test_the_ip_camera_module() -> None:
    fields = _fields("192.0.2.215")
    assert (fields["import.vendor"], fields["import.product"]) == ("Foscam", "FI9821P")
    assert fields["import.hostnames"] == "ab1234.myfoscam.org"
    assert fields["mac"] == "c4:d6:55:01:02:03"
    identity = identify(_records()["192.0.2.215"].observations)
    assert identity.manufacturer == "foscam" and is_video_device(identity.device_type)


def test_a_redirect_reply_gives_the_server_the_final_page_lacks() -> None:
    fields = _fields("192.0.2.216")
    assert fields["http.server"] == "App-webs/"
    assert fields["http.location"] == "/doc/page/login.asp"
    assert fields["import.tags"] == "jQuery"
    assert identify(_records()["192.0.2.216"].observations).manufacturer == "hikvision"


def test_screenshot_labels_are_shodans_tags() -> None:
    assert _fields("192.0.2.217")["import.tags"] == "webcam"
    assert identify(_records()["192.0.2.217"].observations).device_type == "camera"


def test_a_host_lookup_keeps_its_own_names_tags_and_os() -> None:
    record = _records()["192.0.2.218"]
    assert record.port == 80
    host = next(o for o in record.observations if o.port is None)
    assert host.fields == {"import.os": "Linux 2.6.x", "import.tags": "iot", "import.hostnames": "cam-gate.example.net"}


def test_mistyped_modules_are_ignored() -> None:
    banner = {"ip_str": "192.0.2.9", "port": 80, "data": "", "mac": ["x"], "upnp": "x", "hikvision": [],
              "ip_camera": {"mac_address": 5, "brand": ["x"]}, "http": {"redirects": [{"data": 7}, "x"],
                                                                           "components": []},
              "opts": {"screenshot": {"labels": "webcam"}}}
    record = shodan.parse_banner(banner, 1)
    assert record.error is None
    assert "mac" not in record.observations[0].fields


def test_every_field_is_declared_for_shodan() -> None:
    for record in _records().values():
        for obs in record.observations:
            for name, value in obs.fields.items():
                declared = field(name)
                assert declared is not None and declared.filled_by("import:shodan"), name
                assert declared.accepts(value), (name, value)


def test_the_snmp_module_gives_the_system_values_snmp_rules_read() -> None:
    nvr = _fields("192.0.2.219")
    assert (nvr["snmp.sysdescr"], nvr["snmp.sysobjectid"]) == ("Hikvision company products", "1.3.6.1.4.1.50001")
    assert nvr["snmp.sysname"] == "NVR"  # the device's own name, not another scanner's conclusion
    identity = identify(_records()["192.0.2.219"].observations)
    assert identity.manufacturer == "hikvision" and is_video_device(identity.device_type)
    # The description whole (sysDescr.0, as the live probe and the Censys importer keep it); net-snmp's symbolic
    # enterprise OID as a dotted number.
    axis = _fields("192.0.2.220")
    assert axis["snmp.sysdescr"] == (
        "; AXIS P5534-E; PTZ Dome Network Camera; 5.40.9.2; May 15 2012 09:50; 188.1; 1;\nsecond line"
    )
    assert axis["snmp.sysobjectid"] == "1.3.6.1.4.1.368.4"
    identity = identify(_records()["192.0.2.220"].observations)
    assert (identity.manufacturer, identity.device_type) == ("axis", "camera")


def test_an_snmp_module_of_another_device_is_read_but_names_no_camera() -> None:
    fields = _fields("192.0.2.221")
    assert fields["snmp.sysobjectid"] == "1.3.6.1.4.1.8072.3.2.10"
    identity = identify(_records()["192.0.2.221"].observations)
    assert identity.manufacturer is None and not is_video_device(identity.device_type)


def test_an_snmp_module_with_values_that_are_not_text_gives_nothing() -> None:
    fields = _fields("192.0.2.222")
    assert "snmp.sysdescr" not in fields and "snmp.sysobjectid" not in fields


_VALUE = st.none() | st.booleans() | st.integers() | st.text(max_size=300) | st.lists(st.text(max_size=20), max_size=3)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(["description", "objectid", "name", "uptime"]), _VALUE, max_size=4))
def test_any_snmp_module_value_reads_without_error_into_declared_fields(snmp: dict[str, object]) -> None:
    record = shodan.parse_banner({"ip_str": "192.0.2.9", "port": 161, "data": "", "snmp": snmp}, 1)
    assert record.error is None
    for name, value in record.observations[0].fields.items():
        declared = field(name)
        assert declared is not None and declared.accepts(value), (name, value)
