"""Camera-word device-set names read in every field a device writes its own name in (helper-245, 2026-12-07).

A name whose last part is a camera word, a number at most after it ("garage-camera", "IPCamera", "Network-Camera"), is a
camera telling its type. It was read in DHCP and mDNS host names (layers/identifiers.yaml hostname.camera-word-dhcp and
-mdns), in a login prompt and a uname line (rules/banners.yaml generic.banner.camera-hostname) and in a certificate's
issuer; now also wherever else the ``@devname`` fields carry the name: SNMP sysName, an FTP greeting "220 <name> FTP
server ...", ONVIF GetHostname, XMEye's HostName, DHIP's MachineName, an API's device name, a certificate's CN
(layers/identifiers_hostnames.yaml hostname.camera-word). Sources: RFC 3418 (sysName, the name an administrator gives the
node) and ztag's FtpGenericCamera annotation (cameras greeting "220 Network-Camera FTP server ... ready."). A word after
the camera word, glued words, SDK and router names type nothing; no maker is ever named.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, Observation, is_video_device


def seen(field: str, value: str) -> Identity:
    """The identity of a device that wrote ``value`` in ``field`` and nothing else."""
    return identify(
        [Observation("192.0.2.80", 0, "tcp", "import", "import", "2026-12-07T00:00:00Z", {field: value})]
    )


def layouts(name: str) -> list[tuple[str, str]]:
    """The name in each field this entry adds (DHCP, mDNS, prompts and uname lines had their rules before)."""
    return [
        ("snmp.sysname", name),
        ("onvif.hostname", name),
        ("xmeye.HostName", name),
        ("dhip.MachineName", name),
        ("devinfo.name", name),
        ("ftp.banner", f"220 {name} FTP server (GNU inetutils 1.4.2) ready.\r\n"),
        ("tls.subject", f"CN={name},O=Example"),
    ]


CAMERA_NAMES = ["garage-camera", "IPCamera", "ipcam_01", "front-door-cam2", "porch-webcam.lan"]


@pytest.mark.parametrize(("field", "value"), [pair for name in CAMERA_NAMES for pair in layouts(name)])
def test_a_camera_word_name_types_a_camera_and_names_nobody(field: str, value: str) -> None:
    identity = seen(field, value)
    assert identity.device_type is not None and is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer is None and identity.brand is None, identity.attribution


def test_an_snmp_walk_with_a_camera_sysname_reads_through_the_importer() -> None:
    walk = '.1.3.6.1.2.1.1.1.0 = STRING: "Linux 4.9.37"\n.1.3.6.1.2.1.1.5.0 = STRING: "garage-camera"\n'
    record = parse_banner({"ip_str": "192.0.2.81", "port": 161, "data": walk, "_shodan": {"module": "snmp"}}, 1)
    identity = identify(list(record.observations))
    assert identity.device_type == "camera", identity.attribution


#: Names that are no camera's: a word after the camera word, glued words, owners' switch names, SDK and router
#: defaults (Realtek's rtkmips/rlxlinux, a Netgear firmware's netgear123456, an unset name).
NOT_CAMERAS = [
    "camera-hub",
    "camera-bridge",
    "cam-switch-01",
    "frontcam",
    "camden",
    "core-switch-1",
    "rtkmips",
    "rlxlinux",
    "netgear123456",
    "(none)",
    "camera-uploads.example.net",
]


ENTRY = "identifiers.hostname.camera-word"


def fired(identity: Identity) -> bool:
    return any(ev.rule_id == ENTRY for ev in identity.evidence)


@pytest.mark.parametrize("name", NOT_CAMERAS)
def test_other_names_type_nothing(name: str) -> None:
    for field, value in layouts(name):
        identity = seen(field, value)
        assert not fired(identity), (field, identity.attribution)
        assert identity.manufacturer is None, (field, identity.attribution)
        if field != "onvif.hostname":  # an ONVIF answer is a video device's whatever its name
            assert not (identity.device_type and is_video_device(identity.device_type)), (field, identity.attribution)


def test_the_name_must_stand_where_a_device_names_itself() -> None:
    # In a free text the word is a word, not the device's own name.
    for field, value in [
        ("ftp.banner", "220 Welcome, upload your garage-camera pictures here\r\n"),
        ("snmp.sysname", "my garage-camera"),
        ("devinfo.name", "garage-camera for sale"),
    ]:
        identity = seen(field, value)
        assert not fired(identity), (field, identity.attribution)
        assert not (identity.device_type and is_video_device(identity.device_type)), (field, identity.attribution)


NAME_CHARS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzCAMERA0123456789-_.() \r\n", max_size=40)


@settings(max_examples=150, deadline=None)
@given(NAME_CHARS)
def test_any_sysname_is_read_without_error_and_names_no_maker_by_this_entry(name: str) -> None:
    identity = seen("snmp.sysname", name)
    hits = [ev for ev in identity.evidence if ev.rule_id == ENTRY]
    for ev in hits:
        assert "manufacturer" not in ev.asserts and "brand" not in ev.asserts
    if hits:
        last = name.strip().split(".")[0].lower().rstrip("0123456789_-").rstrip("s")
        assert last.endswith(("camera", "cam")), name
