"""Camera web clients no single maker owns, read by their pages (``layers/web_clients_shared.yaml``).

Ambarella's SDK web plug-in, OpenIPC's web UI signature, the ESP32 CameraWebServer page's button pair and the
Raspberry Pi camera's MJPEG streaming page and RPi Cam Web Interface's live image each type a camera and name
nobody. The camera pages are development records (the files as the firmware serves them,
status lines written in); the look-alikes are the same batches' web-server, NAS, router, media-centre and
home-automation pages, and short texts that only mention the firmware or carry one half of a sign.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.identify.page_records import LOOKALIKE_PAGES, VIDEO_TYPES, body_of, identity_of

from camaudit.model import Identity

AMBARELLA = "webclient.shared.ambarella-ipcam-plugin"
OPENIPC = "webclient.shared.openipc-webui-signature"
ESP32 = "webclient.shared.esp32-camera-webserver-buttons"
PICAMERA = "webclient.shared.picamera-mjpeg-demo"
RPI_CAM = "webclient.shared.rpi-cam-web-interface"
RULES = {AMBARELLA, OPENIPC, ESP32, PICAMERA, RPI_CAM}


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence} & RULES


@pytest.mark.parametrize(
    ("corpus", "line", "rule"),
    [
        ("devreplies_pages", 3, AMBARELLA),  # 'Hunda IPcam' live page embedding the Ambarella plug-in
        ("devreplies_pages", 12, ESP32),  # an ESP32-CAM web server's page
        ("devreplies_pages2", 1, OPENIPC),  # OpenIPC's 401 page
        ("devreplies_pages2", 10, RPI_CAM),  # RPi Cam Web Interface's 'RPi Cam Control' page
    ],
)
def test_shared_camera_web_clients_type_a_camera_of_no_named_maker(corpus: str, line: int, rule: str) -> None:
    identity = identity_of(body_of(corpus, line))
    assert rule in fired(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence < 0.9


def test_the_esp32_page_without_its_title_is_still_a_camera() -> None:
    # The title 'ESP32 Camera' is no camera word of its own; the buttons are what types the page.
    body = re.sub(r"<title>[^<]*</title>", "<title></title>", body_of("devreplies_pages", 12))
    identity = identity_of(body)
    assert ESP32 in fired(identity)
    assert identity.device_type == "camera"


def pi_stream_page(name: str) -> str:
    # The page a Pi running the picamera (or picamera2) web-streaming recipe answers at /index.html.
    return (
        f"<html>\n<head>\n<title>{name.lower()} MJPEG streaming demo</title>\n</head>\n<body>\n"
        f'<h1>{name} MJPEG Streaming Demo</h1>\n<img src="stream.mjpg" width="640" height="480" />\n</body>\n</html>\n'
    )


@pytest.mark.parametrize("name", ["PiCamera", "Picamera2"])
def test_a_raspberry_pi_camera_stream_page_is_a_camera_of_no_named_maker(name: str) -> None:
    identity = identity_of(pi_stream_page(name))
    assert PICAMERA in fired(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(("corpus", "line"), LOOKALIKE_PAGES)
def test_web_server_nas_router_and_player_pages_stay_untyped(corpus: str, line: int) -> None:
    identity = identity_of(body_of(corpus, line))
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


@pytest.mark.parametrize(
    "body",
    [
        "<p>Our cameras use the Ambarella S2L SoC.</p>",
        '<object classid="clsid:3BCDAA6A-7306-42FF-B8CF-BE5D3534C1E5"></object>',
        '<a href="https://github.com/OpenIPC/webui">Web UI</a> for cameras running OpenIPC',
        '<p class="text-end"><a href="https://meldana.com">meldana.com</a></p>',  # a fork's rebranded footer
        '<video id="v"></video><button id="toggle-stream">Pause</button>',  # a player's stream toggle alone
        '<button class="get-still">Get Still</button><button class="toggle-stream">Start</button>',
        "<p>This tutorial builds a picamera MJPEG streaming demo step by step.</p>",  # a blog post about the recipe
        "<title>Picamera2 Manual</title>",
        '<div id="mjpeg_dest"></div><script>document.getElementById("mjpeg_dest")</script>',
    ],
)
def test_mentions_and_half_signs_type_nothing(body: str) -> None:
    identity = identity_of(body)
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                '<button id="get-still">',
                '<button id="toggle-stream">',
                "id='get-still'",
                "</button>",
                "3BCDAA6A-7306-42FF-B8CF-BE5D3534C1E4",
                "AmbaIPCmrWebPlugIn1",
                "ambaWeb.cab",
                '<a href="https://github.com/OpenIPC/microbe-web">Microbe Web UI</a>,',
                ' a part of <a href="https://openipc.org/">OpenIPC',
                "<",
                " ",
                "<title>picamera MJPEG streaming demo</title>",
                "picamera2 MJPEG",
                '<img id="mjpeg_dest"',
                "<img ",
                'id="mjpeg_dest"',
                "<h1>",
                "x",
                "\n",
            ]
        ),
        max_size=16,
    ).map("".join)
    | st.text(max_size=300)
)
def test_the_entries_fire_only_on_their_whole_sign(text: str) -> None:
    rules = fired(identity_of(text))
    if AMBARELLA in rules:
        assert re.search(r"3bcdaa6a-7306-42ff-b8cf-be5d3534c1e4|ambaipcmrwebplugin|ambaweb\.cab", text.lower())
    if OPENIPC in rules:
        assert "Web UI</a>," in text and '<a href="https://openipc.org/">OpenIPC' in text
    if ESP32 in rules:
        assert text.find("get-still") < text.rfind("toggle-stream")
    if RPI_CAM in rules:
        assert re.search(r"<img\s[^<>]*\bid=[\"']mjpeg_dest[\"']", text)
    if PICAMERA in rules:
        assert re.search(r"<(title|h1)>\s*picamera2? mjpeg streaming demo\s*</\1>", text.lower())
