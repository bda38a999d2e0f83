"""One spelling of a MAC address, and only addresses that can name one device.

Every source of MAC addresses (discovery replies, probe answers, the neighbour table, imported scan files,
the register) goes through :func:`normalise_mac`, so the same card is spelt the same everywhere, and an
address that names no single device is dropped: all zeros (what firmware sends when it has none to give:
a SADP reply with ``00-00-00-00-00-00``), broadcast, and any multicast/group address. Two hosts reporting
such an address would otherwise be merged into one device.
"""

from __future__ import annotations

import re

_SEPARATORS = re.compile(r"[\s:.\-]")
_HEX12 = re.compile(r"[0-9a-f]{12}")


def normalise_mac(text: str | None) -> str | None:
    """``aa:bb:cc:dd:ee:ff`` from any common spelling (``AA-BB-…``, ``aabb.ccdd.eeff``, ``AABBCCDDEEFF``);
    ``None`` for anything else and for zero, broadcast and multicast addresses."""
    if not text:
        return None
    digits = _SEPARATORS.sub("", text.strip().lower())
    if not _HEX12.fullmatch(digits) or digits == "0" * 12:
        return None
    if int(digits[1], 16) & 0x1:  # the I/G bit: a group address (multicast; broadcast is ff:ff:...)
        return None
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))
