"""One emulated device: binds its profile's services on one address and polices connections.

On loopback (the default) every socket is bound to the device's 127.x address. Attached to a namespace
LAN (:class:`Attachment`), sockets are created inside the device's namespace; discovery services then
listen on the whole LAN (broadcast and multicast groups) and may answer to a group, as real devices do.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import ipaddress
import logging
import socket
import ssl
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from camaudit.lab import auth_http, hostile, nsenter, onvif, responders, sip, tlscert
from camaudit.lab.auth import AuthState
from camaudit.lab.discovery_spec import WSD_GROUP, WSD_PORT, MulticastSpec
from camaudit.lab.profile import Profile, Rule, ServiceSpec, SipSpec

log = logging.getLogger("camaudit.lab")

#: Connections one device holds open at once; more are closed on accept, so a test cannot exhaust the lab.
MAX_CONNECTIONS_PER_DEVICE = 64
#: Seconds one connection may live, whatever it does (ends tarpits, drips and endless streams).
CONNECTION_LIFETIME = 60.0
#: Bytes a stream reader buffers before a line/head is "too long" (asyncio's limit).
STREAM_LIMIT = 16 * 1024
LOOPBACK = ipaddress.IPv4Network("127.0.0.0/8")

_QUIET = (TimeoutError, ConnectionError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, ssl.SSLError)

Serve = Callable[[asyncio.StreamReader, asyncio.StreamWriter], Awaitable[None]]


class LabError(RuntimeError):
    """The lab cannot start as asked (address in use, bad base address ...)."""


@dataclass(frozen=True, slots=True)
class Attachment:
    """A device on a namespace LAN: its namespace, its interface there, and the LAN it may answer."""

    netns: str
    iface: str
    lan: ipaddress.IPv4Network


def device_values(profile: Profile, ip: str, mac: str | None = None, serial: str | None = None) -> dict[str, str]:
    """Every placeholder value the device fills itself (ports are added once they are bound)."""
    mac = mac or profile.mac
    values = {
        "ip": ip,
        "ip_hex_le": f"0x{int.from_bytes(ipaddress.IPv4Address(ip).packed, 'little'):08X}",
        "mac": mac,
        "mac_dash": mac.replace(":", "-"),
        "mac_hex": mac.replace(":", "").upper(),
        "mac_hex_lower": mac.replace(":", ""),
    }
    values.update({k: v for k, v in profile.expect.model_dump().items() if v is not None})
    if serial is not None:
        values["serial"] = serial
    values.update(profile.vars)
    values["wsd_endpoint"] = onvif.endpoint(profile, mac)
    return values


class EmulatedDevice:
    """Serves one :class:`Profile` on ``ip``; :meth:`start` and :meth:`stop` run on the lab's event loop.

    ``mac`` and ``serial`` override the profile's (a fleet gives each copy its own).
    """

    def __init__(
        self,
        profile: Profile,
        ip: str,
        alt_ports: bool = False,
        *,
        mac: str | None = None,
        serial: str | None = None,
        attachment: Attachment | None = None,
    ) -> None:
        self.profile = profile
        self.ip = ip
        self.mac = mac or profile.mac
        self.alt_ports = alt_ports
        self.attachment = attachment
        #: service name -> the port actually bound
        self.ports: dict[str, int] = {}
        self.values = device_values(profile, ip, mac, serial)
        #: The configured account's logins (None: the profile declares no credentials).
        self.auth = AuthState(profile.credentials) if profile.credentials is not None else None
        self._lan = attachment.lan if attachment else LOOPBACK
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
                if svc.protocol == "udp" and svc.sip is not None:
                    await self._bind_udp(svc.name, svc.port, self._sip_answer(svc.sip), svc.multicast)
                elif svc.protocol == "udp":
                    assert svc.raw is not None
                    await self._bind_udp(
                        svc.name, svc.port, self._rule_answer(svc.raw.rules), svc.multicast, svc.raw.copies
                    )
            if self.profile.has_wsd:
                await self._start_wsd()
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

    def _socket(self, kind: socket.SocketKind) -> socket.socket:
        if self.attachment is None:
            return socket.socket(socket.AF_INET, kind)
        with nsenter.entered(self.attachment.netns):
            return socket.socket(socket.AF_INET, kind)

    def _ports_to_try(self, svc: ServiceSpec) -> list[int]:
        if svc.alt_port is None:
            return [svc.port]
        return [svc.alt_port] if self.alt_ports else [svc.port, svc.alt_port]

    def _listening(self, port: int) -> socket.socket:
        sock = self._socket(socket.SOCK_STREAM)
        try:
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.ip, port))
            sock.listen(128)
            sock.setblocking(False)
        except BaseException:
            sock.close()
            raise
        return sock

    async def _bind_stream(self, svc: ServiceSpec) -> None:
        serve = self._serve_for(svc)
        ctx = tlscert.server_context(svc.tls) if svc.tls is not None and svc.hostile is None else None

        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
            await self._guarded(svc.name, serve, reader, writer)

        candidates = self._ports_to_try(svc)
        for port in candidates:
            try:
                sock = self._listening(port)
            except OSError as exc:
                if exc.errno == errno.EACCES and port != candidates[-1]:
                    # Not root: ports below 1024 are closed to us; fall back to the documented alternative.
                    continue
                raise LabError(f"{self.profile.name}: cannot bind {self.ip}:{port} ({svc.name}): "
                               f"{exc.strerror or exc}") from exc
            server = await asyncio.start_server(
                on_connect, sock=sock, ssl=ctx, limit=STREAM_LIMIT, ssl_handshake_timeout=10.0 if ctx else None
            )
            self._servers.append(server)
            self.ports[svc.name] = port
            return

    def _datagram_socket(self, port: int, lan: MulticastSpec | None) -> socket.socket:
        sock = self._socket(socket.SOCK_DGRAM)
        try:
            if self.attachment is None or lan is None:
                sock.bind((self.ip, port))
            else:
                # Broadcasts and group datagrams are addressed to neither our address nor a port-owner,
                # so a LAN discovery socket binds the wildcard of its own namespace (only this device lives there).
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                sock.bind(("0.0.0.0", port))  # noqa: S104 - inside the device's own namespace
                own = socket.inet_aton(self.ip)
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_IF, own)
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_LOOP, 0)
                sock.setsockopt(socket.IPPROTO_IP, socket.IP_MULTICAST_TTL, 1)
                if lan.group is not None:
                    sock.setsockopt(socket.IPPROTO_IP, socket.IP_ADD_MEMBERSHIP, socket.inet_aton(lan.group) + own)
            sock.setblocking(False)
        except BaseException:
            sock.close()
            raise
        return sock

    async def _bind_udp(
        self, name: str, port: int, answer: responders.Answer, lan: MulticastSpec | None, copies: int = 1
    ) -> asyncio.DatagramTransport:
        try:
            sock = self._datagram_socket(port, lan)
        except OSError as exc:
            raise LabError(f"{self.profile.name}: cannot bind udp {self.ip}:{port} ({name}): "
                           f"{exc.strerror or exc}") from exc
        targets: tuple[tuple[str, int] | None, ...] = (None,)
        if self.attachment is not None and lan is not None and lan.group is not None:
            group = (lan.group, port)
            targets = {"sender": (None,), "group": (group,), "both": (None, group)}[lan.reply_to]
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            lambda: responders.UdpResponder(answer, self._lan, self.ip, targets, copies), sock=sock
        )
        self._datagrams.append(transport)
        self.ports[name] = port
        return transport

    def _rule_answer(self, rules: list[Rule]) -> responders.Answer:
        values = self.values
        return lambda data, _peer: responders.rule_reply(rules, data, values)

    def _sip_answer(self, spec: SipSpec) -> responders.Answer:
        values = self.values
        return lambda data, peer: sip.answer(spec, data, values, peer)

    async def _start_wsd(self) -> None:
        spec = self.profile.onvif
        assert spec is not None
        values = self.values
        transport = await self._bind_udp(
            "wsd", WSD_PORT, lambda d, _peer: onvif.probe_match(d, spec, values), MulticastSpec(group=WSD_GROUP)
        )
        self.values["port_wsd"] = str(WSD_PORT)
        if self.attachment is not None:
            # A camera announces itself when it joins the network (WS-Discovery Hello, multicast).
            with contextlib.suppress(OSError):
                transport.sendto(onvif.hello(spec, values), (WSD_GROUP, WSD_PORT))

    def _serve_for(self, svc: ServiceSpec) -> Serve:
        values = self.values
        if svc.hostile is not None:
            behaviour, spec = hostile.BEHAVIOURS[svc.hostile.behaviour], svc.hostile
            return lambda r, w: behaviour(r, w, spec)
        if svc.protocol in ("http", "https"):
            http = svc.http if svc.http is not None else self.profile.service(svc.same_as or "").http
            assert http is not None
            http = onvif.with_onvif(http, self.profile, svc.name)
            dynamic = auth_http.dynamic_for(self.profile, svc.name, http, self.auth, values)
            return lambda r, w: responders.serve_http(r, w, http, values, dynamic)
        if svc.protocol == "sip":
            sip_spec = svc.sip
            assert sip_spec is not None
            return lambda r, w: sip.serve_sip(r, w, sip_spec, values)
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
