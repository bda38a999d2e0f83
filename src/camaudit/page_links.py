"""The links a web page makes to its own server: the ``http.links`` observation field.

Shared by the HTTP probe and the importers, so a page seen live and the same page in someone else's scan
file give the same field. Only relative targets count (``/nobody/loginDevice.js``, ``doc/page/login.asp``):
a page linking to another site's camera says nothing about this device.
"""

from __future__ import annotations

import re

_LINK = re.compile(
    r"""(?:\b(?:src|href|action)\s*=\s*|location(?:\.href)?\s*=\s*)["']((?:/|\./|\.\./)?[A-Za-z0-9_/.?=&%-]{1,200})["']""",
    re.IGNORECASE,
)
#: At most this many links per page, and only from the first this many characters of the page.
MAX_LINKS = 64
LINK_SCAN_CHARS = 32 * 1024


def page_links(text: str) -> str | None:
    """The page's own relative link targets, newline-joined, first-seen order, or ``None``."""
    links = dict.fromkeys(m.group(1) for m in _LINK.finditer(text, 0, LINK_SCAN_CHARS))
    return "\n".join(list(links)[:MAX_LINKS]) or None
