"""Stock OEM camera web clients read by their pages (``layers/web_clients.yaml``, helper-201).

Four entries written from the development batch of stock OEM pages (``tests/data/devreplies_oem.jsonl``), each citing
public sources beside the batch's own:

* ``shared.ipcam-cgi-getter-scripts``: a page that loads the MJPEG-era camera CGI SDK's getters (check_user.cgi,
  get_params.cgi, get_camera_params.cgi, get_misc.cgi) as scripts -- a camera of no named maker (Foscam's first
  cameras and the clones that kept the API: VStarcam, Sricam, Tenvis ...);
* ``dlink.dcs-view-redirect``: D-Link's DCS camera client's title-less stub that posts on to aview.htm/jview.htm;
* ``foscam.login-stream-selector``: Foscam's HD client's login fragment (main/sub stream selector);
* ``shared.ustreamer-index``: uStreamer's index page, a video stream server of no maker.

The pages are the batch's records as the firmware (or, for uStreamer, the program run on loopback) serves them; the
look-alikes are the same batch's non-camera pages: router logins, a print server, a UPS page, a media server, a
directory listing, BusyBox's 404.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, ruleset
from camaudit.model import Identity, Observation

BATCH = Path(__file__).parents[2] / "data" / "devreplies_oem.jsonl"
RULES = {
    "webclient.shared.ipcam-cgi-getter-scripts",
    "webclient.dlink.dcs-view-redirect",
    "webclient.foscam.login-stream-selector",
    "webclient.shared.ustreamer-index",
}


def body_of(line: int) -> str:
    record = json.loads(BATCH.read_text(encoding="utf-8").splitlines()[line - 1])
    data = str(record["data"])
    # BusyBox httpd passes a CGI's own header lines through as the CGI wrote them (apcupsd ends them with a bare LF)
    return data.split("\r\n\r\n", 1)[1] if "\r\n\r\n" in data else data.split("\n\n", 1)[1]


def page(body: str) -> Identity:
    return identify(
        [Observation("192.0.2.41", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", {"http.body": body})]
    )


def rule_ids(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


@pytest.mark.parametrize("line", [1, 2, 3])  # Sricam AP009: index frame, mode page, ActiveX live view
def test_pages_loading_the_camera_cgi_getters_are_cameras_of_no_named_maker(line: int) -> None:
    identity = page(body_of(line))
    assert "webclient.shared.ipcam-cgi-getter-scripts" in rule_ids(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer is None
    assert identity.confidence < 0.9


def test_the_dlink_dcs_redirect_stub_is_a_dlink_camera() -> None:
    identity = page(body_of(6))  # DCS-932L home.htm: no title, no device word
    assert "webclient.dlink.dcs-view-redirect" in rule_ids(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer == "d-link"
    assert identity.confidence < 0.9


def test_the_foscam_login_fragment_is_a_foscam_camera() -> None:
    identity = page(body_of(8))  # Foscam R2 /html/login.html
    assert "webclient.foscam.login-stream-selector" in rule_ids(identity)
    assert identity.device_type == "camera"
    assert identity.manufacturer == "foscam"


def test_the_ustreamer_index_is_a_video_server_of_no_maker() -> None:
    identity = page(body_of(9))  # captured from the real program on loopback
    assert "webclient.shared.ustreamer-index" in rule_ids(identity)
    assert identity.device_type == "video_device"
    assert identity.manufacturer is None


# lighttpd, mini_httpd, CUPS, Cockpit, webfs listing, BusyBox 404, apcupsd Multimon, Python listing, MiniDLNA,
# ASUS login (form action login.cgi), ZTE hotspot login, Broadcom status page, Netgear router page
@pytest.mark.parametrize("line", [10, 11, 12, 13, 14, 15, 16, 17, 22, 23, 24, 25, 26])
def test_look_alike_pages_of_the_batch_are_not_read_as_cameras(line: int) -> None:
    identity = page(body_of(line))
    assert not rule_ids(identity) & RULES
    assert identity.device_type not in {"camera", "video_device", "nvr", "dvr"}


def test_a_router_page_calling_status_and_login_cgis_is_not_a_camera() -> None:
    body = (
        '<html><head><title>Router</title><script src="get_status.cgi"></script><script src="login.cgi"></script>'
        '</head><body><form action="login.cgi" method="post"></form></body></html>'
    )  # constructed: the two CGI names routers share with the camera SDK, which the entry leaves out
    assert not rule_ids(page(body)) & RULES


def test_the_entries_name_their_sources() -> None:
    rules = {rule.id: rule for rule in ruleset().rules}
    for rule_id in RULES:
        assert rule_id in rules
        assert rules[rule_id].source


_TEXT = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(before=_TEXT, after=_TEXT)
def test_a_getter_script_include_is_read_wherever_it_stands(before: str, after: str) -> None:
    body = before.replace("<", " ") + '<script src="get_camera_params.cgi"></script>' + after.replace("<", " ")
    assert "webclient.shared.ipcam-cgi-getter-scripts" in rule_ids(page(body))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXT)
def test_random_and_hostile_text_never_raises_nor_fires_these_entries(text: str) -> None:
    hostile = text + "<script src=" * 20 + 'loadurl("' * 20 + 'id="login_' * 20 + "<title>uStreamer" * 5
    assert not rule_ids(page(hostile)) & RULES
