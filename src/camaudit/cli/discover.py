"""``camaudit discover``: ask the local network who is a camera (WS-Discovery, SADP, DHIP, XMEye, SSDP)."""

from __future__ import annotations

import asyncio

import typer

from camaudit.audit import discovery_result
from camaudit.cli.app import app
from camaudit.cli.common import fail
from camaudit.cli.output import output_option
from camaudit.cli.scan import emit
from camaudit.cli.terminal import plain_option, verbose_option
from camaudit.clock import utc_now
from camaudit.model import Observation
from camaudit.scan.discovery.runner import DiscoveryError, DiscoveryOptions, discover


def run_discovery(interfaces: list[str], listen: float) -> list[Observation]:
    """Discovery observations, or a one-line error (exit 2) for a bad interface."""
    try:
        return asyncio.run(discover(DiscoveryOptions(tuple(interfaces), listen=listen)))
    except DiscoveryError as exc:
        fail(str(exc))


@app.command("discover")
def discover_command(
    interface: list[str] = typer.Option(
        ..., "--interface", "-i", help="Send discovery only out of this interface (repeatable)."
    ),
    listen: float = typer.Option(3.0, "--listen", min=0.5, max=60, help="Seconds to wait for replies."),
    json_path: str | None = output_option("Write the result JSON here ('-' for stdout)."),
    plain: bool = plain_option(),
    verbose: bool = verbose_option(),
) -> None:
    """Find cameras and recorders by the makers' discovery protocols, on the interfaces you name.

    Multicast and broadcast stay on the local network segment; nothing is sent elsewhere.
    """
    started = utc_now()
    observations = run_discovery(interface, listen)
    emit(discovery_result(observations, interface, started), json_path, plain=plain, verbose=verbose)
