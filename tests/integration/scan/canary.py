"""Canary listeners: addresses outside a scan's scope that hostile devices name (redirects, XXE, discovery
replies). Any TCP connection or UDP datagram that reaches one is recorded; a test asserts there is none.

Runnable on its own (``python canary.py OUT ADDR...``) inside a network namespace: it listens until SIGTERM
and then writes what reached it to OUT as JSON.
"""

from __future__ import annotations

import asyncio
import json
import signal
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

#: Every port a hostile profile names or a camera probe would use.
TCP_PORTS = (80, 81, 443, 554, 8000, 8080, 8081, 8443, 8554, 34567, 37777)
UDP_PORTS = (3702, 34569, 37020, 37810)
#: The canaries the hostile profiles name (lab/profiles/hostile/*): XXE, redirects, XAddrs, SADP/DHIP, formula.
ADDRESSES = ("127.254.0.1", "127.254.0.2", "127.254.0.3", "127.254.0.4", "127.254.0.9")


class _Datagrams(asyncio.DatagramProtocol):
    def __init__(self, where: str, contacts: list[str]) -> None:
        self.where, self.contacts = where, contacts

    def datagram_received(self, data: bytes, addr: tuple[str | bytes, int]) -> None:
        self.contacts.append(f"udp {self.where} from {addr[0]!r}: {data[:60]!r}")


class Canaries:
    """Listeners on every (address, port), on a loop in a background thread."""

    def __init__(self, addresses: Sequence[str] = ADDRESSES) -> None:
        self.addresses = tuple(addresses)
        self.contacts: list[str] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)
        self._closers: list[asyncio.AbstractServer | asyncio.BaseTransport] = []

    async def _start(self) -> None:
        for ip in self.addresses:
            for port in TCP_PORTS:
                async def seen(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, where: str = f"{ip}:{port}") -> None:
                    data = await reader.read(200)
                    self.contacts.append(f"tcp {where}: {data[:80]!r}")
                    writer.close()

                self._closers.append(await asyncio.start_server(seen, ip, port))
            for port in UDP_PORTS:
                transport, _ = await self._loop.create_datagram_endpoint(
                    lambda where=f"{ip}:{port}": _Datagrams(where, self.contacts), local_addr=(ip, port)
                )
                self._closers.append(transport)

    def __enter__(self) -> Canaries:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    def __exit__(self, *exc: object) -> None:
        def close() -> None:
            for closer in self._closers:
                closer.close()

        self._loop.call_soon_threadsafe(close)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)


def main(out: str, addresses: Sequence[str]) -> None:
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    with Canaries(addresses) as canaries:
        Path(out + ".ready").write_text("ready")
        while not stop.wait(0.2):
            pass
    Path(out).write_text(json.dumps(canaries.contacts))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:] or ADDRESSES)
