"""Small helpers for reading what was observed about one device (fields, protocols, open services)."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from camaudit.model import Observation, Service


def field_values(observations: Iterable[Observation], name: str) -> list[str]:
    """Every non-empty value of field ``name`` across the observations, in order seen."""
    return [o.fields[name].strip() for o in observations if o.fields.get(name, "").strip()]


def first_field(observations: Iterable[Observation], name: str) -> str | None:
    """The first non-empty value of field ``name``, or ``None``."""
    values = field_values(observations, name)
    return values[0] if values else None


def lax_bool(value: str | None) -> bool | None:
    """Read a device's boolean text laxly: firmware writes ``flase`` for false (Hikvision SADP)."""
    if value is None:
        return None
    text = value.strip().casefold()
    if text in ("true", "1", "yes", "on", "enable", "enabled"):
        return True
    if text in ("false", "flase", "0", "no", "off", "disable", "disabled"):
        return False
    return None


def ports_with(
    observations: Sequence[Observation], services: Sequence[Service], protocols: Collection[str],
    ports: Collection[int] = (),
) -> list[int]:
    """TCP ports where one of ``protocols`` was seen, by observation, service label or well-known port."""
    found = {o.port for o in observations if o.port is not None and o.transport != "udp" and o.protocol in protocols}
    found |= {s.port for s in services if s.transport == "tcp" and (s.protocol in protocols or s.port in ports)}
    return sorted(found)
