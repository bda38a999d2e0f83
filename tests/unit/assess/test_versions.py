from __future__ import annotations

import datetime as dt

import pytest

from camaudit.knowledge.firmware import Firmware
from camaudit.knowledge.loader import firmware_grammar


def parse_firmware(text: str | None, maker: str | None) -> Firmware | None:
    return firmware_grammar(maker).parse(text)


@pytest.mark.parametrize(
    ("text", "version", "build", "built"),
    [
        ("V5.4.5 build 170123", (5, 4, 5), 170123, dt.date(2017, 1, 23)),
        ("V5.7.3build 220112", (5, 7, 3), 220112, dt.date(2022, 1, 12)),  # SADP spelling, no space
        ("v5.4.61_build 210820", (5, 4, 61), 210820, dt.date(2021, 8, 20)),
        ("V2.3.8-6", (2, 3, 8, 6), None, None),  # Hybrid SAN storage syntax
        ("V5.5.0", (5, 5, 0), None, None),
    ],
)
def test_hikvision(text: str, version: tuple[int, ...], build: int | None, built: dt.date | None) -> None:
    fw = parse_firmware(text, "hikvision")
    assert fw is not None and fw.version == version and fw.build == build and fw.build_date == built


def test_hikvision_orders_by_version_then_build() -> None:
    def key(text: str) -> tuple[tuple[int, ...], int]:
        fw = parse_firmware(text, "hikvision")
        assert fw is not None
        return fw.key()

    assert key("V5.4.0 build 160401") < key("V5.4.0 build 160530") < key("V5.4.5 build 160101")
    assert key("V5.10.0 build 100101") > key("V5.9.9 build 991231")  # numeric, not text, comparison


@pytest.mark.parametrize(
    ("text", "version", "built"),
    [
        ("2.622.0000000.31.R", (2, 622, 0, 31), None),
        ("V2.800.0000000.25.R, Build Date: 2021-06-10", (2, 800, 0, 25), dt.date(2021, 6, 10)),
        ("2.800.00AC000.0.R, build:2020-03-20", (2, 800, 0, 0), dt.date(2020, 3, 20)),  # Amcrest OEM code
        ("3.142.0000000.8.R", (3, 142, 0, 8), None),
        ("2.000.00IB004.0.R", (2, 0, 4, 0), None),  # Intelbras OEM code ignored
    ],
)
def test_dahua(text: str, version: tuple[int, ...], built: dt.date | None) -> None:
    fw = parse_firmware(text, "dahua")
    assert fw is not None and fw.version == version and fw.build_date == built


def test_dahua_oem_code_does_not_change_ordering() -> None:
    own, amcrest = parse_firmware("2.800.0000000.25.R", "dahua"), parse_firmware("2.800.00AC000.25.R", "dahua")
    assert own is not None and amcrest is not None and own.version == amcrest.version


@pytest.mark.parametrize(("text", "version"), [("10.12.220", (10, 12, 220)), ("6.50.1.2", (6, 50, 1, 2))])
def test_axis_and_generic(text: str, version: tuple[int, ...]) -> None:
    fw = parse_firmware(text, "axis")
    assert fw is not None and fw.version == version


@pytest.mark.parametrize(
    "text",
    [None, "", "unknown", "N/A", "build", "V", "<script>alert(1)</script>", "1" * 500, "V5.4.0\x00build 160401"],
)
@pytest.mark.parametrize("maker", ["hikvision", "dahua", "axis", None])
def test_garbage_is_unknown_not_a_version(text: str | None, maker: str | None) -> None:
    assert parse_firmware(text, maker) is None


def test_impossible_build_date_keeps_the_version_but_no_date() -> None:
    fw = parse_firmware("V5.4.0 build 991399", "hikvision")
    assert fw is not None and fw.version == (5, 4, 0) and fw.build_date is None
