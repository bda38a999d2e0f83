"""Replies in the forms people paste them: a device's answer as a tool printed it, read back as the device sent it.

Collections built from issue threads, forums and notes keep a reply as the person pasted it: ``curl -v`` output
(``* `` notes, ``> `` request lines, ``< `` before each header line), ``wget -S`` (the headers indented by two
spaces among wget's own lines), HTTPie's or a netcat/telnet session's request printed before the answer, a Python,
Go or Rust string or bytes literal (``b'HTTP/1.1 401 ...\\r\\n'``), a list of byte values, a hex dump (``xxd``,
``xxd -p``, ``hexdump -C``, ``od -c``, Wireshark's "Follow stream" hex and C arrays), PowerShell's listing of an
``Invoke-WebRequest`` result (``RawContent : ...``), or a log that put its own prefix before every line. Each
hid the reply from every reader: a Hikvision 401 named by its realm as sent was typed camera with no maker as
``curl -v`` output and "not a camera" as a hex dump (bench/perturb.py, "PASTED").

:func:`unwrapped` is the one step that undoes them, for every importer (importers/sniff.py calls it first). It
is cheap on a reply in its plain form: one look-up of the text's first character, then at most a few anchored
``startswith`` or ``match`` calls; a reply that opens with ``HTTP/`` pays one bounded ``find``. A form is undone
only when the whole text (as far as it is read) has that form: a hex dump decodes only when every line is a
well-formed dump line, its offsets count its bytes and its character column agrees with them; a literal only when
it is one; a tool's transcript only when its lines before the answer are that tool's own. Anything else -- a page
showing hex, a banner that opens with ``< `` or ``* `` -- is left as it is (``None``). Reads at most
:data:`MAX_PASTED_CHARS` characters and :data:`MAX_LINES` lines; never raises on any text.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from camaudit.importers.reply_decoding import reply_text

#: Characters of a pasted text read (sniff gives at most its own 64 KiB; a hex dump of it holds about 15 KB).
MAX_PASTED_CHARS = 64 * 1024
#: Lines of a pasted text read.
MAX_LINES = 4096
#: A reply's status line, or a greeting's three-digit code (FTP, SMTP): what the first answer line of a
#: transcript must be.
_ANSWER = re.compile(r"(?:HTTP|RTSP)/\d(?:\.\d)? \d{3}\b|\d{3}[ -]|SSH-\d")
_STATUS = re.compile(r"(?:HTTP|RTSP)/\d(?:\.\d)? \d{3}\b")
#: A client's request line (HTTP or RTSP): what HTTPie, netcat and telnet sessions print before the answer.
_REQUEST = re.compile(
    r"(?:GET|HEAD|POST|PUT|OPTIONS|DESCRIBE|SETUP|PLAY|PAUSE|TEARDOWN|GET_PARAMETER|SET_PARAMETER) "
    r"[!-~]{1,2048} (?:HTTP|RTSP)/\d\.\d[ \t\r]{0,4}$"
)
#: Lines telnet prints around a session (BSD/GNU telnet, inetutils).
_TELNET_NOTES = ("Trying ", "Connected to ", "Escape character is ", "Connection closed by foreign host")
#: A shell prompt before the command that printed the rest (``$ curl -v http://...``), the command one of these.
_PROMPT = re.compile(r"[$#%>] {1,4}(?:sudo {1,4})?(curl|wget|nc|ncat|netcat|telnet|https?|xxd|hexdump|od|python3?)\b")
#: wget's own lines before the answer's head (GNU wget 1.x: the URL line, name resolution, connection, request).
_WGET_START = ("--", "Resolving ", "Connecting to ", "HTTP request sent", "Reusing existing connection")
#: An ISO 8601 time at the start of a log line, maybe bracketed (``2024-01-01 12:00:00,123``,
#: ``[2024-01-01T12:00:00Z]``).
_LOG_TIME = re.compile(
    r"\[?\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?\]?"
)
#: What starts the reply inside a log line's message: a status line, an XML document, an SSH greeting, a JSON object.
_LOG_REPLY = re.compile(r"(?:HTTP|RTSP)/\d(?:\.\d)? \d{3}\b|<\?xml |SSH-\d\.\d|\{\"")
#: How far into its first line a log line's reply may start.
_LOG_PREFIX_CHARS = 512
#: PowerShell's list view of an ``Invoke-WebRequest`` result: the property that holds the reply whole.
_RAW_CONTENT = re.compile(r"RawContent *: ")
#: A hex dump line's offset and what follows it: ``xxd`` (``00000000: ``), ``hexdump -C`` and Wireshark's
#: "Follow stream" hex (``00000000  ``; Wireshark writes capitals).
_DUMP_OFFSET = re.compile(r"([0-9A-Fa-f]{8})(: |  )")
#: What every text :func:`_hex_led` reads opens with: seven hex digits (an offset, a hex run) or a date.
_HEX_LED = re.compile(r"[0-9A-Fa-f]{7}|\d{4}-\d\d-\d\d")
#: ``od -c``: a seven-digit octal offset, then one character per four columns.
_OD_OFFSET = re.compile(r"([0-7]{7})(?: |$)")
_OD_ESCAPES = {"\\0": 0, "\\a": 7, "\\b": 8, "\\t": 9, "\\n": 10, "\\v": 11, "\\f": 12, "\\r": 13}
_OD_OCTAL = re.compile(r"[0-3][0-7]{2}")
#: One run of ``xxd -p`` (or Wireshark's "Raw") hex: only hex digits on a line.
_PLAIN_HEX_LINE = re.compile(r"(?:[0-9A-Fa-f]{2}){1,4096}")
#: What a plain hex dump's first line opens with: 16 bytes at least (``xxd -p`` writes 30 a line).
_PLAIN_HEX_START = re.compile(r"(?:[0-9A-Fa-f]{2}){16}")
#: Wireshark's "Follow stream" as C arrays: ``char peer0_0[] = { /* Packet 4 */`` (peer 1 is the server).
_C_ARRAY = re.compile(r"(?:static )?(?:const )?(?:unsigned )?char peer([01])_\d{1,6}\[\] = \{")
_C_ARRAY_BYTE = re.compile(r"0x([0-9A-Fa-f]{2})")
_C_COMMENT = re.compile(r"/\*[^*\n]{0,80}\*/")
#: Byte values printed as a list: Go's ``%v`` of a ``[]byte`` (``[72 84 84 80]``), Rust's ``{:?}`` of a ``&[u8]``
#: (``[72, 84, 84, 80]``), Python's ``list(data)``.
_NUMBER_LIST = re.compile(r"\[\d{1,3}(?:, ?| )\d{1,3}(?:, ?| )\d{1,3}(?:, ?| )\d{1,3}")
_NUMBERS_SEPARATORS = str.maketrans(",", " ")
#: A string or bytes literal's escapes: Python's, Go's ``%q`` and Rust's ``{:?}`` (``\\u{1b}``).
_ESCAPE = re.compile(
    r"\\(x[0-9A-Fa-f]{2}|u\{[0-9A-Fa-f]{1,6}\}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|[0-7]{1,3}|.)", re.DOTALL
)
_SIMPLE_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "a": "\a", "b": "\b", "f": "\f", "v": "\v", "\\": "\\",
                   "'": "'", '"': '"'}
#: Escapes a JSON string cannot hold: a literal with none of them is a JSON string, read by reply_decoding.unquoted.
_NOT_JSON_ESCAPE = re.compile(r"\\(?:x[0-9A-Fa-f]{2}|u\{|[0-7]|[av'])")
#: Bytes a dump's character column shows as themselves (the others as ``.``).
_DOTTED = bytes(b if 0x20 <= b < 0x7F else 0x2E for b in range(256))
#: Bytes of a text reply: printable ASCII, tab and line ends, and (in UTF-8 text) any byte of a UTF-8 sequence.
_TEXT_BYTES = bytes([9, 10, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])
_ASCII_TEXT_BYTES = bytes([9, 10, 13, *range(0x20, 0x7F)])
#: The share of a decoded dump without a character column (``xxd -p``, byte lists) that must be text bytes.
_TEXT_SHARE = 0.85
#: Fewest bytes a dump without a character column must hold.
_MIN_PLAIN_BYTES = 16
#: Fewest bytes of a byte list that does not open as a reply (a printed listing, a greeting) read as text.
_MIN_LINES_BYTES = 32


def unwrapped(text: str) -> str | None:
    """The reply inside ``text`` when ``text`` is one pasted in a form a tool printed (see the module's
    docstring), as the device sent it; ``None`` when it is not (a reply in its plain form, or anything else)."""
    lead = text[:1]
    # The replies most stored texts are, settled with no call: an HTTP head whose second line is not indented, an
    # RTSP answer, a JSON or XML document.
    if lead == "H" and text.startswith("HTTP/"):
        end = text.find("\n", 0, 512)
        if end < 0 or not text.startswith("  ", end + 1):
            return None
    elif (lead == "<" and text[1:2] != " ") or lead == "{" or (lead == "R" and text.startswith("RTSP/")):
        return None
    try:
        return _unwrapped(text)
    except (ValueError, LookupError, UnicodeError, OverflowError, RecursionError):
        return None  # hostile text a reader did not foresee: not a pasted form (tests hold the readers to none)


def _unwrapped(text: str) -> str | None:
    lead = text[:1]
    if lead == "H":  # most stored replies: only wget's headers, pasted without their indentation, or HTTPie
        return _indented_head(text) if text.startswith("HTTP/") else _by_first(text, "H")
    if lead in "<{RS":  # documents and the other plain replies, answered by one or two character comparisons
        if lead == "<" and text[1:2] == " ":
            return _curl_verbose(text[:MAX_PASTED_CHARS])
        if lead == "S" and text.startswith(("StatusCode", "StatusDescription")):
            return _powershell(text[:MAX_PASTED_CHARS])
        if lead == "R" and text.startswith("Resolving "):
            return _wget(text[:MAX_PASTED_CHARS])
        return None
    if lead in " \t\r\n\ufeff\x00":
        return _led(text)
    return _by_first(text, lead)


def _led(text: str) -> str | None:
    """A text that opens with white space: a dump or head whose first line keeps its indentation (Wireshark's
    server side, wget's head pasted alone), else whatever follows the white space."""
    body = text[:MAX_PASTED_CHARS].lstrip("\r\n\ufeff\x00")
    stripped = body.lstrip(" \t")
    if not stripped or (stripped[:1] == "<" and stripped[1:2] != " "):
        return None
    if body[:1] == " " and stripped.startswith(("HTTP/", "RTSP/")):
        return _indented_head(body)
    if stripped[:1] == "H" and stripped.startswith("HTTP/"):
        return _indented_head(stripped)
    if body[:1] == " " and _DUMP_OFFSET.match(stripped):
        return _offset_dump(body)
    return unwrapped(stripped) if stripped[:1] not in " \t\r\n\ufeff\x00" else None


def _by_first(text: str, lead: str) -> str | None:
    readers = _READERS.get(lead)
    if readers is None:
        return None
    head = text[:MAX_PASTED_CHARS]
    if len(head) == MAX_PASTED_CHARS and "\n" in head:
        head = head[: head.rindex("\n")]  # cut short where the caller stopped reading: its last line is partial
    for reader in readers:
        found = reader(head)
        if found is not None:
            return found
    return None


def _lines(text: str) -> list[str]:
    """The lines of ``text`` (at most :data:`MAX_LINES`), their line ends (LF, CRLF) taken off."""
    lines = text.split("\n", MAX_LINES)[:MAX_LINES]
    return [line[:-1] if line[-1:] == "\r" else line for line in lines]


def _answers_only(text: str) -> str | None:
    """A session's text with the client's requests taken out (each request line, its header lines and the blank
    lines after them); ``None`` unless what is left opens with an answer. Two answers are left one after the other,
    as a collector stores an exchange (the reader splits it at each status line that starts a line)."""
    out: list[str] = []
    in_request = after_request = False
    for line in _lines(text):
        if in_request:
            in_request = bool(line.strip())  # the request's head ends at its blank line
            continue
        if _REQUEST.match(line):
            in_request = after_request = True
            while out and not out[-1].strip():
                out.pop()
            continue
        if after_request and not line.strip():
            continue  # HTTPie prints blank lines between the request and the answer
        after_request = False
        if not out and not line.strip():
            continue
        if line.startswith(_TELNET_NOTES[3]):
            continue
        out.append(line)
    while out and not out[-1].strip():
        out.pop()
    if not out or not _ANSWER.match(out[0]):
        return None
    return "\n".join(out)


def _transcript(text: str) -> str | None:
    """HTTPie's ``--verbose`` output or a netcat session: the request (line, headers, blank lines), then the
    answer, maybe more requests and answers (an RTSP OPTIONS, then DESCRIBE)."""
    if not _REQUEST.match(text[:2100].split("\n", 1)[0]):
        return None
    return _answers_only(text)


def _telnet(text: str) -> str | None:
    """A telnet session: telnet's own lines (``Trying ...``, ``Connected to ...``, ``Escape character is '^]'.``),
    then the greeting, or the request typed and its answer, then ``Connection closed by foreign host.``"""
    lines = _lines(text)
    start = 0
    while start < len(lines) and start < 4 and lines[start].startswith(_TELNET_NOTES[:3]):
        start += 1
    if not any(line.startswith(_TELNET_NOTES[2]) for line in lines[:start]):
        return None  # telnet always says its escape character; a banner that opens "Connected to ..." does not
    rest = "\n".join(lines[start:]).lstrip("\r\n")
    if _REQUEST.match(rest.split("\n", 1)[0]):
        return _answers_only(rest)
    kept = [line for line in _lines(rest) if not line.startswith(_TELNET_NOTES[3])]
    found = "\n".join(kept).strip("\r\n")
    return found or None


def _prompted(text: str) -> str | None:
    """A shell prompt and the command that printed what follows (``$ curl -v http://...``, ``$ nc host 554``): what
    follows, read as that tool's output, else as it is (``$ curl -i``, a greeting netcat printed)."""
    if _PROMPT.match(text) is None:
        return None
    rest = text.split("\n", 1)[1] if "\n" in text else ""
    rest = rest.lstrip("\r\n")
    if not rest:
        return None
    found = unwrapped(rest)
    return rest if found is None else found  # the tool's output, read as the tool printed it


def _curl_verbose(text: str) -> str | None:
    """``curl -v`` (or ``--verbose``): ``*`` notes and ``>`` request lines before the answer, whose head lines
    each follow ``< ``; the body as it came; more notes after it."""
    out: list[str] = []
    answered = False
    for line in _lines(text):
        if line.startswith("< ") or line == "<":
            if not answered and not _ANSWER.match(line, 2):
                return None  # curl's first answer line is a status line (or a greeting's code)
            answered = True
            out.append(line[2:])
        elif line.startswith(("* ", "> ", "{ [", "} [")) or line in ("*", ">"):
            continue
        elif not answered:
            if line.strip():
                return None  # a line curl does not print before the answer
        else:
            out.append(line)
    while out and not out[-1].strip():
        out.pop()
    return "\n".join(out) if answered and out else None


def _indented_head(text: str) -> str | None:
    """An answer head whose header lines are indented (``wget -S`` prints each two spaces in; a person pasted the
    head alone): the head without the indentation; ``None`` when the second line is not indented."""
    end = text.find("\n", 0, 512)
    if end < 0 or not text.startswith("  ", end + 1) or text[end + 3 : end + 4] in (" ", "\t", ""):
        return None
    out: list[str] = []
    lines = _lines(text[:MAX_PASTED_CHARS])
    for index, line in enumerate(lines):
        if index and not line.startswith("  "):
            rest = lines[index:]
            if not any(part.strip() for part in rest):
                return "\n".join(out)
            return "\n".join([*out, *([] if rest[0].strip() else [""]), *rest])
        out.append(line.strip(" "))
    return "\n".join(out)


def _wget(text: str) -> str | None:
    """``wget -S`` (``--server-response``) output: wget's lines, the answer's head two spaces in, and, when the
    body went to standard output (``-O -``), the body after ``Saving to: 'STDOUT'``."""
    lines = _lines(text)
    start = next((i for i, line in enumerate(lines[:64]) if line.startswith("  ") and _STATUS.match(line, 2)), None)
    if start is None or not all(not line.strip() or line.startswith(_WGET_START) or ":" in line
                                for line in lines[:start]):
        return None
    head: list[str] = []
    index = start
    while index < len(lines) and lines[index].startswith("  "):
        head.append(lines[index][2:])
        index += 1
    body: list[str] = []
    for at in range(index, min(len(lines), index + 8)):
        if lines[at].startswith("Saving to: ") and "STDOUT" in lines[at]:
            body = lines[at + 1 :]
            break
    while body and (not body[-1].strip() or (_LOG_TIME.match(body[-1]) and "written to stdout" in body[-1])):
        body.pop()
    while body and not body[0].strip():
        body.pop(0)
    return "\n".join([*head, "", *body]) if body else "\n".join(head)


def _log_prefixed(text: str) -> str | None:
    """A log that wrote the reply one line at a time, each behind the same prefix (a time, then the same words:
    ``2024-01-01 12:00:00 DEBUG ... response: HTTP/1.1 401 ...``); lines of the reply the logger did not prefix
    stay. Ends at the first line that another log record starts."""
    time = _LOG_TIME.match(text)
    if time is None:
        return None
    first_end = text.find("\n")
    first = text[: first_end if first_end >= 0 else len(text)].rstrip("\r")
    reply = _LOG_REPLY.search(first, time.end(), _LOG_PREFIX_CHARS)
    if reply is None:
        return None
    words = first[time.end() : reply.start()]
    out = [first[reply.start() :]]
    for line in _lines(text)[1:]:
        stamp = _LOG_TIME.match(line)
        if stamp is None:
            out.append(line)
        elif line.startswith(words, stamp.end()):
            out.append(line[stamp.end() + len(words) :])
        else:
            break
    return "\n".join(out)


def _powershell(text: str) -> str | None:
    """PowerShell's list view of an ``Invoke-WebRequest`` result: ``RawContent : <the reply>``, its later lines
    indented to the value's column, up to the next property."""
    lines = _lines(text)
    for index, line in enumerate(lines[:32]):
        found = _RAW_CONTENT.match(line)
        if found is None:
            continue
        column = found.end()
        out = [line[column:]]
        for more in lines[index + 1 :]:
            if more.startswith(" " * column):
                out.append(more[column:])
            elif not more.strip():
                out.append("")
            else:
                break
        while out and not out[-1].strip():
            out.pop()
        return "\n".join(out) if out and _ANSWER.match(out[0]) else None
    return None


def _offset_dump(text: str) -> str | None:
    """A hex dump with offsets, every line well formed: ``xxd`` (``00000000: 4854 5450 ...  HTTP``), ``hexdump
    -C`` (``00000000  48 54 54 50 ...  |HTTP...|``, ``*`` for repeated lines, the length last) or Wireshark's
    "Follow stream" hex (``00000000  48 54 ...   HTTP/1.1 ...``, offsets counted per direction, the server's lines
    four spaces in: those are the reply). Each line's character column must show its bytes."""
    sides: dict[int, bytearray] = {}
    last: dict[int, bytes] = {}
    squeezed = False
    for line in _lines(text):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line[indent:]
        if body == "*":
            squeezed = True
            continue
        found = _DUMP_OFFSET.match(body)
        data = sides.setdefault(indent, bytearray())
        closing = found is None and len(body) == 8 and _DUMP_OFFSET.match(body + "  ") is not None
        if found is None and not closing:
            return None
        offset = int(body[:8], 16)
        if squeezed and offset > len(data) and indent in last and (offset - len(data)) % len(last[indent]) == 0:
            if offset - len(data) > MAX_PASTED_CHARS:
                return None
            data += last[indent] * ((offset - len(data)) // len(last[indent]))
        squeezed = False
        if offset != len(data):
            return None
        if closing:
            continue  # hexdump's closing line: the length alone
        chunk = _dump_line(body, body[8:10] == ": ")
        if chunk is None:
            return None
        data += chunk
        last[indent] = chunk
    if not sides or not any(sides.values()):
        return None
    reply = sides[max(sides)] if len(sides) > 1 else next(iter(sides.values()))
    return reply_text(bytes(reply))


def _dump_line(body: str, xxd: bool) -> bytes | None:
    """The bytes of one dump line whose character column agrees with them, else ``None``."""
    if xxd:
        area, shown = body[10:49], body[51:]
    elif body[60:61] == "|":
        area, shown = body[10:59], body[61:].rstrip(" ")
        if not shown.endswith("|"):
            return None
        shown = shown[:-1]
    else:
        area, shown = body[10:59], body[61:]
        if len(shown) > 8 and shown[8:9] == " ":
            shown = shown[:8] + shown[9:]  # Wireshark writes a space after the eighth character
    try:
        chunk = bytes.fromhex(area)
    except ValueError:
        return None
    if not chunk or len(chunk) > 16:
        return None
    if chunk.translate(_DOTTED).decode("ascii").rstrip(" ") != shown.rstrip(" "):
        return None
    return chunk


def _od(text: str) -> str | None:
    """``od -c``: a seven-digit octal offset, then each byte in four columns (the character, an escape such as
    ``\\r``, or three octal digits), ``*`` for repeated lines, the length last."""
    lines = [line for line in _lines(text) if line.strip()]
    offsets: list[int] = []
    for line in lines:
        found = _OD_OFFSET.match(line)
        if found is None and line != "*":
            return None
        offsets.append(-1 if found is None else int(found[1], 8))
    data = bytearray()
    previous = b""
    for index, line in enumerate(lines):
        if offsets[index] < 0:
            continue
        if offsets[index] != len(data):
            if index and offsets[index - 1] < 0 and previous and (offsets[index] - len(data)) % len(previous) == 0:
                data += previous * ((offsets[index] - len(data)) // len(previous))
            else:
                return None
        following = next((o for o in offsets[index + 1 :] if o >= 0), None)
        if following is None and len(line) <= 7:
            break  # the last line: the length alone
        if following is None:
            count = -(-len(line[7:].rstrip(" ")) // 4)  # cut short before the length: the cells written
        else:
            count = min(following - offsets[index], 16) if following > offsets[index] else 16
        cells = line[7:].ljust(4 * count)
        chunk = bytearray()
        for at in range(0, 4 * count, 4):
            cell = cells[at : at + 4].strip(" ") or " "
            if cell in _OD_ESCAPES:
                chunk.append(_OD_ESCAPES[cell])
            elif _OD_OCTAL.fullmatch(cell):
                chunk.append(int(cell, 8))
            elif len(cell) == 1 and " " <= cell < "\x7f":
                chunk.append(ord(cell))
            else:
                return None
        if len(cells) > 4 * count and cells[4 * count :].strip():
            return None
        data += chunk
        previous = bytes(chunk)
    if len(data) < _MIN_PLAIN_BYTES:
        return None
    return reply_text(bytes(data))


def _plain_hex(text: str) -> str | None:
    """``xxd -p`` (or Wireshark's "Raw"): lines of hex digits only; decoded when there are enough bytes and they
    are mostly text (a hash or a key printed in hex is no reply)."""
    if _PLAIN_HEX_START.match(text) is None:
        return None
    lines = [line for line in _lines(text.strip()) if line]
    if not lines or not all(_PLAIN_HEX_LINE.fullmatch(line) for line in lines):
        return None
    return _text_bytes(bytes.fromhex("".join(lines)))


def _number_list(text: str) -> str | None:
    """Byte values printed as a list (Go ``[72 84 ...]``, Rust and Python ``[72, 84, ...]``), every value a
    byte; decoded when there are enough and they are text that opens as a reply does, or lines of printable text."""
    if _NUMBER_LIST.match(text) is None:
        return None
    end = text.find("]")
    if end < 0 and len(text) >= MAX_PASTED_CHARS:
        end = max(text.rfind(","), text.rfind(" "))  # a long list cut where the caller stopped reading
    elif end < 0 or text[end + 1 :].strip():
        return None
    values = text[1:end].translate(_NUMBERS_SEPARATORS).split()
    if not all(value.isdigit() and len(value) <= 3 and int(value) < 256 for value in values):
        return None
    data = bytes(int(value) for value in values)
    decoded = _text_bytes(data)
    if decoded is None:
        return None
    opening = decoded.lstrip()
    if _ANSWER.match(opening) or opening.startswith(("<", "{")):
        return decoded
    # Text of lines, nearly all printable: no list of readings or settings a JSON answer holds is that.
    lines_of_text = b"\n" in data and len(data.translate(None, _ASCII_TEXT_BYTES)) <= 0.05 * len(data)
    return decoded if len(data) >= _MIN_LINES_BYTES and lines_of_text else None


def _text_bytes(data: bytes) -> str | None:
    """``data`` read as a reply when there are enough bytes and they are mostly text: printable ASCII and line ends,
    and bytes past ASCII only when the whole is UTF-8 (random bytes, a hash, a key are not)."""
    if len(data) < _MIN_PLAIN_BYTES:
        return None
    try:
        data.decode("utf-8")
        other = data.translate(None, _TEXT_BYTES)
    except UnicodeDecodeError:
        other = data.translate(None, _ASCII_TEXT_BYTES)
    if len(other) > (1 - _TEXT_SHARE) * len(data):
        return None
    return reply_text(data)


def _c_arrays(text: str) -> str | None:
    """Wireshark's "Follow stream" as C arrays: ``char peer0_N[] = {`` for the client's packets, ``peer1_N`` for
    the server's, each ``0x48, 0x54, ...};``. The server's bytes, in order; every array well formed."""
    client, server = bytearray(), bytearray()
    at = 0
    found = _C_ARRAY.match(text)
    while found is not None:
        close = text.find("}", found.end())
        if close < 0:
            close = len(text)  # cut short: the bytes so far
        inside = text[found.end() : close]
        inside = _C_COMMENT.sub("", inside)
        if _C_ARRAY_BYTE.sub("", inside).strip(" \t\r\n,"):
            return None  # anything but byte values, commas, white space and the packet comment
        (server if found[1] == "1" else client).extend(int(b, 16) for b in _C_ARRAY_BYTE.findall(inside))
        at = text.find("\n", close)
        if at < 0:
            break
        rest = text[at:].lstrip()
        found = _C_ARRAY.match(rest)
        text = rest
    reply = server or client
    return reply_text(bytes(reply)) if reply else None


def _literal(text: str) -> str | None:
    """A Python, Go or Rust string or bytes literal holding the reply on one line (``b'HTTP/1.1 401
    ...\\r\\n'``, ``'...'``, ``"..."`` with ``\\x``/``\\u{..}`` escapes a JSON string cannot hold: a JSON string is
    read by reply_decoding.unquoted): its value, bytes read as a reply's bytes are."""
    as_bytes = text[:1] == "b"
    body = text[1:] if as_bytes else text
    quote = body[:1]
    if quote not in ("'", '"'):
        return None
    line = body.split("\n", 1)[0].rstrip("\r \t")
    closed = len(line) > 1 and line.endswith(quote) and (len(line) - 1 - len(line[:-1].rstrip("\\"))) % 2 == 0
    inner = line[1:-1] if closed else line[1:]  # an even run of backslashes before the last quote: it closes
    if "\\" not in inner and not closed:
        return None  # neither an escape nor a closing quote: a text that opens with a quote
    if quote == '"' and not as_bytes and not _has_non_json_escape(inner):
        return None  # a JSON string: reply_decoding.unquoted reads it
    value = _ESCAPE.sub(_unescaped, inner)
    if as_bytes:
        try:
            return reply_text(value.encode("latin-1"))
        except UnicodeEncodeError:
            return None
    return value if value.strip() else None


def _has_non_json_escape(inner: str) -> bool:
    """Whether a literal's text holds an escape a JSON string cannot (``\\x41``, ``\\u{..}``, octal, ``\\a``,
    ``\\v``, ``\\'``), reading escapes left to right so that an escaped backslash is one escape: in the JSON text
    ``\\\\0`` (a backslash, then the digit 0) the ``0`` is no escape, and the string must go to JSON's reader, which
    joins a ``\\ud800\\udc00`` surrogate pair into one character (found by test_quoted_replies' Hypothesis property)."""
    return any(_NOT_JSON_ESCAPE.match(m.group(0)) for m in _ESCAPE.finditer(inner))


def _unescaped(match: re.Match[str]) -> str:
    code = match.group(1)
    if code[0] == "x":
        return chr(int(code[1:], 16))
    if code[0] == "u" and len(code) > 1:
        value = int(code[2:-1] if code[1] == "{" else code[1:], 16)
        return chr(value) if value < 0x110000 else "\ufffd"
    if code[0] == "U" and len(code) > 1:
        value = int(code[1:], 16)
        return chr(value) if value < 0x110000 else "\ufffd"
    if code[0] in "01234567":
        return chr(int(code, 8))
    return _SIMPLE_ESCAPES.get(code, "\\" + code)


def _hex_led(text: str) -> str | None:
    """A text opening with a hex digit: a dump with offsets, ``od -c``, plain hex, or a log line's time."""
    if _HEX_LED.match(text) is None:
        return None  # a greeting ("220 ..."), a login prompt, a version: one match says so
    if _DUMP_OFFSET.match(text):
        return _offset_dump(text)
    if _OD_OFFSET.match(text):
        return _od(text)
    if _LOG_TIME.match(text):
        return _log_prefixed(text)
    return _plain_hex(text)


#: The readers worth trying on a text, by its first character: the cheap anchored test that keeps every other
#: text (a reply in its plain form) from paying for any of them. ``H``, ``R``, ``S``, ``<``, ``{`` and white space
#: are settled in :func:`unwrapped` itself.
_READERS: dict[str, tuple[Callable[[str], str | None], ...]] = {
    "*": (_curl_verbose,),
    ">": (_curl_verbose,),
    "-": (_wget,),
    "b": (_literal,),
    "'": (_literal,),
    '"': (_literal,),
    "[": (_number_list, _log_prefixed),
    "c": (_c_arrays,),
    "s": (_c_arrays,),
    "u": (_c_arrays,),
    "$": (_prompted,),
    "#": (_prompted,),
    "%": (_prompted,),
    "T": (_telnet, _transcript),
    "C": (_telnet, _wget, _hex_led),
    "E": (_telnet, _hex_led),
    "H": (_wget, _transcript),
    "G": (_transcript,),
    "O": (_transcript,),
    "P": (_transcript,),
    "D": (_transcript, _hex_led),
    **{digit: (_hex_led,) for digit in "0123456789adefABF"},
}
