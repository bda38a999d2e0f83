"""Stored reply bytes read back as the text the device sent: its declared charset, and a chunked body's data.

The pages below are written for these tests (no capture of a GB2312, Big5 or Windows-1251 camera page is in
the development data): each is a login page whose title is the word the maker's localised interface uses,
the words ``words.camera-word.localised`` quotes from Axis's localised product pages. What is tested is
that the bytes, however a scan file stored them, come back as those words.
"""

from __future__ import annotations

import base64
import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.load import check_time

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.base import ImportRecord
from camaudit.importers.reply_decoding import dechunked, reply_text
from camaudit.model import is_video_device
from camaudit.protocols.http_body import CHARSET_PEEK, is_chunked


def _page(title: str, charset: str, meta: bool = False) -> bytes:
    content_type = "text/html" if meta else f"text/html; charset={charset}"
    head = f"HTTP/1.1 200 OK\r\nServer: lighttpd\r\nContent-Type: {content_type}\r\n\r\n"
    declared = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if meta else ""
    body = f"<html><head>{declared}<title>{title}</title></head><body>login</body></html>"
    return head.encode("ascii") + body.encode(charset)


def _read(fmt: str, text: str) -> ImportRecord:
    (record,) = list(FORMATS[fmt](io.BytesIO(text.encode("utf-8"))))
    assert record.ok, record.error
    return record


def _title(record: ImportRecord) -> str | None:
    return next((o.fields["http.title"] for o in record.observations if "http.title" in o.fields), None)


def test_a_gb2312_page_kept_as_censys_banner_hex_reads_as_chinese_and_types_a_camera() -> None:
    raw = _page("网络摄像机", "gb2312")
    host = {"ip": "192.0.2.31", "services": [{"port": 80, "service_name": "HTTP", "banner_hex": raw.hex()}]}
    record = _read("censys", json.dumps(host))
    assert _title(record) == "网络摄像机"
    assert is_video_device(identify(record.observations).device_type)


def test_a_big5_page_in_masscan_escapes_and_a_raw_base64_reply_read_the_same() -> None:
    raw = _page("網路攝影機", "big5", meta=True)
    escaped = "".join(chr(b) if 0x20 < b < 0x7F and chr(b) not in "<>&\\\"'" else f"\\x{b:02x}" for b in raw)
    masscan = _read("masscan", f"banner tcp 80 192.0.2.32 1727151523 unknown {escaped}\n")
    raw_line = _read(
        "jsonl", json.dumps({"ip": "192.0.2.33", "port": 80, "banner_b64": base64.b64encode(raw).decode()})
    )
    assert _title(masscan) == _title(raw_line) == "網路攝影機"


def test_windows_1251_and_shift_jis_pages_read_in_their_charset() -> None:
    assert "IP-камера" in reply_text(_page("IP-камера", "windows-1251"))
    assert "ネットワークカメラ" in reply_text(_page("ネットワークカメラ", "shift_jis"))


def test_utf8_cut_inside_its_last_character_is_still_utf8() -> None:
    raw = "<title>网络摄像机</title>".encode()
    assert reply_text(raw[:-9]) == "<title>网络摄像"  # the cut fell inside 机: only it is dropped


def test_bytes_that_declare_nothing_or_an_unlisted_codec_stay_latin1() -> None:
    raw = "Caméra".encode("latin-1")
    assert reply_text(raw) == "Caméra"
    for name in ("base64", "rot13", "utf-7", "x" * 40, "zlib"):
        declared = f"charset={name}\r\n".encode() + b"\xff\xfe"
        assert reply_text(declared).endswith("\xff\xfe")


def test_a_charset_declared_past_the_peek_is_not_looked_for() -> None:
    raw = b"x" * CHARSET_PEEK + b"charset=gbk " + "网络".encode("gbk")
    assert reply_text(raw).endswith("\xcd\xf8\xc2\xe7")


def _chunked(body: str, size: int) -> str:
    """``body`` sent as UTF-8 in chunks of ``size`` bytes, read back as a collector reads the reply's bytes."""
    data = body.encode("utf-8")
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    return reply_text(b"".join(b"%X\r\n%s\r\n" % (len(c), c) for c in chunks) + b"0\r\n\r\n")


def test_a_chunked_device_document_in_a_raw_reply_is_read_as_the_document() -> None:
    # Hikvision's ISAPI DeviceInfo as Hikvision's ISAPI guide documents it (tests/unit/importers/
    # test_sniff_http_body.py uses the same answer unchunked), sent in chunks of 40 bytes.
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><DeviceInfo version="2.0" '
        'xmlns="http://www.hikvision.com/ver20/XMLSchema"><deviceName>IP CAMERA</deviceName>'
        "<model>DS-2CD2143G0-I</model></DeviceInfo>"
    )
    head = "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nTransfer-Encoding: chunked\r\n\r\n"
    whole = _read(
        "jsonl",
        json.dumps(
            {
                "ip": "192.0.2.34",
                "port": 80,
                "banner": head.replace("Transfer-Encoding: chunked", "Content-Length: 1") + xml,
            }
        ),
    )
    chunked = _read("jsonl", json.dumps({"ip": "192.0.2.34", "port": 80, "banner": head + _chunked(xml, 40)}))
    fields = chunked.observations[0].fields
    assert fields["hik.isapi.device_info.model"] == "DS-2CD2143G0-I"
    assert "http.body" not in fields
    assert identify(chunked.observations).model == identify(whole.observations).model == "DS-2CD2143G0-I"


def test_a_body_not_chunked_as_its_head_says_is_kept_as_it_is() -> None:
    for body in ("<html>not chunked</html>", "zz\r\n<html>", ""):
        assert dechunked(body) == body
    assert dechunked("5\r\nabc") == "abc"  # cut inside the chunk: what arrived
    assert dechunked("3\r\nabcdef\r\n") == "abcdef\r\n"  # a size that does not fit: the rest as it came
    assert is_chunked("Content-Type: text/html\nTransfer-Encoding: gzip, chunked")
    assert not is_chunked("X-Note: chunked\nContent-Length: 5")


@settings(max_examples=300, deadline=None)
@given(body=st.text(max_size=600), size=st.integers(1, 64))
def test_dechunking_gives_back_the_body_whatever_it_holds(body: str, size: int) -> None:
    assert dechunked(_chunked(body, size)) == body


@settings(max_examples=300, deadline=None)
@given(raw=st.binary(max_size=600), prefix=st.sampled_from([b"", b"charset=gbk\n", b"charset=big5 ", b"charset=\xff"]))
def test_decoding_never_raises_on_any_bytes(raw: bytes, prefix: bytes) -> None:
    assert isinstance(reply_text(prefix + raw), str)
    assert isinstance(dechunked((prefix + raw).decode("latin-1")), str)


def test_a_stored_reply_sent_gzip_and_chunked_reads_as_its_page_and_a_bomb_costs_nothing() -> None:
    import gzip
    import time

    page = gzip.compress(_page("网络摄像机", "gb2312").split(b"\r\n\r\n", 1)[1])
    chunks = b"".join(b"%x;n=1\r\n%s\r\n" % (len(page[i : i + 30]), page[i : i + 30]) for i in range(0, len(page), 30))
    head = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=gb2312\r\nContent-Encoding: gzip\r\n"
    raw = head + b"Transfer-Encoding: chunked\r\n\r\n" + chunks + b"0\r\nX-Trailer: 1\r\n\r\n"
    record = _read("jsonl", json.dumps({"ip": "192.0.2.35", "port": 80, "banner_b64": base64.b64encode(raw).decode()}))
    assert _title(record) == "网络摄像机"
    assert is_video_device(identify(record.observations).device_type)
    bomb = head + b"\r\n" + gzip.compress(b"\x00" * (32 << 20))
    started = time.perf_counter()
    text = reply_text(bomb)
    check_time(time.perf_counter() - started, 1.0, "a 32 MiB gzip bomb")
    assert len(text) <= len(head) + 2 + 256 * 1024
