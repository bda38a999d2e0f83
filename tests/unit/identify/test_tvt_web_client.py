"""TVT's NVMS-9000 web client read by its own vocabulary (``layers/web_clients.yaml``, ``webclient.tvt.*``).

TVT's recorders and cameras (and the Provision-ISR, Speco ... builds of them) serve a web client that writes its
interface as language keys, ``IDCS_<WORDS>``, swapped for words by script after loading; the newer Vue build keeps
``id="n9web"`` on its root element. The pages below put the quoted lines of the sources the entries cite
(yaklang's device rule; TVT's web-client source, half-giser/OWNERNVR: ``Login.vue``, ``BasePluginDownload.vue``,
``index.html``) into minimal invented page shells; the counter-pages are other products that use the same
prefix or a similar id.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation

TVT_RULES = ("webclient.tvt.web-client-language-keys", "webclient.tvt.n9web-root")
KEYS = re.compile(
    r"\bIDCS_(?:LOGIN_NBSP|USERNAME_TIP|PASSWORD_TIP|WEB_CLIENT|BS_PLUGIN_DOWNLOAD|PROMPT_USERNAME_EMPTY|LOGIN_FAIL_)"
)


def page(body: str) -> Identity:
    fields = {"http.body": body}
    return identify([Observation("192.0.2.9", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


def tvt_evidence(identity: Identity) -> list[str]:
    return [e.rule_id for e in identity.evidence if e.rule_id in TVT_RULES]


@pytest.mark.parametrize(
    "body",
    [
        # The older client's login page before its language control ran (shell invented; keys as yaklang reads them).
        '<html><head><title>IDCS_WEB_CLIENT</title></head><body><input type="button" id="btnLogin" '
        'value="IDCS_LOGIN_NBSP"></body></html>',
        # The login script's key list, as TVT's older client declares it.
        "<script>var pageLangKeys = ['IDCS_LOGIN_NBSP', 'IDCS_USERNAME_TIP', 'IDCS_PASSWORD_TIP', "
        "'IDCS_WEB_CLIENT', 'IDCS_PROMPT_USERNAME_EMPTY'];</script>",
        # The plug-in button of the Vue client (BasePluginDownload.vue), rendered before translation.
        '<div class="download"><span class="download-text">IDCS_BS_PLUGIN_DOWNLOAD</span><a id="dlPlugin" '
        'href="/OCX/WebClient_VPPlugin_v5.exe"></a></div>',
    ],
)
def test_tvts_web_client_names_tvt_and_types_a_video_device(body: str) -> None:
    identity = page(body)
    assert identity.manufacturer == "tvt"
    # a video device; the plug-in page's WebClient_VPPlugin name (generic.http.body.webclient-vpplugin) says dvr
    assert identity.device_type in ("video_device", "dvr")
    assert 0.5 <= identity.confidence < 0.9  # one sign of one page: never the firm band


@pytest.mark.parametrize(
    "body",
    [
        # Oracle Identity Cloud Service code and configuration use IDCS_ names of their own.
        "private static final String IDCS_URL = props.get(IDCS_URL); String t = Config.IDCS_AUTH_TYPE;",
        "{{ idcs_endpoint }} idcs_login_nbsp",
        # TVT's key with more letters glued on, or inside a longer name, is not the key.
        "<span>IDCS_LOGIN_NBSPX</span><span>MY_IDCS_USERNAME_TIP</span>",
        # A page whose app container (not the html element) is called n9web, and a site named in9web.
        '<html lang="en" id="app"><body><div id="n9web"></div><a href="http://in9web.com/logo.png">x</a></body></html>',
        '<html lang="en" id="n9webapp"><body></body></html>',
    ],
)
def test_look_alikes_name_nobody(body: str) -> None:
    identity = page(body)
    assert tvt_evidence(identity) == []
    assert identity.manufacturer is None


N9WEB_ROOT = (
    # The Vue client's root page (index.html as built: the title and description filled in).
    '<!DOCTYPE html>\n<html lang="en" id="n9web">\n  <head>\n    <meta charset="UTF-8" />\n    <link rel="icon" '
    'href="/favicon.ico" />\n    <title></title>\n  </head>\n  <body>\n    <div id="app"></div>\n  </body>\n</html>\n'
)


def test_the_vue_root_id_alone_names_nobody_and_types_nothing() -> None:
    """One set (TVT's own source) shows the id: it waits for other video evidence."""
    identity = page(N9WEB_ROOT)
    assert identity.manufacturer is None
    assert identity.device_type not in ("video_device", "camera", "nvr", "dvr")


def test_the_vue_root_id_names_tvt_beside_tvts_favicon() -> None:
    identity = identify(
        [
            Observation("192.0.2.9", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.body": N9WEB_ROOT}),
            Observation(
                "192.0.2.9", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.favicon.mmh3": "492290497"}
            ),
        ]
    )
    assert identity.manufacturer == "tvt"
    assert "webclient.tvt.n9web-root" in {e.rule_id for e in identity.evidence}


def test_a_router_page_with_a_tvt_key_in_its_text_is_still_read_by_the_key() -> None:
    """The key is TVT's whatever page it sits in: a scanner that kept only a fragment still gets TVT."""
    identity = page('<div id="loginErrorMsg">IDCS_LOGIN_FAIL_REASON_U_P_ERROR</div>')
    assert tvt_evidence(identity) == ["webclient.tvt.web-client-language-keys"]


def _fires_only_on_whole_signs(text: str) -> None:
    """Each TVT entry that fires on ``text`` has its whole sign there: the language keys, or the n9web root tag."""
    fired = set(tvt_evidence(page(text)))
    if "webclient.tvt.web-client-language-keys" in fired:
        assert KEYS.search(text)
    if "webclient.tvt.n9web-root" in fired:
        assert re.search(r"<html\b[^<>]{0,80}\bid=[\"']n9web[\"']", text, re.IGNORECASE)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=400))
def test_random_text_fires_the_tvt_entries_only_on_their_own_signs(text: str) -> None:
    _fires_only_on_whole_signs(text)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.sampled_from(
            ["IDCS_", "LOGIN", "_NBSP", "USERNAME_TIP", "<html", " id=", '"n9web"', "n9web", "<", ">", "_", "X", " "]
        ),
        max_size=40,
    ).map("".join)
)
def test_hostile_near_misses_never_raise_and_fire_only_on_whole_signs(text: str) -> None:
    _fires_only_on_whole_signs(text)
