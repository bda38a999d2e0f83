"""The probe registry, gathered from this package: every module's ``PROBES`` tuple.

Adding a protocol is one module here that declares ``PROBES`` (see :class:`~camaudit.scan.probes.base.Probe`);
its options reach the command line, and its ports the presets, without an edit anywhere else.
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Mapping
from typing import Any

from camaudit.scan.options import OptionValue, ProbeOption, ProbeSettings
from camaudit.scan.probes.base import Endpoint, Probe, ProbeFn


def _discover() -> tuple[Probe, ...]:
    found: list[Probe] = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        found.extend(getattr(module, "PROBES", ()))
    names = [p.name for p in found]
    clashes = sorted({n for n in names if names.count(n) > 1})
    if clashes:
        raise RuntimeError(f"two probes share a name: {', '.join(clashes)}")
    # Opt-in checks after the others: where a default-credential check and the user's own credential would
    # present the same account, the user's check starts first and owns the one attempt (scan/auth/attempts.py).
    return tuple(sorted(found, key=lambda p: p.enabled_by is not None))


def _options(probes: tuple[Probe, ...]) -> tuple[ProbeOption, ...]:
    by_name: dict[str, ProbeOption] = {}
    for probe in probes:
        for option in probe.options:
            if by_name.setdefault(option.name, option) != option:
                raise RuntimeError(f"two declarations of probe option {option.name!r} differ")
        declared = {o.name for o in probe.options}
        if probe.enabled_by is not None and probe.enabled_by not in declared:
            raise RuntimeError(f"probe {probe.name} is enabled by an option it does not declare: {probe.enabled_by}")
        if probe.disabled_by is not None and probe.disabled_by not in declared:
            raise RuntimeError(f"probe {probe.name} is disabled by an option it does not declare: {probe.disabled_by}")
    return tuple(by_name.values())


PROBES: tuple[Probe, ...] = _discover()
#: Every option the probes declare, once each (a shared opt-in flag is declared by each probe it enables).
PROBE_OPTIONS: tuple[ProbeOption, ...] = _options(PROBES)


def probe_ports() -> tuple[int, ...]:
    """The TCP ports where the probes' private services usually listen (they belong in the port presets)."""
    return tuple(sorted({port for probe in PROBES for port in probe.tcp_ports}))


def private_services() -> dict[int, str]:
    """Port → the private service a probe declares on it (``8000`` → ``hik-sdk``)."""
    return {port: service for probe in PROBES for port in probe.tcp_ports for service in sorted(probe.services)}


def stored_options(settings: ProbeSettings) -> dict[str, OptionValue]:
    """The probe options to keep with a scan so a resumed scan runs alike: secrets and unknown names left out."""
    known = {o.name: o for o in PROBE_OPTIONS}
    return {name: value for name, value in settings.items() if name in known and not known[name].secret}


def options_from_stored(data: Mapping[str, Any]) -> ProbeSettings:
    """The settings :func:`stored_options` kept; names this version does not declare are dropped."""
    known = {o.name: o for o in PROBE_OPTIONS}
    return ProbeSettings({
        name: (str(value) if known[name].takes_value else bool(value))
        for name, value in data.items() if name in known and not known[name].secret
    })


__all__ = ["PROBES", "PROBE_OPTIONS", "Endpoint", "Probe", "ProbeFn", "options_from_stored", "stored_options"]
