"""The links a web page makes to its own server: the ``http.links`` observation field.

Shared by the HTTP probe and the importers, so a page seen live and the same page in someone else's scan
file give the same field. Only relative targets count (``/nobody/loginDevice.js``, ``doc/page/login.asp``):
a page linking to another site's camera says nothing about this device.
"""

from __future__ import annotations

import re

#: Attribute and script names whose value is a link (``src=``, ``href=``, ``location = "..."``), in the
#: two spellings pages use.
_NAMES = ("src", "href", "action", "location", "SRC", "HREF", "ACTION")
#: Whitespace characters allowed between a name and its ``=`` (``location = "/x"`` in a script).
NAME_GAP_MAX = 8
_TARGET = r"""\s*["']((?:/|\./|\.\./)?[A-Za-z0-9_/.?=&%-]{1,200})["']"""
# One pass, led by the literal "=": re jumps from one "=" to the next with a fast search, and only there
# looks back (fixed-width lookbehinds) for a name. A pattern led by the names instead tries every position
# of the page (an alternation) or needs one pass per name (seven passes cost four times as much). Names of
# one length share a lookbehind (``(?<=(?:src|SRC)=)``): four per gap instead of seven, the same matches.
_BY_LENGTH = ["|".join(n for n in _NAMES if len(n) == size) for size in sorted({len(n) for n in _NAMES})]
_NAME_BEFORE = (
    "|".join(f"(?<=(?:{names})=)" for names in _BY_LENGTH)
    + r"|(?<=\s=)(?:"
    + "|".join(f"(?<=(?:{names})\\s{{{gap}}}=)" for gap in range(1, NAME_GAP_MAX + 1) for names in _BY_LENGTH)
    + ")"
)
#: The letters that end a name (src, href, action, location and their capitals) and ``url``: the one-character
#: look back that settles most "=" of a page (``class=``, ``alt=``, ``content=``) before the name lookbehinds.
_LAST_LETTERS = "".join(sorted({n[-1] for n in _NAMES} | {"l", "L"}))
#: Blanks allowed between ``url`` and its ``=`` in a meta refresh, by :data:`_REFRESH` and by the pass that marks one.
_URL_GAP_MAX = 4
#: The same pass marks a refresh's ``url=`` (any case, :data:`_URL_GAP_MAX` blanks at most before the ``=``) with
#: an empty target: a page without one cannot hold a meta refresh, and its two searches for the word are skipped.
_URL_BEFORE = (
    r"(?<=[uU][rR][lL]=)|(?<=\s=)(?:"
    + "|".join(f"(?<=[uU][rR][lL]\\s{{{gap}}}=)" for gap in range(1, _URL_GAP_MAX + 1))
    + ")"
)
_LINK = re.compile(f"=(?<=[{_LAST_LETTERS}\\s]=)(?:(?:{_NAME_BEFORE}){_TARGET}|{_URL_BEFORE})")
#: At most this many links per page, and only from the first this many characters of the page.
MAX_LINKS = 64
LINK_SCAN_CHARS = 8 * 1024
#: A meta refresh names its target unquoted inside the content attribute (``<meta http-equiv="refresh"
#: content="0; URL=/view/viewer_index.shtml?id=1">``), where the scan above never looks; a camera's root page
#: is often nothing else. Read only within this many characters of a "refresh" word, either side (``content``
#: may come before ``http-equiv``); a target must end at a quote, a space or ``>``, so an absolute URL
#: (``URL=http://...``) is no link of this page.
_REFRESH = re.compile(
    r"""content\s{0,4}=\s{0,4}["']\s{0,4}[0-9]{1,5}\s{0,4}[;,]\s{0,4}url"""
    + f"\\s{{0,{_URL_GAP_MAX}}}"  # the gap _LINK's pass marks a "url=" across: one constant, or refreshes go unread
    + r"""=\s{0,4}['"]?"""
    r"""((?:/|\./|\.\./)?[A-Za-z0-9_/.?=&%-]{1,200})["'\s>]""",
    re.IGNORECASE,
)
REFRESH_WINDOW = 256
#: The spellings of the word a refresh is found by ("Refresh", "refresh"; "REFRESH").
_REFRESH_WORDS = ("efresh", "EFRESH")


def page_links(text: str) -> str | None:
    """The page's own relative link targets, newline-joined, first-seen order, or ``None``."""
    found = _LINK.findall(text, 0, LINK_SCAN_CHARS)
    if "" in found:  # a "url=": the page may hold a meta refresh
        found = [target for target in found if target]
        found.extend(_refresh_targets(text))
    if not found:
        return None
    return "\n".join(list(dict.fromkeys(found))[:MAX_LINKS])


def _refresh_targets(text: str) -> list[str]:
    """The target of the first meta refresh of each spelling in the scanned head of the page."""
    targets = []
    for word in _REFRESH_WORDS:
        at = text.find(word, 0, LINK_SCAN_CHARS)
        if at >= 0:
            match = _REFRESH.search(text, max(0, at - REFRESH_WINDOW), min(LINK_SCAN_CHARS, at + REFRESH_WINDOW))
            if match:
                targets.append(match.group(1))
    return targets
