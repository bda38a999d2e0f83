"""What the 2026-12-03 speed cuts changed must not change an answer.

* ``page_links``: names of one length share a lookbehind; the links must be those the pattern with one
  lookbehind per name finds (built here as it was written before), on pages and on random text.
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
    assert page_links._LINK.findall(text) == _ONE_PER_NAME.findall(text)


def test_links_of_a_page_are_unchanged() -> None:
    page = (
        '<html><head><meta http-equiv="refresh" content="0; URL=/view/index.shtml"><script src="/js/a.js">'
        '</script><script>location = "/doc/page/login.asp"; window.location  =  \'../x.htm\';</script></head>'
        '<body><a HREF="/cgi-bin/nobody/Machine.cgi">x</a><form ACTION=\'./login.cgi\'></form>'
        '<img src = "http://other.example/x.png"><iframe SRC=  "/main.htm"></iframe></body></html>'
    )
    assert page_links._LINK.findall(page) == _ONE_PER_NAME.findall(page)
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
