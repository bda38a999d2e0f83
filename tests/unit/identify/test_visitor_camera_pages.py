"""A page that asks the visitor's browser for its camera is a web app, not a camera (``words.not-camera.visitor-camera-page``).

Browser apps in public code title their page with a camera word -- "Test Webcam", "webcam", "Focus Detection Camera"
-- and read as a camera by their title alone (``words.ip-camera``, ``words.camera-word.page-title``). What they are is
in the page: ``navigator.mediaDevices.getUserMedia`` with a video constraint, the camera of whoever opens the page
(MDN, W3C Media Capture and Streams). A camera's own page streams from the camera; where it asks the visitor for
anything, it is the microphone for two-way audio, which keeps the camera what it is. Every record goes through the
Shodan importer, as a user's file would.
"""

from __future__ import annotations

import io
import json

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.model import Identity, is_video_device

RULE = "words.not-camera.visitor-camera-page"


def page(title: str, script: str) -> str:
    return (
        f"<!DOCTYPE html>\n<html>\n<head>\n<title>{title}</title>\n</head>\n<body>\n"
        f'<video id="webcam" width="640" height="480" autoplay></video>\n<script>\n{script}\n</script>\n</body>\n</html>\n'
    )


def identity_of_page(html: str) -> Identity:
    reply = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n{html}"
    record = {"ip_str": "192.0.2.41", "port": 80, "transport": "tcp", "data": reply, "_shodan": {"module": "http"}}
    (read,) = list(FORMATS["shodan"](io.BytesIO(json.dumps(record).encode("utf-8"))))
    assert read.ok
    return identify(list(read.observations))


ASK_FOR_VIDEO = (
    "navigator.mediaDevices.getUserMedia({ video: true })\n"
    "  .then(stream => { document.getElementById('webcam').srcObject = stream; });"
)


def test_browser_apps_titled_with_a_camera_word_are_not_cameras() -> None:
    for title in ("Test Webcam", "webcam", "Focus Detection Camera", "Live Cam", "Webcam"):
        identity = identity_of_page(page(title, ASK_FOR_VIDEO))
        assert identity.device_type == "not_camera", (title, identity.attribution)
        assert RULE in {e.rule_id for e in identity.evidence}
        assert identity.manufacturer is None and identity.brand is None


def test_a_camera_page_asking_for_the_microphone_stays_a_camera() -> None:
    talkback = "navigator.mediaDevices.getUserMedia({ audio: true, video: false }).then(startTalk);"
    for title in ("Yi Camera", "Network Camera"):
        identity = identity_of_page(page(title, talkback))
        assert identity.device_type is not None and is_video_device(identity.device_type), identity.attribution
        assert RULE not in {e.rule_id for e in identity.evidence}


@settings(max_examples=60, deadline=None)
@given(
    title=st.sampled_from(["Webcam", "Test Webcam", "Camera", "Bird Cam", "Camera Web UI", "IP Camera"]),
    constraint=st.sampled_from(
        ["video: true", "audio: true, video: true", "video: { facingMode: 'user' }", "'video': true"]
    ),
    spaces=st.sampled_from(["", " ", "\n  "]),
)
def test_any_page_asking_the_visitor_for_video_is_no_video_device(title: str, constraint: str, spaces: str) -> None:
    script = f"navigator.mediaDevices.getUserMedia({{{spaces}{constraint}{spaces}}});"
    identity = identity_of_page(page(title, script))
    assert not is_video_device(identity.device_type), (title, script, identity.attribution)
