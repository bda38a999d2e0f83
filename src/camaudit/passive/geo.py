"""Country and network owner of an outside address, from MaxMind-format databases the user supplies.

GeoLite2/GeoIP2 Country or City databases (and DB-IP's compatible ones) give ``country.iso_code`` and
its English name; GeoLite2-ASN gives ``autonomous_system_number`` and ``..._organization``. Read with
MaxMind's own reader (PyPI ``maxminddb``). camaudit ships no database: addresses are looked up only when
the user names one with ``--geoip`` / ``--asn``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

import maxminddb
from maxminddb.errors import InvalidDatabaseError


class GeoError(ValueError):
    """A database that cannot be opened; the message is one line."""


@dataclass(frozen=True, slots=True)
class Place:
    """Where an address is registered or located, as far as the databases say."""

    country: str | None = None
    country_name: str | None = None
    asn: int | None = None
    as_org: str | None = None


def _open(path: Path | None, what: str) -> Any:
    if path is None:
        return None
    try:
        return maxminddb.open_database(str(path))
    except FileNotFoundError:
        raise GeoError(f"{what} {path}: no such file") from None
    except (InvalidDatabaseError, ValueError, OSError) as exc:
        raise GeoError(f"{what} {path}: not a MaxMind DB file ({str(exc).splitlines()[0][:80]})") from None


def _text(value: Any) -> str | None:
    return value.strip()[:128] if isinstance(value, str) and value.strip() else None


class GeoLookup:
    """Looks addresses up in the optional country and ASN databases (either may be absent)."""

    def __init__(self, country_db: Path | None = None, asn_db: Path | None = None) -> None:
        self._country = _open(country_db, "--geoip")
        try:
            self._asn = _open(asn_db, "--asn")
        except GeoError:
            self.close()
            raise
        self._cache: dict[str, Place] = {}

    @property
    def active(self) -> bool:
        return self._country is not None or self._asn is not None

    def place(self, ip: str) -> Place:
        """What the databases say about ``ip`` (an empty :class:`Place` when nothing)."""
        found = self._cache.get(ip)
        if found is None:
            found = self._cache[ip] = self._lookup(ip)
        return found

    def _lookup(self, ip: str) -> Place:
        country = name = org = None
        asn = None
        if self._country is not None:
            record = self._get(self._country, ip)
            entry = record.get("country") or record.get("registered_country") or {}
            if isinstance(entry, dict):
                country = _text(entry.get("iso_code"))
                names = entry.get("names")
                name = _text(names.get("en")) if isinstance(names, dict) else None
        if self._asn is not None:
            record = self._get(self._asn, ip)
            number = record.get("autonomous_system_number")
            asn = number if isinstance(number, int) else None
            org = _text(record.get("autonomous_system_organization"))
        return Place(country, name, asn, org)

    @staticmethod
    def _get(reader: Any, ip: str) -> dict[str, Any]:
        try:
            record = reader.get(ip)
        except (ValueError, InvalidDatabaseError):
            return {}
        return record if isinstance(record, dict) else {}

    def close(self) -> None:
        for reader in (self._country, getattr(self, "_asn", None)):
            if reader is not None:
                reader.close()

    def __enter__(self) -> GeoLookup:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None) -> None:
        self.close()
