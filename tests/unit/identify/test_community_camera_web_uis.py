"""Community camera firmware web UIs read by their page (``layers/web_clients.yaml``).

Two entries: the ``cgi-bin/currentpic.cgi`` live picture of the Xiaomi-Dafang-Hacks lineage's web UIs
(``shared.currentpic-liveview``, seen in the ipcam-100 and TECKIN TC100 trees) and thingino's "Powered by" signature
(``shared.thingino-signature``). The pages are the development batch's records as the firmware serves them
(``tests/data/devreplies_webui.jsonl``: the files from the public firmware trees, status lines written in); the
look-alikes are the same batch's router and NAS pages.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation

BATCH = Path(__file__).parents[2] / "data" / "devreplies_webui.jsonl"
RULES = {"webclient.shared.currentpic-liveview", "webclient.shared.thingino-signature"}


def body_of(line: int) -> str:
    record = json.loads(BATCH.read_text(encoding="utf-8").splitlines()[line - 1])
    return str(record["data"]).split("\r\n\r\n", 1)[1]


def record(body: str) -> Identity:
    return identify(
        [Observation("192.0.2.31", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.body": body})]
    )


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        (3, "webclient.shared.currentpic-liveview"),  # TECKIN TC100 (Anyka AK3918) community UI
        (4, "webclient.shared.currentpic-liveview"),  # ipcam-100 (Ingenic T21) UI
        (8, "webclient.shared.thingino-signature"),  # thingino's 401 page
    ],
)
def test_community_camera_pages_are_cameras_of_no_named_maker(line: int, rule: str) -> None:
    identity = record(body_of(line))
    assert rule in {e.rule_id for e in identity.evidence}
    assert identity.device_type == "camera"
    assert identity.manufacturer is None
    assert identity.confidence < 0.9


@pytest.mark.parametrize("line", [9, 10, 11])  # Synology DSM, LB-LINK X26 router, D-Link DIR-855L router
def test_router_and_nas_pages_stay_untyped(line: int) -> None:
    identity = record(body_of(line))
    assert not {e.rule_id for e in identity.evidence} & RULES
    assert identity.device_type not in {"camera", "video_device", "nvr", "dvr"}


@pytest.mark.parametrize(
    "body",
    [
        '<img src="https://192.168.2.248/cgi-bin/currentpic.cgi">',  # a dashboard embedding a camera
        'SNAPSHOT_PATHS = ("/cgi-bin/snapshot.cgi", "/cgi-bin/currentpic.cgi",)',  # a scanner's path list
        '<img src="cgi-bin/currentpic.cgi.bak">',
        '<a href="https://github.com/themactep/thingino-firmware">thingino on GitHub</a>',
        "<p>Flashed with thingino firmware</p>",
    ],
)
def test_mentions_that_are_not_the_firmware_page_type_nothing(body: str) -> None:
    identity = record(body)
    assert not {e.rule_id for e in identity.evidence} & RULES


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                'src="',
                "href='",
                "/",
                "cgi-bin/",
                "currentpic",
                ".cgi",
                '"',
                "?",
                "Powered by ",
                '<a href="',
                "https://github.com/themactep/thingino-firmware",
                '">',
                "thingino",
                "</a>",
                " ",
                "x",
            ]
        ),
        max_size=20,
    ).map("".join)
    | st.text(max_size=300)
)
def test_the_entries_fire_only_on_their_whole_sign(text: str) -> None:
    fired = {e.rule_id for e in record(text).evidence} & RULES
    if "webclient.shared.currentpic-liveview" in fired:
        assert re.search(r"(?:src|href)=[\"']/?cgi-bin/currentpic\.cgi[\"'?]", text)
    if "webclient.shared.thingino-signature" in fired:
        assert "themactep/thingino-firmware" in text and ">thingino</a>" in text
