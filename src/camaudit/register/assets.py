"""Importing the organisation's own asset list (CSV) into the register.

Columns (header names are case-insensitive; spaces, dashes and underscores are alike; order is free):
``ip``, ``mac``, ``site``, ``location``, ``purpose``, ``make``, ``model``. Each row needs an ``ip`` or a
``mac``; other columns are ignored. A few common spellings are accepted (``ip address``, ``mac address``,
``manufacturer``/``vendor`` for ``make``).

A file that is not a CSV asset list at all (binary, not UTF-8, no ``ip``/``mac`` column) is refused
whole with :class:`AssetFileError` before anything is written. Bad rows are skipped, counted and named
by reason and line (never silently dropped); the good rows are written in one transaction. An asset that
matches a register device (by MAC, then address) is linked to it and fills that device's site,
location and purpose where the user has not annotated them yet.
"""

from __future__ import annotations

import csv
import io
import ipaddress
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import select

from camaudit.clock import utc_now
from camaudit.macaddress import normalise_mac
from camaudit.register.annotations import Notes, apply_notes
from camaudit.register.db import Register
from camaudit.register.models import AssetRow
from camaudit.register.query import lookup_device

COLUMNS = ("ip", "mac", "site", "location", "purpose", "make", "model")
_ALIASES = {
    "ip_address": "ip", "ipaddress": "ip", "address": "ip", "ipv4": "ip",
    "mac_address": "mac", "macaddress": "mac",
    "manufacturer": "make", "vendor": "make", "brand": "make",
}
#: Longest value kept in a text column (the register's columns hold 200 characters).
MAX_VALUE = 200
#: Line numbers named per reason in the summary.
_LINES_SHOWN = 5


class AssetFileError(Exception):
    """The file is not an asset list at all; nothing was written. The message is one line."""


@dataclass(frozen=True, slots=True)
class AssetRecord:
    """One good row of the asset list."""

    line: int
    ip: str | None
    mac: str | None
    site: str | None = None
    location: str | None = None
    purpose: str | None = None
    make: str | None = None
    model: str | None = None


@dataclass(slots=True)
class ParsedAssets:
    """The good rows, and the skipped ones by reason with their line numbers."""

    records: list[AssetRecord] = field(default_factory=list)
    skipped: dict[str, list[int]] = field(default_factory=dict)

    def skip(self, reason: str, line: int) -> None:
        self.skipped.setdefault(reason, []).append(line)

    @property
    def skipped_count(self) -> int:
        return sum(len(lines) for lines in self.skipped.values())

    def skipped_summary(self) -> str:
        """``2 bad ip (lines 4, 9); 1 wrong number of fields (line 7)``."""
        parts = []
        for reason, lines in sorted(self.skipped.items(), key=lambda kv: (-len(kv[1]), kv[0])):
            shown = ", ".join(map(str, lines[:_LINES_SHOWN])) + (", …" if len(lines) > _LINES_SHOWN else "")
            parts.append(f"{len(lines)} {reason} (line{'s' if len(lines) > 1 else ''} {shown})")
        return "; ".join(parts)


def _column(name: str) -> str:
    key = "_".join(name.strip().lower().replace("-", " ").replace("_", " ").split())
    return _ALIASES.get(key, key)


def _text(data: bytes) -> str:
    if b"\x00" in data[:65536]:
        raise AssetFileError("not a CSV file (it holds binary data)")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise AssetFileError(f"not a CSV file: not UTF-8 text (line {line})") from exc


def parse_assets(data: bytes) -> ParsedAssets:
    """Read an asset list; raise :class:`AssetFileError` if it is not one at all."""
    reader = csv.reader(io.StringIO(_text(data), newline=""))
    parsed = ParsedAssets()
    header: list[str] | None = None
    seen: set[str] = set()
    try:
        for row in reader:
            line = reader.line_num
            if not any(cell.strip() for cell in row):
                continue
            if header is None:
                header = _header(row)
                continue
            record = _record(header, row, line, parsed)
            if record is None:
                continue
            key = f"mac:{record.mac}" if record.mac else f"ip:{record.ip}"
            if key in seen:
                parsed.skip("duplicate ip/mac", line)
                continue
            seen.add(key)
            parsed.records.append(record)
    except csv.Error as exc:
        raise AssetFileError(f"not a readable CSV file (line {reader.line_num}: {exc})") from exc
    if header is None:
        raise AssetFileError("the file is empty: no header row")
    return parsed


def _header(row: list[str]) -> list[str]:
    names = [_column(cell) for cell in row]
    if "ip" not in names and "mac" not in names:
        raise AssetFileError("no 'ip' or 'mac' column in the first row: not an asset list CSV")
    dupes = sorted({n for n in names if n in COLUMNS and names.count(n) > 1})
    if dupes:
        raise AssetFileError(f"column {dupes[0]!r} appears twice in the header")
    return names


def _record(header: list[str], row: list[str], line: int, parsed: ParsedAssets) -> AssetRecord | None:
    if len(row) != len(header):
        parsed.skip("wrong number of fields", line)
        return None
    values = {name: cell.strip() or None for name, cell in zip(header, row, strict=True) if name in COLUMNS}
    if any(v is not None and len(v) > MAX_VALUE for v in values.values()):
        parsed.skip(f"value longer than {MAX_VALUE} characters", line)
        return None
    ip, mac_text = values.get("ip"), values.get("mac")
    if not ip and not mac_text:
        parsed.skip("no ip or mac", line)
        return None
    if ip:
        try:
            ip = str(ipaddress.ip_address(ip))
        except ValueError:
            parsed.skip("bad ip", line)
            return None
    mac = normalise_mac(mac_text)
    if mac_text and mac is None:
        parsed.skip("bad mac", line)
        return None
    return AssetRecord(
        line, ip, mac, values.get("site"), values.get("location"), values.get("purpose"),
        values.get("make"), values.get("model"),
    )


@dataclass(frozen=True, slots=True)
class ImportSummary:
    added: int
    updated: int
    linked: int


def import_assets(register: Register, records: list[AssetRecord], source: str) -> ImportSummary:
    """Write asset rows in one transaction (an asset already listed, by MAC or else IP, is updated)."""
    added = updated = linked = 0
    now = utc_now()
    with register.transaction() as session:
        for rec in records:
            query = select(AssetRow).where(AssetRow.mac == rec.mac if rec.mac else AssetRow.ip == rec.ip)
            if not rec.mac:
                query = query.where(AssetRow.mac.is_(None))
            row = session.scalars(query.order_by(AssetRow.id).limit(1)).first()
            if row is None:
                row = AssetRow(source=source, imported=now)
                session.add(row)
                added += 1
            else:
                updated += 1
            row.ip, row.mac, row.site, row.location = rec.ip, rec.mac, rec.site, rec.location
            row.purpose, row.make, row.model, row.source, row.imported = (
                rec.purpose, rec.make, rec.model, source, now,
            )
            device = (lookup_device(session, rec.mac) if rec.mac else None) or (
                lookup_device(session, rec.ip) if rec.ip else None
            )
            row.device_id = device.id if device is not None else None
            if device is not None:
                linked += 1
                notes = Notes(site=rec.site, location=rec.location, purpose=rec.purpose)
                apply_notes(session, device, notes, only_missing=True)
    return ImportSummary(added, updated, linked)


def reasons(parsed: ParsedAssets) -> Counter[str]:
    """Skipped rows counted by reason (for tests and scripts)."""
    return Counter({reason: len(lines) for reason, lines in parsed.skipped.items()})
