"""Bytes of a stored reply back into the text the device sent: its character set, and a chunked body's data.

Scan files keep some replies as bytes (Censys ``banner_hex``, base64 banners, masscan's and nmap's ``\\xNN``
escapes, nmap's service fingerprints). A camera's page is often not UTF-8: Chinese, Taiwanese, Japanese,
Korean and Russian firmware writes GB2312/GBK, Big5, Shift-JIS, EUC-KR or Windows-1251 and says so in its
``Content-Type`` header or ``<meta charset>``. Read as Latin-1, "网络摄像机" becomes "ÍøÂçÉãÏñ»ú" and no rule
written for it matches. A body sent with ``Transfer-Encoding: chunked`` carries chunk-size lines inside it
(RFC 9112 section 7.1) that keep a device document from being recognised. Both are undone here, bounded, and
never raise: a declared charset Python does not know, or a body that is not chunked as its head says, is left
as it was.
"""

from __future__ import annotations

import re

#: How far into a reply a charset declaration is looked for (headers and the page's ``<head>``).
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


def reply_text(raw: bytes) -> str:
    """Bytes of a stored reply as text: UTF-8 where they are (a last character cut by a byte cap is dropped),
    else the charset the reply declares when it is one of :data:`CHARSETS`, else Latin-1 (every byte kept as
    one character)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.start >= len(raw) - _CUT_SEQUENCE:
            return raw[: exc.start].decode("utf-8")
    declared = _CHARSET.search(raw, 0, CHARSET_PEEK)
    codec = CHARSETS.get(declared.group(1).decode("ascii").lower()) if declared else None
    if codec is not None:
        return raw.decode(codec, "replace")
    return raw.decode("latin-1")


#: Chunks read of one body; a real one has a handful, a hostile one could have a million empty ones.
MAX_CHUNKS = 4096
_CHUNK_SIZE = re.compile(r"([0-9A-Fa-f]{1,8})[ \t]*(?:;[^\r\n]{0,256})?\r?\n")
_CHUNKED = re.compile(r"^transfer-encoding[ \t]*:[^\n]{0,200}\bchunked\b", re.IGNORECASE | re.MULTILINE)


def is_chunked(headers: str) -> bool:
    """Does the header block (``Name: value`` lines) say the body is sent in chunks?"""
    return _CHUNKED.search(headers) is not None


def dechunked(body: str) -> str:
    """The data of a chunked body, its size lines and trailers taken out; ``body`` unchanged when it does not
    start with a chunk size. A body cut short (a scanner's byte cap) keeps what arrived; from a size that does
    not fit on, the rest is kept as it is. Sizes count bytes, so the text is measured in the bytes it was read
    from: UTF-8, else Latin-1 (a UTF-8 character split between two chunks made the whole reply Latin-1; the
    joined data is then read again as :func:`reply_text` reads bytes)."""
    data, clean = _dechunk(body.encode("utf-8"))
    if data is None:
        return body
    if not clean:
        try:
            latin, latin_clean = _dechunk(body.encode("latin-1"))
        except UnicodeEncodeError:
            latin_clean = False
        if latin_clean and latin is not None:
            return reply_text(latin)
    return data.decode("utf-8", "replace")


def _dechunk(raw: bytes) -> tuple[bytes | None, bool]:
    """The chunks' data and whether every size fitted up to the last chunk or the end; None when ``raw`` does
    not start with a chunk size."""
    text = raw.decode("latin-1")  # one character per byte: offsets below are byte offsets
    parts: list[str] = []
    at = 0
    for _ in range(MAX_CHUNKS):
        size = _CHUNK_SIZE.match(text, at)
        if size is None:
            if not parts:
                return None, False
            return "".join(parts).encode("latin-1"), at >= len(text)
        length = int(size.group(1), 16)
        if length == 0:
            break
        start = size.end()
        parts.append(text[start : start + length])
        at = start + length
        if text.startswith("\r\n", at):
            at += 2
        elif text.startswith("\n", at):
            at += 1
        elif at < len(text):
            parts.append(text[at:])  # a size that does not fit: the rest as it came
            return "".join(parts).encode("latin-1"), False
    return "".join(parts).encode("latin-1"), True
