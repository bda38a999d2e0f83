"""IP fragment reassembly, bounded: a large discovery reply or DNS answer split by the sender is read whole.

Fragments are kept per (source, destination, protocol, identification) until every byte from offset 0
to the last fragment's end is there. At most :data:`MAX_PENDING` datagrams wait at once (the oldest is
dropped first) and none may grow past 64 KiB; whatever never completes is counted when the run ends.
"""

from __future__ import annotations

from camaudit.passive.tally import Tally

MAX_PENDING = 1024
MAX_DATAGRAM = 65_535
#: Seconds a datagram may wait for its missing fragments (RFC 791 suggests 15 s as the lower bound).
TIMEOUT = 30.0

_Key = tuple[bytes, bytes, int, int]


class _Pending:
    __slots__ = ("end", "first_seen", "pieces", "size")

    def __init__(self, ts: float) -> None:
        self.pieces: dict[int, bytes] = {}
        self.end: int | None = None
        self.first_seen = ts
        self.size = 0


class Reassembler:
    """Collects fragments and hands back each datagram's payload once it is complete."""

    def __init__(self, tally: Tally) -> None:
        self.tally = tally
        self._pending: dict[_Key, _Pending] = {}

    def add(self, key: _Key, offset: int, more: bool, data: bytes, ts: float) -> bytes | None:
        """Add one fragment's payload (``offset`` in bytes); the whole payload when this completes it."""
        entry = self._pending.get(key)
        if entry is None:
            self._expire(ts)
            if len(self._pending) >= MAX_PENDING:
                self._drop(next(iter(self._pending)), "IP fragments dropped: too many datagrams in pieces at once")
            entry = self._pending[key] = _Pending(ts)
        if offset + len(data) > MAX_DATAGRAM:
            self._drop(key, "IP fragments that would make a datagram larger than 64 KiB (dropped)")
            return None
        if offset not in entry.pieces:
            entry.pieces[offset] = data
            entry.size += len(data)
        if not more:
            entry.end = offset + len(data)
        if entry.end is None or entry.size < entry.end:
            return None
        whole = bytearray()
        for start in sorted(entry.pieces):
            if start > len(whole):
                return None  # a gap: overlapping pieces made the byte count look complete
            whole += entry.pieces[start][len(whole) - start :]
        del self._pending[key]
        return bytes(whole[: entry.end])

    def _expire(self, now: float) -> None:
        while self._pending:
            key = next(iter(self._pending))
            if now - self._pending[key].first_seen <= TIMEOUT:
                return
            self._drop(key, "IP fragments whose datagram never completed (dropped)")

    def _drop(self, key: _Key, reason: str) -> None:
        entry = self._pending.pop(key, None)
        if entry is not None:
            self.tally.add(reason, len(entry.pieces))

    def finish(self) -> None:
        """Count every datagram still waiting for fragments."""
        for key in list(self._pending):
            self._drop(key, "IP fragments whose datagram never completed (dropped)")
