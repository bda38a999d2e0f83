"""The sweep in a process of its own, so it uses a second core while the probe stage uses the first.

A campus scan makes millions of connection attempts; even at a few microseconds of Python each, that is
half a minute of one core that the probe stage of the live hosts would otherwise wait behind. The child
(``python -m camaudit.scan.sweep_child``, without ``ssl``) runs the very same :class:`ConnectSweep` — same scope
check per socket, same per-host pacing, same probation and timeouts — and streams each settled address back as it
goes, in length-prefixed pickled batches on its standard output (a pipe between this process and its own
child, nothing else writes to it). When the probe stage falls behind, the parent stops reading: the pipe
fills and the child's sweep waits, so memory stays bounded.

A run rate (``--rate``) is one bucket both stages draw on, so a run with one keeps the sweep in-process
(it is slow by the user's choice, and a bucket shared across processes would need a lock per attempt).
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import ipaddress
import os
import pickle
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, overload

from camaudit.scan.sweep import ConnectSweep, SweepSummary, SweptHost
from camaudit.targets import ScopeGuard

_HEADER = struct.Struct("!I")
#: Settled addresses sent per batch, and the longest a settled address waits to be sent.
_BATCH, _FLUSH_S = 256, 0.02
#: Bytes of one batch; a larger frame from the child means something is wrong with it.
_MAX_FRAME = 64 * 1024 * 1024
#: What the parent reads ahead of the probe stage (half of it; asyncio pauses the pipe at twice the limit).
_READ_AHEAD = 128 * 1024


class PackedAddresses(Sequence[str]):
    """Addresses in their order, 17 bytes each (the IP version, then the address) instead of a string object
    each: a /16's 65,536 strings cost the sweep process 4 MB of its memory, these bytes 1 MB."""

    __slots__ = ("_data",)

    def __init__(self, hosts: Iterable[str]) -> None:
        self._data = b"".join(_pack(ip) for ip in hosts)

    def __len__(self) -> int:
        return len(self._data) // _RECORD

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        return _unpack(self._data[index * _RECORD : (index + 1) * _RECORD])

    def __iter__(self) -> Iterator[str]:
        data = self._data
        return (_unpack(data[at : at + _RECORD]) for at in range(0, len(data), _RECORD))


_RECORD = 17


def _pack(ip: str) -> bytes:
    if ":" in ip:
        return b"\x06" + socket.inet_pton(socket.AF_INET6, ip)
    return b"\x04" + socket.inet_pton(socket.AF_INET, ip) + bytes(12)


def _unpack(record: bytes) -> str:
    if record[0] == 4:
        return socket.inet_ntop(socket.AF_INET, record[1:5])
    # As the scope wrote it (ipaddress's form: an IPv4-mapped address is ::ffff:102:304 there, not ::ffff:1.2.3.4).
    return str(ipaddress.IPv6Address(record[1:]))


@dataclass(frozen=True, slots=True)
class SweepJob:
    """Everything the child needs: the scope to guard every socket with, and the sweep's settings."""

    guard: ScopeGuard
    hosts: Sequence[str]
    ports: tuple[int, ...]
    timeout: float
    host_rate: float | None
    max_in_flight: int
    retries: int


class ChildSweep:
    """Runs a :class:`SweepJob` in a child process; ``emit`` gets every settled address, in this process."""

    def __init__(self, job: SweepJob, backlog: Callable[[], int], max_backlog: int) -> None:
        self.job, self.backlog, self.max_backlog = job, backlog, max_backlog
        self.summary: SweepSummary | None = None

    async def run(self, emit: Callable[[SweptHost], None]) -> None:
        """Start the child, hand each address it settles to ``emit``, and wait for its summary."""
        proc = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "camaudit.scan.sweep_child",
            stdin=asyncio.subprocess.PIPE, stdout=asyncio.subprocess.PIPE,
            # The reader stops taking from the pipe once it holds twice this: then the pipe fills and the
            # child waits. (A larger frame is still read whole: readexactly is not bound by the limit.)
            limit=_READ_AHEAD,
        )
        assert proc.stdin is not None and proc.stdout is not None
        try:
            job = dataclasses.replace(self.job, hosts=PackedAddresses(self.job.hosts))
            proc.stdin.write(pickle.dumps(job, protocol=pickle.HIGHEST_PROTOCOL))
            await proc.stdin.drain()
            proc.stdin.close()
            while True:
                while self.backlog() >= self.max_backlog:
                    await asyncio.sleep(0.02)  # the probe stage is behind: let the pipe fill, the child waits
                try:
                    (size,) = _HEADER.unpack(await proc.stdout.readexactly(_HEADER.size))
                    if size > _MAX_FRAME:
                        raise RuntimeError(f"sweep process sent a frame of {size} bytes")
                    kind, payload = pickle.loads(await proc.stdout.readexactly(size))  # noqa: S301 - our own child
                except asyncio.IncompleteReadError:
                    raise RuntimeError(f"the sweep process ended early (exit {await proc.wait()})") from None
                if kind == "hosts":
                    for item in payload:
                        emit(SweptHost(*item))
                else:
                    self.summary = payload
                    break
            await proc.wait()
        finally:
            if proc.returncode is None:
                with contextlib.suppress(ProcessLookupError):
                    proc.kill()
                await proc.wait()


def _child() -> None:
    """The child's side: read the job, sweep, write batches of settled addresses and then the summary."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends this process
    job: SweepJob = pickle.loads(sys.stdin.buffer.read())  # noqa: S301 - written by our parent
    out = sys.stdout.buffer.fileno()

    def send(kind: str, payload: Any) -> None:
        data = pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL)
        view = memoryview(_HEADER.pack(len(data)) + data)
        while view:
            view = view[os.write(out, view):]  # blocks while the parent is not reading: that is the backpressure

    batch: list[tuple[Any, ...]] = []
    flushed = [time.monotonic()]

    def emit(host: SweptHost) -> None:
        batch.append((host.ip, host.index, host.open_ports, host.answered, host.abandoned, host.last_attempt))
        now = time.monotonic()
        if len(batch) >= _BATCH or (host.open_ports and now - flushed[0] > _FLUSH_S):
            send("hosts", batch[:])
            batch.clear()
            flushed[0] = now

    sweep = ConnectSweep(
        job.guard.compiled(), job.ports, timeout=job.timeout, host_rate=job.host_rate, run_bucket=None,
        max_in_flight=job.max_in_flight, retries=job.retries,
    )

    async def main() -> None:
        async def flusher() -> None:
            while True:  # a live host never waits long behind a batch that is slow to fill
                await asyncio.sleep(_FLUSH_S)
                if batch:
                    send("hosts", batch[:])
                    batch.clear()
                    flushed[0] = time.monotonic()

        task = asyncio.ensure_future(flusher())
        try:
            await sweep.run(job.hosts, emit)
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    asyncio.run(main())
    if batch:
        send("hosts", batch)
    send("summary", sweep.summary(own_process=True))
