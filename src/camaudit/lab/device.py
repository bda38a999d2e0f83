"""One emulated device: binds its profile's services on one loopback address and polices connections."""

from __future__ import annotations

import asyncio
import contextlib
import errno
import logging
import ssl
from collections.abc import Awaitable, Callable

from camaudit.lab import hostile, responders, tlscert
from camaudit.lab.profile import Profile, ServiceSpec

log = logging.getLogger("camaudit.lab")

#: Connections one device holds open at once; more are closed on accept, so a test cannot exhaust the lab.
MAX_CONNECTIONS_PER_DEVICE = 64
#: Seconds one connection may live, whatever it does (ends tarpits, drips and endless streams).
CONNECTION_LIFETIME = 60.0
#: Bytes a stream reader buffers before a line/head is "too long" (asyncio's limit).
STREAM_LIMIT = 16 * 1024

_QUIET = (TimeoutError, ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ssl.SSLError)

Serve = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class LabError(RuntimeError):
    """The lab cannot start as asked (address in use, bad base address ...)."""


def _values(profile: Profile, ip: str) -> dict[str, str]:
    mac = profile.mac
    values = {
        "ip": ip,
        "mac": mac,
        "mac_dash": mac.replace(":", "-"),
        "mac_hex": mac.replace(":", "").upper(),
        "mac_hex_lower": mac.replace(":", ""),
    }
    values.update({k: v for k, v in profile.expect.model_dump().items() if v is not None})
    values.update(profile.vars)
    return values


class EmulatedDevice:
    """Serves one :class:`Profile` on ``ip``; :meth:`start` and :meth:`stop` run on the lab's event loop."""

    def __init__(self, profile: Profile, ip: str, alt_ports: bool = False) -> None:
        self.profile = profile
        self.ip = ip
        self.alt_ports = alt_ports
        #: service name -> the port actually bound
        self.ports: dict[str, int] = {}
        self.values = _values(profile, ip)
        self._servers: list[asyncio.Server] = []
        self._datagrams: list[asyncio.DatagramTransport] = []
        self._tasks: set[asyncio.Task[None]] = set()

    async def start(self) -> None:
        """Bind every service; stream services first so discovery replies can name the real ports."""
        try:
            for svc in self.profile.services:
                if svc.protocol != "udp":
                    await self._bind_stream(svc)
            self.values.update({f"port_{name}": str(port) for name, port in self.ports.items()})
            for svc in self.profile.services:
                if svc.protocol == "udp":
                    await self._bind_udp(svc)
        except BaseException:
            await self.stop()
            raise

    async def stop(self) -> None:
        """Close every listener and every open connection."""
        for server in self._servers:
            server.close()
        for transport in self._datagrams:
            transport.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        for server in self._servers:
            with contextlib.suppress(Exception):
                await asyncio.wait_for(server.wait_closed(), 2.0)
        self._servers.clear()
        self._datagrams.clear()

    def _ports_to_try(self, svc: ServiceSpec) -> list[int]:
        if svc.alt_port is None:
            return [svc.port]
        return [svc.alt_port] if self.alt_ports else [svc.port, svc.alt_port]

    async def _bind_stream(self, svc: ServiceSpec) -> None:
        serve = self._serve_for(svc)
        ctx = tlscert.server_context(svc.tls) if svc.tls is not None and svc.hostile is None else None

        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await self._guarded(svc.name, serve, reader, writer)

        for port in self._ports_to_try(svc):
            try:
                server = await asyncio.start_server(
                    on_connect, self.ip, port, ssl=ctx, limit=STREAM_LIMIT,
                    ssl_handshake_timeout=10.0 if ctx else None,
                )
            except OSError as exc:
                if exc.errno == errno.EACCES and port != self._ports_to_try(svc)[-1]:
                    # Not root: ports below 1024 are closed to us; fall back to the documented alternative.
                    continue
                raise LabError(f"{self.profile.name}: cannot bind {self.ip}:{port} ({svc.name}): "
                               f"{exc.strerror or exc}") from exc
            self._servers.append(server)
            self.ports[svc.name] = port
            return

    async def _bind_udp(self, svc: ServiceSpec) -> None:
        assert svc.raw is not None
        spec = svc.raw
        loop = asyncio.get_running_loop()
        for port in self._ports_to_try(svc):
            try:
                transport, _ = await loop.create_datagram_endpoint(
                    lambda: responders.UdpResponder(spec, self.values), local_addr=(self.ip, port)
                )
            except OSError as exc:
                if exc.errno == errno.EACCES and port != self._ports_to_try(svc)[-1]:
                    continue
                raise LabError(f"{self.profile.name}: cannot bind udp {self.ip}:{port} ({svc.name}): "
                               f"{exc.strerror or exc}") from exc
            self._datagrams.append(transport)
            self.ports[svc.name] = port
            return

    def _serve_for(self, svc: ServiceSpec) -> Serve:
        values = self.values
        if svc.hostile is not None:
            behaviour, spec = hostile.BEHAVIOURS[svc.hostile.behaviour], svc.hostile
            return lambda r, w: behaviour(r, w, spec)
        if svc.protocol in ("http", "https"):
            http = svc.http if svc.http is not None else self.profile.service(svc.same_as or "").http
            assert http is not None
            return lambda r, w: responders.serve_http(r, w, http, values)
        if svc.protocol == "rtsp":
            rtsp = svc.rtsp
            assert rtsp is not None
            return lambda r, w: responders.serve_rtsp(r, w, rtsp, values)
        raw = svc.raw
        assert raw is not None
        return lambda r, w: responders.serve_raw(r, w, raw, values)

    async def _guarded(
        self, name: str, serve: Serve, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        if len(self._tasks) >= MAX_CONNECTIONS_PER_DEVICE:
            writer.transport.abort()
            return
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            async with asyncio.timeout(CONNECTION_LIFETIME):
                await serve(reader, writer)
        except _QUIET:
            pass
        except OSError as exc:
            log.debug("%s %s: %s", self.profile.name, name, exc)
        except Exception:
            # A lab bug must never take the lab down; log it for whoever runs the tests.
            log.exception("%s %s: responder failed", self.profile.name, name)
        finally:
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1.0)
