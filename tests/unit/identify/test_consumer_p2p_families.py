"""Consumer and P2P camera families read across the protocols they answer on (helper-271, issue 9).

Each sign here is one a family's devices write on the LAN whatever the owner did, shown by two independent public
sources (docs/identification/consumer-cameras.md, "Consumer and P2P camera makers, protocol by protocol"):

* Aqara's camera hubs name themselves ``Camera-Hub-<model>[-<MAC4>]`` (mcchas/g2h-camera-mods' boot log and console;
  AlexxIT/XiaomiGateway3's Telnet client, which tells Aqara's devices apart by that prompt). Aqara's hubs without a
  camera (``Aqara-Hub-M2``) and its doorbell chime (``Doorbell-Repeater-G410``) are the counter-examples.

Values are written in the sources' layouts with made-up suffixes; none is a capture and none comes from a held-out
source.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, Observation, is_video_device


def seen(field: str, value: str, port: int = 0, protocol: str = "import") -> Identity:
    """The identity of a device that wrote ``value`` in ``field`` and nothing else."""
    return identify(
        [Observation("192.0.2.80", port, "tcp", protocol, "import", "2026-12-07T00:00:00Z", {field: value})]
    )


def shodan(data: str, port: int, module: str) -> Identity:
    record = parse_banner({"ip_str": "192.0.2.81", "port": port, "data": data, "_shodan": {"module": module}}, 1)
    return identify(list(record.observations))


def is_video(identity: Identity) -> bool:
    return identity.device_type is not None and is_video_device(identity.device_type)


# --- Aqara's camera hubs ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "prompt",
    [
        "Camera-Hub-G2H login: ",
        "\r\nCamera-Hub-G3-0A1B login: ",
        "Camera-Hub-G2HPro-5f2e login: ",
        "Camera-Hub-G5Pro login: ",
    ],
)
def test_an_aqara_camera_hubs_telnet_prompt_names_aqara_and_a_camera(prompt: str) -> None:
    identity = shodan(prompt, 23, "telnet")
    assert identity.manufacturer == "aqara", identity.attribution
    assert identity.device_type is not None and identity.device_type.value == "camera"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("dhcp.hostname", "Camera-Hub-G3-0A1B"),
        ("mdns.host", "Camera-Hub-G2H-1c2d.local"),
        ("upnp.friendly_name", "Camera-Hub-G5Pro"),
    ],
)
def test_the_camera_hubs_name_holds_wherever_the_device_writes_its_name(field: str, value: str) -> None:
    identity = seen(field, value)
    assert identity.manufacturer == "aqara", identity.attribution
    assert is_video(identity)


@pytest.mark.parametrize(
    "prompt",
    [
        "Aqara-Hub-M2 login: ",
        "Aqara-Hub-E1-3c4d login: ",
        "Doorbell-Repeater-G410 login: ",
        "Camera-Hub login: ",
        "My-Camera-Hub-G3 login: ",
        "Camera-Hub-G3-0a1b2 login: ",
    ],
)
def test_aqaras_hubs_without_a_camera_and_other_names_are_no_aqara_camera(prompt: str) -> None:
    identity = shodan(prompt, 23, "telnet")
    assert identity.manufacturer is None and identity.brand is None, identity.attribution
    assert not is_video(identity)


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="Camer-HubG0123456789 :\r\nlogin", max_size=40))
def test_hostile_near_misses_never_raise_and_name_aqara_only_on_the_hub_layout(text: str) -> None:
    identity = shodan(text, 23, "telnet")
    if identity.manufacturer == "aqara":
        assert re.search(r"(?:^|\n)Camera-Hub-G[0-9]", text), text
