"""Panasonic's integrated (PTZ) cameras read by their AW protocol answers (layers/api_bodies.yaml
``panasonic.aw-model-inquiry``, ``panasonic.getinfo-product-information``).

The answers are those kept in public sources: an AW-UE150's camdata.html and an AW-HE40's and AW-HR140's
``getinfo?FILE=1`` answers in Companion's Panasonic PTZ module (Camera_Dumps), an AW-HE130K's getinfo answer in a
PTZ controller's test (doriandekoning/Contextproject-BeNine); where a line below is written here, it says so.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import match_fields
from camaudit.model import is_video_device

_IP = "192.0.2.155"
_TEXT = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
_OID = "answers.panasonic.aw-model-inquiry"
_GETINFO = "answers.panasonic.getinfo-product-information"

#: The head of an AW-UE150's /live/camdata.html (Companion's Camera_Dumps/AW-UE150_camdata.txt, first lines).
CAMDATA_UE150 = "p1\nOID:AW-UE150\nCGI_TIME:0\nOSA:87:0x11\nOSF:0\nOSD:48:0x2D\nORS:1\nd31\n"
#: An AW-HE40's getinfo?FILE=1 answer, its first lines (Camera_Dumps/AW-HE40_getinfo.txt).
GETINFO_HE40 = (
    "MAC=A8-13-74-BF-40-FD\nSERIAL=L6TQD0048\nVERSION=V2.10\nNAME=AW-HE40\nSDrec=disable\nSDrec2=disable\n"
    "sAlarm=off\nsAUX=off\nePort=31004\n"
)
#: An AW-HE130K's, as a controller's test keeps it (lines joined by blanks).
GETINFO_HE130K = (
    "MAC=8C-C1-21-F0-46-C9 SERIAL=D5TBA0099 VERSION=V01.0600 NAME=AW-HE130K SDrec=disable SDrec2=disable "
    "sAlarm=OFF sAUX=off ePort=31004 aEnable=off"
)


def _rules(body: str) -> set[str]:
    return {evidence.rule_id for evidence in match_fields({"http.body": body})}


@pytest.mark.parametrize("head", [_TEXT, ""])
def test_the_model_inquiry_answer_names_panasonic_a_camera_and_the_model(head: str) -> None:
    identity = identify_banner(head + CAMDATA_UE150, 80, _IP)
    assert (identity.manufacturer, identity.device_type, identity.model) == ("panasonic", "camera", "AW-UE150")
    # The QID answer alone, as /cgi-bin/aw_cam?cmd=QID&res=1 returns it (written to the source's answer).
    alone = identify_banner(head + "OID:AW-UE150", 80, _IP)
    assert (alone.manufacturer, alone.model) == ("panasonic", "AW-UE150")


@pytest.mark.parametrize(("answer", "model", "serial"), [
    (GETINFO_HE40, "AW-HE40", "L6TQD0048"),
    (GETINFO_HE130K, "AW-HE130K", "D5TBA0099"),
])
def test_the_getinfo_answer_names_panasonic_the_model_and_serial(answer: str, model: str, serial: str) -> None:
    identity = identify_banner(_TEXT + answer, 80, _IP)
    assert identity.brand == "panasonic" and is_video_device(identity.device_type)
    assert (identity.model, identity.serial) == (model, serial)
    # Panasonic's integrated cameras are its own (Panasonic Connect), not i-PRO's security line.
    assert identity.manufacturer == "panasonic"


@pytest.mark.parametrize("body", [
    # Written here: a remote controller's, a switcher's and a camcorder's numbers, another maker's PTZ camera, the
    # request itself, the answer quoted in prose, an SNMP OID.
    "OID:AW-RP150",
    "OID:AW-HS50",
    "OID:AG-CX350",
    "OID:SRG-X400",
    "GET /cgi-bin/aw_cam?cmd=QID&res=1 HTTP/1.1",
    "The camera answers OID:AW-UE150 to the QID command.",
    "OID: 1.3.6.1.2.1.1.1.0",
])
def test_model_inquiry_look_alikes_name_nobody(body: str) -> None:
    assert _OID not in _rules(body)
    assert identify_banner(_TEXT + body, 80, _IP).manufacturer != "panasonic"


@pytest.mark.parametrize("body", [
    # Written here: a router's status in key=value lines (colon MAC, lower case), the keys in another order, a version
    # without Panasonic's V, a NAS's info answer.
    "mac=a8:13:74:bf:40:fd\nserial=L6TQD0048\nversion=2.10\nname=router\n",
    "SERIAL=L6TQD0048\nMAC=A8-13-74-BF-40-FD\nVERSION=V2.10\nNAME=AW-HE40\n",
    "MAC=A8-13-74-BF-40-FD\nSERIAL=L6TQD0048\nVERSION=2.10\nNAME=AW-HE40\n",
    "MAC=00:11:32:AA:BB:CC\nSERIAL=1930PDN123456\nVERSION=DSM 7.2\nNAME=DiskStation\n",
])
def test_getinfo_look_alikes_name_nobody(body: str) -> None:
    assert _GETINFO not in _rules(body)
    identity = identify_banner(_TEXT + body, 80, _IP)
    assert identity.brand != "panasonic" and not is_video_device(identity.device_type)


_MODEL = st.builds(lambda series, digits, suffix: f"AW-{series}{digits}{suffix}",
                   st.sampled_from(["HE", "HN", "HR", "UE", "UN", "UR"]),
                   st.integers(1, 999), st.from_regex(r"[A-Z]{0,3}", fullmatch=True))


@settings(max_examples=150, deadline=None)
@given(_MODEL, st.lists(st.from_regex(r"O[A-Z]{2}:[0-9A-F]{2}:0x[0-9A-F]{1,4}", fullmatch=True), max_size=4))
def test_any_integrated_camera_model_in_a_camdata_answer_is_read(model: str, lines: list[str]) -> None:
    body = "\n".join(["p1", f"OID:{model}", *lines]) + "\n"
    found = [e for e in match_fields({"http.body": body}) if e.rule_id == _OID]
    assert found and found[0].asserts.get("model") == model


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_without_raising_and_the_entries_claim_only_panasonic(text: str) -> None:
    identify_banner(_TEXT + text, 80, _IP)
    for evidence in match_fields({"http.body": text}):
        if evidence.rule_id in {_OID, _GETINFO}:
            assert evidence.asserts.get("brand") == "panasonic"
