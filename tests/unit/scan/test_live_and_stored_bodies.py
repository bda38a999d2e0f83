"""Any page, in any of the charsets camera firmware writes, plain, chunked, gzip or deflate: the fields the live HTTP
probe makes of the reply bytes equal those an importer makes of the same bytes kept as a raw reply.

The live side is the probe's own reading without the socket: ``parse_head`` on the head, ``decoded_body`` on the
body (what ``scan/http_client.http_request`` does with what it read) and ``response_fields``; the loopback test
``tests/integration/scan/test_http_body_parity.py`` runs the same over a real server for a few fixed pages. The
stored side is a JSON line with ``banner_b64``. The pages are generated (words from the localised camera words
``words.camera-word.localised`` quotes, and ASCII); nothing here is a capture.
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import zlib

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers import FORMATS
from camaudit.protocols.http_body import decoded_body
from camaudit.scan.http_client import HttpResponse, parse_head
from camaudit.scan.probes.http import response_fields

#: charset -> characters every page in it may use (each encodable in it).
_ALPHABETS = {
    "utf-8": "abcXYZ019 -_.é网络摄像機カメラкамера",
    "gb2312": "abcXYZ019 -_.网络摄像机录像",
    "big5": "abcXYZ019 -_.網路攝影機錄影",
    "shift_jis": "abcXYZ019 -_.ネットワークカメラ録画",
    "windows-1251": "abcXYZ019 -_.IP-камера видео",
}
COMPARED = ("http.status", "http.server", "http.headers", "http.title", "http.body", "http.www_authenticate")


@st.composite
def replies(draw: st.DrawFn) -> tuple[bytes, str]:
    charset = draw(st.sampled_from(sorted(_ALPHABETS)))
    title = draw(st.text(alphabet=_ALPHABETS[charset], min_size=1, max_size=24).filter(lambda t: t.strip()))
    words = draw(st.text(alphabet=_ALPHABETS[charset], max_size=200))
    in_meta = draw(st.booleans())
    meta = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if in_meta else ""
    page = f"<html><head>{meta}<title>{title}</title></head><body>{words}</body></html>".encode(charset)
    headers = ["Server: Boa/0.94.14rc21", "Content-Type: text/html" + ("" if in_meta else f"; charset={charset}")]
    coding = draw(st.sampled_from(["", "gzip", "deflate"]))
    if coding == "gzip":
        page = gzip.compress(page)
    elif coding == "deflate":
        page = zlib.compress(page)
    if coding:
        headers.append(f"Content-Encoding: {coding}")
    if draw(st.booleans()):
        size = draw(st.integers(1, 64))
        page = b"".join(b"%x\r\n%s\r\n" % (len(page[i : i + size]), page[i : i + size])
                        for i in range(0, len(page), size)) + b"0\r\n\r\n"
        headers.append("Transfer-Encoding: chunked")
    head = "HTTP/1.1 200 OK\r\n" + "".join(f"{h}\r\n" for h in headers)
    return head.encode("ascii") + b"\r\n" + page, " ".join(title.split())


def _live(raw: bytes) -> dict[str, str]:
    head, _, body = raw.partition(b"\r\n\r\n")
    status, reason, headers, block = parse_head(head + b"\r\n\r\n")
    fields = response_fields(HttpResponse(status, reason, headers, block, decoded_body(body, block)), "/")
    return {k: fields[k] for k in COMPARED if k in fields}


def _stored(raw: bytes) -> dict[str, str]:
    line = json.dumps({"ip": "192.0.2.90", "port": 80, "banner_b64": base64.b64encode(raw).decode()})
    (record,) = list(FORMATS["jsonl"](io.BytesIO(line.encode())))
    assert record.ok, record.error
    fields = {k: v for o in record.observations for k, v in o.fields.items()}
    return {k: fields[k] for k in COMPARED if k in fields}


@settings(max_examples=200, deadline=None)
@given(reply=replies())
def test_live_and_stored_readings_of_the_same_reply_agree(reply: tuple[bytes, str]) -> None:
    raw, title = reply
    live = _live(raw)
    assert live["http.title"] == title
    assert _stored(raw) == live


_NAMES = st.sampled_from(["Server", "server", "Server ", "WWW-Authenticate", "Location", "Set-Cookie", "X-Note",
                          " Server", "\tWWW-Authenticate"])
_VALUES = st.text(alphabet="ab /=\"' \t:;,.é网络摄像机", max_size=24)


@settings(max_examples=300, deadline=None)
@given(lines=st.lists(st.tuples(_NAMES, st.sampled_from([":", ": ", " : "]), _VALUES, st.sampled_from(["\r\n", "\n"])),
                      max_size=6))
def test_live_and_stored_readings_of_the_same_head_agree(lines: list[tuple[str, str, str, str]]) -> None:
    head = "HTTP/1.1 401 Unauthorized\r\n" + "".join(f"{n}{c}{v}{e}" for n, c, v, e in lines)
    raw = head.rstrip("\r\n").encode() + b"\r\n\r\n<html><title>login</title></html>"
    assert _stored(raw) == _live(raw)


def test_a_utf8_realm_reads_as_written_and_a_folded_line_names_no_header() -> None:
    raw = ('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="网络摄像机"\r\n'
           " Server: folded into the realm's line\r\n\r\n").encode()
    live = _live(raw)
    assert live["http.www_authenticate"] == 'Basic realm="网络摄像机"'
    assert "http.server" not in live
    assert _stored(raw) == live
