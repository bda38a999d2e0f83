"""Development page records and their look-alikes, read as a scanner's HTTP body (shared by the page-entry tests)."""

from __future__ import annotations

import json
from pathlib import Path

from camaudit.identify import identify
from camaudit.model import Identity, Observation

DATA = Path(__file__).parents[2] / "data"
VIDEO_TYPES = {"camera", "video_device", "nvr", "dvr", "thermal_camera", "video_encoder"}
#: Web-server, NAS, router, media-centre and home-automation pages of the development page batches.
LOOKALIKE_PAGES = [
    ("devreplies_pages", 6),  # nginx welcome page
    ("devreplies_pages", 9),  # Apache 'It works!'
    ("devreplies_pages", 10),  # WLED 404
    ("devreplies_pages", 18),  # Transmission web interface
    ("devreplies_pages2", 5),  # SNAKE OS NAS
    ("devreplies_pages2", 7),  # TrueNAS SCALE shell
    ("devreplies_pages2", 9),  # Kodi's web video player
    ("devreplies_pages2", 12),  # Domoticz
    ("devreplies_pages2", 16),  # Homebridge
    ("devreplies_webui", 9),  # Synology DSM desktop
    ("devreplies_webui", 10),  # LB-LINK router login
    ("devreplies_webui", 11),  # D-Link router 'Web File Access'
]
#: The third page batch's look-alikes (routers, KVM, BMC, printers, 3-D printer hosts, NAS, media, hubs, sync,
#: monitoring, DNS filter).
PAGES3_LOOKALIKES = [("devreplies_pages3", n) for n in (8, 9, 10, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 28, 29)]
#: The fourth page batch's look-alikes: NAS, 3-D printer hosts, flow editor, music and streaming servers, conferencing
#: pages, smart-home hub pages, a router login, a device-firmware dashboard.
PAGES4_LOOKALIKES = [("devreplies_pages4", n) for n in range(2, 31, 2)]


def body_of(corpus: str, line: int) -> str:
    """The body of a development record's stored reply (what follows its header block)."""
    record = json.loads((DATA / f"{corpus}.jsonl").read_text(encoding="utf-8").splitlines()[line - 1])
    return str(record["data"]).split("\r\n\r\n", 1)[1]


def identity_of(body: str) -> Identity:
    """The identity of one HTTP answer carrying ``body``."""
    return identify(
        [Observation("192.0.2.41", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.body": body})]
    )
