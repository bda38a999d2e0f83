"""What identification loses when a collection changes the form of a stored reply: a perturbation bench.

    .venv/bin/python bench/perturb.py [-v] [--only NAME ...] [--list]

Independent collections keep the same replies in many forms: a log that turned CRLF into LF, a tool that
lower-cased header names, a scraper that collapsed white space, a page that showed the reply entity-escaped, an
exporter that renamed XML prefixes to ``ns0:``, a capture cut at 1024 bytes. Each such transformation is a small
pure function here, named for what a collection does. For every labelled record of the **development** corpora
(``bench/accuracy.py``'s default corpora that are not held out: held-out data is measurement only), the bench
writes each transformed copy back in its own format, reads it with the same importer, identifies it
leave-one-source-out exactly as ``bench/accuracy.py`` does (its loading and LOSO code, not a copy), and counts per
transformation, against the unperturbed answers of the same run:

  * changed     -- records the transformation changed at all (the others are not re-identified);
  * maker lost  -- records whose answer named the label's maker and no longer does;
  * video lost  -- camera records typed as a video device that no longer are;
  * wrong       -- records whose answer now claims what the label contradicts and did not before (a maker the
                   label does not name, a non-camera given a maker or a video type, as ``accuracy.py --wrong``);
  * gained      -- records that now name the label's maker or are now typed video and were not (a reader that
                   reads the transformed form better is worth knowing about too);
  * kept        -- makers named after / before and video types after / before: the ratio to the baseline.

A loss is either right (the transformation destroyed the sign: a cut removed the part that named the maker) or a
reader bug; ``-v`` lists every lost record with the rules before and after, to tell which. The development corpora
are Shodan banners: a transformation of a reply's text applies to ``data`` (the reply, the head only for HTTP) and,
for HTTP, to ``http.html`` (the body) -- see :class:`Change` for which part each one reads. Two change the whole
record: the head and page stored as one text, and the same service written as a Censys host (read with the Censys
importer).

Development fixtures without labels (the importers' Shodan fixtures, the public ONVIF, WS-Discovery and DHDiscover
answers of /work/shared/data) are measured in a second table against their own unperturbed answer (all rules): a
copy that no longer names the maker the original named, or no longer types it video, lost it.

The forms people paste a reply in (``curl -v``, ``wget -S``, HTTPie, netcat and telnet sessions, Python/Go/Rust
literals and byte lists, ``xxd``, ``xxd -p``, ``hexdump -C``, ``od -c``, Wireshark's hex and C arrays, PowerShell's
``RawContent``, a log prefix on every line: :data:`PASTES`) are measured in two more tables ("PASTED"): each record is
first pasted whole (:func:`pasted_as_sent`: the head and page as one text, no other property), and every form is
judged against that paste as sent.

Exit status 0 always (a table to read, not a gate); ``tests/unit/test_perturb_bench.py`` holds the transformations.
"""

from __future__ import annotations

import argparse
import copy
import html
import io
import json
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import (  # bench scripts import their siblings by path (above)
    DEFAULT_CORPORA,
    ROOT,
    corpus_format,
    identify_records,
    is_held_out,
    labels_path,
    load_labels,
    loso_answers,
    non_video_rules,
    wrong_claim,
)
from accuracy_result import Claim
from scoring import names_maker

from camaudit.identify import ruleset
from camaudit.identify.learned.maker import MakerTable
from camaudit.importers import FORMATS
from camaudit.model import is_video_device

Text = Callable[[str], str]

# --- the transformations: each a pure function of one text ------------------------------------------------------

_STATUS_LINE = re.compile(r"^(?:HTTP|RTSP)/\d(?:\.\d)? \d{3}")
_HEADER = re.compile(r"^([A-Za-z][A-Za-z0-9-]*)([ \t]*:)")
_LONE_LF = re.compile(r"(?<!\r)\n")
_SPACE_RUN = re.compile(r"\s+")
#: A start or end tag's prefix (``<tds:``, ``</SOAP-ENV:``), an attribute's (`` s:mustUnderstand=``) and a
#: declaration's (``xmlns:tds=``).
_TAG_PREFIX = re.compile(r"(</?)([A-Za-z_][\w.-]*):(?=[A-Za-z_])")
_ATTRIBUTE_PREFIX = re.compile(r"(\s)([A-Za-z_][\w.-]*):(?=[A-Za-z_][\w.-]*\s*=)")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_SOAP_BODY = re.compile(r"<(?:[\w.-]+:)?Body\b[^>]*>\s*(.*?)\s*(?:</(?:[\w.-]+:)?Body\s*>|$)", re.DOTALL)


def _head_lines(head: str, change: Callable[[list[str]], list[str]]) -> str:
    """``head`` (a status line and header lines) with its header lines changed as a list; line ends kept."""
    ending = "\r\n" if "\r\n" in head else "\n"
    lines = head.split(ending)
    if lines and _STATUS_LINE.match(lines[0]):
        return ending.join([lines[0], *change(lines[1:])])
    return ending.join(change(lines))


def crlf_to_lf(text: str) -> str:
    """A log or a text editor on Unix: every CRLF line end becomes LF."""
    return text.replace("\r\n", "\n")


def lf_to_crlf(text: str) -> str:
    """A Windows tool or an e-mail gateway: every bare LF becomes CRLF."""
    return _LONE_LF.sub("\r\n", text)


def header_names_lower(head: str) -> str:
    """HTTP/2 and many proxies' logs (Go's and Node's header maps print ``server:``): header names lower-cased."""
    return _head_lines(head, lambda lines: [_HEADER.sub(lambda m: m[1].lower() + m[2], line) for line in lines])


def header_names_upper(head: str) -> str:
    """Some exporters' header tables (CGI's ``HTTP_SERVER`` habit): header names upper-cased."""
    return _head_lines(head, lambda lines: [_HEADER.sub(lambda m: m[1].upper() + m[2], line) for line in lines])


def header_order_reversed(head: str) -> str:
    """A tool that kept the headers in a map and wrote them back in another order (here: reversed)."""
    return _head_lines(head, lambda lines: lines[::-1])


def status_line_dropped(head: str) -> str:
    """A collector that kept the headers only (a header table, a banner cut at its start)."""
    first, sep, rest = head.partition("\n")
    return rest if sep and _STATUS_LINE.match(first) else head


def _cut(limit: int) -> Text:
    def cut(text: str) -> str:
        return text.encode("utf-8")[:limit].decode("utf-8", "ignore")

    cut.__name__ = f"cut_at_{limit}"
    cut.__doc__ = f"A capture that kept the first {limit} bytes of the body."
    return cut


def whitespace_collapsed(text: str) -> str:
    """A scraper's ``text()``/``normalize-space``: every run of white space (line ends too) one space."""
    return _SPACE_RUN.sub(" ", text).strip()


def entity_escaped(text: str) -> str:
    """A reply shown in a web page or an HTML report: ``<``, ``>``, ``&`` and quotes as entities."""
    return html.escape(text)


def json_string(text: str) -> str:
    """A tool that stored the body as a JSON string inside its text (quotes, ``\\n``, ``\\"`` and ``\\uXXXX``)."""
    return json.dumps(text)


def xml_prefixes_stripped(text: str) -> str:
    """A log that printed element names without their prefixes (``<tds:Manufacturer>`` -> ``<Manufacturer>``)."""
    return _TAG_PREFIX.sub(r"\1", text)


def xml_prefixes_renamed(text: str) -> str:
    """An exporter that re-serialised the XML with its own prefixes (ElementTree's ``ns0:``, ``ns1:`` ...), the
    declarations renamed with them, so the document means the same."""
    names: dict[str, str] = {}

    def renamed(prefix: str) -> str:
        if prefix in ("xml", "xmlns"):
            return prefix
        return names.setdefault(prefix, f"ns{len(names)}")

    text = re.sub(r"\bxmlns:([A-Za-z_][\w.-]*)=", lambda m: f"xmlns:{renamed(m[1])}=", text)
    text = _TAG_PREFIX.sub(lambda m: f"{m[1]}{renamed(m[2])}:", text)
    return _ATTRIBUTE_PREFIX.sub(lambda m: f"{m[1]}{renamed(m[2])}:", text)


def xml_declaration_dropped(text: str) -> str:
    """A tool that parsed the document and printed it again without ``<?xml ...?>``."""
    return _XML_DECLARATION.sub("", text, count=1)


def soap_body_unwrapped(text: str) -> str:
    """A log that kept only the SOAP Body's content (the answer element), not the envelope and its declarations."""
    found = _SOAP_BODY.search(text)
    return found[1] if found else text


def trailing_nul(text: str) -> str:
    """A C collector that stored the reply with its terminating NUL."""
    return text + "\x00"


def leading_bom(text: str) -> str:
    """A Windows tool that wrote the reply as a UTF-8 text file with a byte-order mark."""
    return "\ufeff" + text


def latin1_mojibake(text: str) -> str:
    """UTF-8 bytes read back as Latin-1 (every non-ASCII character becomes two or three)."""
    return text.encode("utf-8").decode("latin-1")


def c_escaped(text: str) -> str:
    """A collector that stored ``repr()`` of the reply: its line ends as the two characters ``\\r\\n``."""
    return text.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")


def unchanged(text: str) -> str:
    """What a change of the whole record leaves of a text (see ``Change.record``)."""
    return text


# --- the forms people paste a reply in (issues, forums, notes): each a function of the whole reply as sent ---------

#: The address the pasted sessions below name (a documentation address, RFC 5737).
_HOST = "192.0.2.7"
_ANSWER_LINE = re.compile(r"^(?:HTTP|RTSP)/\d(?:\.\d)? \d{3}", re.MULTILINE)
_GREETING = re.compile(r"\d{3}[ -]")


def _terminal_lines(text: str) -> list[str]:
    """A reply as a terminal shows it: its lines, CR LF and LF alike."""
    return text.replace("\r\n", "\n").split("\n")


def _request_lines(reply: str) -> list[str]:
    """The request a person typed or a tool sent for ``reply``: none for a greeting or a document."""
    if reply.startswith("RTSP/"):
        return [f"DESCRIBE rtsp://{_HOST}:554/ RTSP/1.0", "CSeq: 2", "Accept: application/sdp"]
    if reply.startswith("HTTP/"):
        return ["GET / HTTP/1.1", f"Host: {_HOST}", "User-Agent: curl/8.5.0", "Accept: */*"]
    return []


def curl_verbose(reply: str) -> str:
    """``curl -v``: ``*`` notes, the request behind ``> ``, each head line of the answer behind ``< ``, the body as it
    came, a closing note."""
    if not _ANSWER_LINE.match(reply) and not _GREETING.match(reply):
        return reply  # no answer curl reads (a document, a listing): not measured
    head, _blank, body = _split(reply)
    if not head:  # a greeting (FTP, SMTP): curl prints each line of it behind "< "
        head, body = reply.rstrip("\r\n"), ""
    out = [f"*   Trying {_HOST}:80...", f"* Connected to {_HOST} ({_HOST}) port 80"]
    request = _request_lines(reply)
    if request:
        out += [f"> {line}" for line in request] + [">"]
    if head:
        out += [f"< {line}" for line in _terminal_lines(head)] + ["< "]
    out += _terminal_lines(body) if body else []
    out.append(f"* Connection #0 to host {_HOST} left intact")
    return "\n".join(out)


def curl_include(reply: str) -> str:
    """``curl -i`` (or ``-si``) copied from a terminal: the answer's head and body as they came, line ends LF."""
    return "\n".join(_terminal_lines(reply))


def wget_server_response(reply: str) -> str:
    """``wget -S -O - URL 2>&1``: wget's notes, the head two spaces in, then the body after ``Saving to: 'STDOUT'``.
    HTTP answers only (wget speaks no RTSP)."""
    if not reply.startswith("HTTP/"):
        return reply
    head, _blank, body = _split(reply)
    out = [f"--2024-01-01 12:00:00--  http://{_HOST}/", f"Connecting to {_HOST}:80... connected.",
           "HTTP request sent, awaiting response... "]
    out += [f"  {line}" for line in _terminal_lines(head)]
    out += ["Length: unspecified [text/html]", "Saving to: 'STDOUT'", ""]
    out += _terminal_lines(body) if body else []
    out += ["", "2024-01-01 12:00:00 (1.20 MB/s) - written to stdout [512]", ""]
    return "\n".join(out)


def httpie_verbose(reply: str) -> str:
    """HTTPie's ``http -v URL``: the request (line and headers), two blank lines, the answer. HTTP answers only."""
    if not reply.startswith("HTTP/"):
        return reply
    request = ["GET / HTTP/1.1", "Accept: */*", "Accept-Encoding: gzip, deflate", "Connection: keep-alive",
               f"Host: {_HOST}", "User-Agent: HTTPie/3.2.2"]
    return "\n".join([*request, "", "", "", *_terminal_lines(reply)])


def python_bytes_repr(reply: str) -> str:
    """Python's ``print(data)`` of the bytes received: ``b'HTTP/1.1 401 ...\\r\\n...'``."""
    return repr(reply.encode("utf-8"))


def python_str_repr(reply: str) -> str:
    """Python's ``repr()`` of the reply as text (``print(repr(text))``, a debugger's view)."""
    return repr(reply)


def go_quoted(reply: str) -> str:
    """Go's ``fmt.Printf("%q", string(buf))``: a double-quoted literal, control bytes as ``\\x..``."""
    names = {"\a": "\\a", "\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t", "\v": "\\v",
             "\\": "\\\\", '"': '\\"'}
    return '"' + "".join(names.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
                         for c in reply) + '"'


def rust_debug(reply: str) -> str:
    """Rust's ``println!("{:?}", String::from_utf8_lossy(&buf))``: a double-quoted literal, control characters as
    ``\\u{..}``."""
    names = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\", '"': '\\"', "\x00": "\\0"}
    return '"' + "".join(names.get(c) or (f"\\u{{{ord(c):x}}}" if ord(c) < 0x20 or ord(c) == 0x7F else c)
                         for c in reply) + '"'


def go_byte_slice(reply: str) -> str:
    """Go's ``fmt.Println(buf[:n])``: the byte values, space-separated, in brackets."""
    return "[" + " ".join(str(b) for b in reply.encode("utf-8")) + "]"


def rust_byte_slice(reply: str) -> str:
    """Rust's ``println!("{:?}", &buf[..n])`` (and Python's ``list(data)``): the byte values, comma-separated."""
    return "[" + ", ".join(str(b) for b in reply.encode("utf-8")) + "]"


def _printable(chunk: bytes) -> str:
    return "".join(chr(b) if 0x20 <= b < 0x7F else "." for b in chunk)


def xxd_dump(reply: str) -> str:
    """``xxd``: an offset, eight groups of two bytes in hex, the characters (``.`` for the others)."""
    data = reply.encode("utf-8")
    lines = []
    for at in range(0, len(data), 16):
        chunk = data[at : at + 16]
        groups = " ".join(chunk[i : i + 2].hex() for i in range(0, len(chunk), 2))
        lines.append(f"{at:08x}: {groups:<39}  {_printable(chunk)}")
    return "\n".join(lines)


def xxd_plain(reply: str) -> str:
    """``xxd -p``: hex digits only, 30 bytes a line."""
    data = reply.encode("utf-8")
    return "\n".join(data[at : at + 30].hex() for at in range(0, len(data), 30))


def _collapsed(data: bytes, line: Callable[[int, bytes], str], offset: Callable[[int], str] | None) -> str:
    """A dump of sixteen bytes a line, as ``hexdump -C`` and ``od -c`` both write it: ``*`` for a full line that
    repeats the one before, the length last (``offset``; ``od -An`` writes none)."""
    lines: list[str] = []
    previous = None
    for at in range(0, len(data), 16):
        chunk = data[at : at + 16]
        if chunk == previous and len(chunk) == 16:
            if lines[-1] != "*":
                lines.append("*")
            continue
        previous = chunk
        lines.append(line(at, chunk))
    if offset is not None:
        lines.append(offset(len(data)))
    return "\n".join(lines)


def hexdump_canonical(reply: str) -> str:
    """``hexdump -C``: an offset, sixteen bytes in two groups of eight, the characters between bars, ``*`` for a line
    that repeats the one before, the length last."""

    def line(at: int, chunk: bytes) -> str:
        left = " ".join(f"{b:02x}" for b in chunk[:8])
        right = " ".join(f"{b:02x}" for b in chunk[8:])
        return f"{at:08x}  {left:<23}  {right:<23}  |{_printable(chunk)}|"

    return _collapsed(reply.encode("utf-8"), line, lambda at: f"{at:08x}")


_OD_NAMES = {0: "\\0", 7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r"}


def od_characters(reply: str) -> str:
    """``od -c``: a seven-digit octal offset, each byte in four columns (the character, an escape, or octal)."""

    def line(at: int, chunk: bytes) -> str:
        cells = "".join(f"{_OD_NAMES.get(b) or (chr(b) if 0x20 <= b < 0x7F else f'{b:03o}'):>4}" for b in chunk)
        return f"{at:07o}{cells}"

    return _collapsed(reply.encode("utf-8"), line, lambda at: f"{at:07o}")


def _wireshark_lines(data: bytes, indent: str) -> list[str]:
    lines = []
    for at in range(0, len(data), 16):
        chunk = data[at : at + 16]
        hexes = "".join(f"{b:02x} " + (" " if i == 7 else "") for i, b in enumerate(chunk))
        shown = _printable(chunk)
        shown = shown[:8] + " " + shown[8:] if len(shown) > 8 else shown
        lines.append(f"{indent}{at:08X}  {hexes:<51}{shown}")
    return lines


def wireshark_hex(reply: str) -> str:
    """Wireshark's "Follow TCP Stream" shown as "Hex Dump": the client's request, then the server's answer four
    spaces in, each side's offsets counted apart (ui/qt/follow_stream_dialog.cpp)."""
    request = "\r\n".join(_request_lines(reply))
    lines = _wireshark_lines((request + "\r\n\r\n").encode("utf-8"), "") if request else []
    return "\n".join(lines + _wireshark_lines(reply.encode("utf-8"), "    " if request else ""))


def _c_array(data: bytes, peer: int, packet: int) -> list[str]:
    lines = [f"char peer{peer}_0[] = {{ /* Packet {packet} */"]
    for at in range(0, len(data), 8):
        chunk = data[at : at + 8]
        last = at + 8 >= len(data)
        entries = ", ".join(f"0x{b:02x}" for b in chunk)
        lines.append(entries + (" };" if last else ", "))
    return lines


def wireshark_c_arrays(reply: str) -> str:
    """Wireshark's "Follow TCP Stream" shown as "C Arrays": ``char peer0_0[]`` the client's bytes, ``peer1_0`` the
    server's."""
    request = "\r\n".join(_request_lines(reply))
    lines = _c_array((request + "\r\n\r\n").encode("utf-8"), 0, 4) if request else []
    return "\n".join(lines + _c_array(reply.encode("utf-8"), 1, 6))


def netcat_session(reply: str) -> str:
    """A netcat session pasted from a terminal: the prompt and command, the request typed, the answer; an exchange
    of several answers (RTSP OPTIONS, then DESCRIBE) with a request typed before each."""
    answers = [part for part in re.split(r"\r?\n(?=(?:HTTP|RTSP)/\d(?:\.\d)? \d{3})", reply) if part]
    out = [f"$ nc {_HOST} {554 if reply.startswith('RTSP/') else 80}"]
    for number, answer in enumerate(answers, 1):
        request = _request_lines(answer)
        if request and answer.startswith("RTSP/"):
            request = [request[0], f"CSeq: {number + 1}"]
        out += [*request, ""] if request else []
        out += _terminal_lines(answer)
    return "\n".join(out)


def telnet_session(reply: str) -> str:
    """A telnet session: telnet's own lines, the request typed (none for a greeting), the answer, telnet's last
    line."""
    request = _request_lines(reply)
    out = [f"Trying {_HOST}...", f"Connected to {_HOST}.", "Escape character is '^]'."]
    out += [*request, ""] if request else []
    out += _terminal_lines(reply.rstrip("\r\n"))
    out.append("Connection closed by foreign host.")
    return "\n".join(out)


def powershell_raw_content(reply: str) -> str:
    """PowerShell's list view of an ``Invoke-WebRequest`` result: ``RawContent : <the answer>``, later lines
    indented to the value's column. HTTP answers only."""
    if not reply.startswith("HTTP/"):
        return reply
    lines = _terminal_lines(reply)
    status = lines[0].split(" ", 2)
    pad = " " * 20
    out = [f"StatusCode        : {status[1] if len(status) > 1 else ''}",
           f"StatusDescription : {status[2] if len(status) > 2 else ''}",
           f"RawContent        : {lines[0]}"]
    out += [pad + line for line in lines[1:]]
    out += ["Forms             : {}", "Headers           : {}", f"RawContentLength  : {len(reply)}"]
    return "\n".join(out)


def log_prefixed(reply: str) -> str:
    """A log that wrote the reply one line at a time behind its own prefix (a time, a level, a logger, a label)."""
    prefix = "2024-01-01 12:00:00,123 DEBUG [camera.client] response: "
    return "\n".join(prefix + line for line in _terminal_lines(reply))


def _words(data: bytes) -> list[str]:
    """``data`` as hexdump's and od's default two-byte words, little-endian as both print them on x86/ARM (``HT`` is
    ``5448``); an odd last byte is a word whose high byte is zero."""
    padded = data + b"\x00" * (len(data) % 2)
    return [f"{padded[i + 1]:02x}{padded[i]:02x}" for i in range(0, len(padded), 2)]


def xxd_bytes(reply: str) -> str:
    """``xxd -g1``: an offset, sixteen single bytes in hex, the characters; the last line's hex padded to the column."""
    data = reply.encode("utf-8")
    lines = []
    for at in range(0, len(data), 16):
        chunk = data[at : at + 16]
        lines.append(f"{at:08x}: {' '.join(f'{b:02x}' for b in chunk):<47}  {_printable(chunk)}")
    return "\n".join(lines)


def hexdump_words(reply: str) -> str:
    """``hexdump`` with no option: a seven-digit hex offset, eight two-byte words, ``*`` for repeats, the length last
    (the last line padded with spaces, as util-linux's hexdump writes it)."""
    data = reply.encode("utf-8")
    width = len(" ".join(["0000"] * 8))
    return _collapsed(data, lambda at, chunk: f"{at:07x} {' '.join(_words(chunk)):<{width}}", lambda at: f"{at:07x}")


def od_words(reply: str) -> str:
    """``od -x``: a seven-digit octal offset, eight two-byte words, ``*`` for repeats, the length last."""
    data = reply.encode("utf-8")
    return _collapsed(data, lambda at, chunk: f"{at:07o} {' '.join(_words(chunk))}", lambda at: f"{at:07o}")


def od_bytes_no_offsets(reply: str) -> str:
    """``od -An -tx1``: sixteen bytes a line, each after a space, no offsets, ``*`` for repeats."""
    return _collapsed(reply.encode("utf-8"), lambda _at, chunk: "".join(f" {b:02x}" for b in chunk), None)


def format_hex(reply: str) -> str:
    """PowerShell 7's ``Format-Hex`` of the reply as a string: its label, the column heads, a sixteen-digit offset,
    sixteen bytes in capitals, the characters (controls as U+FFFD, as its documentation's examples show them)."""
    data = reply.encode("utf-8")
    lines = ["", "   Label: String (System.String) <2944BEC3>", "",
             "          Offset Bytes                                           Ascii",
             "                 00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F",
             "          ------ ----------------------------------------------- -----"]
    for at in range(0, len(data), 16):
        chunk = data[at : at + 16]
        shown = "".join(chr(b) if 0x20 <= b < 0x7F else ("\ufffd" if b else " ") for b in chunk)
        lines.append(f"{at:016X} {' '.join(f'{b:02X}' for b in chunk):<47} {shown}")
    return "\n".join(lines)


#: The client's and the server's ends of the captured connection (documentation addresses, RFC 5737).
_CLIENT, _CLIENT_PORT = "198.51.100.20", 51000


def _packets(reply: str) -> list[tuple[bool, bytes]]:
    """The connection as a capture holds it: ``(from the server, payload)``, the request first, the answer cut into
    segments of 1448 bytes."""
    request = "\r\n".join(_request_lines(reply))
    out = [(False, (request + "\r\n\r\n").encode("utf-8"))] if request else []
    data = reply.encode("utf-8")
    out += [(True, data[at : at + 1448]) for at in range(0, len(data), 1448)]
    return out


def _ip_packet(from_server: bool, payload: bytes, seq: int, port: int) -> tuple[str, bytes]:
    """An IPv4 packet (20-byte header) holding a TCP segment (20-byte header and 12 bytes of timestamp options), and
    tcpdump's line for it."""
    src, dst = (_HOST, _CLIENT) if from_server else (_CLIENT, _HOST)
    sport, dport = (port, _CLIENT_PORT) if from_server else (_CLIENT_PORT, port)
    total = 20 + 32 + len(payload)
    ip = bytes([0x45, 0, total >> 8, total & 0xFF, 0x1C, 0x46, 0x40, 0, 0x40, 6, 0, 0])
    ip += bytes(int(p) for p in src.split(".")) + bytes(int(p) for p in dst.split("."))
    tcp = sport.to_bytes(2, "big") + dport.to_bytes(2, "big") + seq.to_bytes(4, "big") + (1).to_bytes(4, "big")
    tcp += bytes([0x80, 0x18, 0x01, 0xF6, 0, 0, 0, 0]) + bytes([1, 1, 8, 10]) + bytes(8)
    line = (f"12:00:00.{seq % 1000000:06d} IP {src}.{sport} > {dst}.{dport}: Flags [P.], "
            f"seq {seq}:{seq + len(payload)}, ack 1, win 502, options [nop,nop,TS val 0 ecr 0], length {len(payload)}")
    return line, ip + tcp + payload


def _capture(reply: str) -> list[tuple[str, bytes]]:
    port = 554 if reply.startswith("RTSP/") else 80
    seqs = {False: 1, True: 1}
    out = []
    for from_server, payload in _packets(reply):
        out.append(_ip_packet(from_server, payload, seqs[from_server], port))
        seqs[from_server] += len(payload)
    return out


def tcpdump_hex(reply: str) -> str:
    """``tcpdump -X``: each packet's line, then the packet from its IP header in tcpdump's hex and ASCII (a tab, the
    offset, eight two-byte groups, the characters with spaces and controls as ``.``; print-ascii.c)."""
    out = []
    for line, packet in _capture(reply):
        out.append(line)
        for at in range(0, len(packet), 16):
            chunk = packet[at : at + 16]
            groups = "".join(f" {chunk[i:i + 2].hex()}" for i in range(0, len(chunk), 2))
            shown = "".join(chr(b) if 0x21 <= b < 0x7F else "." for b in chunk)
            out.append(f"\t0x{at:04x}:  {groups[1:]:<39}  {shown}")
    return "\n".join(out)


def tcpdump_ascii(reply: str) -> str:
    """``tcpdump -A``: each packet's line, then the packet from its IP header as text (CR before LF left out, other
    unprintable bytes as ``.``; print-ascii.c)."""
    out = []
    for line, packet in _capture(reply):
        shown = []
        for at, b in enumerate(packet):
            if b == 0x0D:
                if at + 1 >= len(packet) or packet[at + 1] != 0x0A:
                    shown.append(".")
            elif 0x20 <= b < 0x7F or b in (0x09, 0x0A):
                shown.append(chr(b))
            else:
                shown.append(".")
        out += [line, "".join(shown)]
    return "\n".join(out)


def wireshark_ascii(reply: str) -> str:
    """Wireshark's "Follow TCP Stream" shown as ASCII and copied: both directions in order, the request then the
    answer, as text (the colours that told them apart are lost in the paste)."""
    request = "\r\n".join(_request_lines(reply))
    return "\n".join(_terminal_lines((request + "\r\n\r\n" if request else "") + reply))


def log_prefix_ticking(reply: str) -> str:
    """A log whose prefix changes from line to line: the time ticks, and the lines come from two loggers."""
    loggers = ("rtsp.client", "rtsp.client.conn")
    return "\n".join(f"2024-01-01 12:00:{n // 1000:02d}.{n % 1000:03d} DEBUG [{loggers[n % 2]}] recv: {line}"
                     for n, line in enumerate(_terminal_lines(reply)))


def log_wrapped_xxd(reply: str) -> str:
    """Two wrappings at once: the reply's ``xxd`` dump written by a logger, its prefix on every line."""
    return "\n".join(f"2024-01-01 12:00:00,{n:03d} DEBUG [camera.probe] {line}"
                     for n, line in enumerate(xxd_dump(reply).splitlines()))


def prompt_curl_verbose(reply: str) -> str:
    """Two wrappings at once: ``curl -v`` output behind the shell prompt and command that printed it."""
    if not _ANSWER_LINE.match(reply) and not _GREETING.match(reply):
        return reply
    scheme = "rtsp" if reply.startswith("RTSP/") else "http"
    return f"user@host:~$ curl -v {scheme}://{_HOST}/\n" + curl_verbose(reply)


def command_curl_include(reply: str) -> str:
    """The command line without a prompt, then what ``curl -i`` printed."""
    if not reply.startswith("HTTP/"):
        return reply
    return f"curl -i http://{_HOST}/\n" + curl_include(reply)


#: The pasted forms, measured on each record pasted whole (see :func:`pasted_as_sent`).
PASTES: tuple[tuple[str, Text], ...] = (
    ("curl-verbose", curl_verbose),
    ("curl-include", curl_include),
    ("wget-server-response", wget_server_response),
    ("httpie-verbose", httpie_verbose),
    ("python-bytes-repr", python_bytes_repr),
    ("python-str-repr", python_str_repr),
    ("go-quoted", go_quoted),
    ("rust-debug", rust_debug),
    ("go-byte-slice", go_byte_slice),
    ("rust-byte-slice", rust_byte_slice),
    ("xxd", xxd_dump),
    ("xxd-plain", xxd_plain),
    ("hexdump-canonical", hexdump_canonical),
    ("od-characters", od_characters),
    ("wireshark-hex", wireshark_hex),
    ("wireshark-c-arrays", wireshark_c_arrays),
    ("netcat-session", netcat_session),
    ("telnet-session", telnet_session),
    ("powershell-rawcontent", powershell_raw_content),
    ("log-prefixed", log_prefixed),
    ("xxd-g1", xxd_bytes),
    ("hexdump-words", hexdump_words),
    ("od-x", od_words),
    ("od-An-tx1", od_bytes_no_offsets),
    ("format-hex", format_hex),
    ("tcpdump-X", tcpdump_hex),
    ("tcpdump-A", tcpdump_ascii),
    ("wireshark-ascii", wireshark_ascii),
    ("log-prefix-ticking", log_prefix_ticking),
    ("log-wrapped-xxd", log_wrapped_xxd),
    ("prompt-curl-verbose", prompt_curl_verbose),
    ("command-curl-include", command_curl_include),
)


def pasted_as_sent(banner: dict[str, Any]) -> dict[str, Any]:
    """What a collection of pasted replies keeps of a Shodan banner: the reply whole (head and page as one text) and
    the service's address and module; no other property (a paste has no title, favicon or certificate)."""
    whole = stored_whole(banner)
    kept = {key: whole[key] for key in ("ip_str", "port", "transport", "_shodan") if key in whole}
    return {**kept, "data": whole.get("data") or ""}


@dataclass(frozen=True)
class Change:
    """One transformation and the part of a stored reply it applies to: ``head`` (the status line and headers of an
    HTTP, RTSP or SSDP reply; a reply without one is left alone), ``body`` (an HTTP body, an RTSP answer's SDP, or a
    reply that is a document or banner without a head), ``reply`` (both), ``raw`` (the stored reply as one text,
    Shodan's ``data``), ``record`` (the whole record, by ``record``, written in the format ``fmt``)."""

    name: str
    part: str
    text: Text = unchanged
    record: Callable[[dict[str, Any]], dict[str, Any]] | None = None
    fmt: str = "shodan"




# --- applying one to a Shodan banner ----------------------------------------------------------------------------


def _split(data: str) -> tuple[str, str, str]:
    """A reply's head, the blank line after it, and its body; a reply that opens with no status line or header
    is all body (a document, a greeting)."""
    start = data.lstrip("\r\n\t \x00\ufeff")
    if not (_STATUS_LINE.match(start) or (_HEADER.match(start) and "\n" in start[:4096])):
        return "", "", data
    for blank in ("\r\n\r\n", "\n\n"):
        at = data.find(blank)
        if at >= 0:
            return data[:at], blank, data[at + len(blank) :]
    return data, "", ""


def _data(data: str, change: Change) -> str:
    if change.part in ("reply", "raw"):
        return change.text(data)
    head, blank, body = _split(data)
    if change.part == "head":
        return change.text(head) + blank + body if head else data
    return head + blank + (change.text(body) if body else body)


def stored_whole(banner: dict[str, Any]) -> dict[str, Any]:
    """A collector with no separate body property (masscan, a pasted reply): the head and the page as one text in
    ``data``; Shodan's other HTTP properties (title, redirects) stay."""
    http, data = banner.get("http"), banner.get("data")
    if not (isinstance(http, dict) and isinstance(data, str) and isinstance(http.get("html"), str)):
        return banner
    head, blank, _body = _split(data)
    rest = {key: value for key, value in http.items() if key != "html"}
    return {**banner, "data": (head or data.rstrip("\r\n")) + (blank or "\r\n\r\n") + http["html"], "http": rest}


#: What :func:`censys_host` writes of a Shodan banner (any other property with a value leaves the banner unconverted).
_CENSYS_CARRIES = frozenset({"ip_str", "port", "transport", "data", "http", "ssl", "_shodan", "location", "timestamp"})
_CENSYS_CARRIES_HTTP = frozenset({"status", "title", "server", "html", "favicon"})


def censys_host(banner: dict[str, Any]) -> dict[str, Any]:
    """The same service as a Censys Search 2.0 host keeps it: the reply (the head for HTTP) as ``banner``, the page
    under ``http.response``, the certificate's names as DN strings; Shodan's module as the service name. A banner with
    properties of Shodan's modules (mDNS, SNMP, UPnP, redirects) is left as it is: it is not measured by this change."""
    http = banner.get("http")
    carried = all(not value or key in _CENSYS_CARRIES for key, value in banner.items()) and (
        not isinstance(http, dict) or all(not value or key in _CENSYS_CARRIES_HTTP for key, value in http.items())
    )
    if not carried:
        return banner  # Shodan's module properties (mdns, snmp, upnp, redirects) have no twin written here
    module = str((banner.get("_shodan") or {}).get("module") or "")
    service: dict[str, Any] = {
        "port": banner.get("port"),
        "transport_protocol": str(banner.get("transport") or "tcp").upper(),
        "service_name": module.split("-")[0].upper() or "UNKNOWN",
        "banner": banner.get("data") or "",
    }
    if isinstance(http, dict):
        response: dict[str, Any] = {"status_code": http.get("status")}
        if http.get("server"):
            response["headers"] = {"Server": [http["server"]]}
        if isinstance(http.get("html"), str):
            response["body"] = http["html"]
        if http.get("title"):
            response["html_title"] = http["title"]
        if isinstance(http.get("favicon"), dict):
            response["favicons"] = [{"hash_shodan": http["favicon"].get("hash")}]
        service["http"] = {"response": response}
    cert = (banner.get("ssl") or {}).get("cert") if isinstance(banner.get("ssl"), dict) else None
    if isinstance(cert, dict):
        names = {key: ", ".join(f"{k}={v}" for k, v in (cert.get(key) or {}).items()) for key in ("subject", "issuer")}
        service["tls"] = {"certificates": {"leaf_data": {"subject_dn": names["subject"], "issuer_dn": names["issuer"]}}}
    return {"ip": banner.get("ip_str"), "services": [service]}


CHANGES: tuple[Change, ...] = (
    Change("crlf-to-lf", "reply", crlf_to_lf),
    Change("lf-to-crlf", "reply", lf_to_crlf),
    Change("header-names-lower", "head", header_names_lower),
    Change("header-names-upper", "head", header_names_upper),
    Change("header-order-reversed", "head", header_order_reversed),
    Change("status-line-dropped", "head", status_line_dropped),
    Change("body-cut-256", "body", _cut(256)),
    Change("body-cut-1024", "body", _cut(1024)),
    Change("body-cut-4096", "body", _cut(4096)),
    Change("whitespace-collapsed", "body", whitespace_collapsed),
    Change("entity-escaped", "body", entity_escaped),
    Change("json-string", "body", json_string),
    Change("xml-prefixes-stripped", "body", xml_prefixes_stripped),
    Change("xml-prefixes-renamed", "body", xml_prefixes_renamed),
    Change("xml-declaration-dropped", "body", xml_declaration_dropped),
    Change("soap-body-unwrapped", "body", soap_body_unwrapped),
    Change("trailing-nul", "raw", trailing_nul),
    Change("leading-bom", "raw", leading_bom),
    Change("latin1-mojibake", "reply", latin1_mojibake),
    Change("c-escaped", "raw", c_escaped),
    Change("reply-stored-whole", "record", record=stored_whole),
    Change("censys-host", "record", record=censys_host, fmt="censys"),
)


#: The pasted forms as changes of a paste as sent (:func:`pasted_as_sent`): each rewrites the whole text.
PASTED: tuple[Change, ...] = tuple(Change(name, "raw", text) for name, text in PASTES)


def perturbed(banner: dict[str, Any], change: Change) -> dict[str, Any]:
    """A copy of the Shodan ``banner`` as a collection that applied ``change`` would have stored it."""
    out = copy.deepcopy(banner)
    if change.record is not None:
        return change.record(out)
    data = out.get("data")
    http = out.get("http")
    if isinstance(data, str) and data:
        out["data"] = _data(data, change)
    if isinstance(http, dict) and isinstance(http.get("html"), str) and change.part in ("reply", "body"):
        http["html"] = change.text(http["html"])
    return out


# --- measuring ------------------------------------------------------------------------------------------------

SHARED_DATA = ROOT.parent / "shared" / "data"
#: Development fixtures without labels: the importers' Shodan fixtures (real public captures, each file says where
#: from; the deliberately broken one left out) and the public ONVIF, WS-Discovery and DHDiscover answers of
#: /work/shared/data, stored as Shodan keeps an HTTP answer (the head in ``data``, the document in ``http.html``).
FIXTURES = sorted(p for p in (ROOT / "tests" / "data" / "importers").glob("shodan_*.jsonl") if "broken" not in p.name)
SHARED_DOCUMENTS = ("onvif-mock-responses/*.xml", "wsdiscovery/*.xml", "dahua/*.json")
_FIXTURE_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: {kind}; charset=utf-8\r\nConnection: close\r\n\r\n"


def development_corpora() -> list[Path]:
    """The labelled corpora of ``bench/accuracy.py`` that are development data (never the held-out ones)."""
    return [c for c in DEFAULT_CORPORA if c.exists() and not is_held_out(c) and corpus_format(c) == "shodan"]


def fixture_banners() -> list[tuple[str, dict[str, Any]]]:
    """``(name, Shodan banner)`` of every development fixture (see :data:`FIXTURES`)."""
    found: list[tuple[str, dict[str, Any]]] = []
    for path in FIXTURES:
        for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if text.strip():
                found.append((f"{path.name}:{number}", json.loads(text)))
    for pattern in SHARED_DOCUMENTS:
        for path in sorted(SHARED_DATA.glob(pattern)):
            document = path.read_text(encoding="utf-8")
            kind = "application/json" if path.suffix == ".json" else "application/soap+xml"
            head = _FIXTURE_HEAD.format(kind=kind)
            banner = {"ip_str": "192.0.2.1", "port": 80, "transport": "tcp", "_shodan": {"module": "http"},
                      "data": head, "http": {"status": 200, "html": document}}
            found.append((f"{path.parent.name}/{path.name}", banner))
    return found


@dataclass
class Row:
    name: str
    changed: int = 0
    maker_before: int = 0
    maker_after: int = 0
    video_before: int = 0
    video_after: int = 0
    maker_lost: int = 0
    video_lost: int = 0
    wrong: int = 0
    gained: int = 0


@dataclass(frozen=True)
class Judged:
    maker: bool
    video: bool
    wrong: Claim | None


def _judge(answer: dict[str, Any], label: dict[str, Any], non_video: frozenset[str]) -> Judged:
    makers = {answer.get("brand"), answer.get("manufacturer")} - {None}
    camera = bool(label["is_video"])
    return Judged(
        maker=camera and bool(label.get("maker")) and names_maker(label["maker"], makers),
        video=camera and is_video_device(answer.get("device_type")),
        wrong=wrong_claim(answer, label, non_video),
    )


def _as_label(answer: dict[str, Any]) -> dict[str, Any]:
    """An unlabelled fixture's unperturbed answer taken as its label: what the transformed copies must keep."""
    video = is_video_device(answer.get("device_type"))
    return {"is_video": video, "maker": (answer.get("manufacturer") or answer.get("brand")) if video else None}


def _rules(answer: dict[str, Any]) -> str:
    return ",".join(e["rule_id"] for e in answer.get("evidence", [])) or "-"


def _read(lines: Sequence[bytes], fmt: str) -> list[Any]:
    return list(FORMATS[fmt](io.BytesIO(b"\n".join(lines) + b"\n")))


def measure(
    changes: Sequence[Change],
    banners: dict[str, dict[str, Any]],
    labels: dict[str, dict[str, Any]] | None,
    verbose: bool = False,
    maker: MakerTable | None = None,
) -> tuple[Row, list[Row]]:
    """The baseline row and one row per change over ``banners`` (name -> Shodan banner): judged against ``labels``
    (name -> label) leave-one-source-out (with the learned maker table ``maker`` left out per source, as
    ``bench/accuracy.py`` runs it; none by default), or, when ``labels`` is None, against each banner's own
    unperturbed answer with all rules."""
    rules = ruleset().rules
    non_video = non_video_rules(rules)
    base = Row("(unperturbed)")
    rows = [Row(c.name) for c in changes]
    # One importer read per format and one identification run for the baseline and every change together: the
    # variants take new positions, their labels are the original's, so each source's LOSO rule set compiles once.
    buffers: dict[str, list[bytes]] = defaultdict(list)
    read_as: dict[str, dict[int, tuple[int, str]]] = defaultdict(dict)  # format -> line -> (change or -1, name)
    for name, banner in banners.items():
        variants = [(-1, banner)] + [(i, perturbed(banner, c)) for i, c in enumerate(changes)]
        for index, variant in variants:
            fmt = "shodan" if index < 0 else changes[index].fmt
            if index >= 0 and variant == banner:
                continue  # unchanged, or a record the change cannot write
            buffers[fmt].append(json.dumps(variant, ensure_ascii=False).encode("utf-8"))
            read_as[fmt][len(buffers[fmt])] = (index, name)
    records = []
    origin: dict[int, tuple[int, str]] = {}  # position in the run -> (change index or -1, banner name)
    for fmt, lines in buffers.items():
        for record in _read(lines, fmt):
            if record.position in read_as[fmt]:
                moved = replace(record, position=len(origin) + 1)
                origin[moved.position] = read_as[fmt][record.position]
                records.append(moved)
    if labels is None:
        answered = identify_records(records)
        answers = dict(zip((r.position for r in records), answered, strict=True))
        labels = {name: _as_label(answers[p]) for p, (i, name) in origin.items() if i < 0 and p in answers}
    else:
        answers = loso_answers(records, {p: labels[name] for p, (_i, name) in origin.items()}, rules, maker)
    before: dict[str, tuple[Judged, dict[str, Any]]] = {}
    for position, (index, name) in origin.items():
        if index < 0 and position in answers:
            before[name] = (_judge(answers[position], labels[name], non_video), answers[position])
    for judged, _answer in before.values():
        base.maker_before += judged.maker
        base.video_before += judged.video
        base.wrong += judged.wrong is not None
    after: dict[int, dict[str, Judged]] = {i: {} for i in range(len(changes))}
    for position, (index, name) in origin.items():
        if index < 0 or position not in answers or name not in before:
            continue
        row, (was, was_answer) = rows[index], before[name]
        now = _judge(answers[position], labels[name], non_video)
        after[index][name] = now
        row.changed += 1
        lost = []
        if was.maker and not now.maker:
            row.maker_lost += 1
            lost.append("maker")
        if was.video and not now.video:
            row.video_lost += 1
            lost.append("video")
        if now.wrong and not was.wrong:
            row.wrong += 1
            lost.append(f"WRONG: {now.wrong}")
        row.gained += (now.maker and not was.maker) or (now.video and not was.video)
        if verbose and lost:
            said = f"[{_rules(was_answer)}] -> [{_rules(answers[position])}]"
            print(f"  {row.name} {name} lost {', '.join(lost)}: {said}")
    for index, row in enumerate(rows):
        row.maker_before, row.video_before = base.maker_before, base.video_before
        for name, (was, _answer) in before.items():
            now = after[index].get(name, was)
            row.maker_after += now.maker
            row.video_after += now.video
    base.maker_after, base.video_after = base.maker_before, base.video_before
    return base, rows


def labelled(corpora: Iterable[Path]) -> tuple[dict[str, dict[str, Any]], dict[str, dict[str, Any]]]:
    """``(banners, labels)`` by ``<corpus>:<line>`` of every labelled record of ``corpora``."""
    banners: dict[str, dict[str, Any]] = {}
    labels: dict[str, dict[str, Any]] = {}
    for corpus in corpora:
        found = load_labels(labels_path(corpus))
        for number, text in enumerate(corpus.read_text(encoding="utf-8").splitlines(), 1):
            if number in found:
                banners[f"{corpus.name}:{number}"] = json.loads(text)
                labels[f"{corpus.name}:{number}"] = found[number]
    return banners, labels


def _ratio(after: int, before: int) -> str:
    return f"{after / before:.3f}" if before else "-"


def table(base: Row, rows: Sequence[Row]) -> list[str]:
    """The rows as a text table; ``kept`` is after / before for the maker named and the video type."""
    header = f"{'transformation':<24} {'changed':>7} {'maker lost':>10} {'video lost':>10} {'wrong':>5} " \
             f"{'gained':>6} {'maker kept':>10} {'video kept':>10}"
    out = [header, "-" * len(header)]
    out.append(f"{base.name:<24} {'-':>7} {'-':>10} {'-':>10} {base.wrong:>5} {'-':>6} "
               f"{base.maker_before:>10} {base.video_before:>10}")
    for row in rows:
        out.append(
            f"{row.name:<24} {row.changed:>7} {row.maker_lost:>10} {row.video_lost:>10} {row.wrong:>5} {row.gained:>6} "
            f"{_ratio(row.maker_after, row.maker_before):>10} {_ratio(row.video_after, row.video_before):>10}"
        )
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", metavar="NAME", help="this transformation only (repeatable)")
    parser.add_argument("--list", action="store_true", help="list the transformations and what each models")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every record that lost something")
    args = parser.parse_args(argv)
    if args.list:
        for change in (*CHANGES, *PASTED):
            said = (change.record or change.text).__doc__ or ""
            print(f"{change.name:<24} {change.part:<6} {' '.join(said.split())}")
        return 0
    changes = [c for c in CHANGES if not args.only or c.name in args.only]
    pastes = [c for c in PASTED if not args.only or c.name in args.only]
    corpora = development_corpora()
    banners, labels = labelled(corpora)
    fixtures = dict(fixture_banners())
    if changes:
        base, rows = measure(changes, banners, labels, verbose=args.verbose)
        print(f"LABELLED: {', '.join(c.name for c in corpora)} (development, leave-one-source-out)")
        print(f"baseline: {base.maker_before} camera records name their maker, {base.video_before} are typed video,"
              f" {base.wrong} wrong claims")
        print("\n".join(table(base, rows)))
        base, rows = measure(changes, fixtures, None, verbose=args.verbose)
        print(f"\nFIXTURES: {len(fixtures)} development fixtures, unlabelled: each judged against its own unperturbed"
              " answer (all rules)")
        print(f"baseline: {base.maker_before} name a maker, {base.video_before} are typed video")
        print("\n".join(table(base, rows)))
    if pastes:
        sent = {name: pasted_as_sent(banner) for name, banner in banners.items()}
        base, rows = measure(pastes, sent, labels, verbose=args.verbose)
        print("\nPASTED, LABELLED: the same records pasted whole (head and page as one text, no other property),"
              " leave-one-source-out; the baseline is that paste as sent")
        print(f"baseline: {base.maker_before} camera records name their maker, {base.video_before} are typed video,"
              f" {base.wrong} wrong claims")
        print("\n".join(table(base, rows)))
        sent = {name: pasted_as_sent(banner) for name, banner in fixtures.items()}
        base, rows = measure(pastes, sent, None, verbose=args.verbose)
        print("\nPASTED, FIXTURES: each judged against its own paste as sent (all rules)")
        print(f"baseline: {base.maker_before} name a maker, {base.video_before} are typed video")
        print("\n".join(table(base, rows)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
