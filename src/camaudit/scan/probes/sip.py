"""SIP OPTIONS to port 5060, over UDP once per host and over TCP where the sweep found 5060 open, and over TLS where it
found 5061 open (SIP over TLS: the port a ``sips`` address defaults to, RFC 3261): the answer's
``Server``, ``User-Agent`` and challenge name a door station's or intercom's maker (``protocols/sip.py`` reads it
into the same ``sip.*`` fields a stored answer fills). Intercoms that keep their SIP signalling private turn TLS on
(2N's intercoms offer UDP, TCP and TLS; docs/scanning.md); the TLS connection is the scanner's capped one (a TLS slot,
the connect and probe deadlines), the certificate is not read here, and nothing is verified: the question is only who
answers.

On by default, like the RTSP OPTIONS camaudit already sends: OPTIONS is SIP's read-only capability question, which
proxies send to their phones every minute; it rings nothing, registers nothing and carries no credentials, and
``nmap -sV`` sends the same to 5060/tcp. One request per host and port (a UDP datagram is sent again once, the same
transaction, after RFC 3261's T1 of 500 ms, within the one-second UDP wait); one request stays below the ban
threshold of the usual PBX log watchers (fail2ban's Asterisk filter counts failed requests per address, five by
default). ``--no-sip`` sends none (a network whose SIP servers log every unknown OPTIONS as an attack).
The UDP request goes where the makers' other UDP discovery probes go: every host that answered in a scope below
1,024 addresses, hosts with an open TCP port above that (docs/scanning.md).
"""

from __future__ import annotations

import asyncio
import contextlib
import os

from camaudit.model import Observation, Transport
from camaudit.protocols import sip
from camaudit.scan import anomalies
from camaudit.scan.net import Deadline, ProbeContext, ProbeError, connect, read_until, udp_exchange
from camaudit.scan.options import ProbeOption
from camaudit.scan.probes.base import Endpoint, Probe, make_observation

NO_SIP = ProbeOption(
    "no-sip", "--no-sip", "Send no SIP OPTIONS request (UDP and TCP 5060, TLS 5061) to find door stations."
)
#: Bytes of an answer's head read at most over TCP (a datagram is capped by ``Limits.max_datagram``).
MAX_ANSWER = 8192
#: Seconds a TCP answer may take at most.
ANSWER_WAIT = 2.0
#: Datagrams per UDP request: the request, and once more (the same transaction) when nothing came back after T1.
UDP_SENDS = 2


def _tokens() -> tuple[str, str, str]:
    """A fresh branch, Call-ID and From tag (hex: letters and digits, as RFC 3261 section 25.1's ``token`` allows)."""
    return os.urandom(8).hex(), os.urandom(8).hex(), os.urandom(4).hex()


def _observation(ip: str, port: int, raw: bytes, call_id: str, transport: Transport) -> list[Observation]:
    text = sip.decode(raw)
    if not sip.is_answer(text):
        anomalies.note("protocol", f"SIP over {transport}: the answer is not a SIP status line")
        return []
    if not _ours(text, call_id):
        # RFC 3261 section 8.2.6.2: an answer copies the request's Call-ID. Another one answers someone else.
        anomalies.note("protocol", f"SIP over {transport}: the answer carries another Call-ID than the request's")
        return []
    fields = sip.answer_fields(text)
    return [make_observation(ip, port, "sip", fields, raw, transport=transport)] if fields else []


def _ours(text: str, call_id: str) -> bool:
    """Whether an answer is to our request: it copies our Call-ID (``<id>@<our address>``), or carries none."""
    echoed = sip.call_id(text)
    return echoed is None or echoed.partition("@")[0] == call_id


async def probe_sip_udp(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    branch, call_id, tag = _tokens()

    def request(local: tuple[str, int]) -> bytes:
        return sip.build_options((ep.ip, ep.port), local, "UDP", branch=branch, call_id=call_id, tag=tag)

    def final(reply: bytes) -> bool:
        text = sip.decode(reply)
        code = sip.status(text)
        return code is not None and code >= 200 and _ours(text, call_id)

    reply = await udp_exchange(ctx, ep.ip, ep.port, request, sends=UDP_SENDS, wanted=final)
    return _observation(ep.ip, ep.port, reply, call_id, "udp") if reply else []


async def probe_sip_tcp(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    return await _probe_sip_stream(ctx, ep, tls=False)


async def probe_sip_tls(ctx: ProbeContext, ep: Endpoint) -> list[Observation]:
    return await _probe_sip_stream(ctx, ep, tls=True)


async def _probe_sip_stream(ctx: ProbeContext, ep: Endpoint, *, tls: bool) -> list[Observation]:
    branch, call_id, tag = _tokens()
    transport = "TLS" if tls else "TCP"
    async with connect(ctx, ep.ip, ep.port, tls=tls) as (reader, writer):
        local = writer.get_extra_info("sockname")[:2]
        writer.write(sip.build_options((ep.ip, ep.port), local, transport, branch=branch, call_id=call_id, tag=tag))
        try:
            await writer.drain()
        except OSError as exc:
            raise ProbeError("reset", f"{ep.ip}:{ep.port} dropped the SIP request") from exc
        deadline = Deadline(min(ANSWER_WAIT, ctx.limits.probe_timeout))
        head = await _answer_head(reader, deadline)
        if _provisional(head):
            # A provisional answer (1xx) is followed by the final one on the same connection: read one more head.
            with contextlib.suppress(ProbeError):
                head = await _answer_head(reader, deadline) or head
    return _observation(ep.ip, ep.port, head, call_id, "tcp") if head else []


def _provisional(head: bytes) -> bool:
    code = sip.status(sip.decode(head[:64]))
    return code is not None and code < 200


async def _answer_head(reader: asyncio.StreamReader, deadline: Deadline) -> bytes:
    """One answer's head, up to its blank line (the stream's limit, ``Limits.max_header_bytes``, caps the read);
    at most :data:`MAX_ANSWER` bytes of it are kept."""
    head = await read_until(reader, b"\r\n\r\n", deadline)
    if len(head) > MAX_ANSWER:
        anomalies.note("too-large", f"a SIP answer's head is longer than {MAX_ANSWER} bytes: only the start is read")
        head = head[:MAX_ANSWER]
    return head


#: The stream probes: (name, function, service, port) -- over TCP on 5060, over TLS on 5061.
_STREAMS = (("sip-tcp", probe_sip_tcp, "sip", sip.SIP_PORT), ("sip-tls", probe_sip_tls, "sips", sip.SIPS_PORT))
PROBES = (
    Probe("sip", probe_sip_udp, udp_port=sip.SIP_PORT, disabled_by=NO_SIP.name, options=(NO_SIP,)),
    *(
        Probe(name, run, services=frozenset({service}), tcp_ports=(port,), disabled_by=NO_SIP.name, options=(NO_SIP,))
        for name, run, service, port in _STREAMS
    ),
)
