"""Scope: what the user allows camaudit to touch, and the guard every probe goes through.

Targets are IPv4/IPv6 addresses, CIDR blocks, dash ranges (``192.0.2.10-20`` or
``192.0.2.10-192.0.2.20``) or host names; exclusions take the same forms. Nothing outside the targets
minus the exclusions is ever contacted: :meth:`ScopeGuard.check` raises before a socket is opened.
"""

from __future__ import annotations

import bisect
import ipaddress
import socket
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

#: Refuse to expand more addresses than this unless the caller raises the limit; a typo such as
#: ``10.0.0.0/8`` for ``10.0.0.0/24`` should be an error, not a 16-million-host scan.
DEFAULT_MAX_HOSTS = 65_536


#: The largest file of targets read (``--targets-file``): a /16 written one address a line is about 900 KiB.
MAX_TARGET_FILE_BYTES = 4 * 1024 * 1024


class TargetError(ValueError):
    """A target or exclusion the user gave cannot be understood; the message says which and why."""


class OutOfScopeError(PermissionError):
    """A probe tried to reach an address outside the user's scope."""


@dataclass(frozen=True, slots=True)
class TargetSpec:
    text: str
    networks: tuple[IPNetwork, ...]
    #: Written as a CIDR block: its network and broadcast addresses are not hosts.
    is_block: bool = False

    def addresses(self) -> Iterator[IPAddress]:
        for net in self.networks:
            if net.num_addresses == 1:
                yield net.network_address
            elif self.is_block and isinstance(net, ipaddress.IPv4Network) and net.prefixlen < 31:
                # A CIDR target means its hosts; network and broadcast addresses are not devices.
                yield from net.hosts()
            else:
                yield from net


def _parse_range(text: str) -> tuple[IPNetwork, ...]:
    start_text, _, end_text = text.partition("-")
    start = ipaddress.ip_address(start_text.strip())
    end_text = end_text.strip()
    if not end_text:
        raise TargetError(f"{text!r}: a range needs an end, e.g. 192.0.2.10-20")
    if "." in end_text or ":" in end_text:
        end = ipaddress.ip_address(end_text)
    else:
        if not isinstance(start, ipaddress.IPv4Address):
            raise TargetError(f"{text!r}: short ranges are for IPv4 only")
        last = int(end_text)
        if not 0 <= last <= 255:
            raise TargetError(f"{text!r}: range end {last} is not 0-255")
        end = ipaddress.IPv4Address(int(start) & ~0xFF | last)
    if type(start) is not type(end) or int(end) < int(start):
        raise TargetError(f"{text!r}: range end comes before its start or mixes address families")
    return tuple(ipaddress.summarize_address_range(start, end))


def parse_target(text: str, *, resolve: bool = True) -> TargetSpec:
    """Parse one target or exclusion. Raises :class:`TargetError` with a one-line reason."""
    item = text.strip()
    if not item:
        raise TargetError("empty target")
    try:
        if "/" in item:
            return TargetSpec(item, (ipaddress.ip_network(item, strict=False),), is_block=True)
        if "-" in item and not item[0].isalpha():
            return TargetSpec(item, _parse_range(item))
        return TargetSpec(item, (ipaddress.ip_network(item),))
    except TargetError:
        raise
    except ValueError as exc:
        if not resolve or not _looks_like_hostname(item):
            raise TargetError(f"{item!r} is not an IP address, CIDR block, range or host name") from exc
    try:
        infos = socket.getaddrinfo(item, None, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise TargetError(f"{item!r}: host name does not resolve") from exc
    nets = {ipaddress.ip_network(info[4][0]) for info in infos}
    return TargetSpec(item, tuple(sorted(nets, key=str)))


def _looks_like_hostname(text: str) -> bool:
    if len(text) > 253 or text[0] in ".-" or text[-1] == "-":
        return False
    if all(part.isdigit() for part in text.split(".")):
        return False  # 300.1.2.3 is a bad address, not a host name
    allowed = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.")
    return all(ch in allowed for ch in text)


@dataclass(frozen=True, slots=True)
class ScopeGuard:
    """The user's scope: targets minus exclusions. Every connection and datagram asks it first."""

    targets: tuple[TargetSpec, ...]
    excluded: tuple[TargetSpec, ...] = ()
    _compiled: CompiledScope | None = field(default=None, init=False, compare=False, repr=False)

    def allows(self, ip: str) -> bool:
        try:
            addr = ipaddress.ip_address(ip)
        except ValueError:
            return False
        # Binary searches, not a walk over every network: a scan of a long host list asks per connection.
        return self.compiled().allows(addr.version, int(addr))

    def check(self, ip: str) -> None:
        """Raise :class:`OutOfScopeError` unless ``ip`` is in scope."""
        if not self.allows(ip):
            raise OutOfScopeError(f"{ip} is outside the scan scope")

    def compiled(self) -> CompiledScope:
        """The same scope as sorted integer intervals, for loops that ask it for every socket (the sweep)."""
        if self._compiled is None:
            object.__setattr__(self, "_compiled", CompiledScope(self))  # frozen: computed once, on first use
        assert self._compiled is not None
        return self._compiled

    def hosts(self, max_hosts: int = DEFAULT_MAX_HOSTS) -> list[str]:
        """Every in-scope address, in target order, each once."""
        total = sum(net.num_addresses for spec in self.targets for net in spec.networks)
        if total > max_hosts:
            raise TargetError(
                f"targets expand to {total} addresses, more than the limit of {max_hosts}; "
                "narrow them or raise --max-hosts"
            )
        seen: set[str] = set()
        out: list[str] = []
        for spec in self.targets:
            for addr in spec.addresses():
                ip = str(addr)
                if ip not in seen and self.allows(ip):
                    seen.add(ip)
                    out.append(ip)
        return out


class CompiledScope:
    """:class:`ScopeGuard` answered by two binary searches on integers instead of network objects.

    The sweep makes tens of thousands of connection attempts a second and asks before each one; the
    guard's own check parses the address and walks every network, which would cost more than the attempt.
    """

    __slots__ = ("_allowed", "_denied")

    def __init__(self, guard: ScopeGuard) -> None:
        self._allowed = {v: _intervals(guard.targets, v) for v in (4, 6)}
        self._denied = {v: _intervals(guard.excluded, v) for v in (4, 6)}

    def allows(self, version: int, address: int) -> bool:
        """Whether the address (as an integer of IP ``version``) is a target and not excluded."""
        return _inside(self._allowed[version], address) and not _inside(self._denied[version], address)

    def check(self, version: int, address: int) -> None:
        """Raise :class:`OutOfScopeError` unless the address is in scope."""
        if not self.allows(version, address):
            shown = ipaddress.IPv4Address(address) if version == 4 else ipaddress.IPv6Address(address)
            raise OutOfScopeError(f"{shown} is outside the scan scope")


def _intervals(specs: Iterable[TargetSpec], version: int) -> tuple[list[int], list[int]]:
    """Merged ``[first, last]`` address intervals of the specs' networks of one IP version."""
    spans = sorted(
        (int(net.network_address), int(net.broadcast_address))
        for spec in specs for net in spec.networks if net.version == version
    )
    starts: list[int] = []
    ends: list[int] = []
    for first, last in spans:
        if ends and first <= ends[-1] + 1:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


def _inside(intervals: tuple[list[int], list[int]], address: int) -> bool:
    starts, ends = intervals
    i = bisect.bisect_right(starts, address) - 1
    return i >= 0 and address <= ends[i]


def split_targets(items: Iterable[str]) -> list[str]:
    """Each item split on commas, as ``--ports`` is: ``10.0.0.1,10.0.0.5-9`` is two targets.

    Empty parts (a trailing comma) are dropped, unless nothing else is left: then the one empty target
    stays, so that it is reported.
    """
    out: list[str] = []
    for item in items:
        parts = [p for p in item.split(",") if p.strip()]
        out.extend(parts or [item.strip(", ")])
    return out


def build_scope(targets: Iterable[str], excluded: Iterable[str] = ()) -> ScopeGuard:
    """Parse targets and exclusions (each may be a comma list) into a :class:`ScopeGuard` (raises
    :class:`TargetError`)."""
    specs = tuple(parse_target(t) for t in split_targets(targets))
    if not specs:
        raise TargetError("no targets given")
    return ScopeGuard(specs, tuple(parse_target(t) for t in split_targets(excluded)))


def read_target_file(path: Path) -> list[str]:
    """The targets a file lists (``--targets-file``, nmap's ``-iL``): any of the forms above, separated by white space
    or commas, ``#`` starting a comment. Raises :class:`TargetError` with a one-line reason naming the file and, for a
    target that cannot be understood, its line: a scope read wrongly is never scanned in part."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_TARGET_FILE_BYTES + 1)
    except OSError as exc:
        raise TargetError(f"{path}: cannot read the file of targets ({exc.strerror or exc})") from exc
    if len(data) > MAX_TARGET_FILE_BYTES:
        raise TargetError(f"{path}: larger than {MAX_TARGET_FILE_BYTES // (1024 * 1024)} MiB: not a list of targets")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TargetError(f"{path}: not a text file (byte {exc.start} is not UTF-8)") from exc
    if "\x00" in text:
        raise TargetError(f"{path}: not a text file (it holds NUL bytes)")
    found: list[str] = []
    for number, line in enumerate(text.splitlines(), 1):
        for item in line.split("#", 1)[0].replace(",", " ").split():
            try:
                parse_target(item, resolve=False)
            except TargetError as exc:
                if not (any(ch.isalpha() for ch in item) and _looks_like_hostname(item)):  # names: resolved later
                    raise TargetError(f"{path} line {number}: {exc}") from exc
            found.append(item)
    if not found:
        raise TargetError(f"{path}: lists no targets")
    return found
