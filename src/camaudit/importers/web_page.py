"""Whether an answer starts as a web page does: the one test every reader of device answers applies first.

A device's API answer (a ``key=value`` dump, a ``var`` list, JSON, an XML document) is read by its key names
(:mod:`.self_description`, :mod:`.settings_keys`); a web page is not: shops, wikis and photo sites name cameras and
their settings in prose and markup. Three readers each kept their own test of "this is a page" (the sniffing gate,
self_description's and settings_keys'); this is the one test, so that what the gate skips is exactly what the readers
refuse, and a reader settles a page with one anchored match before any long scan of it.

A text is a page when, leading blanks removed, it starts with an HTML doctype, a comment, or an element only HTML has
(``<html``, ``<head``, ``<body``, ``<div`` ...), or when it is an XHTML page after its XML declaration: an HTML
doctype or ``<html`` element within its first KB. Both patterns are bounded and lookahead-free (they pass the rule
checks of identify/regex_check.py), and a text that does not start with ``<`` is settled by one character test.
"""

from __future__ import annotations

import re

#: An element only HTML has, a doctype or a comment, at the very start, followed by what ends a tag name (a blank,
#: ``/``, ``>``, the end, or any other character that cannot continue a name).
PAGE_START = re.compile(
    r"<(?:!doctype|!--|html|head|body|meta|link|script|style|title|div|span|p|a|img|br|table|form|frameset|"
    r"iframe|center|noscript|base|h[1-6]|svg)(?:[^\w:.-]|$)",
    re.IGNORECASE,
)
#: An XHTML page after its XML declaration: an HTML doctype or root element near the start.
XHTML = re.compile(r"<(?:!doctype[ \t\r\n]{1,8}html|html)(?:[^\w:.-]|$)", re.IGNORECASE)
#: How far into a text the XHTML doctype or root element is looked for.
XHTML_PEEK = 1024


def is_web_page(text: str) -> bool:
    """Whether ``text`` (leading blanks removed) is a web page rather than a device's answer: see the module."""
    if not text.startswith("<"):
        return False
    return PAGE_START.match(text) is not None or XHTML.search(text, 0, XHTML_PEEK) is not None
