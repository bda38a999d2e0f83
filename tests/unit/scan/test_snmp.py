"""SNMP v2c encoding and decoding against hand-assembled BER (not our own encoder)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.scan.probes.snmp import SYS_DESCR, build_get, parse_response

# GetResponse, community "public", request-id 12345, sysDescr.0 = "DVR Linux": every length by hand.
RESPONSE = bytes.fromhex(
    "3030" "020101" "0406" + b"public".hex() + "a223" "02023039" "020100" "020100"
    "3017" "3015" "06082b06010201010100" "0409" + b"DVR Linux".hex()
)


def test_response_decodes_sysdescr() -> None:
    assert parse_response(RESPONSE, 12345) == {"snmp.sysdescr": "DVR Linux"}


def test_wrong_request_id_or_error_status_is_ignored() -> None:
    assert parse_response(RESPONSE, 999) == {}
    errored = RESPONSE.replace(bytes.fromhex("020100020100"), bytes.fromhex("020102020101"), 1)
    assert parse_response(errored, 12345) == {}


def test_get_request_layout() -> None:
    packet = build_get("public", 12345, (SYS_DESCR,))
    assert packet == bytes.fromhex(
        "3027" "020101" "0406" + b"public".hex() + "a01a" "02023039" "020100" "020100"
        "300e" "300c" "06082b06010201010100" "0500"
    )


@given(st.binary(max_size=400))
@settings(max_examples=400, deadline=None)
def test_garbage_never_crashes(data: bytes) -> None:
    parse_response(data)
    parse_response(b"\x30\x84\xff\xff\xff\xff" + data)
