"""Several answers of one exchange stored as one reply are all read: an RTSP OPTIONS answer, then DESCRIBE's.

Collectors that record an RTSP session keep its answers one after another (OPTIONS, DESCRIBE, ...); a camera
names itself in the DESCRIBE answer (its realm, its session description), not in OPTIONS. The DESCRIBE answer
below is the development corpus's (``tests/data/shodan_holdout.jsonl`` line 1, a Hikvision realm); the OPTIONS
answer before it and the session description are written for this test after RFC 2326's examples.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.sniff import sniff

DATA = Path(__file__).resolve().parents[2] / "data"
DESCRIBE = json.loads((DATA / "shodan_holdout.jsonl").read_text().splitlines()[0])["data"]
OPTIONS = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\r\n\r\n"


def _identity(reply: str) -> tuple[object, ...]:
    line = json.dumps({"ip": "192.0.2.80", "port": 554, "banner": reply}) + "\n"
    (record,) = list(FORMATS["jsonl"](io.BytesIO(line.encode())))
    identity = identify(record.observations)
    return identity.device_type, identity.manufacturer


def test_the_describe_answer_after_options_names_the_maker_as_it_does_alone() -> None:
    assert _identity(OPTIONS + DESCRIBE) == _identity(DESCRIBE) == _identity(DESCRIBE + OPTIONS)
    assert _identity(DESCRIBE)[1] == "hikvision"
    fields: dict[str, str] = {}
    assert sniff(OPTIONS + DESCRIBE, fields) == "rtsp"
    assert fields["rtsp.status"] == "200" and fields["rtsp.public"].startswith("OPTIONS")
    assert fields["rtsp.www_authenticate"].startswith('Digest realm="IP Camera(')


def test_a_session_description_in_a_later_answer_is_read() -> None:
    sdp = "v=0\r\no=- 1 1 IN IP4 192.0.2.80\r\ns=Session streamed by the camera\r\nm=video 0 RTP/AVP 96\r\n"
    describe = f"RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\nContent-Length: {len(sdp)}\r\n\r\n{sdp}"
    fields: dict[str, str] = {}
    sniff(OPTIONS + describe, fields)
    assert fields["rtsp.sdp"].startswith("v=0\no=- 1 1 IN IP4")


def test_an_http_401_then_the_page_gives_the_realm_and_the_title() -> None:
    fields: dict[str, str] = {}
    text = (
        'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="DS-2CD2142FWD-I"\r\n\r\n'
        "HTTP/1.1 200 OK\r\nServer: App-webs/\r\nContent-Type: text/html\r\n\r\n<html><title>Login</title></html>"
    )
    assert sniff(text, fields) == "http"
    assert (fields["http.status"], fields["http.www_authenticate"], fields["http.server"], fields["http.title"]) == (
        "401",
        'Basic realm="DS-2CD2142FWD-I"',
        "App-webs/",
        "Login",
    )


def test_a_status_line_inside_a_line_of_text_does_not_start_an_answer() -> None:
    fields: dict[str, str] = {}
    sniff("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>reply was HTTP/1.1 200 OK</p>", fields)
    assert fields["http.body"] == "<p>reply was HTTP/1.1 200 OK</p>"
