"""The sweep process's entry point (``python -m camaudit.scan.sweep_child``): :func:`sweep_process._child` without
the ``ssl`` module.

The sweep only opens and resets plain TCP connections, but ``asyncio`` imports ``ssl`` when it is there, and with it
OpenSSL: 4.4 of the 22 MB this process held after its imports (measured with ``VmRSS``, Python 3.11). A campus scan
runs this process beside the scanner for the whole sweep, so its memory counts in the scan's peak. Marking ``ssl`` as
missing before anything imports it makes ``asyncio`` take its own no-TLS path (it imports ``ssl`` inside ``try`` for
builds without OpenSSL), and any TLS call here would fail loudly rather than load it.
"""

import sys

sys.modules.setdefault("ssl", None)  # type: ignore[arg-type]

from camaudit.scan.sweep_process import _child  # noqa: E402 - after the ssl mark, on purpose

if __name__ == "__main__":
    _child()
