"""Bounded network primitives. Devices are hostile or broken: every read has a byte cap and a deadline.

Probes never open sockets themselves; they call these functions with the :class:`ProbeContext` the
engine gives them, which carries the scope guard and the limits.
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import ssl
import sys
import time
import warnings
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field

from camaudit.scan import held_time
from camaudit.scan.auth.attempts import LoginLedger
from camaudit.scan.auth.credentials import CredentialStore
from camaudit.scan.options import ProbeSettings
from camaudit.scan.rate import Pacer
from camaudit.targets import ScopeGuard


class ProbeError(Exception):
    """A probe could not complete; ``kind`` is a short machine word (timeout, reset, refused ...)."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


@dataclass(frozen=True, slots=True)
class Limits:
    connect_timeout: float = 2.0
    #: Whole exchange of one probe (connect + send + read), seconds.
    probe_timeout: float = 5.0
    max_header_bytes: int = 64 * 1024
    max_body_bytes: int = 64 * 1024
    udp_timeout: float = 1.0
    max_datagram: int = 8192
    #: Extra connect attempts after a timeout (a dropped SYN), with doubling backoff.
    retries: int = 1
    retry_backoff: float = 0.25


@dataclass(frozen=True, slots=True)
class ProbeContext:
    guard: ScopeGuard
    limits: Limits
    pacer: Pacer | None = None
    #: Credentials the user supplied for authenticated checks (None: no authenticated check runs).
    credentials: CredentialStore | None = None
    #: The probe options the user set (``--snmp-community``, ``--check-rtsp-auth`` ...), by option name.
    probe_options: ProbeSettings = field(default_factory=ProbeSettings)
    #: Login attempts made on this host: one per account, whichever check, port or API (auth/attempts.py).
    logins: LoginLedger = field(default_factory=LoginLedger, compare=False, repr=False)
    #: TLS connections open at once across the run (None: no cap). Each costs asyncio a 128 KiB buffer plus
    #: OpenSSL's own: memory follows this cap, not the number of hosts probed at once.
    tls_slots: asyncio.Semaphore | None = field(default=None, compare=False, repr=False)

    async def pace(self) -> None:
        if self.pacer is not None:
            await self.pacer.wait()


def _insecure_tls() -> ssl.SSLContext:
    # We fingerprint the certificate, we do not trust it: camera certificates are self-signed.
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with warnings.catch_warnings():
        # Old cameras still speak TLS 1.0; we read their certificate, we do not trust the channel.
        warnings.simplefilter("ignore", DeprecationWarning)
        ctx.minimum_version = ssl.TLSVersion.TLSv1
    with contextlib.suppress(ssl.SSLError):
        ctx.set_ciphers("ALL:@SECLEVEL=0")
    return ctx


_TLS = _insecure_tls()


async def _open(
    ctx: ProbeContext, ip: str, port: int, tls: bool
) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    attempt = 0
    while True:
        await ctx.pace()
        try:
            # A timeout context, not wait_for: no extra task per connection (a /20 scan makes 100,000+).
            async with held_time.device_timeout(ctx.limits.connect_timeout):
                return await asyncio.open_connection(
                    ip,
                    port,
                    ssl=_TLS if tls else None,
                    server_hostname="" if tls else None,
                    limit=ctx.limits.max_header_bytes,
                )
        except TimeoutError:
            if attempt >= ctx.limits.retries:
                raise
            await asyncio.sleep(ctx.limits.retry_backoff * 2**attempt)
            attempt += 1


@contextlib.asynccontextmanager
async def connect(
    ctx: ProbeContext, ip: str, port: int, *, tls: bool = False
) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    """Open a TCP (optionally TLS) connection to an in-scope address, closing it on exit."""
    ctx.guard.check(ip)
    slot = ctx.tls_slots if tls and ctx.tls_slots is not None else contextlib.nullcontext()
    async with slot, _connected(ctx, ip, port, tls) as streams:
        yield streams


@contextlib.asynccontextmanager
async def _connected(
    ctx: ProbeContext, ip: str, port: int, tls: bool
) -> AsyncIterator[tuple[asyncio.StreamReader, asyncio.StreamWriter]]:
    try:
        reader, writer = await _open(ctx, ip, port, tls)
    except TimeoutError as exc:
        raise ProbeError("timeout", f"connect to {ip}:{port} timed out") from exc
    except ConnectionRefusedError as exc:
        raise ProbeError("refused", f"{ip}:{port} refused the connection") from exc
    except ssl.SSLError as exc:
        raise ProbeError("tls", f"TLS handshake with {ip}:{port} failed: {exc.reason or exc}") from exc
    except OSError as exc:
        raise ProbeError("unreachable", f"cannot connect to {ip}:{port}: {exc.strerror or exc}") from exc
    try:
        yield reader, writer
    finally:
        writer.close()
        with contextlib.suppress(Exception):
            async with asyncio.timeout(0.5):
                await writer.wait_closed()


async def port_state(ctx: ProbeContext, ip: str, port: int) -> str:
    """``open``, ``closed`` (refused: the host is there) or ``filtered`` (no answer in time).

    A bare non-blocking socket rather than a stream: most ports of a scan are closed, and a stream's
    reader, writer and protocol objects would be built and torn down for nothing.
    """
    ctx.guard.check(ip)
    loop = asyncio.get_running_loop()
    family = socket.AF_INET6 if ":" in ip else socket.AF_INET
    attempt = 0
    while True:
        await ctx.pace()
        sock = socket.socket(family, socket.SOCK_STREAM)
        sock.setblocking(False)
        try:
            async with held_time.device_timeout(ctx.limits.connect_timeout):
                await loop.sock_connect(sock, (ip, port))
            return "open"
        except TimeoutError:
            if attempt >= ctx.limits.retries:
                return "filtered"
        except ConnectionRefusedError:
            return "closed"
        except OSError:
            return "filtered"
        finally:
            sock.close()
        await asyncio.sleep(ctx.limits.retry_backoff * 2**attempt)
        attempt += 1


async def port_open(ctx: ProbeContext, ip: str, port: int) -> bool:
    """True when a TCP connection to ``ip:port`` succeeds within the connect timeout."""
    return await port_state(ctx, ip, port) == "open"


class Deadline:
    """A point in time after which reads stop, shared by all reads of one exchange; the time the scan's event loop
    was held meanwhile is the scanner's, not the device's, and puts it off (at most by its own length:
    :mod:`camaudit.scan.held_time`)."""

    def __init__(self, seconds: float) -> None:
        self.at = time.monotonic() + seconds
        self._held, self._most = held_time.held(), seconds

    def left(self) -> float:
        remaining = self.at + min(held_time.held() - self._held, self._most) - time.monotonic()
        if remaining <= 0:
            raise ProbeError("timeout", "the device did not finish answering in time")
        return remaining


async def read_until(reader: asyncio.StreamReader, sep: bytes, deadline: Deadline) -> bytes:
    """Read up to and including ``sep`` before ``deadline``.

    The reader's own buffer limit (set at connect from :attr:`Limits.max_header_bytes`) caps the bytes:
    a never-ending header line costs at most that much memory and ends as ``too-large``. At EOF before
    ``sep`` the partial data is returned, as devices often close without a final blank line.
    """
    try:
        with _read_errors():
            async with held_time.device_timeout(deadline.left()):
                return await reader.readuntil(sep)
    except asyncio.IncompleteReadError as exc:
        if not exc.partial:
            raise ProbeError("closed", "the device closed the connection without answering") from exc
        return exc.partial
    except asyncio.LimitOverrunError as exc:
        raise ProbeError("too-large", "the device sent a header larger than the limit") from exc


async def read_at_most(reader: asyncio.StreamReader, cap: int, deadline: Deadline) -> bytes:
    """Read until EOF, ``cap`` bytes or the deadline, whichever first; never raises on timeout."""
    buf = bytearray()
    while len(buf) < cap:
        try:
            chunk = await _read_some(reader, min(65536, cap - len(buf)), deadline)
        except ProbeError:
            break
        if not chunk:
            break
        buf += chunk
    return bytes(buf)


async def _read_some(reader: asyncio.StreamReader, n: int, deadline: Deadline) -> bytes:
    with _read_errors():
        async with held_time.device_timeout(deadline.left()):
            return await reader.read(max(n, 1))


@contextlib.contextmanager
def _read_errors() -> Iterator[None]:
    """Turn what a broken or hostile device does to a read into one :class:`ProbeError` kind each."""
    try:
        yield
    except TimeoutError as exc:
        raise ProbeError("timeout", "the device stopped answering") from exc
    except (ConnectionResetError, BrokenPipeError) as exc:
        raise ProbeError("reset", "the device reset the connection") from exc
    except ssl.SSLError as exc:
        raise ProbeError("tls", f"TLS error: {exc.reason or exc}") from exc
    except OSError as exc:
        raise ProbeError("io", f"read failed: {exc.strerror or exc}") from exc


class _DatagramCollector(asyncio.DatagramProtocol):
    def __init__(self, cap: int, wanted: Callable[[bytes], bool] | None = None, only_from: str | None = None) -> None:
        self.cap = cap
        self.wanted = wanted
        #: On a socket not connected to the host, datagrams from any other address are not its answer.
        self.only_from = only_from
        self.replies: list[tuple[bytes, tuple[str, int]]] = []
        self.got = asyncio.Event()

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        if self.only_from is not None and addr[0] != self.only_from:
            return
        if len(self.replies) < 16:
            self.replies.append((data[: self.cap], addr))
            if self.wanted is None or self.wanted(data[: self.cap]):
                self.got.set()

    def error_received(self, exc: Exception) -> None:
        self.got.set()


#: A datagram to send, or how to build it from the local (address, port) its socket was given (a SIP request names
#: the port it leaves from in its Via header, so the answer comes back to it).
Datagram = bytes | Callable[[tuple[str, int]], bytes]


#: Linux's IP_RECVERR (``linux/in.h``; the socket module does not name it): an unconnected UDP socket is told of
#: the ICMP "port unreachable" its datagram met, as a connected one always is.
_IP_RECVERR = 11


def _unconnected_udp_socket() -> socket.socket:
    """A UDP socket that hears an answer from any port of the host it sends to, and still learns of a refusal at once
    where the system can tell it (Linux)."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        if sys.platform.startswith("linux"):
            sock.setsockopt(socket.IPPROTO_IP, _IP_RECVERR, 1)
        sock.setblocking(False)  # left unbound: the first datagram sent binds it to a port of the system's choice
    except OSError:
        sock.close()
        raise
    return sock


async def udp_exchange(
    ctx: ProbeContext, ip: str, port: int, payload: Datagram, *, sends: int = 1,
    wanted: Callable[[bytes], bool] | None = None, any_port: bool = False,
) -> bytes | None:
    """Send one datagram to an in-scope address and return the first reply from it, or ``None``.

    ``sends`` above 1 sends the same datagram again (a retransmission, not a new request) at even intervals within
    :attr:`Limits.udp_timeout` while nothing came back: the wait is the same, a lost datagram costs less. ``wanted``
    says which replies end the wait (a SIP final answer, not a provisional one); when none came, the first reply
    from the address is returned all the same. ``any_port`` takes the host's answer from whichever of its ports it
    comes (a P2P device answers from its session socket, not the port asked); by default the socket is connected to
    ``ip:port`` and hears only that port. Either way only the address asked is heard, and only it is sent to.
    """
    ctx.guard.check(ip)
    await ctx.pace()
    loop = asyncio.get_running_loop()
    try:
        if any_port:
            collector = _DatagramCollector(ctx.limits.max_datagram, wanted, only_from=ip)
            transport, proto = await loop.create_datagram_endpoint(lambda: collector, sock=_unconnected_udp_socket())
        else:
            transport, proto = await loop.create_datagram_endpoint(
                lambda: _DatagramCollector(ctx.limits.max_datagram, wanted), remote_addr=(ip, port)
            )
    except OSError as exc:
        raise ProbeError("unreachable", f"cannot send to {ip}:{port}/udp: {exc.strerror or exc}") from exc
    try:
        data = payload(transport.get_extra_info("sockname")[:2]) if callable(payload) else payload
        sends = max(1, min(sends, 4))
        interval = ctx.limits.udp_timeout / sends
        for attempt in range(sends):
            if attempt:
                await ctx.pace()
            transport.sendto(data, (ip, port) if any_port else None)
            with contextlib.suppress(TimeoutError):
                async with held_time.device_timeout(interval):
                    await proto.got.wait()
            if proto.got.is_set():
                break
        from_host = [reply for reply, addr in proto.replies if addr[0] == ip]
        chosen = [reply for reply in from_host if wanted is None or wanted(reply)]
        return (chosen or from_host)[0] if from_host else None
    finally:
        transport.close()
