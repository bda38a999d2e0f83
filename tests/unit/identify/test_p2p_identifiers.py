"""P2P platform IDs inside strings (layers/identifiers_p2p.yaml, helper-109, 2026-12-04).

CS2 Network's PPPP and Shenzhen Yunni's iLnkP2P give every device a UID of a vendor prefix (3-7 capital
letters), a serial and a 5-letter check code, "ABCD-012345-XYZUV" or undashed (github:magicus/pppp-dissector
PPPP.md; github:pmarrapese/iot p2p/lansearch). The platforms serve cameras, baby monitors, video doorbells and
recorders, so the layout types a video device with the cloud/P2P capability and names nobody; VStarcam's own
prefixes (Marrapese's list, OpenIPC's VSTA camera) name VStarcam. The UIDs below are written in the documented
layout; they are not captures of real devices.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.model import Identity, Observation, is_video_device

P2P = "identifiers.p2p."
VSTARCAM_PREFIXES = ("VSTA", "VSTB", "VSTC", "VSTD", "VSTF", "QHSV", "ROSS", "ISRP", "GCMN", "ELSA")
#: What the documentation says a UID is: nothing a p2p rule captures may be anything else.
UID_LAYOUT = re.compile(r"[A-Z]{3,7}-?[0-9]{6,9}-?[A-Z]{5}")


def seen(values: dict[str, str], port: int = 80, protocol: str = "http") -> Identity:
    return identify([Observation("192.0.2.70", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", values)])


def p2p_rules(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence if e.rule_id.startswith(P2P)}


@pytest.mark.parametrize(
    "values",
    [
        {"http.title": "PPCS-014390-XKSPZ"},
        {"mdns.instance": "Living room DGOA-123456-ABCDE"},
        {"onvif.device_info.serial": "DGOA123456ABCDE", "onvif.device_info.manufacturer": "NONE"},
        {"http.body": '{"p2p_uid":"PPCS-014390-XKSPZ","result":0}'},
    ],
)
def test_a_p2p_uid_types_a_video_device_with_cloud_access_and_names_nobody(values: dict[str, str]) -> None:
    identity = seen(values)
    assert identity.device_type is not None and is_video_device(identity.device_type), identity.attribution
    assert "cloud_p2p" in identity.capabilities
    assert identity.manufacturer is None and identity.brand is None
    assert identity.serial is not None and UID_LAYOUT.fullmatch(identity.serial)
    if p2p_rules(identity) == {e.rule_id for e in identity.evidence}:
        assert identity.confidence <= 0.6  # alone, a platform's numbering is a weak sign, never a firm one


@pytest.mark.parametrize("prefix", VSTARCAM_PREFIXES)
def test_vstarcams_prefixes_name_vstarcam_wherever_the_uid_is_written(prefix: str) -> None:
    for values in (
        {"http.title": f"{prefix}-123456-ABCDE"},
        {"onvif.device_info.serial": f"{prefix}123456ABCDE", "onvif.device_info.manufacturer": "NONE"},
        {"http.body": f'var deviceid="{prefix}123456ABCDE";\nvar sys_ver="48.53.64.85";'},
    ):
        identity = seen(values)
        assert identity.manufacturer == "vstarcam", (values, identity.attribution)
        assert identity.device_type is not None and is_video_device(identity.device_type)


@pytest.mark.parametrize("uid", ["EEEE-123456-ABCDE", "VST-123456-ABCDE", "XVSTC-123456-ABCDE", "ROSSI-123456-ABCDE"])
def test_a_shared_or_foreign_prefix_names_no_maker(uid: str) -> None:
    # EEEE is used by CS2 Network and by Yunni alike (Marrapese's lansearch): the layout, no maker.
    identity = seen({"http.title": uid})
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "values",
    [
        {"http.title": "123e4567-e89b-12d3-a456-426614174000"},  # a UUID
        {"http.title": "Printer 00-40-8C-12-34-56"},  # a MAC
        {"http.title": "VK7JG-NPHTM-C97JM-9MPGT-3V66T"},  # a product key
        {"http.title": "ISBN 978-3-16-148410-0"},
        {"http.title": "Brother MFC-L2710DW series"},
        {"http.title": "ABCD-012345-XYZUV-01"},  # a longer dashed code: not a UID
        {"upnp.serial": "FTX1234A5BC"},  # a network switch's serial
        {"onvif.device_info.serial": "DS-2CD2320D-I20180919AACHC52932642"},  # Hikvision's own layout
        {"http.body": '{"userid":"ABCD-012345-XYZUV"}'},  # not a device-ID key
        {"http.body": "<p>Order ABCD012345XYZUV shipped</p>"},  # undashed and unlabelled in a page
        {"import.hostnames": "abcd-012345-xyzuv.example.net"},  # lower case: a host name, not a UID
    ],
)
def test_other_codes_are_no_p2p_uid(values: dict[str, str]) -> None:
    assert not p2p_rules(seen(values))


def test_the_uid_is_the_devices_serial_and_a_maker_layout_beside_it_still_wins() -> None:
    # A VStarcam UID beside a camera word: VStarcam, camera, with the UID as serial.
    identity = seen({"http.title": "IP Camera", "http.www_authenticate": 'Basic realm="VSTC-000123-FGHJK"'})
    assert identity.manufacturer == "vstarcam"
    assert identity.serial == "VSTC-000123-FGHJK"


@settings(max_examples=120, deadline=None)
@given(st.text(max_size=300))
def test_no_p2p_rule_raises_or_claims_beyond_the_layout_on_arbitrary_text(text: str) -> None:
    for field in ("http.title", "onvif.device_info.serial", "http.body", "telnet.banner"):
        for evidence in match_fields({field: text}):
            if not evidence.rule_id.startswith(P2P):
                continue
            serial = evidence.asserts.get("serial", "")
            # What the rule claims: a UID of the documented layout that the text really holds ...
            assert UID_LAYOUT.fullmatch(serial) and serial in text
            # ... a video device with cloud access, and VStarcam only behind one of its prefixes.
            assert evidence.asserts.get("device_type") == "video_device"
            assert "cloud_p2p" in evidence.asserts.get("capabilities", "")
            maker = evidence.asserts.get("manufacturer")
            assert maker in (None, "vstarcam")
            if maker == "vstarcam":
                assert re.match(r"(?:VST[A-Z]|QHSV|ROSS|ISRP|GCMN|ELSA)-?[0-9]", serial)


UID_PIECES = st.builds(
    lambda p, d1, s, d2, c: f"{p}{d1}{s}{d2}{c}",
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=9),
    st.sampled_from(["-", "", "_", " "]),
    st.text(alphabet="0123456789", min_size=4, max_size=11),
    st.sampled_from(["-", "", "_", " "]),
    st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=3, max_size=7),
)


@settings(max_examples=200, deadline=None)
@given(UID_PIECES, st.sampled_from(["", " ", "x", "-", "9", "(", '"']), st.sampled_from(["", " ", "x", "-", "9", ")"]))
def test_near_misses_of_the_layout_match_only_when_they_are_the_layout(uid: str, before: str, after: str) -> None:
    # Adversarial neighbours of a UID (a letter short, a digit long, another separator, glued to a word):
    # the dashed text rule fires exactly when the dashed layout stands alone between non-word characters.
    text = before + uid + after
    fired = {e.rule_id for e in match_fields({"http.title": text})}
    standalone = re.fullmatch(r"[A-Z]{3,7}-[0-9]{6,9}-[A-Z]{5}", uid) is not None
    bounded = before in ("", " ", "(", '"') and after in ("", " ", ")")
    assert ("identifiers.p2p.cs2-uid" in fired) == (standalone and bounded), text
