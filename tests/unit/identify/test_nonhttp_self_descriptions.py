"""What devices say about themselves outside HTTP (entries added 2026-12-03): 2N's SNMP enterprise and the
2N intercom lines that carry a camera, and the DNS-SD service type Axis cameras (and DoorBird doorbells)
announce. Inputs are the strings the cited sources show; expectations are what a user reads in the result.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
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


def test_the_axis_video_service_type_alone_types_a_video_device_of_no_maker() -> None:
    identity = seen({"banner": "Services:\n  _http._tcp.local\n  _axis-video._tcp.local\n"})
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None


def test_a_doorbird_announcement_of_the_axis_type_is_not_called_axis() -> None:
    # DoorBird doorstations announce the Axis service type too (doorbird-mdns-announcer, app/main.py).
    identity = seen({"banner": "Doorstation - 1CCAE3726FE3._axis-video._tcp.local."})
    assert is_video_device(identity.device_type)
    assert identity.manufacturer != "axis"


def test_an_axis_announcement_naming_its_model_is_axis() -> None:
    identity = seen({"banner": "AXIS M3045-V - ACCC8E0A1B2C._axis-video._tcp.local"})
    assert identity.manufacturer == "axis"
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize("text", ["_http._tcp.local.", "_googlecast._tcp.local", "_xaxis-video._tcp.local"])
def test_other_service_types_type_nothing(text: str) -> None:
    assert not is_video_device(seen({"banner": text}).device_type)
