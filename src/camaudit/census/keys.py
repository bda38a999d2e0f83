"""The grouping keys of ``camaudit census --by``: what each one counts and where its value comes from.

A census counts camera *hosts* (IP addresses). Most keys describe the host as a whole and are read from
the host's most confident camera record (the counting rules in ``docs/census.md``): its maker, brand,
model, firmware, country, network, the regimes that cover its maker and its KEV exposure. Two keys
describe a single service (``port``, ``protocol``): with them a host with cameras answering on two ports
is counted in both rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

#: Key -> SQL expression over the joined ``host`` (h) and camera ``service`` (s) rows in aggregate.py.
KEYS: Final[dict[str, str]] = {
    "country": "h.country",
    "asn": "h.asn",
    "org": "h.org",
    "manufacturer": "h.manufacturer",
    "brand": "h.brand",
    "device_type": "h.device_type",
    "model": "h.model",
    "firmware": "h.firmware",
    "regime": "h.regime",
    "possible_regime": "h.possible_regime",
    "kev": "h.kev_state",
    "cloud": "h.cloud",
    "port": "s.port",
    "protocol": "s.protocol",
}

#: Keys whose host value is a list (a host is counted under each member, and under ``null`` when it is empty):
#: key -> the ``hosts`` column it unnests.
LIST_KEYS: Final[dict[str, str]] = {"regime": "regimes", "possible_regime": "possible_regimes"}

#: Keys whose value belongs to one service rather than to the host.
SERVICE_KEYS: Final = frozenset({"port", "protocol"})

DEFAULT_KEYS: Final = ("country", "manufacturer")

#: Values of the ``kev`` key (``docs/census.md``).
KEV_EXPOSED = "exposed"
KEV_UNCHECKED = "unchecked"
KEV_NONE = "none"


class ByKeyError(ValueError):
    """A ``--by`` value that is not a known key (the message lists the known ones)."""


def parse_keys(text: str | Iterable[str]) -> tuple[str, ...]:
    """``"country, manufacturer"`` (or a list) -> ``("country", "manufacturer")``; unknown or repeated keys raise."""
    parts = [p.strip().lower() for p in (text.split(",") if isinstance(text, str) else text)]
    keys = tuple(p for p in parts if p)
    if not keys:
        raise ByKeyError(f"--by needs at least one key; known keys: {', '.join(KEYS)}")
    unknown = [k for k in keys if k not in KEYS]
    if unknown:
        raise ByKeyError(f"unknown --by key {unknown[0]!r}; known keys: {', '.join(KEYS)}")
    if len(set(keys)) != len(keys):
        raise ByKeyError(f"--by names a key twice: {', '.join(keys)}")
    return keys
