"""The links a web page makes to its own server: the ``http.links`` observation field.

Shared by the HTTP probe and the importers, so a page seen live and the same page in someone else's scan
file give the same field. Only relative targets count (``/nobody/loginDevice.js``, ``doc/page/login.asp``):
a page linking to another site's camera says nothing about this device.
"""

from __future__ import annotations

import re

# Starts with a literal "=", which re finds with a fast substring search; the attribute or variable name
# before it is checked in Python (an alternation in front would be tried at every position of the page).
_ASSIGNED = re.compile(r"""=\s*["']((?:/|\./|\.\./)?[A-Za-z0-9_/.?=&%-]{1,200})["']""")
_LINK_NAMES = ("src", "href", "action", "location")
#: At most this many links per page, and only from the first this many characters of the page.
MAX_LINKS = 64
LINK_SCAN_CHARS = 16 * 1024


def page_links(text: str) -> str | None:
    """The page's own relative link targets, newline-joined, first-seen order, or ``None``."""
    links: dict[str, None] = {}
    for match in _ASSIGNED.finditer(text, 0, LINK_SCAN_CHARS):
        before = text[max(0, match.start() - 16) : match.start()].rstrip().lower()
        if before.endswith(_LINK_NAMES):
            links.setdefault(match.group(1), None)
            if len(links) >= MAX_LINKS:
                break
    return "\n".join(links) or None
