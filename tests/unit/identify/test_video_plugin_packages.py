"""Browser plug-in packages named for what they play (``layers/web_clients_shared.yaml``, ``shared.video-plugin-cab``).

A camera's or recorder's IE-era web client loads its live view as an ActiveX ``.cab`` from the device, named for the
video it plays (TLNetDvr, H264PlugLiteDL, RSVideoOcx, NetVideoActiveX): the page is a video device of no named maker.
The same ``<object codebase>`` carries Flash, printing, ID-card and signature controls, which must type nothing. The
camera pages are development records (a recorder tree's home page, a D-Link camera's live view); the look-alikes are
the development batches' web-server, NAS and router pages and invented object tags of other controls.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.unit.identify.page_records import LOOKALIKE_PAGES, VIDEO_TYPES, body_of, identity_of

from camaudit.model import Identity

RULE = "webclient.shared.video-plugin-cab"
#: What the entry promises to read: a .cab/.ocx file name (no folder) that says DVR, NVR, H.264/5, camera, network
#: video or a video OCX/ActiveX/plug-in, after a delimiter. The property test holds the entry to it.
PROMISE = re.compile(
    r"[/\"'=\s][\w.-]{0,40}(?:dvr|nvr|h\.?26[45]|cam|netvideo|video_?(?:ocx|activex|plug))[\w.-]{0,40}\.(?:cab|ocx)\b",
    re.IGNORECASE,
)


def fired(identity: Identity) -> bool:
    return any(e.rule_id == RULE for e in identity.evidence)


@pytest.mark.parametrize(
    ("corpus", "line"),
    [
        ("devreplies_pages4", 7),  # a recorder tree's home page: <object codebase="../TLNetDvr.CAB#version=...">
        ("devreplies_oem", 7),  # a D-Link DCS-5020L's ActiveX live view: codeBase="H264PlugLiteDL.cab#version=..."
    ],
)
def test_a_page_loading_a_video_plugin_package_is_a_video_device_of_no_named_maker(corpus: str, line: int) -> None:
    identity = identity_of(body_of(corpus, line))
    assert fired(identity)
    assert identity.device_type in VIDEO_TYPES
    assert identity.confidence < 0.9


def test_the_d_link_live_view_was_not_a_video_device_by_anything_else() -> None:
    # The page's other signs (its H.264/MJPEG links, its audio button) typed nothing before: the package is the sign.
    body = body_of("devreplies_oem", 7)
    without = re.sub(r"H264PlugLiteDL\.cab", "control.cab", body)
    assert identity_of(without).device_type not in VIDEO_TYPES
    assert identity_of(body).device_type in VIDEO_TYPES


@pytest.mark.parametrize(
    "body",
    [
        '<object classid="clsid:D27CDB6E-AE6D-11cf-96B8-444553540000" codebase="http://download.macromedia.com/pub/'
        'shockwave/cabs/flash/swflash.cab#version=9,0,28,0"></object>',
        '<object classid="clsid:1663ed61-23eb-11d2-b92f-008048fdd814" codebase="/_tools/ScriptX.cab#Version=6,1,432,1">',
        '<object id="IDCard2" codebase="../../ocx/SynCardOcx.CAB#version=1,0,0,1"></object>',
        '<OBJECT id="capicom" codeBase="capicom.cab#version=2,0,0,3"></OBJECT>',
        '<object ID="detect" CODEBASE="detctPrinter.CAB#version=1,0,0,1"></object>',
        '<object codebase="https://downloads.videolan.org/pub/videolan/contrib/win32/axvlc.cab" id="vlc"></object>',
        '<object codebase="/cameras/viewer.cab"></object>',  # a folder named for cameras, a package that is not
        '<a href="dvr-manual.pdf">DVR manual</a> <a href="setup.cab">setup</a>',
        "<p>Install the NVR client from the CD (nvrclient.zip).</p>",
        'codebase="video.cabinet"',
    ],
)
def test_other_controls_and_mentions_type_nothing(body: str) -> None:
    identity = identity_of(body)
    assert not fired(identity)
    assert identity.device_type not in VIDEO_TYPES


@pytest.mark.parametrize(("corpus", "line"), LOOKALIKE_PAGES)
def test_web_server_nas_and_router_pages_stay_unread(corpus: str, line: int) -> None:
    assert not fired(identity_of(body_of(corpus, line)))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            [
                'codebase="',
                "/",
                "'",
                " ",
                "=",
                "TLNet",
                "Dvr",
                "NVR",
                "h264",
                "H.265",
                "Cam",
                "NetVideo",
                "VideoOcx",
                "video_activex",
                "Plug",
                "swflash",
                "Card",
                ".cab",
                ".CAB",
                ".ocx",
                "#version=1,0,0,1",
                "x",
                "\n",
                "\u00e9",
            ]
        ),
        max_size=14,
    ).map("".join)
    | st.text(max_size=300)
)
def test_the_entry_fires_only_on_a_named_package(text: str) -> None:
    assert fired(identity_of(text)) == bool(PROMISE.search(text))
