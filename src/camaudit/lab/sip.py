"""A SIP user agent's answers (RFC 3261), over UDP and TCP: the lab's door stations and intercoms.

Written here rather than shared with the scanner (the lab is its independent counterpart): a request is read as a
SIP server reads it -- request line, headers in their long or compact form (section 7.3.3), every Via -- and
answered as section 8.2.6 says: the Via headers copied (the top one told where the request came from, ``received``
and, when the client asked for it, ``rport``, RFC 3581), From, Call-ID and CSeq copied, To given a tag. The profile
says the rest of the answer, header by header, with ``{{sip_via}}``, ``{{sip_from}}``, ``{{sip_to}}``,
``{{sip_call_id}}`` and ``{{sip_cseq}}`` where the copies stand. A datagram that is no request (an answer,
garbage), an ACK, or a request without the headers every request carries, gets no answer, as from a real agent.
"""

from __future__ import annotations

import asyncio
import re
import secrets
from collections.abc import Mapping

from camaudit.lab import wire
from camaudit.lab.profile import SipSpec

#: Placeholders a SIP answer fills from the request it answers.
SIP_VALUES = frozenset({"sip_via", "sip_from", "sip_to", "sip_call_id", "sip_cseq"})
#: Compact header names (RFC 3261 section 7.3.3) of the headers copied into an answer.
_COMPACT = {"v": "via", "f": "from", "t": "to", "i": "call-id"}
#: Longest header value copied from a request; a longer one makes the request unanswerable.
MAX_COPIED = 512
#: Content-Length, or its compact form ``l``, of a message over TCP (section 18.3: it frames the message).
_LENGTH = re.compile(rb"^(?:content-length|l)[ \t]*:[ \t]*(\d{1,9})[ \t]*\r$", re.IGNORECASE | re.MULTILINE)
#: Requests answered on one TCP connection before the lab closes it.
MAX_REQUESTS_PER_CONNECTION = 8


def _request(data: bytes) -> tuple[str, dict[str, list[str]]] | None:
    """The method and headers (lower-case long names -> values in order) of a request, or None."""
    head = data.split(b"\r\n\r\n", 1)[0].decode("latin-1")
    lines = head.split("\r\n")
    parts = lines[0].split(" ")
    if len(parts) != 3 or parts[2] != "SIP/2.0" or not parts[0].isalpha() or not parts[0].isupper():
        return None
    headers: dict[str, list[str]] = {}
    for line in lines[1:]:
        name, sep, value = line.partition(":")
        name = name.strip().lower()
        if not sep or not name:
            continue
        value = value.strip()
        if len(value) > MAX_COPIED or any(ch < " " for ch in value):
            return None
        headers.setdefault(_COMPACT.get(name, name), []).append(value)
    return parts[0], headers


def _top_via(via: str, peer: tuple[str, int]) -> str:
    """The top Via as an answer carries it: ``received`` always (the sender's address), ``rport`` filled when asked."""
    params = via.split(";")
    out = []
    for param in params:
        if param.strip() == "rport":
            out.append(f"rport={peer[1]}")
        elif not param.strip().startswith("received="):
            out.append(param)
    return ";".join(out) + f";received={peer[0]}"


def answer(spec: SipSpec, data: bytes, values: Mapping[str, str], peer: tuple[str, int]) -> bytes | None:
    """The bytes of the answer to one request from ``peer``, or None when a real agent would stay silent."""
    parsed = _request(data)
    if parsed is None:
        return None
    method, headers = parsed
    vias = [v.strip() for value in headers.get("via", []) for v in value.split(",") if v.strip()]
    needed = ("from", "to", "call-id", "cseq")
    if method == "ACK" or not vias or any(len(headers.get(name, [])) != 1 for name in needed):
        return None
    to = headers["to"][0]
    filled = {
        **values,
        "sip_via": ", ".join([_top_via(vias[0], peer), *vias[1:]]),
        "sip_from": headers["from"][0],
        "sip_to": to if ";tag=" in to else f"{to};tag={secrets.token_hex(4)}",
        "sip_call_id": headers["call-id"][0],
        "sip_cseq": headers["cseq"][0],
    }
    reply = spec.replies.get(method, spec.default)
    return wire.build_reply(reply, "SIP/2.0", filled)


async def serve_sip(
    reader: asyncio.StreamReader, writer: asyncio.StreamWriter, spec: SipSpec, values: Mapping[str, str]
) -> None:
    """SIP over TCP: one answer per request (its head up to the blank line; a body, by Content-Length, skipped)."""
    peer = writer.get_extra_info("peername")[:2]
    for _ in range(MAX_REQUESTS_PER_CONNECTION):
        head = await _read_message(reader)
        if head is None:
            return
        reply = answer(spec, head, values, peer)
        if reply is not None:
            writer.write(reply)
            await writer.drain()


async def _read_message(reader: asyncio.StreamReader) -> bytes | None:
    """One message's head; None at end of stream, on a timeout, or for a message too large to be honest."""
    try:
        head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), wire.READ_TIMEOUT)
    except (asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError, ConnectionError):
        return None
    length = _LENGTH.search(head)
    size = int(length.group(1)) if length else 0
    if size > wire.MAX_BODY:
        return None
    if size:
        try:
            await asyncio.wait_for(reader.readexactly(size), wire.READ_TIMEOUT)
        except (asyncio.IncompleteReadError, TimeoutError, ConnectionError):
            return None
    return head
