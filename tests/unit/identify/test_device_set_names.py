"""Device-set names read in every field that carries one (helper-164, 2026-12-05).

A firmware names its device until the owner renames it, and the device writes that name wherever it names itself: its
DHCP and mDNS host names, SNMP sysName, discovery answers, ONVIF GetHostname, a login prompt, a uname line, an FTP
greeting, a certificate's CN. One field group, ``@devname`` (identify/field_groups.py), lists those fields, and each
entry of layers/identifiers_hostnames.yaml gives the name alone, which identify/layers.py places in each layout. So
Axis's documented default ``axis-<MAC>`` (VAPIX Network.HostName; Axis's PowerShell module registers it in DNS),
Hikvision's recorders' ``dvrdvs`` (a Hikvision NVR's /etc/rcS.d/S70hostname), XiongMai's ``LocalHost``
(OpenIPC/camerasrnd xm_get_telnet.md), Thingino's ``ing-<brand>-<model>-<MAC4>``, the Anyka SDK's ``anyka``
(Gittalax/Anyka-smart-dome ROOT_ACCESS.md), the Goke SDK's ``goke`` (kfowlks/DG-M1Q) and the yi-hack firmwares'
``yi-hack`` hold in every one of them. Routers', NAS', printers' and Wi-Fi modules'
defaults are counter-examples. The values below are written in those layouts from the sources' names (not captures).
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, ruleset
from camaudit.identify.field_groups import FIELD_GROUPS, group_members
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, Observation, is_video_device

AXIS = "axis-accc8e270ad8"


def seen(field: str, value: str, port: int = 0, protocol: str = "import") -> Identity:
    """The identity of a device that wrote ``value`` in ``field`` and nothing else."""
    return identify(
        [Observation("192.0.2.70", port, "tcp", protocol, "import", "2026-12-05T00:00:00Z", {field: value})]
    )


def shodan(data: str, port: int, module: str) -> Identity:
    record = parse_banner({"ip_str": "192.0.2.71", "port": port, "data": data, "_shodan": {"module": module}}, 1)
    return identify(list(record.observations))


#: A device-set name in each field and layout that carries one.
def layouts(name: str) -> list[tuple[str, str]]:
    return [
        ("dhcp.hostname", name),
        ("mdns.host", f"{name}.local"),
        ("snmp.sysname", name),
        ("ubnt.hostname", name),
        ("onvif.hostname", name),
        ("xmeye.HostName", name),
        ("dhip.MachineName", name),
        ("upnp.friendly_name", name),
        ("devinfo.name", name),
        ("import.hostnames", f"{name}.example.net"),
        ("telnet.banner", f"\r\n{name} login: "),
        ("banner", f"{name} login: "),
        ("snmp.sysdescr", f"Linux {name} 4.9.37 #1 PREEMPT armv7l"),
        ("ftp.banner", f"220 {name} FTP server (GNU inetutils 1.4.1) ready.\r\n"),
        ("tls.subject", f"CN={name},O=Example"),
        ("tls.san", f"{name}.example.net"),
    ]


def test_the_group_lists_every_field_a_device_writes_its_name_in() -> None:
    members = set(FIELD_GROUPS["devname"])
    assert {field for field, _ in layouts(AXIS)} == members
    # Every host-name field of @hostname is one (the others there are the same names).
    assert set(group_members("@hostname")) <= members


@pytest.mark.parametrize(("field", "value"), layouts(AXIS))
def test_axis_default_name_names_axis_in_every_field(field: str, value: str) -> None:
    identity = seen(field, value)
    assert identity.manufacturer == "axis", identity.attribution
    assert identity.device_type is not None and is_video_device(identity.device_type)


@pytest.mark.parametrize(("field", "value"), layouts("dvrdvs"))
def test_hikvisions_recorder_name_names_hikvision_in_every_field(field: str, value: str) -> None:
    identity = seen(field, value)
    assert identity.manufacturer == "hikvision", identity.attribution
    assert identity.device_type is not None and is_video_device(identity.device_type)


@pytest.mark.parametrize(("field", "value"), layouts("LocalHost"))
def test_xiongmais_localhost_names_xiongmai_in_every_field(field: str, value: str) -> None:
    assert seen(field, value).manufacturer == "xiongmai"


@pytest.mark.parametrize(("field", "value"), layouts("anyka") + layouts("goke") + layouts("ing-t31-x-0f9e"))
def test_chip_sdk_and_open_firmware_names_type_a_camera_and_name_nobody(field: str, value: str) -> None:
    identity = seen(field, value)
    assert identity.device_type == "camera", identity.attribution
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(("field", "value"), layouts("yi-hack"))
def test_the_yi_hack_firmwares_name_is_a_yi_camera_in_every_field(field: str, value: str) -> None:
    identity = seen(field, value)
    assert identity.device_type == "camera", identity.attribution
    assert identity.brand == "yi", identity.attribution


def test_a_shodan_telnet_prompt_and_ftp_greeting_read_through_the_importer() -> None:
    assert shodan("\r\nanyka login: ", 23, "telnet").device_type == "camera"
    assert shodan(f"220 {AXIS} FTP server ready.\r\n", 21, "ftp").manufacturer == "axis"


#: Other devices' firmware defaults and names owners choose: no video type, no maker, in any field.
NOT_CAMERAS = [
    "DiskStation",
    "RT-AC68U",
    "OpenWrt",
    "raspberrypi",
    "android-5f2c1e8a9b3d4e6f",
    "ESP_3A1B2C",
    "BRN30055C6A1B2C",
    "HP3C2AF4A1B2C3",
    "(none)",
    "localhost",
    "core-switch-1",
]


@pytest.mark.parametrize("name", NOT_CAMERAS)
def test_routers_nas_printers_and_wifi_modules_names_are_no_camera(name: str) -> None:
    for field, value in layouts(name):
        identity = seen(field, value)
        assert identity.manufacturer is None, (field, identity.attribution)
        assert not (identity.device_type and is_video_device(identity.device_type)), (field, identity.attribution)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("dhcp.hostname", "my-axis-accc8e270ad8"),  # a longer name the owner built around it
        ("dhcp.hostname", "axis-accc8e270ad8f"),  # thirteen hex digits: no MAC
        ("dhcp.hostname", "axis-4419b6123456"),  # another registrant's block
        ("snmp.sysname", "dvrdvs2"),
        ("telnet.banner", "mydvrdvs login: "),
        ("telnet.banner", "dvrdvs password: "),
        ("telnet.banner", "localhost login: "),
        ("snmp.sysdescr", "Linux anykam 3.4.35 armv5tejl"),
        ("ftp.banner", "220 anyka-backup.example FTP server ready."),
        ("telnet.banner", "gokeys login: "),
        ("mdns.host", "my-yi-hack.local"),
    ],
)
def test_names_that_merely_contain_a_default_name_are_not_it(field: str, value: str) -> None:
    fired = {e.rule_id for e in seen(field, value).evidence}
    assert not any(r.startswith("identifiers.hostname.") and "camera-word" not in r for r in fired), fired


#: The entries of the device-set name layer, and the name each matches (written as the sources give it).
ENTRIES = {
    "identifiers.hostname.axis-default": AXIS,
    "identifiers.hostname.hikvision-recorder": "dvrdvs",
    "identifiers.hostname.xiongmai-localhost": "LocalHost",
    "identifiers.hostname.thingino-default": "ing-wyze-c3-1a2b",
    "identifiers.hostname.anyka-sdk": "anyka",
    "identifiers.hostname.goke-sdk": "goke",
    "identifiers.hostname.yi-hack": "yi-hack",
}


def test_each_entry_reads_the_device_set_name_group() -> None:
    rules = {r.id: r for r in ruleset().rules}
    for rule_id in ENTRIES:
        assert rules[rule_id].field == "@devname", rule_id


NAME_CHARACTERS = st.text(
    st.sampled_from("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_"), min_size=1, max_size=8
)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(sorted(ENTRIES)), NAME_CHARACTERS, st.booleans(), st.sampled_from(sorted(FIELD_GROUPS["devname"]))
)
def test_a_default_name_glued_to_other_name_characters_is_another_name(
    rule_id: str, glue: str, before: bool, field: str
) -> None:
    name = ENTRIES[rule_id]
    value = glue + name if before else name + glue
    fired = {e.rule_id for e in seen(field, value).evidence}
    assert rule_id not in fired, (value, fired)


HOSTILE = st.one_of(
    st.text(max_size=400),
    st.text(st.sampled_from("axisdvr-:. \r\n0123456789abcdefLocalHostlogin=CN,/"), max_size=400),
    st.builds(lambda n: "axis-" * n + "accc8e" * n, st.integers(0, 2000)),
    st.builds(lambda n: ("Linux " + "a" * n + " login:") * 3, st.integers(0, 3000)),
)


#: Each entry's name as its source writes it (a grammar where the name has variable parts), for the property below.
GRAMMARS = {
    "identifiers.hostname.axis-default": "axis-(?:00408c|accc8e|b8a44f|e82725)[0-9a-f]{6}",
    "identifiers.hostname.hikvision-recorder": "dvrdvs",
    "identifiers.hostname.xiongmai-localhost": "LocalHost",
    "identifiers.hostname.thingino-default": "ing-[a-z0-9]{2,16}-[a-z0-9]{1,16}-[0-9a-f]{4}",
    "identifiers.hostname.anyka-sdk": "anyka",
    "identifiers.hostname.goke-sdk": "goke",
    "identifiers.hostname.yi-hack": "yi-hack",
}


@settings(max_examples=80, deadline=None)
@given(st.sampled_from(sorted(FIELD_GROUPS["devname"])), HOSTILE)
def test_hostile_text_in_any_name_field_never_raises_and_fires_only_on_its_name(field: str, text: str) -> None:
    # What the entries claim: they fire only where the value spells their name where a name stands -- at the start of a
    # line, after "Linux ", "220 " or "CN=" -- with no name character before it. Nothing else of the identity is
    # asserted (Hypothesis may draw a maker's word from the code).
    fired = {e.rule_id for e in seen(field, text).evidence}
    for rule_id, grammar in GRAMMARS.items():
        if rule_id in fired:
            standing = rf"(?:^|\n|Linux |220[ -]|CN=)(?:{grammar})"
            assert re.search(standing, text, re.IGNORECASE | re.MULTILINE), (rule_id, text)
