"""Page titles of camera and recorder web clients, written from public fingerprint tables other than the blind list.

rules/http.yaml: generic.http.title.netdvrv3, generic.http.title.htmlanvview, toshiba.http.title.network-camera,
generic.http.title.bluenet-video-viewer, generic.http.title.veo-observer; docs/identification/http.md, "Web-UI keywords
measured on a fingerprint table nobody wrote from" (helper-242, 2026-12-07). The titles are the tables' own strings
(yaklang's iotdevfp rules, lift's title table, WhatWeb's plugins, an exploit-db dork). A web client that several
brands' devices serve, or whose maker has no id here, types the device and names nobody; a maker's own product title
names that maker. The non-video titles are other rules of the same tables (a load balancer, big-data consoles, a
printer, a satellite receiver) and must stay unclaimed.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation

NEW_RULES = (
    "generic.http.title.netdvrv3",
    "generic.http.title.htmlanvview",
    "toshiba.http.title.network-camera",
    "generic.http.title.bluenet-video-viewer",
    "generic.http.title.veo-observer",
)


def titled(title: str) -> Identity:
    fields = {"http.status": "200", "http.title": title}
    return identify([Observation("192.0.2.60", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


@pytest.mark.parametrize(
    ("title", "device_type"),
    [
        ("NetDvrV3", "dvr"),  # yaklang iotdevfp '<title>netdvrv3' (dvr); lift 'NetDvrV3-based DVR'
        ("HtmlAnvView:D7B039C1", "video_device"),  # exploit-db GHDB 3776; lift 'HtmlAnvView'
        ("BlueNet Video Viewer Version 1.0.2", "video_device"),  # WhatWeb bluenet-video.rb; yaklang iotdevfp
        ("Veo Observer XT", "camera"),  # WhatWeb veo-observer.rb; yaklang iotdevfp 'veo observer'
        ("Veo Observer Web Client", "camera"),
    ],
)
def test_a_web_client_title_without_a_maker_types_the_device_and_names_nobody(title: str, device_type: str) -> None:
    identity = titled(title)
    assert identity.is_video_device, (title, identity.device_type)
    assert identity.device_type == device_type
    assert identity.brand is None and identity.manufacturer is None


def test_toshibas_camera_title_names_toshiba() -> None:
    """WhatWeb's plugin and yaklang's rule both read 'TOSHIBA Network Camera' as a Toshiba camera's page."""
    identity = titled("TOSHIBA Network Camera - User Login")
    assert identity.device_type == "camera"
    assert identity.brand == "toshiba"


@pytest.mark.parametrize(
    "title",
    [
        "TopApp-LB",  # yaklang: a load balancer
        "Storm UI",  # yaklang: Apache Storm's console
        "Oozie Web Console",  # yaklang: Apache Oozie
        "TOSHIBA e-STUDIO",  # a Toshiba printer's page
        "Toshiba Satellite",
        "NetDvr",
        "Open Webif",  # lift: an Enigma2 satellite receiver's page, not a camera recorder
        "HtmlAnvViewer",
        "Log In - Juniper Web Device Manager",
        "Bluenet",
        "Veo Observer",
    ],
)
def test_other_products_of_the_same_tables_stay_unclaimed(title: str) -> None:
    identity = titled(title)
    assert not identity.is_video_device, (title, identity.device_type)
    assert identity.brand is None and identity.manufacturer is None
    assert not fired(identity) & set(NEW_RULES)


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(
        [
            "",
            "NetDvrV3",
            "TOSHIBA Network Camera",
            "HtmlAnvView:",
            "Open Webif",
            "BlueNet Video Viewer",
            "Veo Observer ",
        ]
    ),
    st.text(max_size=200),
)
def test_hostile_titles_never_raise_and_only_the_exact_forms_fire(lead: str, rest: str) -> None:
    title = lead + rest
    identity = titled(title)
    hits = fired(identity) & set(NEW_RULES)
    seen = title.strip().casefold()
    if "generic.http.title.netdvrv3" in hits:
        assert seen == "netdvrv3", title
    if "toshiba.http.title.network-camera" in hits:
        assert seen.startswith("toshiba network camera"), title
    if "generic.http.title.bluenet-video-viewer" in hits:
        assert seen.startswith("bluenet video viewer") and len(seen) <= 40, title
    if "generic.http.title.veo-observer" in hits:
        assert seen in {"veo observer xt", "veo observer web client"}, title
    if "generic.http.title.htmlanvview" in hits:
        assert seen.startswith("htmlanvview") and len(seen) <= 20, title
