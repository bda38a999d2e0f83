"""A maker's path named only in a page's meta refresh, and Axis's setup header (2026-12-03).

A camera's root page often does nothing but send the browser on (``<meta http-equiv="refresh"
content="0; URL=/view/viewer_index.shtml?id=...">``). The target sits unquoted inside the content attribute,
where the link scan of ``page_links`` never looked, so the maker's path reached only the page-text reading,
which needs other video evidence. The pages below are written in the shape the sources quote, not captured.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.model import Identity, is_video_device
from camaudit.page_links import LINK_SCAN_CHARS, page_links


def from_shodan(data: str, port: int = 80) -> Identity:
    return identify_banner(data, port, "192.0.2.70")


# The root page Axis cameras answer with (intrigue-ident's "default redirect uri" check quotes its head).
AXIS_ROOT = (
    "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head>"
    '<META HTTP-EQUIV="Refresh" CONTENT="0; URL=/view/viewer_index.shtml?id=2134">'
    "</head><body></body></html>"
)


def test_a_meta_refresh_target_is_a_link_of_the_page() -> None:
    assert page_links(AXIS_ROOT) == "/view/viewer_index.shtml?id=2134"
    # content before http-equiv, lower case, a quoted target, spaces around the delay
    page = '<meta content="5 ; url=\'/wmf/index.html\'" http-equiv="refresh">'
    assert page_links(page) == "/wmf/index.html"


def test_a_meta_refresh_to_another_site_is_not_a_link() -> None:
    page = '<meta http-equiv="refresh" content="0; URL=http://example.com/view/viewer_index.shtml">'
    assert page_links(page) is None


def test_the_axis_root_page_names_axis_through_its_redirect() -> None:
    identity = from_shodan(AXIS_ROOT)
    assert identity.manufacturer == "axis"
    assert is_video_device(identity.device_type)


def test_a_router_s_refresh_to_its_login_names_nobody() -> None:
    page = (
        "HTTP/1.1 200 OK\r\nServer: GoAhead-Webs\r\nContent-Type: text/html\r\n\r\n"
        '<html><head><meta http-equiv="refresh" content="0; url=/login.asp"></head></html>'
    )
    identity = from_shodan(page)
    assert identity.manufacturer is None and identity.brand is None
    assert not is_video_device(identity.device_type)


def test_axis_s_factory_default_401_names_axis() -> None:
    # The reply Axis's knowledge base prints for a VAPIX call to a device nobody has set up yet.
    reply = (
        "HTTP/1.1 401 Unauthorized\r\nDate: Thu, 19 Sep 2019 18:15:20 GMT\r\n"
        "Server: Apache/2.4.39 (Unix) OpenSSL/1.1.1c\r\nAxis-Setup: vapix\r\n\r\n"
    )
    identity = from_shodan(reply)
    assert identity.manufacturer == "axis"
    assert is_video_device(identity.device_type)


def test_the_same_apache_401_without_the_header_names_nobody() -> None:
    reply = "HTTP/1.1 401 Unauthorized\r\nServer: Apache/2.4.39 (Unix) OpenSSL/1.1.1c\r\n\r\n"
    identity = from_shodan(reply)
    assert identity.brand is None and identity.manufacturer is None


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=3000), st.sampled_from(["refresh", "REFRESH", "Refresh", "efresh url=", 'content="0;url=']))
def test_page_links_never_raise_and_only_give_relative_targets(noise: str, word: str) -> None:
    page = noise[: len(noise) // 2] + word + noise[len(noise) // 2 :]
    links = page_links(page)
    if links is not None:
        for link in links.split("\n"):
            assert link and ":" not in link and len(link) <= 200


def test_a_refresh_past_the_scanned_head_is_not_read() -> None:
    page = " " * LINK_SCAN_CHARS + '<meta http-equiv="refresh" content="0; url=/view/viewer_index.shtml">'
    assert page_links(page) is None
