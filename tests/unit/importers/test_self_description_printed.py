"""A device's self-description as a Python client prints it: the parsed answer's dict, single-quoted.

importers/self_description.py reads a JSON answer's self-describing keys; a thread or a log more often shows the
answer after a Python client parsed it (``{'model': 'DS-2CD2143G2-I', 'serialNumber': ...}``). Such a print is read as
the literal it is (ast.literal_eval: literals only, never code) under the same rules: an identity key and a device
key, never a list of several objects, never a web page.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.load import held_call
from tests.unit.importers.settings_answers import as_bare, as_http

from camaudit.identify import identify
from camaudit.identify.regex_check import pattern_problems
from camaudit.importers import self_description
from camaudit.model import is_video_device

# ISAPI's DeviceInfo names (github:MissiaL/hikvision-client's recorded answers, the source of KEY_FIELDS' ISAPI names)
# as a Python client prints the parsed document: composed here from those names, not a capture.
PRINTED_DEVICE_INFO = (
    "{'deviceName': 'IP CAMERA', 'deviceID': '88', 'model': 'DS-2CD2143G2-I', "
    "'serialNumber': 'DS-2CD2143G2-I20210101AAWRF00000000', 'macAddress': '44:19:b6:00:00:01', "
    "'firmwareVersion': 'V5.7.3', 'firmwareReleasedDate': 'build 210101', 'deviceType': 'IPCamera'}"
)
# Look-alikes printed the same way: a router's status (its model names no camera maker), a shop's catalogue (a
# list of several products), an object's repr that is no literal.
ROUTER_STATUS = "{'model': 'Archer C7', 'hardware_version': 'v5', 'firmware': '1.2.3', 'mac': '50:c7:bf:00:00:01'}"
CATALOGUE = ("[{'model': 'DS-2CD2143G2-I', 'brand': 'Hikvision', 'serialNumber': 'A'}, "
             "{'model': 'IPC-HDW5831R-ZE', 'brand': 'Dahua', 'serialNumber': 'B'}]")
OBJECT_REPR = "{'model': DeviceModel(name='DS-2CD2143G2-I'), 'firmwareVersion': 'V5.7.3'}"


def test_a_printed_isapi_device_info_fills_the_generic_fields() -> None:
    fields: dict[str, str] = {}
    assert self_description.read(PRINTED_DEVICE_INFO, fields)
    assert fields["devinfo.model"] == "DS-2CD2143G2-I"
    assert fields["devinfo.firmware"] == "V5.7.3"
    assert fields["devinfo.device_type"] == "IPCamera"


def test_a_printed_device_info_names_the_maker_by_its_model_grammar() -> None:
    for record in (as_http(PRINTED_DEVICE_INFO, "text/plain"), as_bare(PRINTED_DEVICE_INFO)):
        identity = identify(record.observations)
        assert identity.manufacturer == "hikvision"
        assert is_video_device(identity.device_type)


def test_printed_lookalikes_stay_what_they_are() -> None:
    fields: dict[str, str] = {}
    assert self_description.read(ROUTER_STATUS, fields)  # a device describes itself ...
    identity = identify(as_bare(ROUTER_STATUS).observations)
    assert identity.manufacturer is None and not is_video_device(identity.device_type)  # ... and names no camera
    for text in (CATALOGUE, OBJECT_REPR):
        fields = {}
        assert not self_description.read(text, fields), text[:40]
        assert fields == {}


def test_the_hint_passes_the_rule_checks_and_hostile_prints_are_cheap() -> None:
    pattern = self_description._REPR_HINT
    assert pattern_problems(pattern.pattern, pattern.flags & ~0x20) == []
    for text in ("{'model': " + "[" * 20000, "{'model': '" + "a" * 60000 + "'}", "{'model': 1" + ", 'x': 1" * 7000 + "}",
                 "{'model': 9" + "9" * 5000 + "}", "{'serial': {'a': " * 3000 + "1" + "}" * 3000):
        held_call(lambda text=text: self_description.read(text[: 64 * 1024], {}), 1.0, f"reading {text[:20]!r}...")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300), st.sampled_from(["{'model': ", "[{'serialNumber': ", "{'firmwareVersion': '", "{"]))
def test_any_print_reads_without_raising_and_fills_only_generic_fields(text: str, start: str) -> None:
    fields: dict[str, str] = {}
    found = self_description.read(start + text, fields)
    assert found == bool(fields)
    assert all(name.startswith(("devinfo.", "snmp.", "onvif.device_info.")) for name in fields)
