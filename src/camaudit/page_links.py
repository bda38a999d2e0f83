"""The links a web page makes to its own server: the ``http.links`` observation field.

Shared by the HTTP probe and the importers, so a page seen live and the same page in someone else's scan
file give the same field. Only relative targets count (``/nobody/loginDevice.js``, ``doc/page/login.asp``):
a page linking to another site's camera says nothing about this device.
"""

from __future__ import annotations

import re

# One pattern per attribute name, each starting with that literal: re then jumps between occurrences with a
# fast substring search instead of trying a pattern at every position of the page (pages repeat "=" often).
_TARGET = r"""\s*=\s*["']((?:/|\./|\.\./)?[A-Za-z0-9_/.?=&%-]{1,200})["']"""
_LINKS = tuple(
    re.compile(name + _TARGET) for name in ("src", "href", "action", "location", "SRC", "HREF", "ACTION")
)
#: At most this many links per page, and only from the first this many characters of the page.
MAX_LINKS = 64
LINK_SCAN_CHARS = 8 * 1024


def page_links(text: str) -> str | None:
    """The page's own relative link targets, newline-joined, first-seen order, or ``None``."""
    found: list[tuple[int, str]] = []
    for pattern in _LINKS:
        found.extend((m.start(), m.group(1)) for m in pattern.finditer(text, 0, LINK_SCAN_CHARS))
    if not found:
        return None
    found.sort()
    links = dict.fromkeys(link for _, link in found)
    return "\n".join(list(links)[:MAX_LINKS])
