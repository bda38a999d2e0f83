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
