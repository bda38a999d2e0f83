"""An HTTP body's bytes back into what the device meant: its transfer coding, its content coding and its charset.

One reading for every path that holds a device's bytes -- the live HTTP probe and a scan file's stored reply --
so the same bytes give the same text wherever they were seen:

* ``Transfer-Encoding: chunked`` (RFC 9112 section 7.1): chunk-size lines, extensions and trailers taken out;
* ``Content-Encoding: gzip``/``x-gzip``/``deflate`` (RFC 9110 section 8.4.1) and ``br`` (Brotli, RFC 7932):
  inflated, bounded. The live probe does not ask for them, but stored replies (a collector that sent a
  browser's ``Accept-Encoding``) and some firmwares send them anyway. A compressed body is inflated to at most
  :data:`MAX_INFLATED` bytes and at most :data:`MAX_RATIO` times its own size, so a bomb costs what those bounds
  allow and no more, and :func:`read_body` says when they cut it;
* the charset: a camera's page is often not UTF-8. Chinese, Taiwanese, Japanese, Korean and Russian firmware
  writes GB2312/GBK, Big5, Shift-JIS, EUC-KR or Windows-1251 and says so in its ``Content-Type`` header or
  ``<meta charset>``. Read as Latin-1, "网络摄像机" becomes "ÍøÂçÉãÏñ»ú" and no rule written for it matches.

Pure functions over bytes; nothing here raises on hostile input: a declared charset Python does not know, a body
that is not chunked as its head says, or a stream that does not inflate is left as it was.
"""

from __future__ import annotations

import re
import zlib
from typing import NamedTuple

import brotli

#: How far into a reply a charset declaration is looked for (the page's ``<head>``).
CHARSET_PEEK = 4096
_CHARSET = re.compile(rb"charset[ \t]*=[ \t]*[\"']?([A-Za-z0-9_.:-]{2,40})", re.IGNORECASE)
#: Declared charset (lower case, as pages spell it) -> the Python codec that reads it. Supersets where they
#: exist: GB18030 reads GB2312 and GBK pages, CP932 the Shift-JIS that Windows-made pages really are,
#: CP949 EUC-KR, Big5-HKSCS Big5. Only these: a page naming another charset is kept as Latin-1.
CHARSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "gb18030": "gb18030",
    "x-gbk": "gb18030",
    "cp936": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "shift_jis": "cp932",
    "shift-jis": "cp932",
    "sjis": "cp932",
    "x-sjis": "cp932",
    "windows-31j": "cp932",
    "cp932": "cp932",
    "euc-jp": "euc_jp",
    "euc-kr": "cp949",
    "ks_c_5601-1987": "cp949",
    "cp949": "cp949",
    "windows-1251": "cp1251",
    "cp1251": "cp1251",
    "koi8-r": "koi8_r",
    "windows-1250": "cp1250",
    "iso-8859-2": "iso8859_2",
    "iso-8859-5": "iso8859_5",
    "windows-1252": "cp1252",
}
#: A UTF-8 sequence is at most 4 bytes: a reply cut inside its last character lost at most 3.
_CUT_SEQUENCE = 3
#: What the codecs say of a multi-byte character the end of the bytes cut short (UTF-8; the CJK codecs).
_CUT_REASONS = ("unexpected end of data", "incomplete multibyte sequence")

#: Chunks read of one body; a real one has a handful, a hostile one could have a million empty ones.
MAX_CHUNKS = 4096
_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,8})[ \t]*(?:;[^\r\n]{0,256})?\r?\n")

#: Most bytes a compressed body is inflated to (a device's page or answer is a few KiB; 256 KiB is four times
#: the most the live probe keeps of any body).
MAX_INFLATED = 256 * 1024
#: Most bytes inflated per compressed byte. HTML and XML compress 3-10 times, a page of repeated table rows
#: some tens of times; DEFLATE's own limit is about 1032, which only a bomb of repeated bytes reaches.
MAX_RATIO = 100
#: Content codings undone, as RFC 9110 section 8.4.1 names them (``x-gzip`` is ``gzip``, section 8.4.1.3), and
#: ``br``, Brotli as IANA's HTTP Content Coding Registry names it (RFC 7932).
_CODINGS = {"gzip": "gzip", "x-gzip": "gzip", "deflate": "deflate", "br": "br"}
#: Codings one body may list; a longer list is not a device's.
_MAX_CODINGS = 2
#: gzip members read of one body (RFC 1952 allows several, one after another).
_MAX_MEMBERS = 8
_INFLATE_STEP = 16 * 1024
_HEADER_LINE = re.compile(r"^([A-Za-z0-9!#$%&'*+.^_`|~-]{1,64})[ \t]*:[ \t]*([^\r\n]{0,1024})", re.MULTILINE)


def header_value(headers: str, name: str) -> str:
    """The value of header ``name`` in a header block (``Name: value`` lines); repeated ones joined by commas
    (RFC 9110 section 5.3), ``""`` when absent."""
    low = name.lower()
    block = headers[:65536]
    if low not in block.lower():
        return ""  # nearly every block lacks the header asked for: no scan of its lines
    return ", ".join(v.strip() for k, v in _HEADER_LINE.findall(block) if k.lower() == low)


class BodyHeaders(NamedTuple):
    """What a head says of its body's bytes: the values of the three headers that decide how they are read
    (repeated ones joined by commas, ``""`` when absent), as :func:`header_value` gives each."""

    transfer_encoding: str = ""
    content_encoding: str = ""
    content_type: str = ""


_BODY_HEADERS = {"transfer-encoding": 0, "content-encoding": 1, "content-type": 2}
_NO_BODY_HEADERS = BodyHeaders()


def body_headers(headers: str | BodyHeaders) -> BodyHeaders:
    """The :class:`BodyHeaders` of a header block, read in one scan of its lines (a block already read is
    returned as it is): :func:`decoded_body` and :func:`body_text` each took the block and scanned it again for
    their header, three scans of one head per reply."""
    if isinstance(headers, BodyHeaders):
        return headers
    block = headers[:65536]
    lowered = block.lower()
    if "encoding" not in lowered and "content-type" not in lowered:
        return _NO_BODY_HEADERS  # no line of the block can name one of them: no scan of its lines
    found: tuple[list[str], list[str], list[str]] = ([], [], [])
    for name, value in _HEADER_LINE.findall(block):
        slot = _BODY_HEADERS.get(name.lower())
        if slot is not None:
            found[slot].append(value.strip())
    return BodyHeaders(*(", ".join(values) for values in found))


def is_chunked(headers: str) -> bool:
    """Does the header block say the body is sent in chunks (``chunked`` among its transfer codings)?"""
    if "chunked" not in headers.lower():
        return False
    return "chunked" in _tokens(header_value(headers, "transfer-encoding"))


def dechunk(raw: bytes) -> tuple[bytes, bool] | None:
    """The data of a chunked body and whether every chunk size fitted up to the last chunk or the end; None when
    ``raw`` does not start with a chunk size.

    Chunk extensions (``;name=value``) and the trailer section after the last chunk are dropped. A body cut
    short (a byte cap) keeps what arrived; from a size that does not fit on, the rest is kept as it came."""
    parts: list[bytes] = []
    at = 0
    for _ in range(MAX_CHUNKS):
        size = _CHUNK_SIZE.match(raw, at)
        if size is None:
            if not parts:
                return None
            return b"".join(parts), at >= len(raw)
        length = int(size.group(1), 16)
        if length == 0:
            break
        start = size.end()
        parts.append(raw[start : start + length])
        at = start + length
        if raw.startswith(b"\r\n", at):
            at += 2
        elif raw.startswith(b"\n", at):
            at += 1
        elif at < len(raw):
            parts.append(raw[at:])  # a size that does not fit: the rest as it came
            return b"".join(parts), False
    return b"".join(parts), True


def inflated(data: bytes, coding: str) -> bytes | None:
    """``data`` with content coding ``coding`` (``gzip``, ``x-gzip``, ``deflate`` or ``br``) undone, bounded by
    :data:`MAX_INFLATED` and :data:`MAX_RATIO`; a stream cut short gives what it held. None when the coding is
    not one of these or nothing inflates."""
    return _inflated(data, coding)[0]


def _inflated(data: bytes, coding: str) -> tuple[bytes | None, bool]:
    """:func:`inflated`, and whether the bounds stopped it before the end of the stream."""
    kind = _CODINGS.get(coding.strip().lower())
    if kind is None or not data:
        return None, False
    limit = min(MAX_INFLATED, MAX_RATIO * len(data))
    if kind == "gzip":
        return _members(data, limit)
    if kind == "br":
        return _unbrotli(data, limit)
    # "deflate" is the zlib format (RFC 9110 section 8.4.1.2), but servers have long sent bare DEFLATE under it.
    zlib_header = len(data) >= 2 and data[0] & 0x0F == 8 and (data[0] << 8 | data[1]) % 31 == 0
    out, _rest, capped = _inflate(data, zlib.MAX_WBITS if zlib_header else -zlib.MAX_WBITS, limit)
    return out, capped


def _members(data: bytes, limit: int) -> tuple[bytes | None, bool]:
    """The gzip members of ``data`` inflated one after another; None when the first does not inflate."""
    out: bytes | None = None
    rest = data
    capped = False
    for _ in range(_MAX_MEMBERS):
        piece, rest, capped = _inflate(rest, 16 + zlib.MAX_WBITS, limit - len(out or b""))
        if piece is None:
            break
        out = (out or b"") + piece
        if not rest.startswith(b"\x1f\x8b") or len(out) >= limit:
            capped = capped or (len(out) >= limit and rest.startswith(b"\x1f\x8b"))
            break
    return out, capped


def _inflate(data: bytes, wbits: int, limit: int) -> tuple[bytes | None, bytes, bool]:
    """What ``data`` inflates to (at most ``limit`` bytes), what follows the end of its stream, and whether the
    limit stopped it."""
    stream = zlib.decompressobj(wbits)
    out = bytearray()
    try:
        for start in range(0, len(data), _INFLATE_STEP):
            # max_length bounds the output: input a full output cannot take stays unread in unconsumed_tail.
            out += stream.decompress(data[start : start + _INFLATE_STEP], limit - len(out))
            if stream.eof or len(out) >= limit:
                break
    except zlib.error:
        return (bytes(out) if out else None), b"", False
    capped = len(out) >= limit and not stream.eof
    return bytes(out), stream.unused_data if stream.eof else b"", capped


def _unbrotli(data: bytes, limit: int) -> tuple[bytes | None, bool]:
    """What a Brotli stream inflates to (at most ``limit`` bytes) and whether the limit stopped it. A stream cut
    short gives what it held; one the decoder rejects gives None: Brotli has no magic number, so only a clean
    decode tells a stream from a plain body mislabelled ``br``."""
    stream = brotli.Decompressor()
    out = bytearray()
    try:
        for start in range(0, len(data), _INFLATE_STEP):
            # output_buffer_limit stops the output growing once it is reached (it may pass it by one buffer).
            out += stream.process(data[start : start + _INFLATE_STEP], output_buffer_limit=limit - len(out))
            while len(out) < limit and not stream.can_accept_more_data():
                out += stream.process(b"", output_buffer_limit=limit - len(out))
            if stream.is_finished() or len(out) >= limit:
                break
    except brotli.error:
        return None, False
    if not out:
        return None, False  # a stream cut before its first byte of output: nothing inflates
    return bytes(out[:limit]), len(out) >= limit and not (stream.is_finished() and len(out) == limit)


class DecodedBody(NamedTuple):
    """A body's bytes as the device meant them (:func:`read_body`)."""

    data: bytes
    #: A content coding was undone (the data is not the bytes as stored).
    inflated: bool = False
    #: Why ``data`` is not all the device sent, ``""`` when it is: a compressed body the bounds cut.
    cut: str = ""


def read_body(raw: bytes, headers: str | BodyHeaders) -> DecodedBody:
    """The body ``raw`` as the device meant it, by what its header block (or its :func:`body_headers`) says:
    de-chunked when sent chunked, then its content codings undone (last applied first); a step that does not
    apply leaves the bytes as they were. A compressed body the bounds stopped keeps its start, and says so."""
    said = body_headers(headers)
    body = raw
    if "chunked" in _tokens(said.transfer_encoding):
        found = dechunk(body)
        if found is not None:
            body = found[0]
    codings = [c for c in _tokens(said.content_encoding) if c != "identity"]
    done = False
    cut = ""
    if 0 < len(codings) <= _MAX_CODINGS:
        for coding in reversed(codings):
            plain, capped = _inflated(body, coding)
            if plain is None:
                break
            if capped:
                cut = (
                    f"{coding} body inflates past {len(plain)} bytes (at most {MAX_INFLATED} bytes, "
                    f"{MAX_RATIO} times its {len(body)} compressed bytes): only the start is kept"
                )
            body, done = plain, True
    return DecodedBody(body, done, cut)


def decoded_body(raw: bytes, headers: str | BodyHeaders) -> bytes:
    """The bytes of :func:`read_body`: the body ``raw`` as the device meant it."""
    return read_body(raw, headers).data


def _tokens(value: str) -> list[str]:
    return [t.strip().lower() for t in value.split(",")[:8] if t.strip()]


def declared_codec(text: bytes) -> str | None:
    """The Python codec for the charset ``text`` declares (``charset=...`` within its first
    :data:`CHARSET_PEEK` bytes), when it is one of :data:`CHARSETS`."""
    found = _CHARSET.search(text, 0, CHARSET_PEEK)
    return CHARSETS.get(found.group(1).decode("ascii").lower()) if found else None


def body_text(raw: bytes, headers: str | BodyHeaders = "") -> str:
    """Bytes of a body (or of a whole stored reply) as text, as a browser picks the encoding (WHATWG Encoding,
    "determine the character encoding"): the charset the ``Content-Type`` header declares, else the one the bytes
    declare (``<meta charset>``, or a stored reply's own head), when it is one of :data:`CHARSETS` and the bytes
    are valid in it; else UTF-8 where they are; else the declared charset with replacement characters; else
    Latin-1 (every byte kept as one character). A last character cut by a byte cap is dropped, not the reading.

    The declaration comes first because a short GB2312 or Big5 text can also be valid UTF-8 ("录" in GB2312 is
    the UTF-8 of "¼"); UTF-8 still wins over a declaration the bytes break, as when a page's own words are UTF-8
    under a stale ``charset=gb2312``."""
    content_type = body_headers(headers).content_type if headers else ""
    codec = declared_codec(content_type.encode("latin-1", "replace")) if content_type else None
    codec = codec or declared_codec(raw)
    if codec is not None:
        text = _strict(raw, codec)
        if text is not None:
            return text
    text = _strict(raw, "utf-8")
    if text is not None:
        return text
    if codec is not None:
        return raw.decode(codec, "replace")
    return raw.decode("latin-1")


def _strict(raw: bytes, codec: str) -> str | None:
    """``raw`` in ``codec`` when every byte is valid in it, its last character cut short forgiven; else None."""
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        if exc.reason not in _CUT_REASONS or exc.start < len(raw) - _CUT_SEQUENCE:  # not a character cut short
            return None
        try:
            return raw[: exc.start].decode(codec)
        except UnicodeDecodeError:
            return None
