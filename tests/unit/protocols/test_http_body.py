"""An HTTP body's bytes read back as the device meant them: charset, chunks, gzip and deflate, and the bounds.

The pages are written for these tests (no capture of a GB2312, Big5, Shift-JIS or Windows-1251 camera page is in
the development data): each is a login page whose title is the word a maker's localised interface uses, the
words ``words.camera-word.localised`` quotes from Axis's localised product pages. The chunked example with an
extension is RFC 9112 section 7.1.1's grammar (``chunk-ext = *( BWS ";" BWS chunk-ext-name [ ... ] )``); the
trailer section is section 7.1.2's.
"""

from __future__ import annotations

import gzip
import time
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.load import check_time

from camaudit.protocols.http import html_title
from camaudit.protocols.http_body import (
    MAX_INFLATED,
    MAX_RATIO,
    BodyHeaders,
    body_headers,
    body_text,
    dechunk,
    decoded_body,
    header_value,
    inflated,
    is_chunked,
)

PAGES = [
    ("网络摄像机", "gb2312"),
    ("網路攝影機", "big5"),
    ("ネットワークカメラ", "shift_jis"),
    ("IP-камера", "windows-1251"),
]


def _page(title: str, charset: str, meta: bool) -> bytes:
    declared = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if meta else ""
    return f"<html><head>{declared}<title>{title}</title></head><body>login</body></html>".encode(charset)


@pytest.mark.parametrize(("title", "charset"), PAGES)
def test_a_page_in_its_declared_charset_reads_as_its_words(title: str, charset: str) -> None:
    declared_in_head = body_text(_page(title, charset, meta=False), f"Content-Type: text/html; charset={charset}")
    declared_in_page = body_text(_page(title, charset, meta=True), "Content-Type: text/html")
    assert html_title(declared_in_head) == html_title(declared_in_page) == title


def test_the_header_wins_over_a_wrong_meta_and_nothing_declared_stays_latin1() -> None:
    page = '<meta charset="big5"><title>网络摄像机</title>'.encode("gb18030")
    assert html_title(body_text(page, "Content-Type: text/html;charset=GBK")) == "网络摄像机"
    assert body_text("Caméra".encode("latin-1")) == "Caméra"
    assert body_text(b"charset=rot13\n\xff\xfe").endswith("\xff\xfe")  # a charset not listed: Latin-1


def test_utf8_cut_inside_its_last_character_drops_only_that_character() -> None:
    raw = "<title>网络摄像机</title>".encode()
    assert body_text(raw[:-9]) == "<title>网络摄像"


def test_chunks_with_extensions_and_trailers_give_the_data_alone() -> None:
    raw = (b"7;name=value\r\n<title>\r\n"
           b"a ; ext=\"q\"\r\nIP Camera<\r\n"
           b"7\r\n/title>\r\n"
           b"0\r\nExpires: never\r\nX-Trailer: ignored\r\n\r\n")
    assert dechunk(raw) == (b"<title>IP Camera</title>", True)
    assert decoded_body(raw, "Content-Type: text/html\nTransfer-Encoding: chunked") == b"<title>IP Camera</title>"


def test_a_cut_chunk_keeps_what_arrived_and_a_body_not_chunked_is_left_alone() -> None:
    assert dechunk(b"10\r\n<title>IP Cam") == (b"<title>IP Cam", True)
    assert dechunk(b"3\r\nabcdef\r\n") == (b"abcdef\r\n", False)  # a size that does not fit: the rest as it came
    assert dechunk(b"<html>not chunked</html>") is None
    assert decoded_body(b"<html>", "Transfer-Encoding: chunked") == b"<html>"


def test_which_headers_say_chunked() -> None:
    assert is_chunked("Content-Type: text/html\nTransfer-Encoding: gzip, chunked")
    assert is_chunked("transfer-encoding:Chunked")
    assert not is_chunked("X-Note: chunked\nContent-Length: 5")
    assert header_value("Content-Encoding: gzip\nVary: x\ncontent-encoding: deflate", "Content-Encoding") == (
        "gzip, deflate")


PAGE = b"<html><head><title>Network Camera</title></head><body>" + b"<p>live view</p>" * 40 + b"</body></html>"


def test_gzip_x_gzip_and_deflate_bodies_inflate_to_the_page() -> None:
    compress = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    raw_deflate = compress.compress(PAGE) + compress.flush()
    for coding, body in (("gzip", gzip.compress(PAGE)), ("x-gzip", gzip.compress(PAGE)),
                         ("deflate", zlib.compress(PAGE)), ("deflate", raw_deflate)):
        assert decoded_body(body, f"Content-Encoding: {coding}") == PAGE, coding


def test_gzip_sent_chunked_is_dechunked_first_then_inflated() -> None:
    data = gzip.compress(PAGE)
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(data[i : i + 50]), data[i : i + 50]) for i in range(0, len(data), 50))
    headers = "Transfer-Encoding: chunked\nContent-Encoding: gzip"
    assert decoded_body(chunked + b"0\r\n\r\n", headers) == PAGE


def test_a_truncated_gzip_gives_the_start_of_the_page() -> None:
    data = gzip.compress(PAGE, mtime=0)
    assert decoded_body(data[:-8], "Content-Encoding: gzip") == PAGE  # the CRC and size trailer cut off
    start = decoded_body(data[: len(data) // 2], "Content-Encoding: gzip")
    assert start.startswith(b"<html><head><title>Network Camera</")
    assert len(start) < len(PAGE) and PAGE.startswith(start)


def test_what_does_not_inflate_or_is_not_a_known_coding_is_left_as_it_was() -> None:
    assert decoded_body(b"<html>plain</html>", "Content-Encoding: gzip") == b"<html>plain</html>"
    assert decoded_body(b"\x1b\x00\x00", "Content-Encoding: br") == b"\x1b\x00\x00"
    assert inflated(gzip.compress(PAGE), "compress") is None
    assert decoded_body(gzip.compress(PAGE), "Content-Encoding: identity, gzip") == PAGE


def test_a_gzip_bomb_costs_nothing() -> None:
    bomb = gzip.compress(b"\x00" * (64 << 20), compresslevel=9)  # 64 MiB of zeros in about 64 KiB
    started = time.perf_counter()
    out = decoded_body(bomb, "Content-Encoding: gzip")
    check_time(time.perf_counter() - started, 1.0, "a 64 MiB gzip bomb")
    assert len(out) == MAX_INFLATED
    small = gzip.compress(b"A" * 100_000)  # a few hundred bytes that would be 100 KB
    assert len(decoded_body(small, "Content-Encoding: gzip")) == MAX_RATIO * len(small)
    nested = gzip.compress(gzip.compress(b"\x00" * (8 << 20)))
    assert len(decoded_body(nested, "Content-Encoding: gzip, gzip")) <= MAX_INFLATED


def test_several_gzip_members_are_read_one_after_another() -> None:
    assert decoded_body(gzip.compress(b"<title>IP ") + gzip.compress(b"Camera</title>"),
                        "Content-Encoding: gzip") == b"<title>IP Camera</title>"


HEADERS = st.sampled_from([
    "", "Transfer-Encoding: chunked", "Content-Encoding: gzip", "Content-Encoding: deflate",
    "Transfer-Encoding: chunked\nContent-Encoding: gzip, deflate", "Content-Type: text/html; charset=gb2312",
    "Content-Type: text/html; charset=big5\nContent-Encoding: x-gzip", "Content-Encoding: \xff\x00",
])


@settings(max_examples=400, deadline=None)
@given(raw=st.binary(max_size=2048) | st.binary(max_size=512).map(gzip.compress), headers=HEADERS)
def test_any_bytes_under_any_head_decode_without_raising_and_bounded(raw: bytes, headers: str) -> None:
    body = decoded_body(raw, headers)
    assert len(body) <= max(len(raw), MAX_INFLATED)
    text = body_text(body, headers)
    assert len(text) <= len(body)
    title = html_title(text)
    assert title is None or len(title) <= len(text)


@settings(max_examples=300, deadline=None)
@given(data=st.binary(max_size=600), size=st.integers(1, 64), ext=st.sampled_from([b"", b";a=b", b" ; x"]))
def test_dechunking_gives_back_any_data_sent_in_chunks(data: bytes, size: int, ext: bytes) -> None:
    chunks = [data[i : i + size] for i in range(0, len(data), size)]
    raw = b"".join(b"%X%s\r\n%s\r\n" % (len(c), ext, c) for c in chunks) + b"0\r\nX-T: 1\r\n\r\n"
    assert decoded_body(raw, "Transfer-Encoding: chunked") == data


def test_a_declared_charset_wins_over_bytes_that_happen_to_be_utf8() -> None:
    # "录" in GB2312 is C2 BC, which is also the UTF-8 of "¼" (found by test_live_and_stored_bodies' property).
    raw = "<title>录</title>".encode("gb2312")
    assert raw.decode("utf-8") == "<title>¼</title>"
    assert html_title(body_text(raw, "Content-Type: text/html; charset=gb2312")) == "录"
    assert html_title(body_text(b'<meta charset="gb2312">' + raw)) == "录"
    # A stale declaration the bytes break: their UTF-8 is read.
    assert html_title(body_text("<title>网络摄像机</title>".encode(), "Content-Type: text/html; charset=big5")) == (
        "网络摄像机")
    # A GBK page cut inside its last character keeps the rest.
    assert body_text("网络摄像机".encode("gbk")[:-1], "Content-Type: text/html; charset=gbk") == "网络摄像"
    assert body_text(b"abc\xff") == "abc\xff"


HEADER_LINES = st.lists(
    st.tuples(
        st.sampled_from(["Transfer-Encoding", "transfer-encoding", "Content-Encoding", "CONTENT-ENCODING",
                         "Content-Type", "content-type", "Server", "X-Content-Type-Options", "Content-Length",
                         " Content-Type", "Content Type", "Encoding"]),
        st.sampled_from([":", " :", ": ", ":\t"]),
        st.sampled_from(["chunked", "gzip, chunked", "gzip", "deflate", "identity", "text/html; charset=gb2312",
                         "text/html;charset=big5", "", " padded ", "ＧＢＫ", "x" * 1100]),
    ),
    max_size=8,
)


@settings(max_examples=300, deadline=None)
@given(lines=HEADER_LINES, newline=st.sampled_from(["\n", "\r\n"]), raw=st.binary(max_size=256))
def test_a_head_read_once_says_what_each_header_lookup_says(
    lines: list[tuple[str, str, str]], newline: str, raw: bytes
) -> None:
    block = newline.join(name + sep + value for name, sep, value in lines)
    said = body_headers(block)
    assert said == BodyHeaders(header_value(block, "Transfer-Encoding"), header_value(block, "Content-Encoding"),
                               header_value(block, "Content-Type"))
    for body in (raw, gzip.compress(raw), b"%x\r\n%s\r\n0\r\n\r\n" % (len(raw), raw)):
        assert decoded_body(body, said) == decoded_body(body, block)
        assert body_text(body, said) == body_text(body, block)


def test_a_head_read_once_names_its_three_headers_and_nothing_else() -> None:
    said = body_headers("Server: Hipcam\nTransfer-Encoding: chunked\nContent-Type: text/html; charset=gb2312\n"
                        "content-encoding: gzip\nX-Content-Type-Options: nosniff")
    assert said == BodyHeaders("chunked", "gzip", "text/html; charset=gb2312")
    assert body_headers("Server: Boa/0.94.14rc21\nContent-Length: 5") == BodyHeaders()
    page = "<title>网络摄像机</title>".encode("gb2312")
    chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(gzip.compress(page)), gzip.compress(page))
    assert html_title(body_text(decoded_body(chunked, said), said)) == "网络摄像机"
