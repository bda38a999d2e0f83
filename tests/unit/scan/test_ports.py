"""Port lists and presets: what ``--ports`` accepts, and that the default preset covers the lab."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from camaudit.lab.profile import load_profiles
from camaudit.scan.ports import PRESETS, parse_ports

README = Path(__file__).resolve().parents[3] / "README.md"


def test_lists_ranges_and_presets() -> None:
    assert parse_ports("80,443,8000-8002") == (80, 443, 8000, 8001, 8002)
    assert parse_ports("web,554") == tuple(sorted({*PRESETS["web"], 554}))


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("90-80", "'90-80' is a reversed range: write 80-90"),
        ("0", "'0' is outside 1-65535"),
        ("80-70000", "'80-70000' is outside 1-65535"),
        ("http", "'http' is not a port, a range or a preset"),
        (",", "no ports given"),
    ],
)
def test_bad_port_lists_say_what_is_wrong(text: str, reason: str) -> None:
    with pytest.raises(ValueError, match=re.escape(reason)):
        parse_ports(text)


def test_the_default_preset_covers_every_tcp_port_of_the_lab() -> None:
    """The demo scans the `cameras` preset, as `camaudit scan` does by default: a lab device on a port
    outside it (the NAS on 5000/5001, once) would make the demo and a user's own scan disagree."""
    used = {
        port
        for profile in load_profiles()
        for svc in profile.services
        if svc.protocol != "udp"
        for port in (svc.port, svc.alt_port)
        if port is not None
    }
    assert used - set(PRESETS["cameras"]) == set()


def test_the_readme_states_the_preset_ports() -> None:
    text = README.read_text(encoding="utf-8")
    match = re.search(r"The default port preset \(`--ports cameras`\) is: ([0-9, ]+)\.", text)
    assert match, "README must list the ports of the default preset"
    assert tuple(int(p) for p in match.group(1).split(",")) == PRESETS["cameras"]
