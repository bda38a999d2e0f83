"""Hikvision and Dahua across firmware generations: the same maker answering in an older or newer dialect.

Whole answers, read as the Shodan and masscan importers read a banner; each is quoted from, or built on,
the public source its rule cites (named beside it). What a user sees: the device type and the maker.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, Observation, is_video_device


def answer(text: str, port: int) -> Identity:
    fields: dict[str, str] = {}
    protocol = sniff(text.replace("\n", "\r\n"), fields, port=port)
    assert protocol in ("http", "rtsp")
    return identify([Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)])


# Dahua's CGI refusing a request it cannot serve (brianegge/aiodahua parsers.py and docs/hardware.md): "Error" and
# "Bad Request!" on 2019-2022 firmware (HTTP 400), "Not Implemented!" on 2024 builds (HTTP 501), the whole body.
@pytest.mark.parametrize(
    "head",
    [
        "HTTP/1.1 400 Bad Request\nContent-Type: text/plain\n\nError\nBad Request!\n",
        "HTTP/1.1 501 Not Implemented\nContent-Type: text/plain\n\nError\nNot Implemented!\n",
    ],
)
def test_dahuas_cgi_refusal_names_dahua_in_either_generation(head: str) -> None:
    identity = answer(head, 80)
    assert identity.manufacturer == "dahua"
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize(
    "body",
    [
        "<html><head><title>Error</title></head><body>Bad Request!</body></html>",
        "Error: Error -1 getting param in name=Lighting[0][0]\n",
        "Error\nBad Request!\nPlease check the URL\n",
    ],
)
def test_other_error_pages_name_no_dahua(body: str) -> None:
    identity = answer(f"HTTP/1.1 400 Bad Request\nContent-Type: text/plain\n\n{body}", 80)
    assert identity.manufacturer is None


def self_named(model: str) -> Identity:
    """A device that gives only its model number (a UPnP description's modelName), no maker."""
    return identify(
        [Observation("192.0.2.1", 49152, "tcp", "upnp", "import", "2026-01-01T00:00:00Z", {"upnp.model_name": model})]
    )


# PTZ numbers from Frigate's camera list (docs/docs/configuration/cameras.md): Dahua's own prefix before the older
# SD + digits line, the newer SD lines with a letter after the first digit, the compact P-series; HiWatch's HWP-.
@pytest.mark.parametrize(
    ("model", "manufacturer", "brand"),
    [
        ("DH-SD2A500HB", "dahua", "dahua"),
        ("DH-SD49825GB-HNR", "dahua", "dahua"),
        ("DH-P5AE-PV", "dahua", "dahua"),
        ("HWP-N4215IH-DE", "hikvision", "hiwatch"),
    ],
)
def test_ptz_numbers_name_the_maker_and_the_model(model: str, manufacturer: str, brand: str) -> None:
    identity = self_named(model)
    assert (identity.manufacturer, identity.brand, identity.model) == (manufacturer, brand, model)
    assert identity.device_type == "camera"


@pytest.mark.parametrize("model", ["DH-PFS3010-8ET-96", "SD1A404XB-GNR", "SDXC"])
def test_a_switch_or_a_bare_code_names_no_maker_alone(model: str) -> None:
    # Dahua's PoE switch carries the prefix but no PTZ number; a bare SD code needs other video evidence.
    assert self_named(model).manufacturer is None
