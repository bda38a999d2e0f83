"""Uniview's web client read by its login title key (``layers/web_clients.yaml``, ``webclient.uniview.*``).

Uniview's recorders and cameras write their page text as ``data-text="Text.<Key>"`` attributes filled in by script;
the login page's empty ``<title>`` carries ``data-text="Text.VideoManageSystem"`` (the search term a published
Uniview NVR proof of concept gives, mcw0/PoC ``Uniview-pwd-disc.py``; yaklang's device rules read the same title).
The login page below is an invented shell around that title line and the key-labelled fields the convention
describes; the counter-pages use the same words or other keys of the family.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation

RULE = "webclient.uniview.video-manage-system-title"
SIGN = re.compile(r"\bdata-text=[\"']Text\.VideoManageSystem[\"']", re.IGNORECASE)


def page(fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.11", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


LOGIN = (
    '<!DOCTYPE html>\r\n<html>\r\n    <head>\r\n        <title data-text="Text.VideoManageSystem"></title>\r\n'
    '    </head>\r\n    <body id="login_body">\r\n        <form action="cgi-bin/main-cgi" method="post" id="loginForm">\r\n'
    '            <label class="login_label" for="szUserName" data-text="Text.UserName"></label>\r\n'
    '            <input type="text" name="szUserName" id="szUserName" />\r\n        </form>\r\n    </body>\r\n</html>\r\n'
)


def test_univiews_login_page_names_uniview_and_types_a_video_device() -> None:
    identity = page({"http.body": LOGIN, "http.status": "200"})
    assert identity.manufacturer == "uniview"
    assert identity.device_type == "video_device"
    assert 0.5 <= identity.confidence < 0.9


def test_beside_univiews_favicon_the_two_signs_agree() -> None:
    """The icon is fetched apart (another reply): two replies agreeing on Uniview raise the confidence."""
    alone = page({"http.body": LOGIN})
    identity = identify(
        [
            Observation("192.0.2.11", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.body": LOGIN}),
            Observation(
                "192.0.2.11", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.favicon.mmh3": "-1240222446"}
            ),
        ]
    )
    assert identity.manufacturer == "uniview"
    assert identity.confidence > alone.confidence


@pytest.mark.parametrize(
    "body",
    [
        "<html><head><title>Video Manage System</title></head></html>",
        '<label class="login_label" data-text="Text.UserName"></label><span data-text="Text.Login"></span>',
        '<title data-text="Text.VideoManageSystemX"></title>',
        '<div mydata-text="Text.VideoManageSystem"></div>',
        '<title data-i18n="Text.VideoManageSystem"></title>',
    ],
)
def test_near_misses_name_nobody(body: str) -> None:
    identity = page({"http.body": body})
    assert RULE not in {e.rule_id for e in identity.evidence}
    assert identity.manufacturer is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["<title ", "data-text=", '"', "'", "Text.", "VideoManageSystem", "videomanagesystem", "x", "-", " ", ">"]
        ),
        max_size=30,
    ).map("".join)
    | st.text(max_size=300)
)
def test_the_entry_fires_only_on_the_whole_key(text: str) -> None:
    identity = page({"http.body": text})
    if RULE in {e.rule_id for e in identity.evidence}:
        assert SIGN.search(text)
