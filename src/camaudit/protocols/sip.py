"""SIP (RFC 3261): the OPTIONS request a scan sends, and the one reader of a SIP answer.

Video door stations and intercoms (2N, DoorBird, Akuvox, Hikvision and Dahua VTOs, Fanvil, Grandstream GDS) answer
SIP, usually on 5060 over UDP and often over TCP, beside their web and RTSP services. Their answer names their
software in ``Server`` or ``User-Agent`` and may carry a digest challenge whose realm is the maker's, read by the same
``@server`` and ``@realm`` rules as HTTP's and RTSP's heads (identification/matching.md, "One sign in every carrier").

OPTIONS is the protocol's own read-only question ("what do you support?", section 11): it sets up no call, rings
nothing, registers nothing and carries no credentials; SIP proxies send it to their phones every minute as a keep-
alive. It is the only method camaudit sends (never REGISTER or INVITE).

:func:`answer_fields` is the reader both the live probe (``scan/probes/sip.py``) and the importers
(``importers/sniff.py``: an answer a scan file stored) use, so a rule reads one spelling whichever source saw it.
"""

from __future__ import annotations

import re

from camaudit.fields import MAX_FIELD_CHARS

SIP_PORT = 5060
#: SIP over TLS: the default port of a ``sips`` address (RFC 3261, section 19.1 on SIPS URIs; IANA "sips", 5061/tcp).
SIPS_PORT = 5061
#: The Via branch of every request starts with this (RFC 3261 section 8.1.1.7: it marks an RFC 3261 client).
BRANCH_COOKIE = "z9hG4bK"
#: What camaudit calls itself on a SIP request: an honest name an administrator can look up in a log.
USER_AGENT = "camaudit"

_STATUS = re.compile(r"^SIP/2\.0[ \t]+(\d{3})(?:[ \t\r\n]|$)")
#: The headers that are fields of their own (none has a compact form, RFC 3261 section 7.3.3).
_FIELDS = {"server": "sip.server", "user-agent": "sip.user_agent", "www-authenticate": "sip.www_authenticate"}
_WANTED = re.compile(r"^(server|user-agent|www-authenticate)[ \t]*:(.*)$", re.IGNORECASE | re.MULTILINE)
#: Call-ID, or its compact form ``i`` (section 7.3.3), at the start of a header line.
_CALL_ID = re.compile(r"^(?:call-id|i)[ \t]*:[ \t]*(\S{1,256})[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


def _host(ip: str) -> str:
    """An address as it stands in a SIP URI or a Via header (an IPv6 address in brackets, RFC 3261 section 25.1)."""
    return f"[{ip}]" if ":" in ip else ip


def build_options(
    target: tuple[str, int], local: tuple[str, int], transport: str, *, branch: str, call_id: str, tag: str
) -> bytes:
    """One OPTIONS request to ``target`` (address, port) from ``local``, over ``transport`` (``UDP``, ``TCP`` or
    ``TLS``).

    The mandatory headers of section 8.1.1 (Via with a ``z9hG4bK`` branch, Max-Forwards, From with a tag, To, Call-ID,
    CSeq) and Content-Length 0; Via names the address and port the request leaves from, with ``rport`` (RFC 3581), so
    the answer comes back to the socket that asked even through address translation. ``branch``, ``call_id`` and
    ``tag`` are the caller's random tokens (letters and digits).
    """
    host, port = _host(target[0]), target[1]
    here = f"{_host(local[0])}:{local[1]}"
    lines = (
        f"OPTIONS sip:{host}:{port} SIP/2.0",
        f"Via: SIP/2.0/{transport.upper()} {here};branch={BRANCH_COOKIE}{branch};rport",
        "Max-Forwards: 70",
        f"From: <sip:{USER_AGENT}@{_host(local[0])}>;tag={tag}",
        f"To: <sip:{host}:{port}>",
        f"Call-ID: {call_id}@{_host(local[0])}",
        "CSeq: 1 OPTIONS",
        f"Contact: <sip:{USER_AGENT}@{here}>",
        "Accept: application/sdp",
        f"User-Agent: {USER_AGENT}",
        "Content-Length: 0",
    )
    return ("\r\n".join(lines) + "\r\n\r\n").encode("ascii")


def is_answer(text: str) -> bool:
    """Whether ``text`` starts with a SIP status line (``SIP/2.0 200 OK``)."""
    return _STATUS.match(text) is not None


def status(text: str) -> int | None:
    """The status code of a SIP answer, or ``None`` when ``text`` is not one."""
    match = _STATUS.match(text)
    return int(match.group(1)) if match else None


def call_id(text: str) -> str | None:
    """The Call-ID an answer's head echoes (long form or compact ``i``), or ``None``."""
    head = text.split("\r\n\r\n", 1)[0].split("\n\n", 1)[0]
    match = _CALL_ID.search(head)
    return match.group(1) if match else None


def answer_fields(text: str) -> dict[str, str]:
    """The ``sip.*`` fields of one SIP answer: ``sip.status``; the header block (status line excluded, line ends as
    ``\\n``) as ``sip.headers``; ``Server``, ``User-Agent`` and ``WWW-Authenticate`` as fields of their own (repeated
    headers joined by a newline). The body, if any, is not read. Every value is at most ``MAX_FIELD_CHARS``."""
    fields: dict[str, str] = {}
    at = text.find("\r\n\r\n")
    head = text[:at] if at >= 0 else text.split("\n\n", 1)[0]
    newline = head.find("\n")
    first = head if newline < 0 else head[:newline]
    code = _STATUS.match(first)
    if code:
        fields["sip.status"] = code.group(1)
        head = "" if newline < 0 else head[newline + 1 :]
    lines = head.replace("\r\n", "\n")
    block = lines.strip()
    if not block:
        return fields
    fields["sip.headers"] = block[:MAX_FIELD_CHARS]
    # Over the lines as sent: one that starts with white space folds the previous value and names no header.
    for name, value in _WANTED.findall(lines):
        value = value.strip()
        if not value:
            continue
        key = _FIELDS[name.lower()]
        old = fields.get(key)
        fields[key] = (value if old is None else f"{old}\n{value}")[:MAX_FIELD_CHARS]
    return fields


def decode(data: bytes) -> str:
    """An answer's bytes as text: UTF-8 (RFC 3261 section 7.1), else Latin-1, one character per byte."""
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")
