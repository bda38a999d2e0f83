"""Create sockets inside a named network namespace from this process (Linux, root).

A socket belongs to the namespace it was created in, for life; so one event loop can serve devices in
many namespaces if each socket is made while the creating thread has ``setns``-ed into its namespace.
That keeps namespace mode to one process instead of one Python per device. (Python 3.11 has no
``os.setns``; libc's is called through ctypes.)
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
from collections.abc import Iterator
from pathlib import Path

#: Where ``ip netns add`` keeps its namespaces.
NETNS_DIR = Path("/run/netns")
_CLONE_NEWNET = 0x40000000
_libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)


def _setns(fd: int) -> None:
    if _libc.setns(fd, _CLONE_NEWNET) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"setns: {os.strerror(err)}")


@contextlib.contextmanager
def entered(name: str) -> Iterator[None]:
    """Run the body with this thread in namespace ``name``; always come back to where it was.

    Keep the body synchronous (no ``await``): other tasks on the same loop must not run inside it.
    """
    own = os.open("/proc/thread-self/ns/net", os.O_RDONLY)
    try:
        target = os.open(NETNS_DIR / name, os.O_RDONLY)
        try:
            _setns(target)
            try:
                yield
            finally:
                _setns(own)
        finally:
            os.close(target)
    finally:
        os.close(own)
