"""The RTSP status line's reason phrase is kept (``rtsp.reason``), the same wherever the reply was read.

Stacks word their answers differently (LIVE555 says ``404 Stream Not Found`` where RFC 2326 says ``Not Found``),
so the phrase is a field of its own beside ``rtsp.status``. A live probe, traffic and a stored reply must give the
same value for the same head, or a rule that reads it would hold in one and not the others.

Replies:

* a TP-Link camera's 401 as go2rtc's trace printed it (AlexxIT/go2rtc issue 999, 2024-03-13), unchanged but for
  the line ends the trace lost;
* a TP-Link camera's OPTIONS answer in MediaMTX's debug log (bluenviron/mediamtx issue 3116, 2024-04-28);
* ``404 Stream Not Found`` and ``454 Session Not Found``: LIVE555's own wording (RTSPServer.cpp's
  ``handleCmd_notFound`` and ``handleCmd_sessionNotFound``, copied by its ports); the heads around them are
  written for this test, with LIVE555's header layout.
"""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers.sniff import sniff
from camaudit.importers.text import head_fields as stored_fields
from camaudit.passive.http import response_fields as traffic_fields
from camaudit.protocols.http import MAX_REASON_CHARS, HeadError
from camaudit.scan.net import ProbeError
from camaudit.scan.probes.rtsp import rtsp_fields as live_fields

TP_LINK_401 = (
    "RTSP/1.0 401 Unauthorized\r\nCseq: 1\r\nDate: Wed, Mar 13 2024 16:24:18 GMT\r\n"
    'Www-Authenticate: Basic realm="TP-Link IP-Camera"\r\n\r\n'
)
TP_LINK_OPTIONS = (
    "RTSP/1.0 200 OK\r\nCSeq: 1\r\nDate: Sun, Apr 28 2024 06:49:17 GMT\r\n"
    "Public: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY, PAUSE, GET_PARAMETER, SET_PARAMETER, MULTITRANS\r\n\r\n"
)
LIVE555_404 = "RTSP/1.0 404 Stream Not Found\r\nCSeq: 2\r\nDate: Fri, Apr 30 2021 20:12:32 GMT\r\n\r\n"
LIVE555_454 = "RTSP/1.0 454 Session Not Found\r\nCSeq: 5\r\nDate: Fri, Apr 30 2021 20:12:33 GMT\r\n\r\n"


def _stored(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    stored_fields(text, "rtsp", fields)
    return fields


def _traffic(text: str) -> dict[str, str]:
    read = traffic_fields(text.encode("utf-8"))
    assert read is not None and read[0] == "rtsp"
    return read[1]


@pytest.mark.parametrize(
    ("reply", "status", "reason"),
    [
        (TP_LINK_401, "401", "Unauthorized"),
        (TP_LINK_OPTIONS, "200", "OK"),
        (LIVE555_404, "404", "Stream Not Found"),
        (LIVE555_454, "454", "Session Not Found"),
    ],
)
def test_live_traffic_and_stored_replies_keep_the_same_reason(reply: str, status: str, reason: str) -> None:
    for fields in (live_fields(reply.encode("utf-8")), _traffic(reply), _stored(reply)):
        assert (fields["rtsp.status"], fields["rtsp.reason"]) == (status, reason)


def test_a_status_line_without_a_phrase_gives_no_reason() -> None:
    bare = "RTSP/1.0 200\r\nCSeq: 1\r\n\r\n"
    for fields in (live_fields(bare.encode()), _traffic(bare), _stored(bare)):
        assert fields["rtsp.status"] == "200" and "rtsp.reason" not in fields


def test_http_replies_get_no_rtsp_reason() -> None:
    http = "HTTP/1.1 404 Not Found\r\nServer: Boa/0.94.14rc21\r\n\r\n"
    fields: dict[str, str] = {}
    stored_fields(http, "http", fields)
    read = traffic_fields(http.encode())
    assert read is not None
    assert not any(name.endswith(".reason") for name in (*fields, *read[1]))


def test_a_stored_exchange_keeps_its_first_answers_reason_as_its_status() -> None:
    fields: dict[str, str] = {}
    assert sniff(TP_LINK_OPTIONS + TP_LINK_401, fields, port=554) == "rtsp"
    assert (fields["rtsp.status"], fields["rtsp.reason"]) == ("200", "OK")
    assert 'realm="TP-Link IP-Camera"' in fields["rtsp.www_authenticate"]


def test_a_long_phrase_is_cut() -> None:
    reply = "RTSP/1.0 200 " + "O" * 1000 + "\r\nCSeq: 1\r\n\r\n"
    for fields in (live_fields(reply.encode()), _traffic(reply), _stored(reply)):
        assert fields["rtsp.reason"] == "O" * MAX_REASON_CHARS


# A reason phrase as a server may write one: printable ASCII, spaces and tabs inside (RFC 2326 section 7.1.1
# allows any text but CR and LF).
_PHRASE = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E, include_characters="\t"), max_size=300)


@settings(max_examples=300, deadline=None)
@given(status=st.integers(100, 599), phrase=_PHRASE)
def test_every_reader_agrees_on_any_phrase(status: int, phrase: str) -> None:
    reply = f"RTSP/1.0 {status} {phrase}\r\nCSeq: 7\r\n\r\n"
    expected = phrase.strip()[:MAX_REASON_CHARS].rstrip()
    for fields in (live_fields(reply.encode()), _traffic(reply), _stored(reply)):
        assert fields["rtsp.status"] == str(status)
        assert fields.get("rtsp.reason", "") == expected


@settings(max_examples=300, deadline=None)
@given(head=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: ("RTSP/1.0 " + t).encode())))
def test_hostile_heads_never_raise_and_keep_a_short_one_line_reason(head: bytes) -> None:
    readings = [_stored(head.decode("utf-8", errors="replace"))]
    with contextlib.suppress(ProbeError):  # not an RTSP head: the probe reports it, as before
        readings.append(live_fields(head))
    try:
        read = traffic_fields(head)
    except HeadError:
        read = None  # passive analysis counts such a payload and goes on (passive/payloads.py)
    if read is not None:
        readings.append(read[1])
    for fields in readings:
        reason = fields.get("rtsp.reason", "")
        assert len(reason) <= MAX_REASON_CHARS and "\n" not in reason
        assert reason == reason.strip()
