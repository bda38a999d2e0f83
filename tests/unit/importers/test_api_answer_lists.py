"""Answers read by their layout where a collector kept only a part of them, or an answer of one line:

* Dahua's CGI answers every query as ``<prefix>.<Key>=<value>`` lines in one key grammar (a capitalised name, ``[n]``
  indices, dotted members): a configuration (``table.``), a capability set (``caps.``), a PTZ status (``status.``);
* magicBox's one-line serial answer (``sn=``) hands the serial to the serial-number layouts, which alone say whose it
  is;
* a piece cut from the middle of an ONVIF answer closes elements it began outside itself (``</tt:Security>``) and goes
  on with their siblings: the pieces after the stray end tags are read too;
* Reolink's Baichuan XML body, printed by a client cut at its own limit, is read as far as it arrived.

Each answer is quoted from the public source named above it, or, where marked, written to the keys a client parses.
"""

from __future__ import annotations

import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.load import check_time

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.api_answers import text_answer, xml_answer
from camaudit.importers.base import ImportRecord
from camaudit.importers.sniff import document_fields, sniff
from camaudit.model import is_video_device

# github:rroller/dahua/custom_components/dahua/client.py@00aee8612ed9 -- async_get_ptz_position's docstring, "Gets the
# status of PTZ Example output" (ptz.cgi?action=getStatus; Postion is the firmware's own spelling).
DAHUA_PTZ_STATUS = (
    "status.Action=Preset\r\nstatus.MoveStatus=Idle\r\nstatus.PTS=0\r\nstatus.Postion[0]=91.600000\r\n"
    "status.Postion[1]=-2.600000\r\nstatus.Postion[2]=1.000000\r\nstatus.PresetID=2\r\nstatus.Sequence=0\r\n"
    "status.UTC=0\r\nstatus.ZoomStatus=Idle\r\n"
)
# ptz.cgi?action=getCurrentProtocolCaps, written to the keys opensensorhub's Dahua driver reads from it
# (github:opensensorhub/osh-addons/sensors/video/sensorhub-driver-dahua/src/main/java/org/sensorhub/impl/sensor/dahua/
# DahuaPtzControl.java@36066c700669: caps.PtzMotionRange.HorizontalAngle[0] ...; DahuaCameraDriver.java:
# caps.SupportPTZCoordinates). Not a capture.
DAHUA_PTZ_CAPS = (
    "caps.Pan=true\r\ncaps.PtzMotionRange.HorizontalAngle[0]=0\r\ncaps.PtzMotionRange.HorizontalAngle[1]=360\r\n"
    "caps.PtzMotionRange.VerticalAngle[0]=-15\r\ncaps.PtzMotionRange.VerticalAngle[1]=90\r\n"
    "caps.SupportPTZCoordinates=true\r\ncaps.Tile=true\r\ncaps.Zoom=true\r\n"
)
# magicBox.cgi?action=getSerialNo's one line, written with the serial layouts layers/identifiers.yaml quotes: Dahua's
# own (aiodahua's discovery test, SerialNo 'CC10BD8PAGCF779') and Amcrest's relabelled Dahua cameras' (the Greenbone
# sample 'AMC000N49SSV0M2U46'); and one of no known layout. Not captures.
DAHUA_SERIAL = "sn=CC10BD8PAGCF779\r\n"
AMCREST_SERIAL = "sn=AMC000N49SSV0M2U46\r\n"
UNKNOWN_SERIAL = "sn=4X7C5A1ZAG21L3F\r\n"
# A piece of an ONVIF GetCapabilities answer, from inside tt:Security to the Events and Media services, written to
# onvif.xsd's element names (SecurityCapabilities: TLS1.1, TLS1.2, OnboardKeyGeneration, AccessPolicyConfig,
# X.509Token ...; EventCapabilities and MediaCapabilities: XAddr) with addresses of the documentation range.
ONVIF_SECURITY_PIECE = (
    "      <tt:TLS1.2>true</tt:TLS1.2>\n      <tt:OnboardKeyGeneration>false</tt:OnboardKeyGeneration>\n"
    "      <tt:X.509Token>false</tt:X.509Token>\n      <tt:Extension>\n        <tt:TLS1.0>false</tt:TLS1.0>\n"
    "      </tt:Extension>\n    </tt:Security>\n  </tt:Device>\n  <tt:Events>\n"
    "    <tt:XAddr>http://192.0.2.10/onvif/Events</tt:XAddr>\n  </tt:Events>\n  <tt:Media>\n"
    "    <tt:XAddr>http://192.0.2.10/onvif/Media</tt:XAddr>"
)
# Reolink's Baichuan login answer body as github:VoltTech21/reostream/internal/baichuan/deviceinfo.go@e54a0533b869
# describes it (<body><DeviceInfo>: firmVersion, type, typeInfo; test_service_answers.py builds the whole one), cut
# mid-element the way a client's log line cuts a long payload. Built to that grammar, not a capture.
BAICHUAN_CUT = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<body>\n<DeviceInfo version="1.1">\n<firmVersion>00000000000000'
    "</firmVersion>\n<type>ipc</type>\n<channelNum>1</channelNum>\n<audioNum>1</audioNum>\n<typeInfo>IP"
)


def _record(body: str, port: int = 80) -> ImportRecord:
    data = f"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n{body}"
    return shodan.parse_banner({"ip_str": "192.0.2.10", "port": port, "data": data}, 1)


@pytest.mark.parametrize("body", [DAHUA_PTZ_STATUS, DAHUA_PTZ_CAPS], ids=["ptz-status", "ptz-caps"])
def test_a_dahua_cgi_line_list_names_dahua_and_a_video_device(body: str) -> None:
    found: dict[str, str] = {}
    assert text_answer(body, found) == "http"
    assert found["devinfo.answer"] == "dahua-cgi"
    identity = identify(_record(body).observations)
    assert identity.manufacturer == "dahua"
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize(
    "body",
    [
        # Two lines only; a Java properties file in lower camel case; the prefix changing half-way; a line of another
        # shape between them; Dahua's grammar under a prefix its CGI does not answer with.
        "caps.Pan=true\r\ncaps.Tile=true\r\n",
        "status.code=200\nstatus.message=ok\nstatus.reason=none\n",
        "caps.Pan=true\r\nstatus.Action=Preset\r\ncaps.Zoom=true\r\ncaps.Tile=true\r\n",
        "status.Action=Preset\r\n# comment\r\nstatus.MoveStatus=Idle\r\nstatus.PTS=0\r\n",
        "config.Pan=true\r\nconfig.Tile=true\r\nconfig.Zoom=true\r\n",
        "caps.Pan = true\r\ncaps.Tile = true\r\ncaps.Zoom = true\r\n",
    ],
    ids=["two-lines", "lower-case", "mixed-prefix", "interrupted", "other-prefix", "spaced"],
)
def test_look_alike_line_lists_name_no_api(body: str) -> None:
    found: dict[str, str] = {}
    text_answer(body, found)
    document_fields(body, found)
    assert found.get("devinfo.answer") != "dahua-cgi"
    assert identify(_record(body).observations).manufacturer is None


def test_a_serial_answer_hands_the_serial_to_the_layouts_which_name_the_maker() -> None:
    found: dict[str, str] = {}
    assert text_answer(AMCREST_SERIAL, found) is None  # one line names no API
    assert found == {"devinfo.serial": "AMC000N49SSV0M2U46"}
    identity = identify(_record(AMCREST_SERIAL).observations)
    assert (identity.brand, identity.manufacturer) == ("amcrest", "dahua")
    assert is_video_device(identity.device_type)
    found = {}
    text_answer(DAHUA_SERIAL, found)
    assert found == {"devinfo.serial": "CC10BD8PAGCF779"}
    assert identify(_record(DAHUA_SERIAL).observations).manufacturer == "dahua"
    # A serial of no known layout is kept and names nobody.
    found = {}
    text_answer(UNKNOWN_SERIAL, found)
    assert found == {"devinfo.serial": "4X7C5A1ZAG21L3F"}
    assert identify(_record(UNKNOWN_SERIAL).observations).manufacturer is None


@pytest.mark.parametrize("body", ["sn=AMC000N49SSV0M2U46&mac=00:11:22:33:44:55", "sn=AMC000N49SSV0M2U46\r\nx=1\r\n",
                                  "sn=12", "sn= AMC000N49SSV0M2U46"])
def test_a_serial_line_with_anything_else_is_no_serial_answer(body: str) -> None:
    found: dict[str, str] = {}
    text_answer(body, found)
    assert "devinfo.serial" not in found


def test_a_piece_of_an_onvif_answer_past_stray_end_tags_is_read_whole() -> None:
    found: dict[str, str] = {}
    sniff(ONVIF_SECURITY_PIECE, found)
    assert found["devinfo.answer"] == "onvif-soap"
    assert found["onvif.xaddrs"].splitlines() == ["http://192.0.2.10/onvif/Events", "http://192.0.2.10/onvif/Media"]
    record = shodan.parse_banner({"ip_str": "192.0.2.10", "port": 80, "data": ONVIF_SECURITY_PIECE}, 1)
    identity = identify(record.observations)
    assert is_video_device(identity.device_type)
    assert identity.manufacturer is None


def test_stray_end_tags_do_not_make_a_piece_with_no_device_address_an_answer() -> None:
    # The security capabilities alone (no service address, no scope): ONVIF's schema, not the device speaking.
    piece = ONVIF_SECURITY_PIECE.split("  <tt:Events>")[0]
    found: dict[str, str] = {}
    sniff(piece, found)
    assert found.get("devinfo.answer") != "onvif-soap"


def test_a_baichuan_body_cut_short_is_read_as_far_as_it_arrived() -> None:
    found: dict[str, str] = {}
    assert xml_answer(BAICHUAN_CUT, BAICHUAN_CUT[:4096], found) == "baichuan"
    assert found["devinfo.answer"] == "reolink-baichuan"
    record = shodan.parse_banner({"ip_str": "192.0.2.10", "port": 9000, "data": BAICHUAN_CUT}, 1)
    assert identify(record.observations).manufacturer == "reolink"


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(["caps.", "status.", "caps.Pan=true\r\ncaps.", "sn=", "<tt:TLS1.2>", "</tt:Device><tt:"]),
       st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_text_after_these_markers_never_raises_and_fills_only_declared_fields(marker: str, tail: str) -> None:
    found: dict[str, str] = {}
    for read in (sniff, document_fields, text_answer, lambda text, into: xml_answer(text, text[:4096], into)):
        read(marker + tail, found)
    for key, value in found.items():
        declared = field(key)
        assert declared is not None and declared.accepts(value), key


@pytest.mark.parametrize(
    "text",
    [
        "caps.Pan=true\r\n" * 50_000,
        "status.A" + "[1]" * 40_000 + "=1",
        "<tt:TLS1.2>" + "</tt:X>" * 30_000 + "<tt:XAddr>http://192.0.2.1/onvif/x</tt:XAddr>",
        "<tt:XAddr>" + "<tt:A>" * 20_000,
        "<tt:XAddr>http://192.0.2.1/onvif/x</tt:XAddr>" + "<tt:A>" * 20_000 + "</tt:B>" * 20_000,
    ],
    ids=["long-list", "deep-index", "many-stray-ends", "deep-open", "open-then-stray"],
)
def test_hostile_lists_and_pieces_stay_bounded(text: str) -> None:
    started = time.perf_counter()
    found: dict[str, str] = {}
    sniff(text, found)
    document_fields(text, found)
    assert all(len(value) <= 4096 for value in found.values())
    # Linear in the tags: no scan of the open ones per end tag.
    check_time(time.perf_counter() - started, 2.0, f"reading {text[:20]!r}...")
