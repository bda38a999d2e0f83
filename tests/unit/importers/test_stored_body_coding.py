"""A stored HTTP reply's body is de-chunked once and inflated (gzip, deflate, Brotli) whichever importer kept it.

Two ways a scan file keeps a reply: as bytes (Censys ``banner_hex``, a base64 banner, masscan's ``\\xNN``
escapes), which importers/reply_decoding.py reads into text, de-chunking and inflating the body on the way; or
as text (Shodan's ``data``, a zgrab2 banner, a JSON line's ``banner``), each byte that is not text kept as one
character. Until 2026-12-03 a reply read from bytes was de-chunked a second time by sniff (a body whose data
starts with a hex number and a line end lost its first line, or all of it after a ``0``), and a compressed body
kept as text was never inflated, so no rule saw its page. The pages are written for these tests; the framing is
RFC 9112 section 7.1 (chunked) and RFC 9110 section 8.4.1 / RFC 7932 (gzip, deflate, br).
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import time
import zlib

import brotli
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.load import check_time

from camaudit.fields import field
from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.base import MAX_BODY_CHARS, ImportRecord
from camaudit.importers.reply_decoding import DecodedReply, reply_text
from camaudit.importers.sniff import sniff
from camaudit.model import is_video_device
from camaudit.protocols.http_body import MAX_INFLATED

#: A camera CGI's plain-text answer whose first line is a status number: data that itself looks like the last
#: chunk of a chunked body ("0" CRLF), read a second time as chunks it was empty.
CGI_ANSWER = '0\r\nvar alias="IPCAM";\r\nvar sys_ver="21.37.2.49";\r\n'
PAGE = "<html><head><title>网络摄像机</title></head><body>" + "<p>预览</p>" * 30 + "</body></html>"


def _chunked(data: bytes, size: int) -> bytes:
    pieces = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"


def _compressed(data: bytes, coding: str) -> bytes:
    if coding == "gzip":
        return gzip.compress(data, mtime=0)
    if coding == "deflate":
        return zlib.compress(data)
    if coding == "br":
        return bytes(brotli.compress(data))
    return data


def _reply(body: bytes, coding: str = "identity", chunk: int = 0, content_type: str = "text/html") -> bytes:
    head = f"HTTP/1.1 200 OK\r\nServer: thttpd\r\nContent-Type: {content_type}\r\n"
    if coding != "identity":
        head += f"Content-Encoding: {coding}\r\n"
    data = _compressed(body, coding)
    if chunk:
        head += "Transfer-Encoding: chunked\r\n"
        data = _chunked(data, chunk)
    return head.encode("ascii") + b"\r\n" + data


def _records(fmt: str, *lines: str) -> list[ImportRecord]:
    records = list(FORMATS[fmt](io.BytesIO("\n".join(lines).encode("utf-8"))))
    assert all(r.ok for r in records), [r.error for r in records]
    return records


def _fields(record: ImportRecord) -> dict[str, str]:
    merged: dict[str, str] = {}
    for obs in record.observations:
        merged.update(obs.fields)
    return merged


def _as_bytes_everywhere(raw: bytes) -> list[dict[str, str]]:
    """The fields of one reply kept as bytes by three formats: a base64 JSON line, Censys hex, masscan escapes."""
    escaped = "".join(chr(b) if 0x20 < b < 0x7F and chr(b) not in "<>&\\\"'" else f"\\x{b:02x}" for b in raw)
    (line,) = _records("jsonl", json.dumps({"ip": "192.0.2.61", "port": 80, "banner_b64": base64.b64encode(raw).decode()}))
    (censys,) = _records("censys", json.dumps(
        {"ip": "192.0.2.62", "services": [{"port": 80, "service_name": "HTTP", "banner_hex": raw.hex()}]}))
    (masscan,) = _records("masscan", f"banner tcp 80 192.0.2.63 1727151523 http {escaped}")
    return [_fields(r) for r in (line, censys, masscan)]


def _as_text_everywhere(raw: bytes) -> list[dict[str, str]]:
    """The fields of one reply kept as text, one character per byte: Shodan's ``data``, a JSON line's banner."""
    text = raw.decode("latin-1")
    (shodan,) = _records("shodan", json.dumps({"ip_str": "192.0.2.64", "port": 80, "data": text}))
    (line,) = _records("jsonl", json.dumps({"ip": "192.0.2.65", "port": 80, "banner": text}))
    return [_fields(r) for r in (shodan, line)]


def test_a_chunked_body_read_from_bytes_is_dechunked_once() -> None:
    raw = _reply(CGI_ANSWER.encode("ascii"), chunk=16, content_type="text/plain")
    for fields in _as_bytes_everywhere(raw):
        assert fields["http.body"] == CGI_ANSWER
        assert fields["http.server"] == "thttpd"
    # The same reply kept as text is still de-chunked (once) where it is read.
    for fields in _as_text_everywhere(raw):
        assert fields["http.body"] == CGI_ANSWER


def test_a_decoded_reply_says_so_and_plain_text_does_not() -> None:
    assert isinstance(reply_text(_reply(b"<html></html>", chunk=4)), DecodedReply)
    assert not isinstance(reply_text(b"0\r\nnot a reply"), DecodedReply)  # no head: nothing was de-chunked
    assert type(reply_text(_reply(b"x"))[:5]) is str


def test_a_compressed_page_kept_as_text_or_bytes_reads_as_its_page_and_types_a_camera() -> None:
    page = PAGE.encode("utf-8")
    for coding in ("gzip", "deflate", "br"):
        for chunk in (0, 37):
            raw = _reply(page, coding, chunk, "text/html; charset=utf-8")
            for fields in _as_bytes_everywhere(raw) + _as_text_everywhere(raw):
                assert fields["http.title"] == "网络摄像机", (coding, chunk)
                assert fields["http.body"] == PAGE
                assert "http.body_cut" not in fields
    gb = _reply(PAGE.encode("gb18030"), "gzip", 0, "text/html; charset=gb2312")
    (record,) = _records("shodan", json.dumps({"ip_str": "192.0.2.66", "port": 80, "data": gb.decode("latin-1")}))
    assert _fields(record)["http.title"] == "网络摄像机"
    assert is_video_device(identify(record.observations).device_type)


def test_a_compressed_body_a_collector_decoded_as_utf8_is_left_as_it_came() -> None:
    raw = _reply(PAGE.encode("utf-8"), "gzip")
    text = raw.decode("utf-8", "replace")  # the gzip bytes are gone: U+FFFD where they were
    fields: dict[str, str] = {}
    assert sniff(text, fields) == "http"
    assert fields["http.server"] == "thttpd"
    assert "http.title" not in fields and "http.body_cut" not in fields


def test_a_bomb_says_why_its_body_was_cut_and_costs_the_other_records_nothing() -> None:
    bombs = {
        "gzip": gzip.compress(b"\x00" * (32 << 20), compresslevel=9),
        "br": bytes(brotli.compress(b"\x00" * (32 << 20), quality=5)),
    }
    good = _reply(PAGE.encode("utf-8"), "gzip")
    for coding, payload in bombs.items():
        head = f"HTTP/1.1 200 OK\r\nServer: Boa/0.94\r\nContent-Encoding: {coding}\r\n\r\n".encode("ascii")
        started = time.perf_counter()
        records = _records(
            "jsonl",
            json.dumps({"ip": "192.0.2.67", "port": 80, "banner_b64": base64.b64encode(head + payload).decode()}),
            json.dumps({"ip": "192.0.2.68", "port": 80, "banner": (head + payload).decode("latin-1")}),
            json.dumps({"ip": "192.0.2.69", "port": 80, "banner_b64": base64.b64encode(good).decode()}),
        )
        check_time(time.perf_counter() - started, 2.0, f"reading a {coding} bomb")
        for bomb in records[:2]:
            fields = _fields(bomb)
            assert fields["http.server"] == "Boa/0.94"
            assert f"{coding} body inflates past" in fields["http.body_cut"]
            assert "only the start is kept" in fields["http.body_cut"]
            assert len(fields.get("http.body", "")) <= min(MAX_BODY_CHARS, MAX_INFLATED)
        assert _fields(records[2])["http.title"] == "网络摄像机"
    declared = field("http.body_cut")
    assert declared is not None and all(declared.filled_by(f"import:{f}") for f in ("shodan", "censys", "masscan"))


_WORDS = st.text(st.characters(codec="utf-8", categories=("L", "N", "Zs")), max_size=300)


@settings(max_examples=150, deadline=None)
@given(words=_WORDS, coding=st.sampled_from(["identity", "gzip", "deflate", "br"]), chunk=st.integers(0, 64),
       as_bytes=st.booleans())
def test_any_page_comes_back_as_it_was_sent_however_it_was_coded_and_kept(
    words: str, coding: str, chunk: int, as_bytes: bool
) -> None:
    page = f"<html><title>T</title>{words}</html>"
    raw = _reply(page.encode("utf-8"), coding, chunk, "text/html; charset=utf-8")
    # Kept as text: its words where the bytes are UTF-8, else byte by byte (compressed, or a character split
    # between two chunks).
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    fields: dict[str, str] = {}
    assert sniff(reply_text(raw) if as_bytes else text, fields) == "http"
    assert fields["http.body"] == page
    assert "http.body_cut" not in fields


@settings(max_examples=200, deadline=None)
@given(body=st.binary(max_size=3000), coding=st.sampled_from(["gzip", "deflate", "br", "gzip, br", "x-gzip"]),
       chunked=st.booleans(), as_bytes=st.booleans())
def test_any_bytes_under_any_coding_are_read_without_raising_and_within_the_caps(
    body: bytes, coding: str, chunked: bool, as_bytes: bool
) -> None:
    head = f"HTTP/1.1 200 OK\r\nContent-Encoding: {coding}\r\n"
    raw = (head + ("Transfer-Encoding: chunked\r\n" if chunked else "") + "\r\n").encode("ascii") + body
    fields: dict[str, str] = {}
    assert sniff(reply_text(raw) if as_bytes else raw.decode("latin-1"), fields) == "http"
    assert len(fields.get("http.body", "")) <= MAX_BODY_CHARS
    assert all(isinstance(v, str) and type(v) is str for v in fields.values())


@pytest.mark.parametrize("coding", ["gzip", "x-gzip"])
def test_a_body_that_spells_an_ssdp_header_leaves_the_reply_http(coding: str) -> None:
    # Hypothesis found it: a gzip-coded body whose bytes begin with b"USN:" made sniff() read the HTTP reply as an
    # SSDP answer (the SSDP header mark was searched past the header block, into the body).
    raw = f"HTTP/1.1 200 OK\r\nContent-Encoding: {coding}\r\n\r\n".encode("ascii") + b"USN:"
    fields: dict[str, str] = {}
    assert sniff(reply_text(raw), fields) == "http"
    assert sniff(raw.decode("latin-1"), {}) == "http"
    assert not any(key.startswith("upnp.") for key in fields)


def test_an_ssdp_answer_is_still_read_as_ssdp() -> None:
    # An M-SEARCH answer as UPnP Device Architecture 1.1 section 1.3.3 lays it out (headers only).
    raw = ("HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: http://127.0.0.1:49152/desc.xml\r\n"
           "SERVER: Linux/3.10 UPnP/1.0 IpCam/1.0\r\nST: upnp:rootdevice\r\nUSN: uuid:abc::upnp:rootdevice\r\n\r\n")
    fields: dict[str, str] = {}
    assert sniff(raw, fields) == "ssdp"
    assert fields.get("upnp.usn", "").startswith("uuid:abc")


# The M-SEARCH answer above, then what its LOCATION answered stored after it as its body (a collector that keeps an
# exchange as one text): a web page's head. Its "Content-Type: text/html" line is the body's, not the answer's.
SSDP_THEN_PAGE = (
    "HTTP/1.1 200 OK\r\nCACHE-CONTROL: max-age=1800\r\nEXT:\r\nLOCATION: http://127.0.0.1:49152/desc.xml\r\n"
    "SERVER: Linux/3.10 UPnP/1.0 IpCam/1.0\r\nST: upnp:rootdevice\r\nUSN: uuid:abc::upnp:rootdevice\r\n\r\n"
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><body>IpCam</body></html>\r\n"
)


def test_an_html_type_in_the_body_leaves_an_ssdp_answer_ssdp() -> None:
    # The HTML body type was looked for in the first 4096 characters, body included (the SSDP header mark had the
    # same bug, fixed in cb798a7): this answer was read as a web page and lost its upnp.* fields.
    fields: dict[str, str] = {}
    assert sniff(SSDP_THEN_PAGE, fields) == "ssdp"
    assert fields["upnp.st"] == "upnp:rootdevice"
    assert fields["upnp.location"] == "http://127.0.0.1:49152/desc.xml"


def test_an_html_type_in_the_head_keeps_a_reply_with_an_ssdp_like_header_a_web_page() -> None:
    # A web server that also sends an NT-like header (here "NT: 1", as IIS-era proxies did) is still a web server
    # when its own head says the body is HTML.
    raw = "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nNT: 1\r\n\r\n<html><title>Home</title></html>"
    fields: dict[str, str] = {}
    assert sniff(raw, fields) == "http"
    assert fields["http.title"] == "Home"
    assert not any(key.startswith("upnp.") for key in fields)


def test_a_body_that_spells_a_cseq_or_ssdp_header_leaves_a_head_without_status_line_http() -> None:
    # A head kept without its status line (a banner cut at the start) was read as RTSP when "CSeq:" began a line in
    # its first 4096 characters, and as SSDP for "USN:", body included: a page of RTSP or UPnP notes is still HTTP.
    head = "Server: Boa/0.94.14rc21\r\nContent-Type: text/plain\r\n\r\n"
    for body in ("OPTIONS rtsp://127.0.0.1/ RTSP/1.0\r\nCSeq: 1\r\n", "NOTIFY * HTTP/1.1\r\nUSN: uuid:abc\r\n"):
        fields: dict[str, str] = {}
        assert sniff(head + body, fields) == "http"
        assert fields["http.server"] == "Boa/0.94.14rc21"
        assert not any(key.startswith(("rtsp.", "upnp.")) for key in fields)
    # Its own CSeq still makes it RTSP, its own USN SSDP.
    assert sniff("Server: GStreamer RTSP server\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE\r\n\r\n", {}) == "rtsp"
    assert sniff("Server: Linux UPnP/1.0\r\nST: upnp:rootdevice\r\nUSN: uuid:abc::upnp:rootdevice\r\n\r\n", {}) == "ssdp"
