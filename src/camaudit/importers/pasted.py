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

from camaudit.importers import pasted_dumps as dumps
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
#: The tools whose output a pasted command line introduces.
_TOOLS = r"(?:curl|wget|nc|ncat|netcat|telnet|https?|xxd|hexdump|od|python3?|tcpdump|openssl)"
#: A shell prompt before the command that printed the rest: ``$ curl -v http://...``, ``user@host:~$ nc x 554``,
#: ``(venv) user@host dir % python3 x.py``, ``➜  ~ curl -i x``, ``PS C:\> curl.exe x``; or the command line alone,
#: pasted without its prompt (``curl -v http://...``: the tool, then an option or an address).
_PROMPT = re.compile(
    r"(?:\([\w.-]{1,40}\) {1,2})?(?:[\w.-]{1,32}@[\w.-]{1,64}[: ][^\n$#%>]{0,120}?)?"
    r"(?:[$#%>\u276f\u279c] {1,4}(?:[\w./~-]{1,60} {1,2}(?=(?:sudo )?" + _TOOLS + r"\b))?"
    r"|PS [A-Za-z]:\\[^\n>]{0,120}> {1,4})"
    r"(?:sudo {1,4})?" + _TOOLS + r"(?:\.exe)?\b"
)
#: What a command line pasted alone opens with, and the characters a prompt ends with: a cheap test before the patterns.
_TOOL_OPENINGS = ("curl", "wget", "nc ", "ncat", "netcat", "telnet", "http", "xxd", "hexdump", "od ", "python",
                  "tcpdump", "openssl", "sudo")
_PROMPT_MARK = re.compile("[$#%>\u276f\u279c]")
_COMMAND = re.compile(r"(?:sudo {1,4})?" + _TOOLS + r"(?:\.exe)? {1,4}(?:-|[a-z]{2,8}://|\d{1,3}\.\d|[\w.-]{1,253} \d)")
#: A person's word between the command and its output (``returns:``, ``Result :``, ``Output:``).
_LABEL_LINE = re.compile(r"[A-Za-z][\w ]{0,20}:\s{0,2}")
#: wget's own lines before the answer's head (GNU wget 1.x: the URL line, name resolution, connection, request).
_WGET_START = ("--", "Resolving ", "Connecting to ", "HTTP request sent", "Reusing existing connection")
#: A time at the start of a log line, maybe bracketed: ISO 8601 (``2024-01-01 12:00:00,123``,
#: ``[2024-01-01T12:00:00Z]``), Go's log package (``2024/04/28 06:49:18``), or a time of day alone
#: (``06:49:18.123``); with a fraction ticking from line to line.
_LOG_TIME = re.compile(
    r"\[?(?:\d{4}[-/]\d\d[-/]\d\d[ T])?\d\d:\d\d:\d\d(?:[.,]\d{1,9})?(?:Z|[+-]\d\d:?\d\d)?\]?:?"
)
#: What starts the reply inside a log line's message: a status line, an XML document, an SSH greeting, a JSON object,
#: or a hex dump's first line (a dump written by a logger).
_LOG_REPLY = re.compile(r"(?:HTTP|RTSP)/\d(?:\.\d)? \d{3}\b|<\?xml |SSH-\d\.\d|\{\"|0{8}(?:: |  )[0-9A-Fa-f]{2}")
#: A log line's prefix words that must repeat exactly on the reply's other lines: a level (``DEBUG``, ``DEB``,
#: ``TRC``) or a label ending in a colon (``reply:``); bracketed names (a logger, a thread, a direction) may change.
_LOG_FIXED_WORD = re.compile(r"[A-Z]{3,8}|[\w.-]{1,40}:")
#: One word of a log line's prefix: a bracketed group (spaces and all), else a run of non-space characters.
_LOG_WORD = re.compile(r"[ \t]{0,40}(\[[^\]\n]{0,80}\]|\([^)\n]{0,80}\)|<[^>\n]{0,40}>|[^ \t\n]{1,120})")
#: A name in a log prefix that may change from line to line (a logger's, a thread's).
_LOG_NAME = re.compile(r"[\w.$-]{1,80}")
#: How far into its first line a log line's reply may start.
_LOG_PREFIX_CHARS = 512
#: PowerShell's list view of an ``Invoke-WebRequest`` result: the property that holds the reply whole.
_RAW_CONTENT = re.compile(r"RawContent *: ")
#: What every text :func:`_hex_led` reads opens with: seven hex digits (an offset, a hex run), a date, a time, or
#: two hex digits and a space (bytes written one by one).
_HEX_LED = re.compile(r"[0-9A-Fa-f]{7}|\d{4}[-/]\d\d[-/]\d\d|\d\d:\d\d:\d\d|[0-9A-Fa-f]{2} [0-9A-Fa-f]{2} ")
#: Python's ``http.client`` at ``set_debuglevel(1)``: the status line as a str literal, one line per header.
_HTTP_CLIENT_REPLY = re.compile(r"reply: (['\"])((?:HTTP|RTSP)/\d\.\d \d{3}[^\n]{0,200}?)\\r\\n\1$")
_HTTP_CLIENT_OPENING = re.compile(r"send: b['\"]|reply: ['\"]|[A-Z]{4,8}:[\w.]{1,80}:")
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
    if body[:1] == " " and dumps.DUMP_OFFSET.match(stripped):
        return dumps.offset_dump(body)
    if stripped.startswith(("Label:", "Offset Bytes", "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F")):
        return _powershell_hex(body)  # PowerShell's Format-Hex: its label or column heads first
    if body[:1] == " " and dumps.SPACED_START.match(body):
        return dumps.spaced_hex(body)  # od -An -tx1
    return unwrapped(stripped) if stripped[:1] not in " \t\r\n\ufeff\x00" else None


def _powershell_hex(text: str) -> str | None:
    """PowerShell's ``Format-Hex``: 7's sixteen-digit offsets, else 5's (eight digits, three spaces), after the
    column heads."""
    for line in text.split("\n", 12)[:12]:
        line = line.rstrip("\r")
        if dumps.FORMAT_HEX_LINE.match(line):
            return dumps.format_hex(text)
        if dumps.DUMP_OFFSET.match(line):
            return dumps.offset_dump("\n".join(
                part for part in text.split("\n") if part.strip() and not part.strip().startswith("00 01 02 ")))
    return None


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
    """A shell prompt and the command that printed what follows (``$ curl -v http://...``, ``user@host:~$ nc host
    554``), or the command line pasted alone (``curl -i http://...``): what follows, read as that tool's output, else
    as it is (``$ curl -i``, a greeting netcat printed). A person's short word between them (``returns:``) is passed
    over when an answer or a document follows it."""
    if not text.startswith(_TOOL_OPENINGS) and _PROMPT_MARK.search(text, 0, 240) is None:
        return None  # most texts that open with a letter: settled by one prefix test and one character search
    if _PROMPT.match(text) is None and _COMMAND.match(text) is None:
        return None
    rest = text.split("\n", 1)[1] if "\n" in text else ""
    rest = rest.lstrip("\r\n")
    label = _LABEL_LINE.fullmatch(rest.split("\n", 1)[0].rstrip("\r"))
    if label is not None and "\n" in rest:
        after = rest.split("\n", 1)[1].lstrip("\r\n")
        if _ANSWER.match(after) or after[:1] in ("<", "{", "["):
            rest = after
    if not rest:
        return None
    found = unwrapped(rest)
    return rest if found is None else found  # the tool's output, read as the tool printed it


def _curl_verbose(text: str) -> str | None:
    """``curl -v`` (or ``--verbose``): ``*`` notes and ``>`` request lines before the answer, whose head lines
    each follow ``< ``; the body as it came; more notes after it."""
    out: list[str] = []
    answered = request_block = False
    for line in _lines(text):
        if line.startswith("< ") or line == "<":
            if not answered and not _ANSWER.match(line, 2):
                return None  # curl's first answer line is a status line (or a greeting's code)
            answered = True
            out.append(line[2:])
        elif line.startswith(("* ", "> ", "{ [", "} [")) or line in ("*", ">"):
            # libcurl's debug callback (CURLOPT_VERBOSE in a program) marks only a header block's first line
            request_block = not answered and _REQUEST.match(line, 2) is not None
            continue
        elif not answered:
            if request_block and line.strip():
                continue  # the request's other header lines, printed bare
            if line.strip():
                return None  # a line curl does not print before the answer
            request_block = False
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
    """A log that wrote the reply one line at a time behind its prefix: a time that may tick from line to line, then
    the same words (``2024-01-01 12:00:00.123 DEBUG [rtsp.client] recv: RTSP/1.0 401 ...``) -- a level and a label
    repeat exactly, bracketed names (loggers, threads, a direction such as ``[s->c]``) may change. Lines of the reply
    the logger did not prefix stay. A line whose message is a client's request (``[c->s] DESCRIBE ...``) and the
    unprefixed lines after it are the other side: left out. Ends at the first line another log record starts. The
    reply is found in the first of the first 16 lines that holds one; a hex dump the logger wrote is read as a dump."""
    lines = _lines(text)
    first = None
    for index, line in enumerate(lines[:16]):
        time = _LOG_TIME.match(line)
        if time is None:
            if index == 0:
                return None
            continue  # an earlier record's unprefixed lines (a request's headers)
        reply = _LOG_REPLY.search(line, time.end(), _LOG_PREFIX_CHARS)
        if reply is not None:
            first = index
            break
    if first is None:
        return None
    line = lines[first]
    stamp = _LOG_TIME.match(line)
    assert stamp is not None and reply is not None
    words = [found[1] for found in _LOG_WORD.finditer(line[stamp.end() : reply.start()])]
    out = [line[reply.start() :]]
    skipping = False
    for line in lines[first + 1 :]:
        stamp = _LOG_TIME.match(line)
        if stamp is None:
            if not skipping:
                out.append(line)
            continue
        message = _after_words(line, stamp.end(), words)
        if message is None:
            break
        skipping = _REQUEST.match(message) is not None
        if not skipping:
            out.append(message)
    inner = "\n".join(out)
    if inner[:1] == "0":
        return dumps.offset_dump(inner)
    return inner


def _after_words(line: str, start: int, words: list[str]) -> str | None:
    """The message of a log line after its prefix words (``None`` when they are not the first line's: a level or a
    label that differs, a bracket where there was none, fewer words): as many words as the first line's prefix had."""
    at = start
    for word in words:
        found = _LOG_WORD.match(line, at)
        if found is None:
            return None
        token = found[1]
        if token != word and not _may_change(word, token):
            return None
        at = found.end()
    if line.startswith(" ", at):
        at += 1
    return line[at:]


def _may_change(word: str, token: str) -> bool:
    """Whether a log prefix's ``word`` may read ``token`` on a later line: a bracketed group for another of the same
    brackets, a name for another name; never a level or a label."""
    if _LOG_FIXED_WORD.fullmatch(word) or token[:1] != word[:1]:
        return False
    return word[:1] in "[(<" or _LOG_NAME.fullmatch(token) is not None


def _http_client_debug(text: str) -> str | None:
    """Python's ``http.client`` debug output (``set_debuglevel(1)``, as ``requests``' debug recipes turn on):
    ``send: b'...'`` lines, then ``reply: 'HTTP/1.1 200 OK\\r\\n'`` and one ``header: Name: value`` line per header,
    maybe among ``logging``'s lines. The answer's head as the device sent it (http.client prints no body)."""
    if _HTTP_CLIENT_OPENING.match(text) is None:
        return None
    lines = _lines(text)
    for index, line in enumerate(lines[:64]):
        found = _HTTP_CLIENT_REPLY.match(line)
        if found is None:
            continue
        head = [found[2]]
        for more in lines[index + 1 :]:
            if not more.startswith("header: "):
                break
            head.append(more[8:])
        return "\r\n".join(head) + "\r\n\r\n" if len(head) > 1 else None
    return None


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
    decoded = dumps.text_bytes(data)
    if decoded is None:
        return None
    opening = decoded.lstrip()
    if _ANSWER.match(opening) or opening.startswith(("<", "{")):
        return decoded
    # Text of lines, nearly all printable: no list of readings or settings a JSON answer holds is that.
    lines_of_text = b"\n" in data and len(data.translate(None, dumps.ASCII_TEXT_BYTES)) <= 0.05 * len(data)
    return decoded if len(data) >= _MIN_LINES_BYTES and lines_of_text else None


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
    """A text opening with a hex digit: a dump with offsets, ``od -c``, two-byte words (``hexdump``, ``od -x``),
    PowerShell's ``Format-Hex``, tcpdump's packets, bytes written one by one, plain hex, or a log line's time."""
    if _HEX_LED.match(text) is None:
        return None  # a greeting ("220 ..."), a login prompt, a version: one match says so
    if dumps.DUMP_OFFSET.match(text):
        return dumps.offset_dump(text)
    if dumps.OD_OFFSET.match(text):
        return dumps.od_characters(text) or dumps.word_dump(text)
    if dumps.FORMAT_HEX_LINE.match(text):
        return dumps.format_hex(text)
    if dumps.TCPDUMP_PACKET.match(text):
        return dumps.tcpdump(text)
    if _LOG_TIME.match(text):
        return _log_prefixed(text)
    if dumps.SPACED_START.match(text):
        return dumps.spaced_hex(text)
    return dumps.plain_hex(text)


def _tcpdump_led(text: str) -> str | None:
    """tcpdump's output pasted with its own first lines (``tcpdump: verbose output suppressed ...``)."""
    if not text.startswith(("tcpdump: ", "listening on ", "reading from file ")):
        return None
    return dumps.tcpdump(text)


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
    "c": (dumps.c_arrays, _prompted),
    "s": (dumps.c_arrays, _prompted, _http_client_debug),
    "u": (dumps.c_arrays, _prompted),
    "r": (_http_client_debug, _prompted, _tcpdump_led),
    "t": (_tcpdump_led, _prompted),
    "l": (_tcpdump_led, _prompted),
    **{letter: (_prompted,) for letter in "ghijkmnopqvwxyz"},
    **{letter: (_hex_led, _prompted) for letter in "adef"},
    "(": (_prompted,),
    "\u276f": (_prompted,),
    "\u279c": (_prompted,),
    "$": (_prompted,),
    "#": (_prompted,),
    "%": (_prompted,),
    "T": (_telnet, _transcript),
    "C": (_telnet, _wget, _hex_led),
    "E": (_telnet, _hex_led),
    "H": (_wget, _transcript),
    "G": (_transcript,),
    "O": (_transcript,),
    "P": (_transcript, _prompted),
    "D": (_transcript, _hex_led, _http_client_debug),
    **{digit: (_hex_led,) for digit in "0123456789ABF"},
}
