"""The README's demo section counts the devices `make demo` really starts (it said 37 after the 38th came)."""

from __future__ import annotations

import re
from pathlib import Path

from camaudit.lab.profile import available_profiles
from camaudit.lab.runner import device_addresses

README = Path(__file__).resolve().parents[3] / "README.md"


def test_the_readme_demo_names_as_many_devices_as_the_lab_starts() -> None:
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## What the demo shows"):text.index("## A first audit")]
    count = len(available_profiles())  # the demo runs every bundled profile, one address each
    last = device_addresses("127.77.0.1", count)[-1]
    said = re.search(r"`make demo` starts (\d{1,4}) emulated devices", section)
    lab_line = re.search(r"Lab: (\d{1,4}) emulated devices on 127\.77\.0\.1-(127\.77\.0\.\d{1,3});", section)
    answered = re.search(r"^(\d{1,4}) device\(s\) answered", section, re.MULTILINE)
    assert said and lab_line and answered, "the README's demo excerpt lost its counts"
    assert [int(said[1]), int(lab_line[1]), lab_line[2], int(answered[1])] == [count, count, last, count]
