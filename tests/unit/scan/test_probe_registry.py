"""The probe registry: each protocol module declares its probes and options, and the rest follows from that."""

from __future__ import annotations

import importlib
import pkgutil

from typer.testing import CliRunner

import camaudit.scan.probes as package
from camaudit.cli.app import _register, app
from camaudit.scan.options import ProbeSettings
from camaudit.scan.ports import PRESETS, service_for
from camaudit.scan.probes import PROBE_OPTIONS, PROBES, options_from_stored, stored_options


def test_every_module_that_declares_probes_is_registered_and_nothing_else() -> None:
    declared = []
    for info in pkgutil.iter_modules(package.__path__):
        declared += getattr(importlib.import_module(f"camaudit.scan.probes.{info.name}"), "PROBES", ())
    assert sorted(p.name for p in declared) == sorted(p.name for p in PROBES)
    assert {"http", "rtsp", "onvif", "hikvision-sdk", "dahua-dvrip", "snmp", "sadp"} <= {p.name for p in PROBES}


def test_each_probe_says_where_it_runs() -> None:
    for probe in PROBES:
        assert bool(probe.services) != (probe.udp_port is not None), probe.name


def test_opt_in_probes_come_after_the_others() -> None:
    """Where a default-credential check and the user's own credential share an account, the user's goes first."""
    flags = [p.enabled_by is not None for p in PROBES]
    assert flags == sorted(flags)
    names = [p.name for p in PROBES]
    assert names.index("hikvision-isapi-auth") < names.index("default-credentials-hikvision")


def test_a_probe_declared_private_port_names_its_service_and_joins_the_default_ports() -> None:
    assert service_for(8000) == "hik-sdk" and service_for(37777) == "dahua-dvrip"
    assert {8000, 37777} <= set(PRESETS["cameras"])


def test_every_declared_option_is_a_scan_flag() -> None:
    _register()
    result = CliRunner().invoke(app, ["scan", "--help"], env={"COLUMNS": "250", "NO_COLOR": "1"})
    assert result.exit_code == 0
    assert {o.flag for o in PROBE_OPTIONS} == {
        "--check-default-credentials", "--check-rtsp-auth", "--snmp-community", "--no-sip", "--no-p2p",
    }
    for option in PROBE_OPTIONS:
        assert option.flag in result.output


def test_settings_never_show_a_value_and_secrets_are_not_stored() -> None:
    settings = ProbeSettings({"snmp-community": "c0mmunity-Secret", "rtsp-auth": True, "default-credentials": False})
    assert repr(settings) == "ProbeSettings(rtsp-auth, snmp-community)"
    assert settings.text("snmp-community") == "c0mmunity-Secret" and not settings.is_set("default-credentials")
    assert stored_options(settings) == {"rtsp-auth": True}
    assert options_from_stored({"rtsp-auth": True, "snmp-community": "x", "from-the-future": 1}) == ProbeSettings(
        {"rtsp-auth": True}
    )
    assert hash(settings) == hash(ProbeSettings(dict(settings)))
