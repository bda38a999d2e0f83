"""``camaudit serve``: the logged-in web dashboard over a register, on 127.0.0.1 unless told otherwise."""

from __future__ import annotations

import ipaddress

import typer

from camaudit.cli.app import app
from camaudit.cli.common import err, fail
from camaudit.cli.record import db_option, open_or_fail, register_errors
from camaudit.register.users import list_users


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"


@app.command()
def serve(
    db: str | None = db_option(),
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on (default: this machine only)."),
    port: int = typer.Option(8765, "--port", min=1, max=65535, help="TCP port."),
    insecure_cookies: bool = typer.Option(
        False, "--insecure-cookies",
        help="Send the session cookie without the Secure flag (only for browsers that refuse Secure cookies "
             "over plain HTTP on a loopback address).",
    ),
) -> None:
    """Serve the dashboard: overview, devices, findings, scans and reports, behind a login."""
    import uvicorn

    from camaudit.web.app import create_app

    register = open_or_fail(db, create=False)
    with register_errors(register):
        if not list_users(register):
            register.close()
            fail("no dashboard user yet: add one with camaudit users add NAME --role admin --db ...")
    if not _loopback(host):
        err.print(f"Warning: listening on {host}: the dashboard is reachable from the network over plain HTTP. "
                  "Put it behind a TLS reverse proxy.", markup=False, soft_wrap=True)
    err.print(f"Dashboard on http://{host}:{port}/ (Ctrl-C stops it)", markup=False)
    application = create_app(register, secure_cookies=not insecure_cookies)
    try:
        uvicorn.run(application, host=host, port=port, log_level="warning", server_header=False,
                    proxy_headers=False)
    finally:
        register.close()
