"""One Shodan banner, imported and identified: what the identify tests of single replies all do."""

from __future__ import annotations

from camaudit.identify import identify
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity


def identify_banner(data: str, port: int, ip: str) -> Identity:
    """The identity camaudit gives a Shodan record holding ``data`` on ``ip``:``port`` (tcp)."""
    record = parse_banner({"ip_str": ip, "port": port, "transport": "tcp", "data": data}, 1)
    return identify(list(record.observations))
