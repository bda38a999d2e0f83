"""The probes' own options on the command line, built from what each probe declares.

``scan`` does not name any probe's option: :func:`with_probe_options` adds one flag per option in the
probe registry (``--check-rtsp-auth``, ``--snmp-community`` ...) and hands the command their values as one
:class:`~camaudit.scan.options.ProbeSettings`. A new probe's option appears here without an edit.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any

import typer

from camaudit.scan.options import ProbeOption, ProbeSettings
from camaudit.scan.probes import PROBE_OPTIONS

#: The keyword the decorated command receives the settings under.
SETTINGS_PARAMETER = "probe_options"


def _parameter(option: ProbeOption) -> inspect.Parameter:
    default: Any = typer.Option(
        None if option.takes_value else False, option.flag, help=option.help, envvar=option.envvar
    )
    annotation: Any = (str | None) if option.takes_value else bool
    return inspect.Parameter(_keyword(option), inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def _keyword(option: ProbeOption) -> str:
    return "probe_" + option.name.replace("-", "_")


def with_probe_options(command: Callable[..., None]) -> Callable[..., None]:
    """Give a Typer command every declared probe option; it receives them as ``probe_options``."""
    signature = inspect.signature(command, eval_str=True)
    kept = [p for p in signature.parameters.values() if p.name != SETTINGS_PARAMETER]
    added = [_parameter(option) for option in PROBE_OPTIONS]

    @functools.wraps(command)
    def wrapper(**kwargs: Any) -> None:
        values = {option.name: kwargs.pop(_keyword(option)) for option in PROBE_OPTIONS}
        command(**kwargs, **{SETTINGS_PARAMETER: ProbeSettings(values)})

    wrapper.__signature__ = signature.replace(parameters=[*kept, *added])  # type: ignore[attr-defined]
    wrapper.__annotations__ = {p.name: p.annotation for p in (*kept, *added)}
    return wrapper
