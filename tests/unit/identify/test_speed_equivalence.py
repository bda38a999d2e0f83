"""What the 2026-12-03 speed cuts changed must not change an answer.

* ``page_links``: names of one length share a lookbehind; the links must be those the pattern with one
  lookbehind per name finds (built here as it was written before), on pages and on random text. Since
  2026-12-05 one look at the character before each "=" settles most of them, and the same pass marks a
  refresh's ``url=``: a page without one skips the two searches for a meta refresh. ``page_links`` must
  give what it gave when every page was searched for a refresh (:func:`_links_as_before`).
* the Hyperscan path's memo of the last value encoded is one module-level tuple, no longer per thread: threads
  matching different pages at once must each get what a lone thread gets.
* a stored exchange is split into answers only when it holds a second status line: replies with and without
  one read as before (``tests/unit/importers/test_sniff.py`` holds the exchanges themselves).

bench/identify_outputs.py checks the whole: the identify output of the bench mix and of every corpus,
byte for byte, before and after.
"""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import require

from camaudit import page_links
from camaudit.identify import hyperscan_db, ruleset
from camaudit.identify.matcher import RuleMatcher
from camaudit.importers.sniff import sniff

#: The link pattern as it was written before: one lookbehind per name and gap.
_ONE_PER_NAME = re.compile(
    "=(?:"
    + "|".join(f"(?<={name}=)" for name in page_links._NAMES)
    + r"|(?<=\s=)(?:"
    + "|".join(
        f"(?<={name}\\s{{{gap}}}=)" for gap in range(1, page_links.NAME_GAP_MAX + 1) for name in page_links._NAMES
    )
    + "))"
    + page_links._TARGET
)
_PIECES = ["src", "SRC", "href", "HREF", "action", "ACTION", "location", "Location", "xsrc", " ", "\t", "\n", "=",
           "'", '"', "/a", "./b", "../c.js", "x?y=1&z", "<a ", "<img ", ">", "é"]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=60).map("".join))
def test_links_are_those_one_lookbehind_per_name_finds(text: str) -> None:
    assert [target for target in page_links._LINK.findall(text) if target] == _ONE_PER_NAME.findall(text)


def _links_as_before(text: str) -> str | None:
    """``page_links`` as written before 2026-12-05: the links, then a refresh looked for on every page."""
    found = _ONE_PER_NAME.findall(text, 0, page_links.LINK_SCAN_CHARS)
    for word in ("efresh", "EFRESH"):
        at = text.find(word, 0, page_links.LINK_SCAN_CHARS)
        if at >= 0:
            window = (max(0, at - page_links.REFRESH_WINDOW), min(page_links.LINK_SCAN_CHARS, at + page_links.REFRESH_WINDOW))
            match = page_links._REFRESH.search(text, *window)
            if match:
                found.append(match.group(1))
    return "\n".join(list(dict.fromkeys(found))[: page_links.MAX_LINKS]) if found else None


#: Pieces of meta refreshes (every spelling the refresh pattern allows, and near misses) among the link pieces.
_REFRESH_PIECES = [*_PIECES, "refresh", "REFRESH", "Refresh", "efresh", "content", "CONTENT", "=", '"', "0", "5",
                   ";", ",", "url", "URL", "Url", "uRl", "ur", "l", "\u00a0", "\u2003", "  ", "/view/a.shtml", "x.htm",
                   "href=", "src =", "<meta http-equiv=", ">", "\u212a", "\u0131"]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_REFRESH_PIECES), max_size=80).map("".join))
def test_page_links_are_what_they_were_when_every_page_was_searched_for_a_refresh(text: str) -> None:
    assert page_links.page_links(text) == _links_as_before(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_page_links_of_any_text_are_what_they_were(text: str) -> None:
    assert page_links.page_links(text) == _links_as_before(text)


@given(st.sampled_from(["url", "URL", "Url", "uRL"]), st.sampled_from(["", " ", "\t", "  \n ", "\u00a0"]),
       st.sampled_from(["refresh", "REFRESH"]), st.integers(0, 9000))
@settings(max_examples=300, deadline=None)
def test_a_refresh_anywhere_in_the_scanned_head_is_found_as_before(url: str, gap: str, word: str, at: int) -> None:
    page = "x" * at + f'<meta http-equiv="{word}" content="1; {url}{gap}=/view/index.shtml">' + "<a href='/a'>"
    assert page_links.page_links(page) == _links_as_before(page)


def test_links_of_a_page_are_unchanged() -> None:
    page = (
        '<html><head><meta http-equiv="refresh" content="0; URL=/view/index.shtml"><script src="/js/a.js">'
        '</script><script>location = "/doc/page/login.asp"; window.location  =  \'../x.htm\';</script></head>'
        '<body><a HREF="/cgi-bin/nobody/Machine.cgi">x</a><form ACTION=\'./login.cgi\'></form>'
        '<img src = "http://other.example/x.png"><iframe SRC=  "/main.htm"></iframe></body></html>'
    )
    assert [t for t in page_links._LINK.findall(page) if t] == _ONE_PER_NAME.findall(page)
    assert page_links.page_links(page) == _links_as_before(page)
    assert page_links.page_links(page) == "\n".join(
        ["/js/a.js", "/doc/page/login.asp", "../x.htm", "/cgi-bin/nobody/Machine.cgi", "./login.cgi", "/main.htm",
         "/view/index.shtml"]
    )


def test_threads_matching_different_pages_at_once_get_what_one_thread_gets() -> None:
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    matcher = RuleMatcher(ruleset().rules, engine="hyperscan")
    texts = [e.value for r in ruleset().rules if r.field in ("http.body", "http.title", "@text") for e in r.examples]
    pages = [{"http.body": f"<html><body>{'x ' * 300}{t}</body></html>", "http.title": t} for t in texts[:200]]
    alone = [matcher.match(p) for p in pages]
    with ThreadPoolExecutor(max_workers=4) as pool:
        for _ in range(3):
            assert list(pool.map(matcher.match, pages)) == alone


def test_one_reply_and_an_exchange_of_two_read_as_before() -> None:
    one = "HTTP/1.1 200 OK\r\nServer: Boa/0.94.14rc21\r\n\r\n<html><title>Login</title>HTTP/1.1 in text</html>"
    fields: dict[str, str] = {}
    assert sniff(one, fields) == "http"
    assert fields["http.title"] == "Login" and fields["http.server"] == "Boa/0.94.14rc21"
    two = 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="DVR"\r\n\r\n\nHTTP/1.1 200 OK\r\n' \
          "Server: Boa\r\n\r\n<html><title>DVR</title></html>"
    fields = {}
    assert sniff(two, fields) == "http"
    assert fields["http.www_authenticate"] == 'Basic realm="DVR"'
    assert fields["http.title"] == "DVR" and fields["http.server"] == "Boa"
