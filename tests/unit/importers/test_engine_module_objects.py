"""Search engines' parser objects the importers read since helper-205's audit (docs/importers.md, "What each engine's
record carries, and what camaudit reads of it").

**Every record here is constructed**: no engine record of these objects was found in public fixtures, SDKs or the
engines' documentation (docs/identification/measurement.md, "Development batch: search engines' own records").
The property names and nesting are the engines' published schemas -- Shodan's banner schema as the
``pydantic-shodan`` 1.1.0 models render it (``ubiquiti``, ``tp_link_kasa``, ``lantronix``, ``netbios``, ``dahua``,
``snmp``, the deprecated top-level ``title``/``html``), Censys Platform's service and host schema as
api-evangelist/censys renders the SDK's models (``hardware``, ``ws_discovery``, ``onvif``, ``mdns``, ``dvr_ip``,
``rifatron``). The values are public facts or invented in their layout: TP-Link's KC100 camera and HS110 plug and
the Kasa ``type`` strings, Ubiquiti's UVC G3 and UAP-AC-Lite platforms, Hikvision's OUI 44:19:B6, Lantronix's
00:20:4A, Xiongmai's ``V4.02.R11`` firmware layout and 16-hex-digit serial, documentation addresses.
"""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import censys, shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, is_video_device

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"


def _shodan() -> dict[str, ImportRecord]:
    return {r.ip or "": r for r in shodan.read(DATA / "shodan_module_objects.jsonl")}


def _censys() -> dict[str, ImportRecord]:
    return {r.ip or "": r for r in censys.read(DATA / "censys_module_objects.jsonl")}


def _fields(record: ImportRecord) -> dict[str, str]:
    merged: dict[str, str] = {}
    for observation in record.observations:
        merged.update(observation.fields)
    return merged


def _identity(record: ImportRecord) -> Identity:
    return identify(record.observations)


def test_a_kasa_camera_is_a_tp_link_camera_and_a_kasa_plug_is_not_a_camera() -> None:
    records = _shodan()
    camera = _fields(records["192.0.2.231"])
    assert camera["import.product"].split("\n") == ["KC100(US)", "Kasa Spot"]
    assert (camera["import.devicetype"], camera["mac"]) == ("IOT.IPCAMERA", "50:c7:bf:0a:0b:0c")
    identity = _identity(records["192.0.2.231"])
    assert identity.manufacturer == "tp-link" and is_video_device(identity.device_type)
    plug = _identity(records["192.0.2.232"])
    assert plug.manufacturer is None and not is_video_device(plug.device_type)


def test_a_ubiquiti_discovery_answer_names_a_unifi_camera_and_not_an_access_point() -> None:
    records = _shodan()
    camera = _fields(records["192.0.2.233"])
    assert (camera["import.vendor"], camera["import.product"]) == ("Ubiquiti", "UVC G3")
    assert (camera["import.hostnames"], camera["mac"]) == ("UVC-G3-Garage", "78:8a:20:0a:0b:0c")
    identity = _identity(records["192.0.2.233"])
    assert identity.manufacturer == "ubiquiti" and is_video_device(identity.device_type)
    access_point = _identity(records["192.0.2.234"])
    assert access_point.manufacturer is None and not is_video_device(access_point.device_type)


def test_an_old_banners_top_level_title_and_page_are_read() -> None:
    record = _shodan()["192.0.2.235"]
    assert _fields(record)["http.title"] == "NETSurveillance WEB"
    assert _identity(record).manufacturer == "xiongmai"


def test_shodans_snmp_hardware_values_and_dahua_serial_are_read() -> None:
    records = _shodan()
    snmp = _fields(records["192.0.2.236"])
    assert snmp["import.product"] == "DS-2CD2143G0-I"
    assert snmp["devinfo.serial"] == "DS-2CD2143G0-I20190412AAWRD12345678"
    assert snmp["mac"] == "44:19:b6:0a:0b:0c"
    assert _identity(records["192.0.2.236"]).manufacturer == "hikvision"
    dahua = _fields(records["192.0.2.237"])
    assert (dahua["import.vendor"], dahua["devinfo.serial"]) == ("Dahua", "4G0ABCDPAZ00000")


def test_netbios_and_lantronix_objects_give_their_mac_and_names() -> None:
    records = _shodan()
    netbios = _fields(records["192.0.2.238"])
    assert (netbios["mac"], netbios["import.hostnames"]) == ("44:19:b6:0a:0b:0d", "NVR-OFFICE")
    lantronix = _fields(records["192.0.2.239"])
    assert (lantronix["import.vendor"], lantronix["import.product"], lantronix["mac"]) == (
        "Lantronix", "X90", "00:20:4a:0a:0b:0c")
    assert not is_video_device(_identity(records["192.0.2.239"]).device_type)


def test_censys_host_level_hardware_is_read_as_censys_conclusion() -> None:
    records = _censys()
    camera = _fields(records["192.0.2.241"])
    assert (camera["import.vendor"], camera["import.product"], camera["import.devicetype"]) == (
        "Hikvision", "DS-2CD2042WD-I", "IP Camera")
    identity = _identity(records["192.0.2.241"])
    assert identity.manufacturer == "hikvision" and identity.confidence <= 0.5  # an engine's label, capped
    nas = _identity(records["192.0.2.247"])
    assert nas.manufacturer is None and not is_video_device(nas.device_type)


def test_censys_ws_discovery_is_read_as_the_probe_reads_a_probe_match() -> None:
    record = _censys()["192.0.2.242"]
    fields = _fields(record)
    assert fields["onvif.scope"].split("\n")[-1] == "onvif://www.onvif.org/name/HIKVISION DS-2CD2142FWD-I"
    assert fields["onvif.xaddrs"] == "http://192.0.2.242/onvif/device_service"
    assert fields["wsd.types"] == "dn:NetworkVideoTransmitter tds:Device"
    identity = _identity(record)
    assert (identity.manufacturer, identity.model) == ("hikvision", "DS-2CD2142FWD-I")
    assert is_video_device(identity.device_type)


def test_censys_dvr_ip_rifatron_onvif_and_mdns_objects() -> None:
    records = _censys()
    dvr_ip = _fields(records["192.0.2.243"])
    assert (dvr_ip["import.vendor"], dvr_ip["devinfo.serial"]) == ("Xiongmai", "0a1b2c3d4e5f6071")
    assert _identity(records["192.0.2.243"]).manufacturer == "xiongmai"
    assert _identity(records["192.0.2.244"]).manufacturer == "rifatron"
    onvif = _fields(records["192.0.2.245"])
    assert onvif["onvif.hostname"] == "IPC-Garage"
    # One address a line, as the ONVIF and WS-Discovery probes write them (before 2026-12-06: space-separated).
    assert onvif["onvif.xaddrs"].split("\n") == ["http://192.0.2.245/onvif/device_service",
                                                  "http://192.0.2.245/onvif/Media"]
    mdns = _fields(records["192.0.2.246"])
    assert mdns["mdns.instance"] == "AXIS M3045-V - ACCC8E0A0B0C"
    assert _identity(records["192.0.2.246"]).manufacturer == "axis"


def test_every_field_is_declared_for_its_importer() -> None:
    for source, records in (("import:shodan", _shodan()), ("import:censys", _censys())):
        for record in records.values():
            assert record.error is None
            for observation in record.observations:
                for name, value in observation.fields.items():
                    declared = field(name)
                    assert declared is not None and declared.filled_by(source), name
                    assert declared.accepts(value), (name, value)


_LEAF = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(max_size=300)
         | st.lists(st.text(max_size=40), max_size=5))
_OBJECT = _LEAF | st.dictionaries(st.text(max_size=20), _LEAF, max_size=8) | st.lists(
    st.dictionaries(st.text(max_size=20), _LEAF, max_size=4), max_size=4)
_SHODAN_KEYS = ("ubiquiti", "tp_link_kasa", "lantronix", "netbios", "dahua", "snmp", "title", "html")
_CENSYS_KEYS = ("ws_discovery", "onvif", "mdns", "dvr_ip", "rifatron", "operating_systems", "tplink_kasa", "hid_vertx")
_NAMED = {"product", "version", "hostname", "mac", "model", "dev_name", "type", "sw_ver", "mac_address",
          "server_name", "serial_number", "model_name", "scopes", "addresses", "types", "names", "serial", "name",
          "services", "xaddr", "mic_type", "make_model"}


def _object_with_known_keys() -> st.SearchStrategy[object]:
    return st.dictionaries(st.sampled_from(sorted(_NAMED)), _OBJECT, max_size=8) | _OBJECT


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_SHODAN_KEYS), _object_with_known_keys(), max_size=4))
def test_any_shodan_module_object_reads_without_error_into_declared_fields(objects: dict[str, object]) -> None:
    record = shodan.parse_banner({"ip_str": "192.0.2.9", "port": 80, "data": "", **objects}, 1)
    assert record.error is None
    for name, value in record.observations[0].fields.items():
        declared = field(name)
        assert declared is not None and declared.filled_by("import:shodan") and declared.accepts(value), (name, value)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.dictionaries(st.sampled_from(_CENSYS_KEYS), _object_with_known_keys(), max_size=4),
       _object_with_known_keys())
def test_any_censys_parser_object_reads_without_error_into_declared_fields(objects: dict[str, object],
                                                                           hardware: object) -> None:
    record = censys.parse_host({"ip": "192.0.2.9", "hardware": hardware, "services": [{"port": 80, **objects}]}, 1)
    assert record.error is None
    for observation in record.observations:
        for name, value in observation.fields.items():
            declared = field(name)
            assert declared is not None and declared.filled_by("import:censys") and declared.accepts(value), name


def test_censys_service_operating_systems_are_read_as_its_os_conclusion() -> None:
    record = _censys()["192.0.2.248"]
    fields = _fields(record)
    assert fields["import.os"] == "Linux"  # the product, and the family once (it says the same)
    assert fields["import.vendor"] == "Linux"
    assert _identity(record).manufacturer is None


def test_censys_kasa_and_vertx_objects_name_their_makers_protocol() -> None:
    records = _censys()
    kasa = _fields(records["192.0.2.249"])
    assert (kasa["import.vendor"], kasa["import.devicetype"]) == ("TP-Link", "IOT.IPCAMERA")
    identity = _identity(records["192.0.2.249"])
    assert identity.manufacturer == "tp-link" and is_video_device(identity.device_type)
    vertx = _fields(records["192.0.2.250"])
    assert (vertx["import.vendor"], vertx["mac"]) == ("HID", "00:06:8e:0a:0b:0c")
    assert not is_video_device(_identity(records["192.0.2.250"]).device_type)  # an access controller


def test_the_engines_real_records_stay_look_alikes() -> None:
    """The development batch of real engine records (tests/data/devrecords_engines.*): every one is read, and none
    gains a maker or a video type from what the importers now read (a Censys host's ``Web Proxy`` conclusion, the
    ZoomEye document's ``device: webcam`` label)."""
    from camaudit.importers import FORMATS

    data = DATA.parent
    for engine in ("shodan", "censys", "zoomeye", "fofa", "netlas", "binaryedge"):
        with (data / f"devrecords_engines.{engine}.jsonl").open("rb") as source:
            records = list(FORMATS[engine](source))
        assert records and all(r.error is None for r in records), engine
        for record in records:
            identity = identify(record.observations)
            assert identity.manufacturer is None and not is_video_device(identity.device_type), (engine, record.ip)
    with (data / "devrecords_engines.censys.jsonl").open("rb") as source:
        akamai = next(iter(FORMATS["censys"](source)))
    assert "Web Proxy" in _fields(akamai)["import.devicetype"]
