"""Web-UI keywords measured on a fingerprint table nobody wrote from: what camaudit makes of a page or a head.

    .venv/bin/python bench/web_keywords.py [--list FILE] [--misses] [--by-sign] [--as-page]

The list (default ``tests/data/devwebkeys_blind.jsonl``) holds one ``{"product", "kind", "keyword", "maker", "video",
"source"}`` a line, transcribed from one public web-fingerprint table (its first line, ``_about``, says which and how):
every camera, NVR/DVR, encoder and VMS keyword rule of the table, one row per alternative of a ``(a|b|c)`` pattern,
and a sample of its non-video rules. ``kind`` is ``body`` (the rule reads the page) or ``header`` (it reads the
header block). Each row becomes the smallest reply the table's rule matches, as a Shodan banner would hold it:

* ``body``: ``200 OK`` whose page is the keyword and nothing else a camera page would add;
* ``header``: the keyword as a header line -- ``WWW-Authenticate`` with a ``401`` when it is a realm, the line itself
  when it names its header (``server: ...``, ``set-cookie: ...``), else ``Server: <keyword>`` (the header such a
  product name is most often in) -- and no page.

``--as-page`` renders each ``body`` row instead where such a keyword sits in a real page, inside a neutral shell
(``<html><head><meta charset="utf-8">...</head><body>...</body></html>``, no title, no camera word); the rule is
mechanical, by the keyword's shape (:func:`place`), checked in this order:

1. markup (it starts with ``<``): as written; a ``<title``, ``<meta`` or ``<link`` goes in the head;
2. a refresh's ``url=``: the target of a ``<meta http-equiv="refresh">``;
3. attributes (``src=``, ``href=``, ``codebase=``, ``id=``, ``on...=`` ...): inside the element that carries them --
   an ``<object>`` for ``classid``/``codebase``, an ``<embed>`` for ``pluginspage``, a ``<form>`` for ``action``, a
   ``<meta>`` for ``content``, an ``<applet>`` for ``archive``; ``src`` of a script, frame or image and ``href`` of a
   stylesheet link or an anchor, by the target's extension; any other attribute on a ``div``. A start tag written
   without its ``<`` (``object id=x classid=y``) gets it back;
4. unless it leads like script (``var``, ``function``, ``if``, ``//``, ``$``, ``(``, ``name =``, ``name(``) and is no
   element's tail:
   a. the tail of an element (a ``>`` before any ``<``, or a closing tag): opened by the tag its first closing tag
      names (``nowrap>canon</td>`` -> ``<td nowrap>canon</td>``, ``(tv-ip551w)</title>`` in the head, the end of an
      attribute value ``foot">x`` as ``<span class="foot">x``);
   b. text with markup in it: as written;
   c. a bare path or file name (path characters only, and a ``/``, a ``?`` or a web file extension): as the target
      of the element that would load it -- ``.js`` ``<script src>``, ``.css`` ``<link href>``, ``.cab``/``.ocx``
      ``<object codebase>``, an image ``<img src>``, every other path (``.exe``, ``.xap``, ``.htm``, ``.cgi``, a
      folder) ``<a href>``;
   d. text without ``= ; ( ) { }`` (an entity's ``;`` aside): ``<p>keyword</p>``;
5. everything else is script: inside ``<script>``.

A quote or tag the table's fragment leaves open is closed. The page rendering is still synthetic (one keyword in an
empty page); it measures a keyword where the page would hold it, so a link-reading entry can see it as a link.

The replies are synthetic: a real device's page carries far more (its title, scripts, realm), so the figures are a
floor for the keyword alone. Printed per kind: video rows, maker named (itself or through the OEM table), typed video,
WRONG maker (another maker named); non-video rows typed video and non-video rows given a maker. A row whose keyword a
later entry was written beside (``"posthoc": "<why>"``) is counted apart, so the blind figure stays blind. Exit status
1 when any wrong maker was named.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from camaudit.knowledge.loader import vendors
from camaudit.model import is_video_device

sys.path.insert(0, str(Path(__file__).resolve().parent))

from accuracy import bench_address, identify_written
from scoring import makers_said, names_maker

LIST = Path(__file__).resolve().parent.parent / "tests" / "data" / "devwebkeys_blind.jsonl"
_NAMED_HEADER = re.compile(r"[a-z][a-z0-9-]{1,40}\s?:\s", re.IGNORECASE)
_REALM = re.compile(r"^\s*(?:(basic|digest)\s+)?realm=", re.IGNORECASE)


@dataclass(frozen=True)
class Row:
    product: str
    kind: str
    keyword: str
    maker: str | None
    video: bool
    source: str
    posthoc: str | None = None


def read_list(path: Path) -> list[Row]:
    rows = []
    for text in path.read_text(encoding="utf-8").splitlines():
        if not text.strip():
            continue
        item = json.loads(text)
        if "_about" in item:
            continue
        rows.append(
            Row(
                item["product"],
                item["kind"],
                item["keyword"],
                item.get("maker"),
                bool(item["video"]),
                item["source"],
                item.get("posthoc"),
            )
        )
    return rows


def header_line(keyword: str) -> tuple[int, str]:
    """The status and the one header line a head needs for the table's header rule to match ``keyword``."""
    realm = _REALM.match(keyword)
    if realm:
        scheme = (realm.group(1) or "basic").capitalize()
        value = keyword[realm.end() :]
        if not value.startswith('"'):
            value = f'"{value}"'
        elif value.count('"') == 1:
            value += '"'
        return 401, f"WWW-Authenticate: {scheme} realm={value}"
    if " realm=" in keyword:  # the table kept the space before it: the realm is the last parameter written
        return 401, f"WWW-Authenticate: Basic{keyword}{'' if keyword.endswith(chr(34)) else chr(34)}"
    if _NAMED_HEADER.match(keyword):
        return 200, keyword.strip()
    return 200, f"Server: {keyword.strip()}"


_ASSET = re.compile(r"\.(?:js|css|cab|exe|ocx|cgi|asp|aspx|htm|html|php|jsp|xml|png|gif|jpe?g|ico)\b|/[a-z0-9_-]", re.I)
_CODE = re.compile(r"[=;(){}<>\"']")


def sign(row: Row) -> str:
    """What kind of sign the table's rule reads: a page title, a realm, a ``Server`` value, another header, an asset
    or path a page links, script or markup of the page, or plain page text."""
    if row.kind == "header":
        if _REALM.match(row.keyword) or " realm=" in row.keyword:
            return "realm"
        named = _NAMED_HEADER.match(row.keyword)
        if named and not row.keyword.lower().startswith("server"):
            return "other header"
        return "server"
    if "<title" in row.keyword.lower():
        return "title"
    if _ASSET.search(row.keyword):
        return "asset or path"
    return "script or markup" if _CODE.search(row.keyword) else "page text"


#: Attribute names rule 3 of :func:`place` reads as an attribute (others, ``loc = "x"``, are script), and the
#: prefixes of the attribute families (``onclick``, ``ng-bind``, ``data-i18n``, ``x-value``).
_ATTRIBUTE_NAMES = (
    "src href action codebase classid id class name content style title alt value type "
    "background pluginspage archive code width height align frameborder target"
)
_ATTRIBUTES = frozenset(_ATTRIBUTE_NAMES.split())
_ATTRIBUTE_PREFIXES = ("on", "ng-", "data-", "x-")
_ATTRIBUTE = re.compile(r"([a-z][a-z0-9_:-]{0,30})\s{0,2}=", re.IGNORECASE)
#: A fragment that is a start tag without its "<" (``object id=x classid=y``).
_BARE_TAG = re.compile(r"(?:object|embed|applet|param|i?frame|img|script|link|meta|form|input|div|span)\s+[a-z-]+=")
_SCRIPT_LEAD = re.compile(
    r"(?://|\(|\$|(?:var|let|const|function|if|return)\b|[A-Za-z_][\w]*(?:\.[\w]+)*\s{0,2}(?:=[^=]|\())"
)
_CLOSING = re.compile(r"</([a-z][a-z0-9]{0,10})\s{0,2}>", re.IGNORECASE)
_INLINE_MARKUP = re.compile(r"<[a-z!/]", re.IGNORECASE)
_ENTITY = re.compile(r"&#?[a-z0-9]{1,8};", re.IGNORECASE)
_CODE_CHARACTERS = re.compile(r"[=;(){}]")
_PATH = re.compile(
    r"(?:https?://|/)?[A-Za-z0-9_.~%:+-]+(?:/[A-Za-z0-9_.~%:+-]*)*(?:\?[A-Za-z0-9_.,=&%-]*)?(?:#[A-Za-z0-9_.,=-]*)?"
)
#: The file extensions a bare file name is recognised by (a name with a "/" or a "?" is a path anyway).
_EXTENSION_NAMES = (
    "js css cab ocx exe xpi jar xap swf zip pdf png gif jpg jpeg svg ico "
    "bmp htm html shtml asp aspx php jsp jsf cgi pl esp dml xml json amp"
)
_WEB_EXTENSIONS = frozenset(_EXTENSION_NAMES.split())
_ELEMENT_BY_EXTENSION = (
    (("js",), 'script src="{}"></script>'),
    (("css",), 'link rel="stylesheet" href="{}">'),
    (("cab", "ocx"), 'object codebase="{}"></object>'),
    (("png", "gif", "jpg", "jpeg", "svg", "ico", "bmp"), 'img src="{}">'),
)
#: The element an attribute fragment goes in, by the first of these attributes it holds; else a ``div``.
_ELEMENT_BY_ATTRIBUTE = (
    ("classid", "object"),
    ("codebase", "object"),
    ("pluginspage", "embed"),
    ("action", "form"),
    ("content", "meta"),
    ("archive", "applet"),
)
_EMPTY_ELEMENTS = ("img", "link", "meta", "embed")
_HEAD_TAGS = ("title", "meta", "link")
SHELL = '<html><head><meta charset="utf-8">{head}</head><body>\n{body}\n</body></html>'


def _closed(fragment: str) -> str:
    """``fragment`` with the quote it leaves open closed (the table cuts its rules mid-attribute)."""
    for quote in ('"', "'"):
        if fragment.count(quote) % 2:
            fragment += quote
    return fragment


def _extension(target: str) -> str:
    path = re.split(r"[?#]", target.strip("\"' "), maxsplit=1)[0]
    last = path.rsplit("/", 1)[-1]
    return last.rsplit(".", 1)[-1].lower() if "." in last else ""


def _loader(target: str) -> str:
    """The element that would load ``target``, without its ``<``."""
    extension = _extension(target)
    for extensions, element in _ELEMENT_BY_EXTENSION:
        if extension in extensions:
            return element.format(target)
    return f'a href="{target}"></a>'


def _is_attribute(name: str) -> bool:
    name = name.lower()
    return name in _ATTRIBUTES or name.startswith(_ATTRIBUTE_PREFIXES)


def _attribute_element(fragment: str) -> str:
    """The element carrying the attributes ``fragment`` holds, without its ``<``."""
    names = [name.lower() for name in _ATTRIBUTE.findall(fragment.split(">", 1)[0])]
    tag = next((element for name, element in _ELEMENT_BY_ATTRIBUTE if name in names), "div")
    if tag == "div" and "src" in names:
        value = fragment[fragment.lower().index("src") :].split("=", 1)[1].strip().strip("\"'")
        tag = {"js": "script", "htm": "iframe", "html": "iframe", "asp": "iframe", "aspx": "iframe"}.get(
            _extension(value), "img"
        )
    elif tag == "div" and "href" in names:
        value = fragment[fragment.lower().index("href") :].split("=", 1)[1].strip().strip("\"'")
        tag = "link" if _extension(value) == "css" else "a"
    if ">" in fragment:  # the fragment runs past the start tag into the element's content
        return f"{tag} {fragment}"
    return f"{tag} {_closed(fragment)}>" + ("" if tag in _EMPTY_ELEMENTS else f"</{tag}>")


def _element_tail(text: str) -> tuple[str, str] | None:
    """A fragment that starts inside an element (``nowrap>x</td>``, ``x</title>``, ``footer">x``), opened."""
    closing = _CLOSING.search(text)
    at = text.find(">")
    if at < 0 or (not closing and at > text.find("<") >= 0):
        return None
    tag = closing.group(1).lower() if closing else "span"
    before = text[:at]
    if before.lower() == tag:  # the start tag without its "<"
        opened = "<"
    elif before.lower().endswith(f"</{tag}"):  # text, then the closing tag: the element's content
        opened = f"<{tag}>"
    elif before.count('"') % 2 or before.count("'") % 2:  # the end of an attribute value
        opened = f'<{tag} class="' if before.count('"') % 2 else f"<{tag} class='"
    else:
        opened = f"<{tag} "
    markup = opened + text
    return (markup, "") if tag in _HEAD_TAGS else ("", markup)


def place(keyword: str) -> tuple[str, str]:
    """Where a body keyword sits in a real page, as ``(head markup, body markup)`` (the module docstring's rules)."""
    text = keyword.strip()
    if text.startswith("<"):
        markup = _closed(text) + (">" if text.rfind("<") > text.rfind(">") else "")
        first = re.match(r"<([a-z]+)", text, re.IGNORECASE)
        return (markup, "") if first and first.group(1).lower() in _HEAD_TAGS else ("", markup)
    attribute = _ATTRIBUTE.match(text)
    if attribute and attribute.group(1).lower() == "url":
        target = text[attribute.end() :].strip().strip("\"'")
        return f'<meta http-equiv="refresh" content="0; url={target}">', ""
    if attribute and _is_attribute(attribute.group(1)):
        return "", "<" + _attribute_element(text)
    if _BARE_TAG.match(text):
        return "", "<" + _closed(text) + ">"
    closing = _CLOSING.search(text)
    if not _SCRIPT_LEAD.match(text) or (closing and closing.start() == text.find("<")):
        tail = _element_tail(text)
        if tail:
            return tail
        if _INLINE_MARKUP.search(text):
            return "", _closed(text)
        if _PATH.fullmatch(text) and ("/" in text or "?" in text or _extension(text) in _WEB_EXTENSIONS):
            return "", "<" + _loader(text)
        if not _CODE_CHARACTERS.search(_ENTITY.sub("", text)):
            return "", f"<p>{text}</p>"
    return "", f"<script>{_closed(text)}</script>"


def page(keyword: str) -> str:
    """The neutral page holding ``keyword`` where a real page would hold it."""
    head, body = place(keyword)
    return SHELL.format(head=head, body=body)


def banner(row: Row, n: int, as_page: bool = False) -> dict[str, Any]:
    """The Shodan banner of the smallest reply the table's rule for ``row`` matches (``as_page``: the keyword placed
    where a real page holds it)."""
    if row.kind == "body":
        page_text = page(row.keyword) if as_page else f"<html><head></head><body>\n{row.keyword}\n</body></html>"
        head = f"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: {len(page_text.encode())}\r\n\r\n"
        http: dict[str, Any] = {"status": 200, "html": page_text}
    else:
        status, line = header_line(row.keyword)
        reason = "Unauthorized" if status == 401 else "OK"
        head = f"HTTP/1.1 {status} {reason}\r\n{line}\r\nContent-Length: 0\r\n\r\n"
        http = {"status": status}
    return {
        "_shodan": {"module": "http"},
        "data": head,
        "http": http,
        "ip_str": bench_address(n),
        "port": 80,
        "transport": "tcp",
    }


def identify(rows: Sequence[Row], as_page: bool = False) -> list[dict[str, Any]]:
    return identify_written((banner(row, n, as_page) for n, row in enumerate(rows)), "shodan")


def verdict(row: Row, answer: dict[str, Any], known: set[str]) -> str:
    """``right``, ``wrong``, ``unjudged`` (a maker named where the row's maker is unknown to camaudit or null) or
    ``silent``."""
    said = makers_said(answer)
    if not said:
        return "silent"
    if row.maker is None or row.maker not in known:
        return "unjudged"
    return "right" if names_maker(row.maker, said) else "wrong"


def tally(
    rows: Sequence[Row], answers: Sequence[dict[str, Any]], misses: bool, by_sign: bool = False
) -> dict[str, dict[str, int]]:
    known = set(vendors())
    per: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row, answer in zip(rows, answers, strict=True):
        group = f"{'post-hoc ' if row.posthoc else ''}{sign(row) if by_sign else row.kind}"
        t = per[group]
        said = verdict(row, answer, known)
        video = is_video_device(answer.get("device_type"))
        if row.video:
            t["video"] += 1
            t["judged"] += row.maker is not None and row.maker in known
            t[said] += 1
            t["typed"] += video
        else:
            t["other"] += 1
            t["other_typed"] += video
            t["other_maker"] += said != "silent"
        if misses and ((row.video and (said in ("silent", "wrong") or not video)) or (not row.video and video)):
            named = sorted(makers_said(answer)) or "-"
            print(
                f"  {'video' if row.video else 'other'} {said:8} typed={answer.get('device_type')!s:12} "
                f"{row.kind:6} {row.product}: {row.keyword!r} -> {named}"
            )
    return per


def report(per: dict[str, dict[str, int]]) -> int:
    print(f"  {'rows':24} video  maker named  typed video  WRONG  unjudged | non-video  typed video  given a maker")
    total: dict[str, int] = defaultdict(int)
    for group in sorted(per):
        t = per[group]
        print(
            f"  {group:24} {t['video']:5}  {t['right']:4}/{t['judged']:<6} {t['typed']:5}        {t['wrong']:5}  "
            f"{t['unjudged']:8} | {t['other']:9}  {t['other_typed']:11}  {t['other_maker']:13}"
        )
        if not group.startswith("post-hoc"):
            for key, value in t.items():
                total[key] += value
    print(
        f"  blind rows: maker named {total['right']}/{total['judged']},"
        f" typed video {total['typed']}/{total['video']},"
        f" WRONG maker {total['wrong']}, non-video typed video {total['other_typed']}/{total['other']},"
        f" non-video given a maker {total['other_maker']}/{total['other']}"
    )
    return sum(t["wrong"] for t in per.values())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--list", type=Path, default=LIST, help="the {product, kind, keyword, maker, video} list")
    parser.add_argument("--misses", action="store_true", help="print each video row missed and non-video row typed")
    parser.add_argument("--by-sign", action="store_true", help="group the rows by the kind of sign the rule reads")
    parser.add_argument("--as-page", action="store_true", help="place each body keyword where a real page holds it")
    args = parser.parse_args(argv)
    rows = read_list(args.list)
    print(
        f"{args.list.name}: {len(rows)} rows, {sum(r.video for r in rows)} video, "
        f"{sum(r.posthoc is not None for r in rows)} post-hoc; body rows "
        f"{'placed in a page (--as-page)' if args.as_page else 'as the whole page'}"
    )
    wrong = report(tally(rows, identify(rows, args.as_page), args.misses, args.by_sign))
    return 1 if wrong else 0


if __name__ == "__main__":
    raise SystemExit(main())
