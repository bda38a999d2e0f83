"""Camera login and live pages by kind (``layers/web_clients_shared.yaml``, helper-263): what a camera's own login page
or live page carries when it carries no device word.

* ``shared.juan-ipcam-language-loader``: the IP-camera web client with the ``juanipcam_lang`` language cookie (Anyka's
  AK3918 reference platform ships it; camera brands ship it on their own boards) writes its language script from
  ``getDefaultLanguage()`` with the id ``js_lang`` on every page, its login page and "please log in" stub included.
* ``shared.ptz-preset-identifiers``: a pan-tilt-zoom control beside its presets, written as identifiers (form and
  select names, CGI actions, script variables and functions) rather than as the words the prose entry reads.

Each types a video device and names nobody. The positive pages are written to the public sources each entry cites;
the look-alikes are the development page batches' router, NAS, KVM, BMC, printer, media, smart-home and monitoring
pages, CMS and i18n code that calls a ``getDefaultLanguage()`` of its own, an audio player's presets, and a PTZ
function or PTZ settings with no preset beside them.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.identify.page_records import (
    LOOKALIKE_PAGES,
    PAGES3_LOOKALIKES,
    PAGES4_LOOKALIKES,
    VIDEO_TYPES,
    body_of,
    identity_of,
)

from camaudit.model import Identity

LOADER = "webclient.shared.juan-ipcam-language-loader"
PTZ = "webclient.shared.ptz-preset-identifiers"
RULES = {LOADER, PTZ}


#: Written to the cited reference platform's login page (kkrzysztofik/Anyka_ak3918_hacking_journey, www/index.html):
#: its head, the loader and the login form whose labels come from the language file.
REFERENCE_LOGIN = (
    '<!DOCTYPE html>\n<html xmlns="http://www.w3.org/1999/xhtml">\n<head>\n'
    '<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />\n'
    '<link rel="stylesheet" type="text/css" media="screen" href="m.css" />\n'
    '<script type="text/javascript" src="js/language.js"></script>\n<title></title>\n'
    '<script type="text/javascript">\n'
    'document.write("<scr" + "ipt src=\\"" + getDefaultLanguage() + "\\" id=\\"js_lang\\" ></sc" + "ript>");\n'
    "</script>\n"
    '<script type="text/javascript" src="jquery.min.js"></script>\n'
    '<script type="text/javascript" src="js/cookie.js"></script>\n</head>\n<body>\n'
    '<form><input id="username" type="text" /><input id="password" type="password" />'
    '<script type="text/javascript">document.write(langstr.login);</script></form>\n</body>\n</html>\n'
)
#: Written to the cited camera brand's "please log in" stub (JinalAmbicam/CameraWeb, rootfs_web_lite login.html).
BRAND_LOGIN_STUB = (
    '<html><head><title>login</title>\n<script type="text/javascript" src="js/language.js"></script>\n'
    '<script type="text/javascript">\n'
    'document.write("<scr"+"ipt src=\\""+getDefaultLanguage()+"\\" id=\\"js_lang\\" ></sc"+"ript>");\n'
    '</script>\n<script type="text/javascript" src="js/cookie.js"></script>\n</head>\n<body>\n'
    '<span><a id="remaincolor" href="index.html">'
    '<script type="text/javascript">document.write(langstr.login_please);</script></a></span>\n</body></html>'
)
#: Written to the cited HiSilicon camera tree's PTZ page (zhouyanfss/cameraH, browse/settings/ptzSet_bsd.asp).
PTZ_SETTINGS_PAGE = (
    '<div class="ptzDiv" align="center">\n'
    '<form name="PTZForm" id="PTZForm" method="get" action="/form/setPTZCfg" target="hideframe" >\n'
    '<input name="command" id="command" type="hidden" value="0" />\n</form></div>\n'
    '<div class="hankYunTai">\n'
    '<form id="posHankForm" method="post" action="/form/presetSet" target="hideframe">\n'
    '<input type="hidden" name="flag" id="jsPresetFlag" />\n'
    '<select name="presetNum" id="jsPresetNum"></select>\n</form></div>'
)
#: Written to the cited web-SDK page (igoer/hikvision-web, example-en/demo.html): its PTZ fieldset.
SDK_PTZ_FIELDSET = (
    '<fieldset class="ptz">\n<input type="button" class="btn" value="Up" onmousedown="mouseDownPTZControl(1);" '
    'onmouseup="mouseUpPTZControl();" />\n'
    '<select id="ptzspeed" class="sel"><option>1</option><option selected>4</option></select>\n'
    '<input type="button" class="btn" value="Set" onclick="clickSetPreset();" />\n'
    '<input type="button" class="btn" value="Call" onclick="clickGoPreset();" />\n</fieldset>'
)
#: A Wi-Fi camera's live-page variables (the kind of two development pages of devreplies_pages4; written, not copied).
WIFI_CAMERA_VARIABLES = "<script>\nvar preset_act = 0;\nvar ptz_enb=1;\nvar preset_enb=1;\nvar ptz_speed=6;\n</script>"


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence} & RULES


@pytest.mark.parametrize(
    ("body", "rule"),
    [
        (REFERENCE_LOGIN, LOADER),
        (BRAND_LOGIN_STUB, LOADER),
        (PTZ_SETTINGS_PAGE, PTZ),
        (SDK_PTZ_FIELDSET, PTZ),
        (WIFI_CAMERA_VARIABLES, PTZ),
    ],
    ids=["reference-login", "brand-login-stub", "ptz-settings-page", "sdk-ptz-fieldset", "wifi-camera-variables"],
)
def test_a_camera_page_with_no_device_word_is_a_video_device_of_no_named_maker(body: str, rule: str) -> None:
    identity = identity_of(body)
    assert rule in fired(identity)
    assert identity.device_type in VIDEO_TYPES
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence < 0.9


def test_the_client_language_loader_types_a_camera() -> None:
    # The loader is a camera web client's own (its SoC and brands make cameras), not a page that watches one.
    assert identity_of(BRAND_LOGIN_STUB).device_type == "camera"


@pytest.mark.parametrize(
    ("corpus", "line"),
    [("devreplies_webui", 6), ("devreplies_pages3", 4), ("devreplies_pages3", 5)],
    ids=["reference-login", "brand-login-stub", "brand-sign-in"],
)
def test_the_development_login_pages_of_that_client_are_cameras(corpus: str, line: int) -> None:
    # Post hoc: these three development pages were read before the entry was written (helper-263's census).
    identity = identity_of(body_of(corpus, line))
    assert LOADER in fired(identity)
    assert identity.device_type == "camera"


@pytest.mark.parametrize(
    "body",
    [
        "<script>IsDefaultLanguage = language.Equals(langService.GetDefaultLanguage());</script>",
        "<?php $defaultLanguage = $typo3Site->getDefaultLanguage()->getLanguageId(); ?>",
        '<script src="js/en.js" id="js_lang"></script>',
        '<script>document.write("<scr"+"ipt src=\\""+getDefaultLanguage()+"\\" id=\\"lang\\"></sc"+"ript>");</script>',
        "<script>var src = getDefaultLanguage(); // js_lang</script>",
        "<p>PTZ control with 255 presets and auto tour.</p>",
        '<select id="eqPreset"><option>Rock</option></select><select id="eq_preset_list"></select>',
        '<button onclick="ptz_up()">Up</button> <button onclick="ptz_stop()">Stop</button>',
        "<script>var ptz_enb=0; var ptz_speed=8;</script>",
        '<select id="preset_list"></select> <input id="print_preset_name">',
        "<script>function ptzoptics() {} var presetting = 1;</script>",
        "<script>var ptz_speed=8;</script>" + "<p>" + "x" * 420 + "</p>" + '<select id="presetNum"></select>',
    ],
    ids=[
        "dotnet-default-language",
        "typo3-default-language",
        "js-lang-id-alone",
        "loader-with-another-id",
        "loader-words-apart",
        "ptz-preset-prose",
        "equaliser-presets",
        "ptz-functions-alone",
        "ptz-settings-without-preset",
        "presets-without-ptz",
        "near-names",
        "pair-too-far-apart",
    ],
)
def test_a_half_sign_or_a_near_name_types_nothing(body: str) -> None:
    identity = identity_of(body)
    assert not fired(identity)


@pytest.mark.parametrize(("corpus", "line"), [*LOOKALIKE_PAGES, *PAGES3_LOOKALIKES, *PAGES4_LOOKALIKES])
def test_router_nas_printer_media_hub_and_conferencing_pages_stay_untyped(corpus: str, line: int) -> None:
    identity = identity_of(body_of(corpus, line))
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                "ptz",
                "_",
                "preset",
                "speed",
                "Set",
                "getDefaultLanguage()",
                "+",
                '"',
                "\\",
                " ",
                "id=",
                "js_lang",
                "\n",
                "x",
            ]
        ),
        max_size=120,
    ).map("".join)
)
def test_hostile_pages_never_raise_and_fire_only_on_a_whole_sign(body: str) -> None:
    identity = identity_of(body)
    lowered = body.lower()
    if LOADER in fired(identity):
        assert "getdefaultlanguage()" in lowered and "js_lang" in lowered
    if PTZ in fired(identity):
        assert "ptz" in lowered and "preset" in lowered
