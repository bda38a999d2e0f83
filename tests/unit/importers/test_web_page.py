"""One page-start test for every reader of device answers (importers/web_page.py).

The sniffing gate, self_description and settings_keys each had their own test of "this text is a web page"; the three
are now one. What it must keep: every text any of the three former tests called a page is still one (the readers
refused it, and still do), and the device answers those readers exist for are not pages.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify.regex_check import pattern_problems
from camaudit.importers import self_description, settings_keys, web_page
from camaudit.importers.sniff import document_fields, sniff

# The three former tests, as written before they were made one (sniff.py, self_description.py, settings_keys.py at
# 845f6b4): the shared test must call a page whatever any of them did.
_SNIFF_GATE = re.compile(r"<(?:!doctype[ \t\r\n]{1,8}html|html)[ \t\r\n>]", re.IGNORECASE)
_SELF_DESCRIPTION_START = re.compile(
    r"<(?:!doctype|!--|html|head|body|meta|link|script|style|title|div|span|p|a|img|br|table|form|frameset|"
    r"iframe|center|noscript|base|h[1-6])(?![\w:.-])",
    re.IGNORECASE,
)
_SETTINGS_START = re.compile(
    r"<(?:!doctype|!--|html|head|body|meta|link|script|style|title|div|span|p|a|img|br|table|form|frameset|"
    r"iframe|center|noscript|base|h[1-6]|svg)(?:[ \t\r\n/>]|$)",
    re.IGNORECASE,
)
_FORMER_XHTML = re.compile(r"<(?:!doctype[ \t\r\n]{1,8}html|html)(?![\w:.-])", re.IGNORECASE)


def _former_page(text: str) -> bool:
    return bool(_SNIFF_GATE.match(text) or _SELF_DESCRIPTION_START.match(text) or _SETTINGS_START.match(text)
                or (text.startswith("<") and _FORMER_XHTML.search(text, 0, 1024)))


PAGES = [
    "<!DOCTYPE html>\n<html><body>model=DS-2CD2143G2-I</body></html>",
    "<html lang='en'><head><title>IP Camera</title></head></html>",
    "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>",
    "<!-- index --><div>IrCutFilter WDR BLC</div>",
    '<meta charset="utf-8"><model>X</model><firmware>1</firmware>',
    "<p>wdr=1&blc=1&ircut=1</p>",
    "<svg xmlns='http://www.w3.org/2000/svg'/>",
    '<?xml version="1.0"?>\n<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "x">\n<html xmlns="x"></html>',
]
# Device answers the readers exist for (their own test files quote the sources): none is a page.
ANSWERS = [
    '<?xml version="1.0" encoding="UTF-8"?>\n<DeviceInfo version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">',
    "<ImagingSettings><IrCutFilter>AUTO</IrCutFilter></ImagingSettings>",
    "<config version=\"1.0\" xmlns=\"http://www.ipc.com/ver10\">",
    "<paragraph>x</paragraph>",  # an element whose name only starts like <p>
    "<a:Envelope xmlns:a='http://www.w3.org/2003/05/soap-envelope'>",
    '{"model": "IPC-1"}',
    "root.Brand.Brand=AXIS\n",
    "var model='IPC';\n",
    "",
]


def test_pages_are_pages_and_answers_are_not() -> None:
    for page in PAGES:
        assert web_page.is_web_page(page), page
        assert _former_page(page), page
    for answer in ANSWERS:
        assert not web_page.is_web_page(answer), answer
        assert not _former_page(answer), answer


def test_every_reader_refuses_a_page_and_the_gate_skips_it() -> None:
    for page in PAGES:
        fields: dict[str, str] = {}
        assert not self_description.read(page, fields)
        assert not settings_keys.read(page, fields)
        assert document_fields(page, fields) is None
        assert sniff(page, fields) is None
        assert fields == {}


def test_the_patterns_pass_the_rule_checks() -> None:
    for pattern in (web_page.PAGE_START, web_page.XHTML):
        assert pattern_problems(pattern.pattern, pattern.flags & ~0x20) == [], pattern.pattern


_STARTS = st.sampled_from(["<", "<!doctype", "<!DOCTYPE html", "<html", "<HTML", "<p", "<a", "<svg", "<h1", "<?xml ",
                           "<!--", "<div", "<pa", "<a:", "<html-x", "<meta", "{", "root.", " "])


@settings(max_examples=500, deadline=None)
@given(_STARTS, st.text(alphabet=st.sampled_from(list(" \t\r\n/>:.-_=<ahtmlHTML1\"'!x")), max_size=40),
       st.text(max_size=200))
def test_what_any_former_test_called_a_page_is_still_one(start: str, near: str, rest: str) -> None:
    text = start + near + rest
    if _former_page(text):
        assert web_page.is_web_page(text)
    if web_page.is_web_page(text):
        fields: dict[str, str] = {}
        assert not self_description.read(text, fields)
        assert not settings_keys.read(text, fields)
        assert fields == {}
