"""General signs that typed a device more surely than they know: a restreaming tool's description, a NAS maker's
name, a camera maker's name on its switches and keyboards.

* FFmpeg writes ``a=tool:libavformat`` into every description it makes; the tool line says FFmpeg built the stream,
  not what serves it (a relay, ffserver, a board running FFmpeg on its own sensor). It was ``not_camera`` at 0.9 and
  wrong, firm, on a camera's answer; alone it is now a hint, and only a copied title (FFmpeg keeps its source's
  ``s=`` line) is the sure restreamer.
* Synology's name typed every device ``nas`` at 0.75, its BC500 camera too; the NAS product words and a device
  calling itself a NAS still do, the name alone is a hint a camera sign outweighs.
* "Uniview Switch" was a Uniview video device (the lexicon's 0.6): a switch, keyboard or alarm panel
  named in a title is no camera, whichever camera maker sells it; nor is a consumer camera brand's robot vacuum,
  smart lock or plug ("EZVIZ RE4 Robot Vacuum" was an EZVIZ camera).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.test_rtsp_relays import EASYDARWIN_DESCRIBE, _rtsp

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols.soap import upnp_description

#: The captured EasyDarwin answer (github:Eson-Jia/EasyDarwin/Capture.md@fccfb57b9d9e) without its relay's Server
#: header: FFmpeg's untitled description ('s=No Name', its tool line) and nothing else that names the server.
UNTITLED_FFMPEG = EASYDARWIN_DESCRIBE.replace(EASYDARWIN_DESCRIBE.split("\r\n")[1] + "\r\n", "")


def observe(fields: dict[str, str], port: int, protocol: str) -> Observation:
    return Observation("192.0.2.77", port, "tcp", protocol, "import", "2026-12-04T00:00:00Z", fields)


def rules(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def typed_video(identity: Identity) -> bool:
    return identity.device_type is not None and is_video_device(identity.device_type)


# --- FFmpeg's description -----------------------------------------------------------------------------------------


def test_an_untitled_ffmpeg_description_alone_is_a_weak_not_a_firm_answer() -> None:
    identity = identify(_rtsp(UNTITLED_FFMPEG, port=554).observations)
    assert "not-camera.rtsp.sdp.libavformat" in rules(identity)
    assert "not-camera.rtsp.sdp.libavformat-copied-title" not in rules(identity)
    # Nothing calls it a camera, and nothing is sure it is not one: below the firm band and below WEAK.
    assert not typed_video(identity) and identity.manufacturer is None
    assert identity.confidence < 0.5


def test_a_camera_sign_on_another_reply_outweighs_the_tool_line() -> None:
    # A board running FFmpeg on its own sensor answers its web page as a camera: the description no longer wins.
    rtsp = _rtsp(UNTITLED_FFMPEG, port=554).observations
    page = observe({"http.status": "401", "http.www_authenticate": 'Basic realm="IP Camera"'}, 80, "http")
    identity = identify([*rtsp, page])
    assert typed_video(identity), identity.attribution


def test_a_copied_title_beside_the_tool_line_is_still_a_sure_restreamer() -> None:
    copied = UNTITLED_FFMPEG.replace("s=No Name", "s=HIK Media Server V3.4.98")
    identity = identify(_rtsp(copied, port=554).observations)
    assert "not-camera.rtsp.sdp.libavformat-copied-title" in rules(identity)
    assert identity.device_type == "not_camera" and identity.confidence >= 0.9
    assert identity.manufacturer is None and identity.brand is None


@settings(deadline=None)
@given(st.text(alphabet=st.characters(blacklist_characters="\r\n"), max_size=60))
def test_any_title_but_ffmpegs_placeholder_is_a_copied_title(title: str) -> None:
    sdp = f"v=0\r\no=- 0 0 IN IP4 127.0.0.1\r\ns={title}\r\nt=0 0\r\na=tool:libavformat 58.29.100\r\n"
    identity = identify([observe({"rtsp.status": "200", "rtsp.sdp": sdp}, 554, "rtsp")])
    copied = "not-camera.rtsp.sdp.libavformat-copied-title" in rules(identity)
    assert copied == (title not in ("", "No Name", "N", "No", "No ", "No N", "No Na", "No Nam")), title


# --- Synology -------------------------------------------------------------------------------------------------------

#: A Synology BC500's device description as a public network-inventory project's test quotes it, saying it is what its
#: owner's camera served at /device_desc.xml (found through the search index, its repository not pinned here; the
#: empty UPC and service list left out). No rule quotes it.
BC500 = b"""<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0">
<specVersion><major>1</major><minor>0</minor></specVersion>
<device>
<deviceType>urn:schemas-upnp-org:device:IPCamera:1</deviceType>
<friendlyName>pic-vision-test-001-BC500</friendlyName>
<manufacturer>Synology</manufacturer>
<manufacturerURL>https://www.synology.com</manufacturerURL>
<modelDescription>Synology Camera BC500</modelDescription>
<modelName>BC500</modelName>
<modelNumber>BC500</modelNumber>
<serialNumber>2310VSRCJY482</serialNumber>
<UDN>uuid:Upnp-IPCamera-1_0-9009D03B7A38</UDN>
<presentationURL>https://192.168.1.121:443</presentationURL>
</device>
</root>"""
#: A DSM NAS's description written for the test in the shape a Greenbone UPnP detection script quotes in a comment
#: ('SR1217 (DS216se)', manufacturer Synology, model description 'Synology NAS'; its repository not pinned here).
NAS = b"""<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0"><device>
<deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType>
<friendlyName>SR1217 (DS216se)</friendlyName>
<manufacturer>Synology</manufacturer>
<manufacturerURL>http://www.synology.com</manufacturerURL>
<modelDescription>Synology NAS</modelDescription>
<modelName>DS216se</modelName>
<modelNumber>DS216se 6.2-25556</modelNumber>
</device></root>"""


def upnp(description: bytes) -> Identity:
    return identify([observe(upnp_description(description), 49152, "upnp")])


def test_synologys_camera_is_a_camera() -> None:
    identity = upnp(BC500)
    assert identity.device_type == "camera", identity.attribution
    # Its name still counts as a hint against it, kept as a conflict, not dropped.
    assert any(c.attribute == "device_type" and c.other == "nas" for c in identity.conflicts)


def test_synologys_nas_is_still_a_nas() -> None:
    identity = upnp(NAS)
    assert identity.device_type == "nas" and identity.confidence >= 0.75
    assert "words.not-camera.nas-self-named" in rules(identity)


def test_synologys_name_alone_leans_to_a_nas_weakly() -> None:
    identity = identify([observe({"upnp.manufacturer": "Synology Inc."}, 5000, "upnp")])
    assert identity.device_type == "nas" and identity.confidence < 0.5


# --- a camera maker's other products --------------------------------------------------------------------------------


def test_a_camera_makers_switch_is_not_its_camera() -> None:
    for title in ("Uniview Switch", "Hikvision PoE Switch", "Dahua Network Keyboard"):
        identity = identify([observe({"http.status": "200", "http.title": title}, 80, "http")])
        assert not typed_video(identity), title
        assert identity.manufacturer is None and identity.brand is None, (title, identity.attribution)


def test_the_makers_recorders_and_cameras_keep_their_type_and_maker() -> None:
    cases = {"Uniview NVR": "uniview", "HIKVISION DS-2CD2143G2-I": "hikvision", "Dahua Video Matrix Switcher": None}
    for title, maker in cases.items():
        identity = identify([observe({"http.status": "200", "http.title": title}, 80, "http")])
        assert "words.not-camera.maker-network-gear" not in rules(identity), title
        if maker is not None:
            assert typed_video(identity) and identity.manufacturer == maker, (title, identity.attribution)


def test_a_consumer_camera_brands_home_devices_are_not_its_cameras() -> None:
    # EZVIZ lists smart locks and vacuum cleaners beside its cameras (support.ezviz.com, its AI practices page).
    for title in ("EZVIZ RE4 Robot Vacuum", "EZVIZ Smart Lock DL01S", "Imou Smart Plug", "Tapo Smart Wi-Fi Light Bulb"):
        identity = identify([observe({"http.status": "200", "http.title": title}, 80, "http")])
        assert not typed_video(identity), (title, identity.attribution)
        assert identity.manufacturer is None and identity.brand is None, (title, identity.attribution)
    for title in ("EZVIZ C6N Smart Home Camera", "EZVIZ DB1C Video Doorbell"):
        identity = identify([observe({"http.status": "200", "http.title": title}, 80, "http")])
        assert typed_video(identity) and identity.brand == "ezviz", (title, identity.attribution)
