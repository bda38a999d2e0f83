"""Open camera firmware web UIs and the MJPEG CGI SDK's schedule answer, read by their pages (helper-231).

``webclient.shared.microbe-webui-401-page`` reads the 401 page of the web UI family begun as OpenIPC's Microbe Web UI
(OpenIPC, thingino and their forks), ``webclient.shared.yi-hack-webui`` the index title of the yi-hack firmwares, and
``answers.mjpeg-cgi.forbidden-schedule`` the get_forbidden.cgi answer of the MJPEG-era CGI SDK and
``answers.ipnc.vb-htm-ok-items`` the "OK <name>=<value>" items of the IPNC reference design's vb.htm. Each types a camera
and names nobody. The camera pages are development records (the files as the firmware serves them, status lines written
in); the look-alikes are the same batches' web-server, NAS, router, media-centre and home-automation pages, and short
texts that carry half a sign or only mention the firmware.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.identify.page_records import LOOKALIKE_PAGES, VIDEO_TYPES, body_of, identity_of

from camaudit.model import Identity

MICROBE_401 = "webclient.shared.microbe-webui-401-page"
YI_HACK = "webclient.shared.yi-hack-webui"
FORBIDDEN = "answers.mjpeg-cgi.forbidden-schedule"
VB_HTM = "answers.ipnc.vb-htm-ok-items"
RULES = {MICROBE_401, YI_HACK, FORBIDDEN, VB_HTM}


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence} & RULES


@pytest.mark.parametrize(
    ("corpus", "line", "rule"),
    [
        ("devreplies_pages2", 1, MICROBE_401),  # OpenIPC's 401 page
        ("devreplies_webui", 8, MICROBE_401),  # thingino's 401 page
        ("devreplies_pages", 13, YI_HACK),  # yi-hack-v4's placeholder index
        ("devreplies_api", 3, FORBIDDEN),  # a Foscam camera's get_forbidden.cgi answer
        ("devreplies_guides", 13, VB_HTM),  # a Vacron VIH camera reading three video parameters through vb.htm
        ("devreplies_guides", 14, VB_HTM),  # the same camera acknowledging four settings
    ],
)
def test_open_firmware_pages_and_cgi_answers_type_a_camera_of_no_named_maker(corpus: str, line: int, rule: str) -> None:
    identity = identity_of(body_of(corpus, line))
    assert rule in fired(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence < 0.9


def test_the_openipc_401_page_without_its_footer_is_still_a_camera() -> None:
    # A fork rebrands the footer; the page above it is what the entry reads.
    body = re.sub(r"<footer[\s\S]*</footer>", "", body_of("devreplies_pages2", 1))
    identity = identity_of(body)
    assert MICROBE_401 in fired(identity)
    assert identity.device_type == "camera"


@pytest.mark.parametrize(("corpus", "line"), LOOKALIKE_PAGES)
def test_web_server_nas_router_and_player_pages_stay_untyped(corpus: str, line: int) -> None:
    identity = identity_of(body_of(corpus, line))
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


@pytest.mark.parametrize(
    "body",
    [
        # The web UI's ordinary page: its navbar without the 401 heading.
        '<a class="navbar-brand" href="/cgi-bin/status.cgi"><img src="/img/logo.svg" alt=""></a>'
        '<a class="nav-link" href="/cgi-bin/network.cgi">Network</a>',
        # A router's Bootstrap 401 page: another brand link.
        '<a class="navbar-brand" href="/"><img src="/img/logo.svg"></a><h2>Authentication required</h2>',
        "<h2>Authentication required</h2><p>Default credentials are root:root</p>",
        "<title>GitHub - alienatedsec/yi-hack-v5: Custom firmware for Yi 1080p camera</title>",
        "<title>yi-hack install guide</title>",
        "<p>The camera runs yi-hack-v5; open its web UI.</p>",
        '<script src="cgi-bin/hostname.js"> </script>\n<script src="js/all.js"> </script>',
        # A router's schedule page and a client's code.
        "var schedule_rule_01=0;\nvar schedule_rule_02=0;",
        "var schedule_sun_0=document.getElementById('s0').value;\nvar schedule_sun_1=0;",
        "set_forbidden.cgi?schedule_enable=1&schedule_sun_0=0&schedule_sun_1=0",
        # One command protocol's acknowledgement, git's report lines, POP3, a script's file list, a test count.
        "OK size=1280x720\n",
        "ok refs/heads/main\nok refs/heads/dev\n",
        "+OK POP3 server ready\r\n+OK 2 messages\r\n",
        "OK catalog/6.5/core.yml\nOK catalog/6.5/extra.yml\n",
        "Status: done OK title=x OK lan_ip=y",
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
                '<a class="navbar-brand" href="/cgi-bin/status.cgi">',
                '<img src="/a/logo.svg" alt="">',
                "<img ",
                "</a>",
                "<h2>Authentication required</h2>",
                "<title>",
                "</title>",
                "yi-hack",
                "-v5",
                " - v0.2.4",
                "var schedule_sun_0=0;",
                "var schedule_mon_2=65535;",
                "var schedule_enable=1;",
                "OK ",
                "title=x",
                "lan_ip",
                "\r\n",
                "\n",
                " ",
                "x",
            ]
        ),
        max_size=16,
    ).map("".join)
    | st.text(max_size=300)
)
def test_the_entries_fire_only_on_their_whole_sign(text: str) -> None:
    rules = fired(identity_of(text))
    if MICROBE_401 in rules:
        brand = text.find('<a class="navbar-brand" href="/cgi-bin/status.cgi"><img')
        assert brand >= 0 and text.find("<h2>Authentication required</h2>", brand) > brand
    if YI_HACK in rules:
        assert re.search(r"<title>\s*yi-hack[^<]*</title>", text, re.IGNORECASE)
    if FORBIDDEN in rules:
        assert len(re.findall(r"var schedule_(?:sun|mon|tue|wed|thu|fri|sat)_[0-2]=[0-9]+;", text)) >= 2
    if VB_HTM in rules:
        assert re.search(r"^OK [A-Za-z]\S*\s+OK [A-Za-z]", text, re.MULTILINE)
