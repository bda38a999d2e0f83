"""A page title that is the device's own name (``words.camera-word.page-title``, ``layers/device_words.yaml``).

Camera firmware of unrelated projects titles its web page with the device's name alone: a camera word last ('Yi
Camera'), or followed by one word of the interface ('Camera Web UI', 'Yi Cam Config'). Such a page types a camera
and names nobody. Web sites that show a webcam, shops, photographers' and dash cams, NAS, routers and media
servers keep what they were. Every record goes through the Shodan importer, as a user's file would.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.importers import FORMATS
from camaudit.model import Identity, is_video_device

DATA = Path(__file__).parents[2] / "data"
RULE = "words.camera-word.page-title"
PHOTO = "words.not-camera.page-title-photo"


def page(title: str, body: str = "") -> str:
    return f"<!DOCTYPE html>\n<html>\n<head>\n<title>{title}</title>\n</head>\n<body>{body}</body>\n</html>\n"


def identity_of_reply(reply: str) -> Identity:
    record = {"ip_str": "192.0.2.41", "port": 80, "transport": "tcp", "data": reply, "_shodan": {"module": "http"}}
    (read,) = list(FORMATS["shodan"](io.BytesIO(json.dumps(record).encode("utf-8"))))
    assert read.ok
    return identify(list(read.observations))


def identity_of_page(html: str, status: str = "200 OK") -> Identity:
    return identity_of_reply(f"HTTP/1.1 {status}\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}")


def development_reply(corpus: str, line: int) -> str:
    return str(json.loads((DATA / f"{corpus}.jsonl").read_text(encoding="utf-8").splitlines()[line - 1])["data"])


def rule_fired(identity: Identity) -> bool:
    return any(e.rule_id == RULE for e in identity.evidence)


@pytest.mark.parametrize(
    ("corpus", "line", "title"),
    [
        ("devreplies_pages2", 15, "Yi Camera"),  # yi-hack-v3's root page, a meta refresh and nothing else
        ("devreplies_pages", 1, "Vivoo Camera"),  # a React shell: the title is all a scanner keeps of it
        ("devreplies_webui", 1, "Camera Web UI"),  # a frame around /cgi-bin/login.cgi
        ("devreplies_pages", 17, "Yi Cam Config"),  # sonoff-hack's configuration page
    ],
)
def test_camera_firmware_pages_titled_with_their_name_are_cameras_of_no_named_maker(
    corpus: str, line: int, title: str
) -> None:
    reply = development_reply(corpus, line)
    assert f"<title>{title}</title>" in reply
    identity = identity_of_reply(reply)
    assert rule_fired(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence < 0.9


@pytest.mark.parametrize(
    "title",
    ["Front Door Cam 2", "Garage Camera Live View", "TP-Link Camera Login", "Webcam", "Kamera", "Cámara"],
)
def test_short_self_names_type_a_camera(title: str) -> None:
    identity = identity_of_page(page(title))
    assert rule_fired(identity)
    assert identity.device_type == "camera"


@pytest.mark.parametrize(
    "title",
    [
        # web sites that show a webcam or write about cameras: a site name or a sentence, not a device's name
        "Venice Live Cam | SkylineWebcams",
        "Cameras - Home Assistant",
        "Best Security Cameras of 2024: Reviews",
        "How to set up your Wyze Camera in five easy steps",
        "Security Camera Shop",
        "IP Camera Installers London",
        # camera words that are no camera's page
        "Camera Roll",
        "Camera Raw",
        "Canon Camera Connect",
        "Dash Cam",
        "Action Camera Live View",
        "Document Camera",
        # the development batches' look-alikes and ordinary devices
        "Synology DiskStation",
        "Kodi",
        "Plex Media Server",
        "TP-Link Wireless Router",
        "Printer Status",
        "Scam",
        "Cambridge",
    ],
)
def test_look_alikes_are_no_video_device(title: str) -> None:
    identity = identity_of_page(page(title, "<p>Welcome</p>"))
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None


def test_a_dash_cams_page_is_not_a_camera_although_the_title_names_a_cam() -> None:
    identity = identity_of_page(page("Dash Cam"))
    assert {RULE, PHOTO} <= {e.rule_id for e in identity.evidence}
    assert identity.device_type == "not_camera"


def test_a_camera_word_in_the_body_is_not_a_title() -> None:
    # The rule reads the title only: a page about a camera, with its own title, is not named by it.
    identity = identity_of_page(page("Home", "<h1>Yi Camera</h1><p>Camera Web UI</p>"))
    assert not rule_fired(identity)


_TITLE_WORD = st.text(alphabet=st.characters(categories=("L", "N")), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(
    before=st.lists(_TITLE_WORD, max_size=3),
    separator=st.sampled_from([" | ", " - ", ": ", " :: ", " — ", " / "]),
    after=st.lists(_TITLE_WORD, min_size=1, max_size=3),
)
def test_a_title_with_a_site_separator_is_never_read(before: list[str], separator: str, after: list[str]) -> None:
    # A web site writes its own name beside the page's after a separator: such a title is never a device's name,
    # whatever words stand on either side (a camera word included).
    title = " ".join([*before, "Camera"]) + separator + " ".join(after)
    hits = match_fields({"http.title": title})
    assert all(e.rule_id != RULE for e in hits)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_hostile_titles_never_raise_and_match_only_short_names(title: str) -> None:
    hits = match_fields({"http.title": title})
    if any(e.rule_id == RULE for e in hits):
        words = title.split()
        assert 1 <= len(words) <= 7
        assert "|" not in title and ":" not in title
