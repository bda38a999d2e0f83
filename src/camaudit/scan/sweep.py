"""The sweep stage: which ports of which addresses accept a TCP connection, at the machine's connect rate.

Almost every attempt of a campus scan goes to an address or port where nothing listens, so this stage
spends as little as it can on each: a bare non-blocking socket, ``connect_ex``, and one shared ``epoll``
whose descriptor sits in the event loop (no task, coroutine, future or stream per attempt). Answers are
read in batches; a connection that completes is closed with a reset (``SO_LINGER`` 0, as ``nmap -sT``
does) and a refused one needs no close handshake, so the sweep leaves nothing in ``TIME_WAIT`` and uses no
ephemeral ports for long.

Per host, the first few attempts (the usual camera ports) are a probation: until something answers —
a connection or a refusal — no further port of that host is tried. A host that stays silent through its
probation, or whose network says "no such host" (ICMP unreachable, ARP failed), is dark and abandoned,
unless the kernel's neighbour table shows a host there (:mod:`camaudit.scan.neighbours`): that one is
firewalled, not absent, and every port is tried. Connect timeouts adapt to the round-trip times measured
on answers (Jacobson's estimator, as TCP and nmap use), within a floor and the ``--timeout`` ceiling.

Every socket asks the compiled scope first; the per-host rate spaces a host's attempts, and the run rate
is a bucket shared with the probe stage (:mod:`camaudit.scan.rate`).
"""

from __future__ import annotations

import _socket
import asyncio
import collections
import contextlib
import errno
import heapq
import itertools
import select
import socket
import struct
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass

from camaudit.scan.neighbours import NeighbourHints, read_neighbour_hints
from camaudit.scan.rate import TokenBucket
from camaudit.targets import CompiledScope, OutOfScopeError

#: Ports tried first: cameras and recorders answer on at least one of them.
LIVENESS_PORTS = (80, 443, 554, 8000, 8080, 37777)
#: Attempts a host gets before anything answers; all silent means dark.
PROBATION = 4
#: The adaptive timeout never goes below this (seconds): a busy camera can be slow to accept.
TIMEOUT_FLOOR = 0.5
#: Answers measured before the timeout adapts.
MIN_SAMPLES = 16
#: The sweep's window of hosts aims at this many attempts per second at the per-host rate, within WINDOW_MAX hosts.
WINDOW_RATE, WINDOW_MAX = 200_000, 8192
#: Attempts started per turn of the event loop, so probes of live hosts keep running meanwhile.
BATCH = 512
_STREAM = socket.SOCK_STREAM | socket.SOCK_NONBLOCK
_LINGER_RESET = struct.pack("ii", 1, 0)
_FAILED = select.EPOLLERR | select.EPOLLHUP
_NO_HOST = frozenset({errno.EHOSTUNREACH, errno.ENETUNREACH, errno.EHOSTDOWN, errno.ENETDOWN})
#: This machine has no route to the network (or its interface is down): the attempt never left.
_NO_ROUTE = frozenset({errno.ENETUNREACH, errno.ENETDOWN})
#: The kernel has no local port or buffer left for now: try the same attempt again shortly.
_TRY_LATER = frozenset({errno.EADDRNOTAVAIL, errno.EAGAIN, errno.ENOBUFS})


@dataclass(slots=True)
class SweptHost:
    """What the sweep learnt about one address: its open ports, and when it was last sent a SYN."""

    ip: str
    #: Position of the address in the target order.
    index: int
    open_ports: list[int]
    #: Something answered (a connection or a refusal): a host is there.
    answered: bool
    #: Given up as dark (silent through its probation, or unreachable).
    abandoned: bool
    #: ``time.monotonic()`` of the last attempt, so the probe stage's per-host rate continues from it.
    last_attempt: float


@dataclass(slots=True)
class SweepStats:
    """Counts for the result's scope notes."""

    attempts: int = 0
    open: int = 0
    refused: int = 0
    timeouts: int = 0
    unreachable: int = 0
    #: Of the unreachable, those this machine had no route for (network unreachable or down).
    no_route: int = 0
    retries: int = 0
    hosts: int = 0
    hosts_answered: int = 0
    hosts_abandoned: int = 0
    hosts_kept_by_neighbour_table: int = 0
    seconds: float = 0.0
    rtt_samples: int = 0
    #: The adaptive connect timeout at the end of the sweep, seconds.
    timeout: float = 0.0
    #: Smoothed round-trip time of the answers, seconds.
    srtt: float = 0.0


@dataclass(frozen=True, slots=True)
class SweepSummary:
    """What a finished sweep did and assumed: its counts, the neighbour table, its timeout bounds."""

    stats: SweepStats
    hints: NeighbourHints
    floor: float
    ceiling: float
    probation_ports: tuple[int, ...]
    #: Whether the sweep ran in a process of its own (``scan/sweep_process.py``).
    own_process: bool = False


class _Host:
    __slots__ = (
        "abandoned", "addr", "answered", "done", "family", "index", "ip", "kept", "last", "next",
        "open_ports", "outstanding", "ports", "retried", "version",
    )

    def __init__(self, ip: str, index: int, ports: list[int]) -> None:
        self.ip, self.index = ip, index
        self.version = 6 if ":" in ip else 4
        self.family = socket.AF_INET6 if self.version == 6 else socket.AF_INET
        self.addr = int.from_bytes(socket.inet_pton(self.family, ip))
        self.ports = ports  # shared with every host until a retry appends to it
        self.next = 0
        self.outstanding = 0
        self.answered = self.abandoned = self.done = self.kept = False
        self.open_ports: list[int] = []
        self.retried: set[int] | None = None
        self.last = 0.0


class ConnectSweep:
    """A TCP connect sweep of many addresses, streamed host by host to ``emit`` as each is settled."""

    def __init__(
        self,
        scope: CompiledScope,
        ports: Sequence[int],
        *,
        timeout: float,
        host_rate: float | None,
        run_bucket: TokenBucket | None,
        max_in_flight: int,
        window: int | None = None,
        retries: int = 1,
        neighbours: Callable[[], NeighbourHints] = read_neighbour_hints,
        backlog: Callable[[], int] = lambda: 0,
        max_backlog: int = 1024,
    ) -> None:
        ordered = [p for p in LIVENESS_PORTS if p in ports] + [p for p in ports if p not in LIVENESS_PORTS]
        self.ports = ordered
        self.probation = min(PROBATION, len(ordered))
        self.scope = scope
        self.ceiling = timeout
        self.floor = min(TIMEOUT_FLOOR, timeout)
        self.spacing = 1.0 / host_rate if host_rate else 0.0
        self.run_bucket = run_bucket
        self.max_in_flight = max(16, max_in_flight)
        # Enough hosts at once to reach ~200,000 attempts/s at the per-host rate (more than one core makes),
        # and no more: a host is handed to the probe stage when its last port is settled, so a small window
        # streams live hosts early, while a window of the whole scope would settle every host at the very
        # end. (A window of 1,000 capped a /16 sweep at 50,000 attempts/s: 40 s, where nmap -sT takes 16.)
        self.window = window or int(min(WINDOW_MAX, max(64, WINDOW_RATE * self.spacing or 256)))
        #: Hosts still on probation (nothing answered yet) do not count against the window, up to this many:
        #: on a real network they wait out timeouts, and the window must not fill with dark addresses.
        self.probation_window = max(self.window, self.max_in_flight // max(1, self.probation))
        self.retries = retries
        self._neighbours = neighbours
        self.hints = neighbours()
        self._hints_read = time.monotonic()
        self.backlog, self.max_backlog = backlog, max_backlog
        self.stats = SweepStats()
        self._srtt = 0.0
        self._rttvar = 0.0
        self._pending: dict[int, tuple[_socket.socket, _Host, int, float]] = {}
        self._deadlines: collections.deque[tuple[float, int, tuple[_socket.socket, _Host, int, float]]] = (
            collections.deque()
        )
        self._ready: list[tuple[float, int, _Host]] = []
        self._seq = itertools.count()
        self._active = 0
        self._on_probation = 0
        #: Hosts admitted whose first attempt is not sent yet (at most a turn's admissions, see _admit).
        self._unsent = 0
        #: Attempts whose answer was looked for as soon as connect_ex returned, and how many had one.
        self._early_tries = self._early_hits = 0
        self._pause_until = 0.0
        self._epoll = select.epoll()
        self._emit: Callable[[SweptHost], None] = lambda _: None
        self._wake: asyncio.Event | None = None

    # -- timeouts ---------------------------------------------------------------------------------------

    def timeout(self) -> float:
        """The connect timeout now: ``srtt + 4 * rttvar`` once enough answers were measured."""
        if self.stats.rtt_samples < MIN_SAMPLES:
            return self.ceiling
        return min(self.ceiling, max(self.floor, self._srtt + 4 * self._rttvar))

    def _measure(self, rtt: float) -> None:
        stats = self.stats
        if stats.rtt_samples == 0:
            self._srtt, self._rttvar = rtt, rtt / 2
        else:
            err = rtt - self._srtt
            self._srtt += err / 8
            self._rttvar += (abs(err) - self._rttvar) / 4
        stats.rtt_samples += 1

    # -- the loop ---------------------------------------------------------------------------------------

    async def run(
        self, hosts: Iterable[str], emit: Callable[[SweptHost], None], stop: asyncio.Event | None = None
    ) -> None:
        """Sweep every address of ``hosts`` (in order), calling ``emit`` once per address when settled."""
        loop = asyncio.get_running_loop()
        self._emit = emit
        self._wake = wake = asyncio.Event()
        queue = enumerate(hosts)
        began = time.monotonic()
        loop.add_reader(self._epoll.fileno(), self._on_ready)
        try:
            exhausted = False
            while True:
                if stop is not None and stop.is_set():
                    return
                now = time.monotonic()
                self._on_ready()  # answers that came in while the loop was busy are not timeouts
                self._expire(now)
                if not exhausted:
                    exhausted = self._admit(queue)
                launched, wake_at = self._launch(now)
                if exhausted and self._active == 0:
                    return
                if launched >= BATCH or (launched and wake_at <= now):
                    await asyncio.sleep(0)
                    continue
                # Until the next host may be sent to, the next timeout falls due, or answers come in.
                deadline = self._deadlines[0][0] if self._deadlines else now + 0.05
                delay = min(wake_at, deadline, now + 0.05) - now
                wake.clear()
                if delay <= 0:
                    await asyncio.sleep(0)
                    continue
                with contextlib.suppress(TimeoutError):
                    async with asyncio.timeout(delay):
                        await wake.wait()
        finally:
            loop.remove_reader(self._epoll.fileno())
            for sock, _host, _port, _t0 in self._pending.values():
                sock.close()
            self._pending.clear()
            self._epoll.close()
            self.stats.seconds = time.monotonic() - began
            self.stats.timeout = self.timeout()
            self.stats.srtt = self._srtt

    def _admit(self, queue: Iterator[tuple[int, str]]) -> bool:
        """Take new addresses while the window and the probe stage's backlog allow; True when none are left.

        At most :data:`BATCH` per turn: hosts on probation do not count against the window until they
        answer, and where every address answers at once (a LAN of resets) an unbounded turn would admit the
        whole scope, interleave all its attempts and settle no host before the very end. Nor more while a
        turn's worth of admitted hosts has not been sent anything yet: when the loop is late (a loaded
        machine), the hosts already under way are due first and take every launch, and admissions that
        went on meanwhile would pile up outside the window (CI once saw the first live host settle after
        2% more than a window's attempts).
        """
        if self.backlog() >= self.max_backlog:
            return False
        now = time.monotonic()
        for _ in range(BATCH):
            if (self._active - self._on_probation >= self.window or self._on_probation >= self.probation_window
                    or self._unsent >= BATCH):
                break
            item = next(queue, None)
            if item is None:
                return True
            index, ip = item
            host = _Host(ip, index, self.ports)
            self._active += 1
            self._on_probation += 1
            self.stats.hosts += 1
            if not self.ports:
                self._finish(host)
                continue
            self._unsent += 1
            heapq.heappush(self._ready, (now, next(self._seq), host))
        return False

    def _launch(self, now: float) -> tuple[int, float]:
        """Start attempts whose host and run rate allow it; return how many, and when to look again."""
        ready, spacing, bucket = self._ready, self.spacing, self.run_bucket
        launched = 0
        if now < self._pause_until:
            return 0, self._pause_until
        while ready and launched < BATCH:
            if len(self._pending) >= self.max_in_flight:
                return launched, now + 0.005  # woken earlier by the answers that free a place
            at, _, host = ready[0]
            if at > now:
                return launched, at
            if host.done or host.abandoned or host.next >= len(host.ports):
                heapq.heappop(ready)
                continue
            if bucket is not None and not bucket.try_take(now):
                return launched, bucket.ready_at()
            heapq.heappop(ready)
            port = host.ports[host.next]
            host.next += 1
            if not self._connect(host, port, now):
                host.next -= 1  # not sent: the same port again after the pause
                heapq.heappush(ready, (self._pause_until, next(self._seq), host))
                return launched, self._pause_until
            launched += 1
            if host.next == 1:
                self._unsent -= 1
            if host.next < len(host.ports) and (host.answered or host.kept or host.next < self.probation):
                heapq.heappush(ready, (now + spacing, next(self._seq), host))
        return launched, (ready[0][0] if ready else now + 0.05)

    def _connect(self, host: _Host, port: int, now: float) -> bool:
        """One attempt; False when the kernel is out of sockets or ports for now (retried after a pause)."""
        if not self.scope.allows(host.version, host.addr):
            raise OutOfScopeError(f"{host.ip} is outside the scan scope")
        try:
            # The C socket type, not socket.socket: its Python wrapper costs more than the attempt's system calls.
            sock = _socket.socket(host.family, _STREAM)
        except OSError as exc:
            if exc.errno in (errno.EMFILE, errno.ENFILE, errno.ENOBUFS, errno.ENOMEM):
                self.max_in_flight = max(16, len(self._pending) * 3 // 4)
                self._pause_until = now + 0.05
                return False
            raise
        rc = sock.connect_ex((host.ip, port))
        if rc in _TRY_LATER:
            sock.close()
            self._pause_until = now + 0.05
            return False
        host.outstanding += 1
        host.last = now
        self.stats.attempts += 1
        if rc == errno.EINPROGRESS:
            if self._early_hits * 8 >= self._early_tries or self.stats.attempts % 64 == 0:
                # A refusal from this machine or the next one is often in before connect_ex returns: one
                # getsockopt then saves the epoll round. Asked while it pays (one attempt in eight answers
                # at once), and on one attempt in 64 to notice when it starts to.
                self._early_tries += 1
                err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
                if err:
                    self._early_hits += 1
                    self._settle(sock, host, port, err, now, now)
                    return True
            attempt = (sock, host, port, now)
            fd = sock.fileno()
            self._pending[fd] = attempt
            self._epoll.register(fd, select.EPOLLOUT)
            self._deadlines.append((now + self.timeout(), fd, attempt))
        else:
            self._settle(sock, host, port, rc, now, now)
        return True

    def _on_ready(self) -> None:
        now = time.monotonic()
        pending = self._pending
        for fd, events in self._epoll.poll(0, 4096):
            attempt = pending.pop(fd, None)
            if attempt is None:
                continue
            sock, host, port, began = attempt
            err = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR) if events & _FAILED else 0
            self._settle(sock, host, port, err, began, now)
        if self._wake is not None:
            self._wake.set()

    def _expire(self, now: float) -> None:
        deadlines, pending = self._deadlines, self._pending
        while deadlines and deadlines[0][0] <= now:
            _, fd, attempt = deadlines.popleft()
            if pending.get(fd) is not attempt:
                continue  # answered already (and the descriptor may be another attempt's by now)
            del pending[fd]
            sock, host, port, _began = attempt
            sock.close()
            host.outstanding -= 1
            self.stats.timeouts += 1
            if (host.answered or host.kept) and self.retries and port not in (host.retried or ()):
                # A host that answers elsewhere dropped this SYN, or it was lost: once more, as nmap does.
                host.retried = (host.retried or set()) | {port}
                self.stats.retries += 1
                self._requeue(host, port, now)
            self._after(host, now)

    def _settle(self, sock: _socket.socket, host: _Host, port: int, err: int, began: float, now: float) -> None:
        host.outstanding -= 1
        stats = self.stats
        if err == 0:
            stats.open += 1
            host.open_ports.append(port)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, _LINGER_RESET)
            self._answered(host, now - began, now)
        elif err == errno.ECONNREFUSED:
            stats.refused += 1
            self._answered(host, now - began, now)
        elif err in _NO_HOST:
            stats.unreachable += 1
            if err in _NO_ROUTE:
                stats.no_route += 1
            if not host.answered:
                host.abandoned = True
        else:
            stats.timeouts += 1
        sock.close()
        self._after(host, now)

    def _answered(self, host: _Host, rtt: float, now: float) -> None:
        self._measure(rtt)
        if not host.answered:
            host.answered = True
            if not host.kept:
                self._on_probation -= 1
            if host.next >= self.probation and host.next < len(host.ports) and not host.kept:
                # The probation is over: the rest of the ports, at the host's pace.
                heapq.heappush(self._ready, (max(now, host.last + self.spacing), next(self._seq), host))

    def _requeue(self, host: _Host, port: int, now: float) -> None:
        if host.ports is self.ports:
            host.ports = list(self.ports)  # this host's own list from now on
        host.ports.append(port)
        if host.next == len(host.ports) - 1:
            heapq.heappush(self._ready, (max(now, host.last + self.spacing), next(self._seq), host))

    def _after(self, host: _Host, now: float) -> None:
        """Settle the host if nothing of it is in flight and nothing more will be tried."""
        if host.outstanding or host.done:
            return
        if not host.answered and not host.kept and not host.abandoned and host.next >= self.probation:
            if self._present(host.ip, now):
                # The neighbour table has a host here: firewalled, not absent. Try every port.
                host.kept = True
                self._on_probation -= 1
                self.stats.hosts_kept_by_neighbour_table += 1
                if host.next < len(host.ports):
                    heapq.heappush(self._ready, (max(now, host.last + self.spacing), next(self._seq), host))
                    return
            else:
                host.abandoned = True
        if host.abandoned or host.next >= len(host.ports):
            self._finish(host)

    def summary(self, own_process: bool = False) -> SweepSummary:
        """The counts and assumptions of this sweep, for the result's scope notes."""
        return SweepSummary(self.stats, self.hints, self.floor, self.ceiling,
                            tuple(self.ports[: self.probation]), own_process)

    def _present(self, ip: str, now: float) -> bool:
        """Whether the neighbour table has a host at ``ip``: it is read again (at most twice a second) because
        the sweep's own SYNs are what made the kernel ask ARP for it."""
        if ip not in self.hints.present and self.hints.on_local_segment(ip) and now - self._hints_read > 0.5:
            self.hints = self._neighbours()
            self._hints_read = now
        return ip in self.hints.present

    def _finish(self, host: _Host) -> None:
        host.done = True
        self._active -= 1
        if not host.answered and not host.kept:
            self._on_probation -= 1
        self.stats.hosts_answered += host.answered
        self.stats.hosts_abandoned += host.abandoned
        self._emit(SweptHost(host.ip, host.index, sorted(host.open_ports), host.answered, host.abandoned,
                             host.last))
