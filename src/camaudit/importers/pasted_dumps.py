"""Replies pasted as a dump of their bytes, read back into the bytes the device sent (importers/pasted.py routes here).

Each reader takes one tool's layout and nothing looser; a text that is not wholly that layout gives ``None``:

* offsets and a character column: ``xxd`` in any grouping (``-g1``, ``-g2``, ``-c32``), ``hexdump -C``, Wireshark's
  "Follow stream" hex (the server's lines four spaces in), PowerShell 5's ``Format-Hex`` -- every offset counts the
  bytes before it and every character column shows its line's bytes;
* PowerShell 7's ``Format-Hex``: its label and column heads, sixteen-digit offsets, capitals;
* ``od -c``;
* two-byte words with no character column: ``hexdump`` with no option (hex offsets) and ``od -x`` (octal offsets),
  little-endian as both print them, the last line the length; ``od -tx1`` (bytes, octal offsets);
* bytes with no offsets: ``od -An -tx1`` (each after a space), ``xxd -p`` runs; Wireshark's C arrays;
* ``tcpdump -X`` (the packets' bytes from the IP header on) and ``tcpdump -A`` (the packets as text): the answering
  side's payloads, in order.

Where a layout shows no characters, the bytes are taken only when they are mostly text (:func:`text_bytes`): a hash
or a key printed in hex is no reply. Every reader is bounded by the caller's cut (pasted.MAX_PASTED_CHARS) and by
:data:`MAX_DUMP_LINES`; none raises on any text (pasted.unwrapped catches what a hostile text could still provoke).
"""

from __future__ import annotations

import re

from camaudit.importers.reply_decoding import reply_text

#: Lines of a dump read (a 64 KiB paste holds about 1,000 lines of sixteen bytes).
MAX_DUMP_LINES = 4096
#: Bytes one dump line may hold (``xxd -c`` goes up to 256).
_MAX_LINE_BYTES = 256
#: Bytes a dump may decode to (what sniff reads of a reply).
_MAX_DUMP_BYTES = 64 * 1024
#: A hex dump line's offset and what follows it: ``xxd`` (``00000000: ``), ``hexdump -C``, Wireshark and PowerShell 5
#: (``00000000  ``, ``00000000   ``; Wireshark writes capitals).
DUMP_OFFSET = re.compile(r"([0-9A-Fa-f]{8})(: |  )")
_HEX_PAIR = re.compile(r"[0-9A-Fa-f]{2}")
#: ``od -c``: a seven-digit octal offset, then one character per four columns.
OD_OFFSET = re.compile(r"([0-7]{7})(?: |$)")
_OD_ESCAPES = {"\\0": 0, "\\a": 7, "\\b": 8, "\\t": 9, "\\n": 10, "\\v": 11, "\\f": 12, "\\r": 13}
_OD_OCTAL = re.compile(r"[0-3][0-7]{2}")
#: ``hexdump`` / ``od -x`` / ``od -tx1``: a seven-digit offset, then words of four hex digits or bytes of two.
_WORD_LINE = re.compile(r"([0-9a-f]{7})((?: [0-9a-f]{4}){1,8}|(?: [0-9a-f]{2}){1,16}) *")
_OFFSET_ALONE = re.compile(r"[0-9a-f]{7}")
#: ``od -An -tx1``: bytes each after a space, sixteen a line at most.
_SPACED_LINE = re.compile(r"(?: [0-9a-fA-F]{2}){1,16}")
#: What a text of spaced bytes opens with: eight of them at least.
SPACED_START = re.compile(r" ?[0-9a-fA-F]{2}(?: [0-9a-fA-F]{2}){7}")
#: One run of ``xxd -p`` (or Wireshark's "Raw") hex: only hex digits on a line.
_PLAIN_HEX_LINE = re.compile(r"(?:[0-9A-Fa-f]{2}){1,4096}")
#: What a plain hex dump's first line opens with: 16 bytes at least (``xxd -p`` writes 30 a line).
PLAIN_HEX_START = re.compile(r"(?:[0-9A-Fa-f]{2}){16}")
#: PowerShell 7's ``Format-Hex``: a data line (sixteen-digit offset, bytes in capitals) and the lines around them.
FORMAT_HEX_LINE = re.compile(r"([0-9A-F]{16}) ((?:[0-9A-F]{2} ){0,15}[0-9A-F]{2})")
_FORMAT_HEX_HEADS = ("Label:", "Offset Bytes", "00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F", "------ ")
#: Wireshark's "Follow stream" as C arrays: ``char peer0_0[] = { /* Packet 4 */`` (peer 1 is the server).
C_ARRAY = re.compile(r"(?:static )?(?:const )?(?:unsigned )?char peer([01])_\d{1,6}\[\] = \{")
_C_ARRAY_BYTE = re.compile(r"0x([0-9A-Fa-f]{2})")
_C_COMMENT = re.compile(r"/\*[^*\n]{0,80}\*/")
#: tcpdump's line for a packet: the time (``-tttt`` adds the date), maybe an interface and direction, ``IP`` or
#: ``IP6``, source and destination with their ports (numbers, or names without ``-n``), what it read of the segment.
TCPDUMP_PACKET = re.compile(
    r"(?:\d{4}-\d\d-\d\d )?\d\d:\d\d:\d\d\.\d{6,9} (?:[\w.-]{1,16} (?:In|Out|P|M|B) )?IP6? "
    r"([0-9A-Za-z.:_-]{1,80})\.([\w-]{1,24}) > ([0-9A-Za-z.:_-]{1,80})\.([\w-]{1,24}): ([^\n]{0,400})"
)
_TCPDUMP_HEX = re.compile(r"\s{1,16}0x([0-9a-f]{4}):  ")
_TCPDUMP_NOTES = ("tcpdump: ", "listening on ", "reading from file ")
_TCPDUMP_LENGTH = re.compile(r"length (\d{1,6})")
#: What opens a reply in a packet's text (tcpdump -A): a status line, a greeting, an SSH banner, a document.
_REPLY_START = re.compile(r"(?:HTTP|RTSP)/\d(?:\.\d)? \d{3}\b|SSH-\d\.\d-|<\?xml|<[A-Za-z]|\{\"|\d{3}[ -]\S")
_REQUEST_START = re.compile(r"(?:GET|HEAD|POST|PUT|OPTIONS|DESCRIBE|SETUP|PLAY|TEARDOWN|GET_PARAMETER) \S{1,2048} "
                            r"(?:HTTP|RTSP)/\d\.\d")
#: Bytes a dump's character column shows as themselves (the others as ``.``).
_DOTTED = bytes(b if 0x20 <= b < 0x7F else 0x2E for b in range(256))
#: Bytes of a text reply: printable ASCII, tab and line ends, and (in UTF-8 text) any byte of a UTF-8 sequence.
_TEXT_BYTES = bytes([9, 10, 13, *range(0x20, 0x7F), *range(0x80, 0x100)])
ASCII_TEXT_BYTES = bytes([9, 10, 13, *range(0x20, 0x7F)])
#: The share of a decoded dump without a character column that must be text bytes.
_TEXT_SHARE = 0.85
#: Fewest bytes a dump without a character column must hold.
MIN_PLAIN_BYTES = 16


def lines_of(text: str) -> list[str]:
    """The lines of ``text`` (at most :data:`MAX_DUMP_LINES`), their line ends (LF, CRLF) taken off."""
    lines = text.split("\n", MAX_DUMP_LINES)[:MAX_DUMP_LINES]
    return [line[:-1] if line[-1:] == "\r" else line for line in lines]


def text_bytes(data: bytes) -> str | None:
    """``data`` read as a reply when there are enough bytes and they are mostly text: printable ASCII and line ends,
    and bytes past ASCII only when the whole is UTF-8 (random bytes, a hash, a key are not)."""
    if len(data) < MIN_PLAIN_BYTES:
        return None
    try:
        data.decode("utf-8")
        other = data.translate(None, _TEXT_BYTES)
    except UnicodeDecodeError:
        other = data.translate(None, ASCII_TEXT_BYTES)
    if len(other) > (1 - _TEXT_SHARE) * len(data):
        return None
    return reply_text(data)


# --- offsets and a character column -------------------------------------------------------------------------


def offset_dump(text: str) -> str | None:
    """A hex dump with offsets, every line well formed: ``xxd`` in any grouping (``00000000: 4854 5450 ...  HTTP``,
    ``-g1``: ``48 54 54 50``), ``hexdump -C`` (``00000000  48 54 54 50 ...  |HTTP...|``, ``*`` for repeated lines,
    the length last), PowerShell 5's ``Format-Hex`` (three spaces after the offset, no bars) or Wireshark's "Follow
    stream" hex (offsets counted per direction, the server's lines four spaces in: those are the reply). Each line's
    character column must show its bytes; a side's character column stays where its first line put it."""
    sides: dict[int, bytearray] = {}
    last: dict[int, bytes] = {}
    columns: dict[int, int] = {}
    squeezed = False
    for line in lines_of(text):
        if not line.strip():
            continue
        indent = len(line) - len(line.lstrip(" "))
        body = line[indent:]
        if body == "*":
            squeezed = True
            continue
        found = DUMP_OFFSET.match(body)
        data = sides.setdefault(indent, bytearray())
        closing = found is None and len(body) == 8 and DUMP_OFFSET.match(body + "  ") is not None
        if found is None and not closing:
            return None
        offset = int(body[:8], 16)
        if squeezed and offset > len(data) and indent in last and (offset - len(data)) % len(last[indent]) == 0:
            if offset - len(data) > _MAX_DUMP_BYTES:
                return None
            data += last[indent] * ((offset - len(data)) // len(last[indent]))
        squeezed = False
        if offset != len(data):
            return None
        if closing:
            continue  # hexdump's closing line: the length alone
        parsed = dump_line(body, columns.get(indent))
        if parsed is None:
            return None
        chunk, column = parsed
        if body[8:10] == ": ":
            columns.setdefault(indent, column)
        data += chunk
        last[indent] = chunk
        if len(data) > _MAX_DUMP_BYTES:
            return None
    if not sides or not any(sides.values()):
        return None
    reply = sides[max(sides)] if len(sides) > 1 else next(iter(sides.values()))
    return reply_text(bytes(reply))


def dump_line(body: str, column: int | None = None) -> tuple[bytes, int] | None:
    """The bytes of one dump line whose character column agrees with them, and the column its characters start
    at; else ``None``. ``column`` is where the first line of the same ``xxd`` dump put them (a short last line pads
    its hex to it); the other layouts put them at a fixed column."""
    xxd = body[8:10] == ": "
    sep = 2 if xxd else len(body[8:12]) - len(body[8:12].lstrip(" "))
    if sep not in (2, 3):
        return None
    at = 10 if xxd else 8 + sep
    chunk = bytearray()
    group = 0
    while len(chunk) < _MAX_LINE_BYTES:
        pair = _HEX_PAIR.match(body, at)
        if pair is None:
            break
        chunk.append(int(pair.group(), 16))
        at += 2
        if xxd and _HEX_PAIR.match(body, at):
            continue  # xxd's groups of two or more bytes
        group = group or len(chunk)
        if body.startswith(" ", at) and _HEX_PAIR.match(body, at + 1):
            at += 1
        elif not xxd and len(chunk) == 8 and body.startswith("  ", at) and _HEX_PAIR.match(body, at + 2):
            at += 2  # hexdump -C and Wireshark leave two spaces after the eighth byte
        else:
            break
    if not chunk:
        return None
    if xxd:
        if column is None:
            if len(chunk) < 16 and (16 % group or group > 16):
                return None
            # A full first line puts its characters two spaces after its hex; a short one pads to xxd's default width.
            column = at + 2 if len(chunk) >= 16 else 10 + 32 + (16 // group - 1) + 2
        if column < at or body[at:column].strip(" "):
            return None
        shown = body[column:]
    else:
        if len(chunk) > 16:
            return None
        # hexdump -C puts its bars at column 60 (its hex padded to full width); Wireshark (two spaces after the
        # offset) its characters at 61, PowerShell 5 (three spaces) at 60.
        bars = sep == 2 and body[60:61] == "|"
        column = 60 if bars or sep == 3 else 61
        if column < at or body[at:column].strip(" "):
            return None
        shown = body[column:]
        if bars:
            shown = shown.rstrip(" ")
            if not shown.endswith("|") or len(shown) < 2:
                return None
            shown = shown[1:-1]
        elif sep == 2 and len(shown) > 8 and shown[8:9] == " " and len(chunk) > 8:
            shown = shown[:8] + shown[9:]  # Wireshark writes a space after the eighth character
    if bytes(chunk).translate(_DOTTED).decode("ascii").rstrip(" ") != shown.rstrip(" "):
        return None
    return bytes(chunk), column


def format_hex(text: str) -> str | None:
    """PowerShell 7's ``Format-Hex``: its label, column heads and dashes, then lines of a sixteen-digit offset and up
    to sixteen bytes in capitals (its character column is not checked: it shows controls as U+FFFD or a space). The
    bytes of every block, in order."""
    data = bytearray()
    block = 0
    seen = False
    for line in lines_of(text):
        stripped = line.strip()
        if not stripped or stripped.startswith(_FORMAT_HEX_HEADS):
            continue
        found = FORMAT_HEX_LINE.match(line)
        if found is None:
            return None
        offset = int(found[1], 16)
        if offset == 0 and seen:
            block = len(data)  # the next object's block
        if offset != len(data) - block:
            return None
        seen = True
        data += bytes.fromhex(found[2])
        if len(data) > _MAX_DUMP_BYTES:
            return None
    return reply_text(bytes(data)) if len(data) >= MIN_PLAIN_BYTES else None


def od_characters(text: str) -> str | None:
    """``od -c``: a seven-digit octal offset, then each byte in four columns (the character, an escape such as
    ``\\r``, or three octal digits), ``*`` for repeated lines, the length last."""
    lines = [line for line in lines_of(text) if line.strip()]
    offsets: list[int] = []
    for line in lines:
        found = OD_OFFSET.match(line)
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
        if len(data) > _MAX_DUMP_BYTES:
            return None
    if len(data) < MIN_PLAIN_BYTES:
        return None
    return reply_text(bytes(data))


# --- no character column ------------------------------------------------------------------------------------


def word_dump(text: str) -> str | None:
    """``hexdump`` with no option (hex offsets), ``od -x`` (octal offsets) -- two-byte words, little-endian as both
    print them -- or ``od -tx1`` (bytes): a seven-digit offset a line counting the bytes before it in one base, ``*``
    for repeated lines, the length alone last (which drops the zero byte an odd length's last word was padded with).
    Read when the bytes are mostly text (no character column vouches for them)."""
    rows: list[tuple[int, bytes] | None] = []  # (offset digits read in both bases later, bytes); None for "*"
    digits: list[str] = []
    length: str | None = None
    for line in lines_of(text):
        line = line.rstrip(" ")
        if not line:
            continue
        if length is not None:
            return None  # nothing follows the length
        if line == "*":
            rows.append(None)
            digits.append("")
            continue
        found = _WORD_LINE.fullmatch(line)
        if found is None:
            if _OFFSET_ALONE.fullmatch(line):
                length = line
                continue
            return None
        tokens = found[2].split()
        words = len(tokens[0]) == 4
        chunk = b"".join(bytes.fromhex(t[2:] + t[:2]) if words else bytes.fromhex(t) for t in tokens)
        rows.append((0, chunk))
        digits.append(found[1])
    if not rows or rows[0] is None:
        return None
    for base in (16, 8):
        data = _rows_in_base(rows, digits, length, base)
        if data is not None:
            return text_bytes(data)
    return None


def _rows_in_base(rows: list[tuple[int, bytes] | None], digits: list[str], length: str | None,
                  base: int) -> bytes | None:
    data = bytearray()
    previous = b""
    squeezed = False
    for row, offset_digits in zip(rows, digits, strict=True):
        if row is None:
            squeezed = True
            continue
        try:
            offset = int(offset_digits, base)
        except ValueError:
            return None
        if squeezed and previous and offset > len(data) and (offset - len(data)) % len(previous) == 0:
            if offset - len(data) > _MAX_DUMP_BYTES:
                return None
            data += previous * ((offset - len(data)) // len(previous))
        squeezed = False
        if offset != len(data):
            return None
        data += row[1]
        previous = row[1]
        if len(data) > _MAX_DUMP_BYTES:
            return None
    if length is not None:
        try:
            total = int(length, base)
        except ValueError:
            return None
        if total == len(data) - 1:
            del data[-1]  # the odd last byte's padding
        elif total != len(data) and not (squeezed and previous and (total - len(data)) % len(previous) == 0):
            return None
        elif total > len(data):
            data += previous * ((total - len(data)) // len(previous))
    return bytes(data)


def spaced_hex(text: str) -> str | None:
    """``od -An -tx1`` (each byte after a space, sixteen a line) or bytes written the same way without the leading
    space; read when mostly text. ``*`` (a squeezed repeat) cannot be undone without offsets: such a dump is left."""
    data = bytearray()
    for line in lines_of(text):
        if not line.strip():
            continue
        found = _SPACED_LINE.fullmatch(line.rstrip(" ") if line[:1] == " " else " " + line.rstrip(" "))
        if found is None:
            return None
        data += bytes.fromhex(line.replace(" ", ""))
        if len(data) > _MAX_DUMP_BYTES:
            return None
    return text_bytes(bytes(data))


def plain_hex(text: str) -> str | None:
    """``xxd -p`` (or Wireshark's "Raw"): lines of hex digits only; decoded when there are enough bytes and they
    are mostly text (a hash or a key printed in hex is no reply)."""
    if PLAIN_HEX_START.match(text) is None:
        return None
    lines = [line for line in lines_of(text.strip()) if line]
    if not lines or not all(_PLAIN_HEX_LINE.fullmatch(line) for line in lines):
        return None
    return text_bytes(bytes.fromhex("".join(lines)))


def c_arrays(text: str) -> str | None:
    """Wireshark's "Follow stream" as C arrays: ``char peer0_N[] = {`` for the client's packets, ``peer1_N`` for
    the server's, each ``0x48, 0x54, ...};``. The server's bytes, in order; every array well formed."""
    client, server = bytearray(), bytearray()
    found = C_ARRAY.match(text)
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
        found = C_ARRAY.match(rest)
        text = rest
    reply = server or client
    return reply_text(bytes(reply)) if reply else None


# --- tcpdump ------------------------------------------------------------------------------------------------


def tcpdump(text: str) -> str | None:
    """``tcpdump -X`` (each packet's line, then its bytes from the IP header in two-byte groups with the characters)
    or ``tcpdump -A`` (each packet's line, then the packet as text: CR before LF left out, unprintables as ``.``).
    The payloads the answering side sent, in order: the side that answered a request line, else the one whose first
    payload opens as a reply. tcpdump's own notes (``tcpdump: ...``, ``listening on ...``) are passed over."""
    packets: list[tuple[str, str, int | None, list[str]]] = []  # (source, destination, length, lines)
    for line in lines_of(text):
        if not packets and (not line.strip() or line.startswith(_TCPDUMP_NOTES)):
            continue
        found = TCPDUMP_PACKET.match(line)
        if found is not None:
            size = _TCPDUMP_LENGTH.search(found[5])
            packets.append((f"{found[1]}.{found[2]}", f"{found[3]}.{found[4]}",
                            int(size[1]) if size else None, []))
        elif not packets:
            return None
        elif line.strip() and line.split(" ", 1)[0].rstrip(":").isdigit() and "packets " in line:
            break  # "12 packets captured"
        else:
            packets[-1][3].append(line)
    if not packets:
        return None
    hexed = any(_TCPDUMP_HEX.match(line) for _s, _d, _n, lines in packets for line in lines[:1])
    payloads = [(source, dest, _hex_payload(lines) if hexed else None, size, lines)
                for source, dest, size, lines in packets]
    if hexed:
        if any(payload is None for _s, _d, payload, _n, _l in payloads):
            return None
        server = _answering_side([(s, d, (p or b"").decode("latin-1")) for s, d, p, _n, _l in payloads])
        data = b"".join(p or b"" for s, _d, p, _n, _l in payloads if s == server)
        return reply_text(data) if data else None
    texts = _ascii_payloads([(s, d, n, lines) for s, d, _p, n, lines in payloads])
    if texts is None:
        return None
    server = _answering_side(texts)
    reply = "".join(t for s, _d, t in texts if s == server)
    return reply or None


def _hex_payload(lines: list[str]) -> bytes | None:
    """The TCP payload of one packet printed by ``tcpdump -X`` (``-XX`` too: its link-layer header is skipped)."""
    packet = bytearray()
    for line in lines:
        if not line.strip():
            continue
        found = _TCPDUMP_HEX.match(line)
        if found is None or int(found[1], 16) != len(packet):
            return None
        area = line[found.end() : found.end() + 39]
        tokens = area.split()
        if not tokens or not all(len(t) in (2, 4) and _HEX_PAIR.match(t) for t in tokens):
            return None
        try:
            packet += bytes.fromhex("".join(tokens))
        except ValueError:
            return None
        if len(packet) > _MAX_DUMP_BYTES:
            return None
    data = bytes(packet)
    if len(data) > 14 and data[12:14] in (b"\x08\x00", b"\x86\xdd") and data[0] >> 4 not in (4, 6):
        data = data[14:]  # -XX: the Ethernet header first
    if len(data) >= 20 and data[0] >> 4 == 4:
        start = (data[0] & 0x0F) * 4
        protocol = data[9]
    elif len(data) >= 40 and data[0] >> 4 == 6:
        start, protocol = 40, data[6]
    else:
        return None
    if protocol == 17:
        return data[start + 8 :]  # UDP
    if protocol != 6 or len(data) < start + 20:
        return None
    return data[start + (data[start + 12] >> 4) * 4 :]


def _ascii_payloads(packets: list[tuple[str, str, int | None, list[str]]]) -> list[tuple[str, str, str]] | None:
    """Each packet's payload printed by ``tcpdump -A``: its text after the headers' characters. A side's first
    payload shows where its headers end (the request or reply that opens it); the side's later packets have headers
    as long."""
    out: list[tuple[str, str, str]] = []
    header: dict[str, int] = {}
    for source, dest, size, lines in packets:
        if size == 0:
            continue
        text = "\n".join(lines)
        if source not in header:
            opening = _REQUEST_START.search(text, 0, 400) or _REPLY_START.search(text, 0, 400)
            if opening is None:
                return None
            header[source] = opening.start()
        out.append((source, dest, text[header[source] :] + "\n"))
    return out or None


def _answering_side(payloads: list[tuple[str, str, str]]) -> str:
    """The endpoint that answered: the other end of the first request, else the sender of the first payload."""
    for source, dest, text in payloads:
        if not text:
            continue
        return dest if _REQUEST_START.match(text.lstrip("\r\n")) else source
    return payloads[0][0]
