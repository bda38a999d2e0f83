"""What a device's host name and greeting say outside HTTP (entries added 2026-12-04, helper-92).

A host name shows in a Telnet "<host name> login:" prompt, in the uname line an SNMP agent answers as
sysDescr, and in SNMP sysName, DHCP or mDNS names. Fixed firmware defaults say whose firmware it is:

* Hikvision's recorder firmware names itself "dvrdvs" (/etc/rcS.d/S70hostname, in the file-system analysis of
  a Hikvision NVR, github:LOURC0D3/ENVY-gitbook hikvsion-report/file-system-analysis-report.md): Hikvision,
  a video device (layers/identifiers_hostnames.yaml hostname.hikvision-recorder);
* OpenIPC, the open camera firmware, names the host "openipc-<soc>" and then "<soc>-<sensor>"
  ("hi3516ev300-imx335", the example in OpenIPC/firmware general/overlay/etc/init.d/S31hostname) and runs
  mini-snmpd with "-D OpenIPC" (S50snmpd): a camera, no maker (layers/sdk_servers.yaml sdk.openipc-*);
* a host that calls itself a camera ("CAMERA login:") is a camera of no known maker (rules/banners.yaml).
* XiongMai's camera and recorder firmware names its host "LocalHost" (capital H; github:OpenIPC/camerasrnd
  xm_get_telnet.md: "LocalHost login: root"): XiongMai (layers/identifiers_hostnames.yaml
  hostname.xiongmai-localhost).
* The libupnp sample UDN "uuid:Upnp-<name>-1_0-<MAC>" hands the MAC registry the device's block
  (layers/identifiers.yaml mac.libupnp-udn).

Also: Dahua's own IANA enterprise number 37496 (rules/snmp.yaml), the Axis FTP greeting of a "Mk II" PTZ
dome (up to five description words) and the Axis P8221 I/O audio module, which a P-series model grammar
alone would call a camera (rules/banners.yaml axis.banner.audio-io-module). The prompts, uname lines and
greetings below are written in the layouts those sources show; they are not captures.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, Observation, is_video_device


def banner(data: str, port: int, module: str = "") -> Identity:
    """The identity of one Shodan banner on ``port`` (read as the importer reads it)."""
    record = parse_banner({"ip_str": "192.0.2.60", "port": port, "data": data, "_shodan": {"module": module}}, 1)
    return identify(list(record.observations))


def fields(values: dict[str, str], protocol: str = "snmp") -> Identity:
    return identify([Observation("192.0.2.61", 161, "udp", protocol, "import", "2026-01-01T00:00:00Z", values)])


@pytest.mark.parametrize("data", ["dvrdvs login: ", "\r\n\r\ndvrdvs login: "])
def test_hikvisions_recorder_host_name_in_a_telnet_prompt_names_hikvision(data: str) -> None:
    identity = banner(data, 23, "telnet")
    assert identity.manufacturer == "hikvision", identity.attribution
    assert identity.device_type is not None and is_video_device(identity.device_type)


def test_hikvisions_recorder_host_name_in_a_uname_sysdescr_or_as_sysname_names_hikvision() -> None:
    described = fields({"snmp.sysdescr": "Linux dvrdvs 3.10.0 #1 SMP Tue Jun 7 11:29:17 CST 2016 armv7l"})
    named = fields({"import.hostnames": "dvrdvs"})
    for identity in (described, named):
        assert identity.manufacturer == "hikvision", identity.attribution
        assert identity.device_type is not None and is_video_device(identity.device_type)


@pytest.mark.parametrize("data", ["dvrdvs2 login: ", "mydvrdvs login: ", "dvrdvs password: "])
def test_other_names_and_prompts_are_not_hikvisions(data: str) -> None:
    assert banner(data, 23, "telnet").manufacturer is None


@pytest.mark.parametrize(
    "data", ["openipc-hi3516ev300 login: ", "hi3516ev300-imx335 login: ", "openipc-ssc335 login: ", "gk7205v200-sc2235 login: "]
)
def test_openipcs_host_names_type_a_camera_of_no_maker(data: str) -> None:
    identity = banner(data, 23, "telnet")
    assert identity.device_type == "camera", identity.attribution
    assert identity.manufacturer is None and identity.brand is None


def test_openipcs_snmp_agent_types_a_camera_of_no_maker() -> None:
    for values in (
        {"snmp.sysdescr": "OpenIPC"},
        {"snmp.sysdescr": "Linux openipc-hi3518ev300 4.9.37 #2 Fri Dec 1 armv7l"},
        {"import.hostnames": "hi3516ev300-imx335"},
    ):
        identity = fields(values)
        assert identity.device_type == "camera", (values, identity.attribution)
        assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "values",
    [
        {"snmp.sysdescr": "Linux hi3798mv200 4.9.37 armv7l"},  # a set-top-box SoC, and no sensor or OpenIPC prefix
        {"import.hostnames": "openipc.org"},
        {"snmp.sysdescr": "OpenWrt"},
    ],
)
def test_soc_names_alone_and_look_alikes_are_not_cameras(values: dict[str, str]) -> None:
    identity = fields(values)
    assert not (identity.device_type and is_video_device(identity.device_type)), identity.attribution


@pytest.mark.parametrize("data", ["CAMERA login: ", "\r\nIPCamera login: ", "webcam-01 login: "])
def test_a_host_that_calls_itself_a_camera_is_a_camera_of_no_maker(data: str) -> None:
    identity = banner(data, 23, "telnet")
    assert identity.device_type == "camera", identity.attribution
    assert identity.manufacturer is None


@pytest.mark.parametrize("data", ["camden login: ", "router login: ", "(none) login: ", "Ubuntu 20.04.6 LTS\r\nmycamera login: "])
def test_other_host_names_are_not_typed_video(data: str) -> None:
    identity = banner(data, 23, "telnet")
    assert not (identity.device_type and is_video_device(identity.device_type)), identity.attribution


def test_dahuas_iana_enterprise_number_names_dahua() -> None:
    identity = fields({"snmp.sysobjectid": ".1.3.6.1.4.1.37496.1.2"})
    assert identity.manufacturer == "dahua"
    assert fields({"snmp.sysobjectid": "1.3.6.1.4.1.374960"}).manufacturer is None


def test_an_axis_mk_ii_ptz_domes_ftp_greeting_gives_model_and_firmware() -> None:
    identity = banner("220 AXIS Q6045-E Mk II PTZ Dome Network Camera 5.50.4 (Aug 2013) ready.\r\n", 21, "ftp")
    assert identity.manufacturer == "axis" and identity.device_type == "camera"
    assert identity.model == "Q6045-E" and identity.firmware == "5.50.4"


def test_an_axis_io_audio_module_is_not_a_camera() -> None:
    # Source: https://www.axis.com/products/axis-p8221-io-audio-module ("AXIS P8221 I/O Audio Module").
    for identity in (
        banner("220 AXIS P8221 Network I/O Audio Module 1.31 (Dec 2012) ready.\r\n", 21, "ftp"),
        fields({"snmp.sysdescr": "; AXIS P8221; Network I/O Audio Module; 1.31; Dec 2012;"}),
    ):
        assert identity.device_type == "not_camera", identity.attribution


#: Text around a prompt: anything but letters, digits and the name characters, which would change the name.
AROUND = st.text(st.characters(blacklist_categories=["L", "N"], blacklist_characters="-_."), max_size=40)


@settings(max_examples=60, deadline=None)
@given(AROUND, st.text(max_size=60))
def test_firmware_host_names_hold_whatever_follows_the_prompt(before: str, after: str) -> None:
    before = before.replace("\r", "").replace("\n", "")
    after = after.replace("\x00", "")
    # What the text after the prompt says by itself, behind a prompt that types a camera and names nobody
    # (Hypothesis draws words from the code too: "VAPIX" after any camera prompt rightly names Axis).
    neutral = banner("\r\nCAMERA login: " + after, 23, "telnet").manufacturer
    for prompt, maker in (("dvrdvs login:", "hikvision"), ("openipc-hi3516ev300 login:", None)):
        identity = banner("\r\n" + prompt + " " + after, 23, "telnet")
        assert identity.device_type is not None and is_video_device(identity.device_type), identity.attribution
        if maker is None:
            assert identity.manufacturer == neutral, identity.attribution
        elif neutral is None:
            assert identity.manufacturer == maker, identity.attribution


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=300))
def test_no_host_name_rule_raises_or_names_a_maker_on_arbitrary_text(text: str) -> None:
    # Arbitrary text (control characters, long runs) never raises; the host-name entries fire only where it
    # spells the recorder's name or OpenIPC's.
    for values in ({"telnet.banner": text}, {"snmp.sysdescr": text}, {"import.hostnames": text}):
        fired = {e.rule_id for e in fields(values, "banner").evidence}
        if "dvrdvs" not in text.lower():
            assert "identifiers.hostname.hikvision-recorder" not in fired
        if "openipc" not in text.lower() and "-" not in text:
            assert not any(r.startswith("words.sdk.openipc-hostname") for r in fired)


@pytest.mark.parametrize("data", ["LocalHost login: ", "\r\n\r\nLocalHost login: "])
def test_xiongmais_firmware_prompt_names_xiongmai(data: str) -> None:
    # github:OpenIPC/camerasrnd xm_get_telnet.md: XM-based camera and DVR/NVR firmware, "LocalHost login: root".
    identity = banner(data, 23, "telnet")
    assert identity.manufacturer == "xiongmai", identity.attribution
    assert identity.device_type is not None and is_video_device(identity.device_type)


@pytest.mark.parametrize("data", ["localhost login: ", "Welcome to Alpine Linux 3.21\r\nlocalhost login: "])
def test_a_lower_case_localhost_prompt_is_any_linux_and_names_nobody(data: str) -> None:
    identity = banner(data, 23, "telnet")
    assert identity.manufacturer is None
    assert not (identity.device_type and is_video_device(identity.device_type))


AXIS_SSDP = (
    "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: http://192.168.1.102:45895/rootdesc1.xml\r\n"
    "SERVER: Linux/2.6.35, UPnP/1.0, Portable SDK for UPnP devices/1.6.18\r\nX-User-Agent: redsonic\r\n"
    "ST: upnp:rootdevice\r\nUSN: uuid:Upnp-BasicDevice-1_0-ACCC8E270AD8::upnp:rootdevice\r\n\r\n"
)


def test_a_mac_in_a_libupnp_udn_names_the_blocks_owner() -> None:
    # The USN layout of FantasticFiasco/axis-discovery-ssdp-js's Axis answer, with the search target a plain
    # root-device search would get (the Axis-specific service type, which names Axis by itself, left out).
    identity = banner(AXIS_SSDP, 1900, "upnp")
    assert identity.manufacturer == "axis", identity.attribution
    assert any(e.rule_id == "identifiers.mac.libupnp-udn" for e in identity.evidence)


def test_a_routers_libupnp_udn_names_no_camera_maker() -> None:
    # miniupnpd's comment keeps a Linksys 802.11b router's answer: its MAC block is no camera maker's.
    linksys = (
        "HTTP/1.1 200 OK\r\nCache-Control:max-age=120\r\nLocation:http://192.168.5.1:5678/rootDesc.xml\r\n"
        "Server:NT/5.0 UPnP/1.0\r\nST:upnp:rootdevice\r\nUSN:uuid:upnp-InternetGatewayDevice-1_0-0090a2777777::upnp:rootdevice\r\nEXT:\r\n\r\n"
    )
    identity = banner(linksys, 1900, "upnp")
    assert identity.manufacturer is None
    assert not (identity.device_type and is_video_device(identity.device_type))


@pytest.mark.parametrize(
    ("data", "maker"),
    [
        ("192.0.0.64 login: ", "hikvision"),  # rapid7/recog telnet_banners.xml, Hikvision's default address as host
        ("\r\nIMDVRS login: ", "rifatron"),  # rapid7/recog telnet_banners.xml 'Rifatron IMDVRS DVR'
        ("LocalHost login: ", "xiongmai"),
        ("dvrdvs login: ", "hikvision"),
    ],
)
def test_a_login_prompt_on_a_port_no_scanner_calls_telnet_still_names_its_maker(data: str, maker: str) -> None:
    # No module and an unusual port: the importer keeps the prompt as a plain `banner`, which the prompt rules
    # read as they read telnet.banner.
    record = parse_banner({"ip_str": "192.0.2.62", "port": 9527, "data": data}, 1)
    (observation,) = record.observations
    assert "banner" in observation.fields and "telnet.banner" not in observation.fields
    identity = identify([observation])
    assert identity.manufacturer == maker, identity.attribution
