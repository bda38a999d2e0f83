"""Which public source a rule, a layer entry or a labelled example comes from: normalised source keys.

Leave-one-source-out accuracy (``bench/accuracy.py``) identifies each labelled example with every rule
that shares a source key with it removed, so a figure never credits a rule for the example it was written
from. A key is:

* ``owner/repo`` (lower case) for ``github:OWNER/REPO/...`` locators and ``https://github.com/OWNER/REPO``, a
  renamed repository under its present name (:data:`RENAMED`);
* the host without ``www.`` for any other ``https://`` URL (``ispyconnect.com``, ``hikvision.com``);
* for free text written before the provenance format existed, the repository a well-known name stands
  for (``nmap`` → ``nmap/nmap``, ``Recog`` → ``rapid7/recog`` ...: :data:`ALIASES`);
* ``notes`` for camaudit's internal research notes (``protocols.md``, ``knowledge.md``), which collect
  facts from public code whose repository is not always named.

An example whose source names none of these gets ``notes`` (its string may be what a note was written
from): testing it removes every rule citing the notes, the conservative choice.
"""

from __future__ import annotations

import re
from functools import lru_cache

#: Names in free-text sources → the source key they stand for.
ALIASES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), key)
    for pattern, key in (
        (r"\bnmap\b|nmap-service-probes|nmap-mac-prefixes|nselib", "nmap/nmap"),
        (r"\brecog\b", "rapid7/recog"),
        (r"\bnuclei", "projectdiscovery/nuclei-templates"),
        (r"\bingram\b", "jorhelp/ingram"),
        (r"metasploit", "rapid7/metasploit-framework"),
        (r"awesome-shodan-queries", "jakejarvis/awesome-shodan-queries"),
        (r"\behole\b", "edgesecurityteam/ehole"),
        (r"greenbone|\bnasl\b|gb_\w+_detect", "greenbone/vulnerability-tests"),
        (r"universalscanner", "julienblitte/universalscanner"),
        (r"aiodahua", "pypi:aiodahua"),
        (r"python-dvr", "openipc/python-dvr"),
        (r"hiktools", "matrixeditor/hiktools"),
        (r"python-ws-discovery|\bwsdiscovery\b", "andreikop/python-ws-discovery"),
        (r"agsh/onvif|serverMockup", "agsh/onvif"),
        (r"ipycam", "pypi:ipycam"),
        (r"brainframe", "pypi:brainframe-onvif-tools"),
        (r"osintme", "osintme.com"),
        (r"mobipicker", "mobipicker.com"),
        (r"\bstrix\b", "eduard256/strix"),
        # One vendor document quoted by many pages is one source: a rule written from one quotation of Dahua's HTTP
        # API and an example taken from another share the document's own words (and its example values).
        (r"dahua(?:'s)?\s+http\s+api", "doc:dahua-http-api"),
        # Sony's CGI Command Manual of its 5th-generation cameras (SNC-CH/DH/RH/RS), copied by many manual sites.
        (r"5th[- ]generation\s+cgi\s+command\s+manual|cgi\s+command\s+manual,?\s+5th[- ]gen", "doc:sony-cgi-5th"),
        # JVC's API guide of its VN-V685/686 cameras, copied by many manual sites.
        (r"jvc\s+vn-v685/v?686", "doc:jvc-vn-v685-api"),
        # One favicon list copied from repository to repository: FavFreak's table, the Shodan hash CSV it came from
        # and nuclei's favicon-detect template hold the same hashes under the same labels, so a rule written from one
        # copy and an example taken from another are one source.
        (r"favfreak|sansatart/scrapts|shodan-favicon-hashes|favicon-detect", "list:favfreak"),
        (r"protocols\.md|knowledge\.md|knowledge-draft", "notes"),
    )
)
NOTES = "notes"
#: Repositories under another name: the same source (its issues moved or were copied with it). A collector checking a
#: candidate page under the new name must find the old name's citations, and the other way round (helper-211,
#: 2026-12-06, avoided three such by hand).
RENAMED = {
    "aler9/rtsp-simple-server": "bluenviron/mediamtx",
    "aler9/mediamtx": "bluenviron/mediamtx",
    "aler9/gortsplib": "bluenviron/gortsplib",
    "cdavis-code/easy_onvif_workspace": "faithoflifedev/easy_onvif_workspace",
    # httpx's issues copied, numbers changed, into the fork (its #515 is encode/httpx#1378).
    "pydantic/httpx2": "encode/httpx",
}

_GITHUB = re.compile(r"github:([\w.-]+)/([\w.-]+)")
_URL = re.compile(r"https?://([^/\s\"'()]+)(/[^\s\"'()]*)?", re.IGNORECASE)
_PYPI = re.compile(r"pypi\.org/project/([\w.-]+)", re.IGNORECASE)


@lru_cache(maxsize=8192)
def source_keys(text: str) -> frozenset[str]:
    """The normalised source keys named in a provenance string (empty when it names none)."""
    keys: set[str] = set()
    for owner, repo in _GITHUB.findall(text):
        keys.add(f"{owner}/{repo}".lower())
    for host, path in _URL.findall(text):
        host = host.lower().removeprefix("www.")
        if host == "github.com":
            parts = [p for p in (path or "").split("/") if p]
            if len(parts) >= 2:
                keys.add(f"{parts[0]}/{parts[1]}".lower())
        elif host == "pypi.org":
            found = _PYPI.search(host + (path or ""))
            if found:
                keys.add(f"pypi:{found.group(1).lower()}")
        else:
            keys.add(host)
    for pattern, key in ALIASES:
        if pattern.search(text):
            keys.add(key)
    return frozenset(RENAMED.get(key, key) for key in keys)


def example_keys(text: str | None) -> frozenset[str]:
    """Source keys of a labelled example: its named sources, else :data:`NOTES` (see module doc)."""
    if not text:
        return frozenset()
    return source_keys(text) or frozenset({NOTES})


def rule_kept(source: str, supports: tuple[tuple[str, str], ...], example: frozenset[str]) -> bool:
    """Does leave-one-source-out keep a rule for an example with source keys ``example``?

    A rule is removed when its ``source`` shares a key with the example -- unless one of its
    ``supports`` (a further public source that shows, on its own, a string the rule matches; layers
    test that it does) names none of the example's keys: the rule would have been written from that
    source alone. A supporting source that names no key at all supports nothing.
    """
    if not (source_keys(source) & example):
        return True
    return any((keys := source_keys(locator)) and not (keys & example) for locator, _shown in supports)
