"""What a TCP service says first, as the device text rules read: Telnet option negotiation, terminal escape
sequences and control bytes removed, the words kept (a login prompt, an FTP greeting naming the camera)."""

from __future__ import annotations

import re

#: Telnet commands (RFC 854): IAC SB ... IAC SE subnegotiation (bounded), IAC WILL/WONT/DO/DONT <option>,
#: and the two-byte commands. An escaped 0xFF (IAC IAC) stays out too: it is never part of a prompt.
_TELNET = re.compile(rb"\xff\xfa[\x00-\xfe]{0,64}?\xff\xf0|\xff[\xfb-\xfe][\x00-\xff]|\xff[\xf0-\xfa\xff]")
#: ANSI/VT100 escape sequences that colour or clear a banner (CSI ... final byte, or ESC and one byte).
_ESCAPE = re.compile(r"\x1b\[[0-9;?]{0,16}[@-~]|\x1b[@-Z\\-_]")
#: C0 control characters other than tab, line feed and carriage return, and DEL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def device_text(data: bytes) -> str:
    """The text of a banner: Telnet negotiation, escape sequences and control characters removed, decoded
    as UTF-8 (invalid bytes replaced), surrounding whitespace stripped."""
    text = _TELNET.sub(b"", data).decode("utf-8", errors="replace")
    return _CONTROL.sub("", _ESCAPE.sub("", text)).strip()
