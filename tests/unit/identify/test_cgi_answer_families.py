"""Camera CGI families read without the page each sign was first seen on (helper-227, 2026-12-06).

Leave-one-source-out drops every entry that cites the reply's own source. These signs of camera firmware that name
no camera word are written from, or second-sourced by, another firmware or document than the development reply they
answer, so the reply is still recognised with its own source taken away:

* the MJPEG-era CGI SDK's pages load a getter CGI as a script beside the SDK's ``public.js``
  (``webclient.shared.ipcam-cgi-getter-beside-public-js``: a clone camera's web root and a Yatwin camera's index);
* D-Link's DCS stub posting to its viewer pages, second-sourced by another camera line (``dlink.dcs-view-redirect``);
* the hi3510 CGI's picture answer (``answers.hi3510.image-attributes``: wdr, night, shutter in the firmware's order);
* Sercomm's ``/util/query.cgi`` answer naming the MPEG-4 and Motion-JPEG resolutions
  (``answers.sercomm.query-capabilities``: a Cisco guide, second-sourced by a Sercomm API write-up);
* three more answers of the same CGI families, none in a labelled record: the hi3510 CGI's accounts
  (``answers.hi3510.user-attributes``) and week plan (``answers.hi3510.week-schedule``), and the WIFICAM
  firmware's ``login.cgi`` answer (``answers.wificam.login-answer``).

Router pages that load a ``public.js`` of their own, page scripts and settings forms with the same words are the
look-alikes; a Hypothesis property feeds hostile and shuffled text.
"""

from __future__ import annotations

import json
import re
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import RuleSet, ruleset, ruleset_of
from camaudit.identify.provenance import rule_kept
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity

DATA = Path(__file__).parents[2] / "data"
SDK_PAGES = "webclient.shared.ipcam-cgi-getter-beside-public-js"
DCS_STUB = "webclient.dlink.dcs-view-redirect"
HI3510_IMAGE = "answers.hi3510.image-attributes"
SERCOMM_QUERY = "answers.sercomm.query-capabilities"
HI3510_USERS = "answers.hi3510.user-attributes"
HI3510_WEEK = "answers.hi3510.week-schedule"
WIFICAM_LOGIN = "answers.wificam.login-answer"
RULES = {SDK_PAGES, DCS_STUB, HI3510_IMAGE, SERCOMM_QUERY, HI3510_USERS, HI3510_WEEK, WIFICAM_LOGIN}
VIDEO_TYPES = {"camera", "video_device", "nvr", "dvr", "thermal_camera", "video_encoder"}
TEXT_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n"
HTML_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
#: The getimageattr answer as the Java client records it (D2Edev/CCameraControl, ImageProperties.java).
HI3510_IMAGE_ANSWER = (
    'var display_mode="1";\r\nvar brightness="50";\r\nvar saturation="140";\r\nvar sharpness="60";\r\n'
    'var contrast="50";\r\nvar hue="50";\r\nvar wdr="on";\r\nvar night="off";\r\nvar shutter="65535";\r\n'
    'var flash_shutter="14";\r\nvar flip="on";\r\nvar mirror="on";\r\n'
)


@cache
def _without(key: str) -> RuleSet:
    """The packaged rules less every rule leave-one-source-out drops for a reply whose source key is ``key``."""
    return ruleset_of(r for r in ruleset().rules if rule_kept(r.source, r.supports, frozenset({key})))


def _identify(data: str, rules: RuleSet | None = None) -> Identity:
    record = parse_banner({"ip_str": "192.0.2.71", "port": 80, "transport": "tcp", "data": data}, 1)
    return (rules or ruleset()).identify(list(record.observations))


def _record(corpus: str, line: int) -> str:
    return str(json.loads((DATA / f"{corpus}.jsonl").read_text(encoding="utf-8").splitlines()[line - 1])["data"])


def _fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence} & RULES


@pytest.mark.parametrize("line", [1, 2, 3])
def test_the_sricam_sdk_pages_are_cameras_without_the_repository_they_came_from(line: int) -> None:
    # The index (public.js, check_user.cgi, get_status.cgi), the mode page and the live page of a Sricam AP009:
    # before, every entry reading them cited that repository, so leaving it out typed them "not a camera".
    identity = _identify(_record("devreplies_oem", line), _without("mitchtalmadge/sricam-ap009-web-bootstrap"))
    assert SDK_PAGES in _fired(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence < 0.9


def test_the_dcs_stub_names_d_link_without_the_dcs_932l_firmware() -> None:
    identity = _identify(_record("devreplies_oem", 6), _without("itwizardo/dcs-932l"))
    assert DCS_STUB in _fired(identity)
    assert identity.manufacturer == "d-link"
    assert identity.is_video_device


def test_the_hi3510_picture_answer_is_a_camera_of_no_named_maker() -> None:
    identity = _identify(TEXT_HEAD + HI3510_IMAGE_ANSWER)
    assert HI3510_IMAGE in _fired(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None


def test_the_sercomm_query_answer_is_a_camera_without_the_write_up_it_was_quoted_in() -> None:
    # Batch 12 line 14: a Sercomm pan/tilt camera's /util/query.cgi answer (company_name=Xanboo), kept bare.
    identity = _identify(_record("devretired_batch12", 14), _without("edent/sercomm-api"))
    assert SERCOMM_QUERY in _fired(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer is None


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        ('var at_username0="admin";\r\nvar at_password0="admin";\r\nvar at_authlevel0="15";\r\n', HI3510_USERS),
        ('var week0="' + "N" * 16 + "P" * 24 + "N" * 8 + '";\r\nvar week1="' + "P" * 48 + '";\r\n', HI3510_WEEK),
        ('var loginuser="admin";\r\nvar loginpass="888888";\r\nvar pri=255;\r\n', WIFICAM_LOGIN),
    ],
)
def test_more_answers_of_the_families_are_cameras_of_no_named_maker(body: str, rule: str) -> None:
    identity = _identify(TEXT_HEAD + body)
    assert _fired(identity) == {rule}
    assert identity.device_type == "camera"
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "data",
    [
        # D-Link and TRENDnet router pages load a public.js of their own, beside public_msg.js and their scripts.
        HTML_HEAD + '<script language="JavaScript" src="public.js"></script>\n'
        '<script language="JavaScript" src="public_msg.js"></script>\n<script>var submit_button_flag = 0;</script>',
        HTML_HEAD + '<script type="text/javascript" src="uk.js"></script>\n<script type="text/javascript" '
        'src="public.js"></script>\n<script type="text/javascript" src="pandoraBox.js"></script>',
        # A router status page whose CGI is not one of the SDK's getters, and a login form posting to login.cgi.
        HTML_HEAD + '<script src="public.js"></script>\n<script src="status.cgi"></script>',
        HTML_HEAD + '<form action="login.cgi" method="post"></form>\n<script src="public.js"></script>',
        # Page scripts and settings forms with the hi3510 and Sercomm words.
        TEXT_HEAD + 'var wdr = "on";\nvar night = "off";\nvar shutter = "65535";',
        TEXT_HEAD + 'setimageattr: {shutter: 2000, night: "off", wdr: "on", wdrvalue: 25}',
        TEXT_HEAD + "mjpeg_resolution=640\nmpeg4_resolution=640\n",
        TEXT_HEAD + "mpeg4_resolution = 640\nmjpeg_resolution = 640\n",
        # A login page's script reading its own form, a week plan one letter short, a second account alone.
        HTML_HEAD + '<script>var loginuser = document.getElementById("user").value;\n'
        'var loginpass = document.getElementById("pass").value;</script>',
        TEXT_HEAD + 'var week0="' + "P" * 47 + '";',
        TEXT_HEAD + 'var at_username1="user"; var at_password1="user";',
    ],
)
def test_router_pages_scripts_and_forms_with_the_same_words_type_nothing(data: str) -> None:
    identity = _identify(data)
    assert not _fired(identity)
    assert identity.device_type not in VIDEO_TYPES


_GETTERS = ("check_user", "get_params", "get_param", "get_status", "get_camera_params", "get_misc", "login")


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                '<script src="public.js"></script>',
                '<script type="text/javascript" src="public.js"></script>',
                '<script type="text/javascript" src="jquery/jquery.min.js"></script>',
                *(f'<script src="{name}.cgi"></script>' for name in _GETTERS),
                '<script src="status.cgi"></script>',
                'var wdr="on";',
                'var wdrvalue="15";',
                'var night="off";',
                'var shutter="2000";',
                "mpeg4_resolution=640",
                "mjpeg_resolution=1280",
                'var loginuser="admin";',
                'var loginpass="x";',
                'var at_username0="a";',
                'var at_password0="b";',
                'var week0="' + "P" * 48 + '";',
                "\n",
                "\r\n",
                " ",
                "<p>x</p>",
            ]
        ),
        max_size=14,
    ).map("".join)
    | st.text(max_size=400)
)
def test_the_families_fire_only_on_their_whole_sign_and_never_raise(text: str) -> None:
    fired = _fired(_identify(HTML_HEAD + text))
    if SDK_PAGES in fired:
        assert "public.js" in text and re.search(r'src="(?:' + "|".join(_GETTERS) + r')\.cgi"', text)
    if HI3510_IMAGE in fired:
        assert text.find('var wdr="') < text.find('var night="') < text.find('var shutter="')
    if SERCOMM_QUERY in fired:
        assert re.search(r"^mpeg4_resolution=\d+\r?\nmjpeg_resolution=\d+\r?$", text, re.MULTILINE)
    if WIFICAM_LOGIN in fired:
        assert text.find("var loginuser=") < text.find("var loginpass=")
    if HI3510_USERS in fired:
        assert text.find('var at_username0="') < text.find('var at_password0="')
    if HI3510_WEEK in fired:
        assert re.search(r'var week[0-6]="[PN]{48}";', text)
