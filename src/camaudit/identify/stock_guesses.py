"""nmap's device claims that rest on a stock reply are a guess: their maker, model and device type are dropped.

Some of nmap's service matches name one device although their expression quotes only what every device of a
software stack sends: BusyBox ftpd's ``220 Operation successful`` is listed as ``BusyBox ftpd (D-Link DCS-932L IP-Cam
camera)``, Device: webcam, ``cpe:/h:dlink:dcs-932l``; a telnet daemon's option bytes and ``Login:`` as ``D-Link
DSL-2640B ADSL router telnetd``. On any other device built on that stack (an OpenWrt router's ftpd, a camera's BusyBox
telnetd) those names are wrong, and nmap cannot tell. ``knowledge/data/nmap_stock_guesses.json``, generated from
nmap-service-probes by ``scripts/nmap_stock_guesses.py`` (its docstring says which matches are listed and why), holds
them. When a record's service shows one of them -- its product (and extra information, where the match writes one)
as the match writes it -- the claims of the text that names the device (the product, or the extra information when
the product is the stack), of the match's hardware CPE (and of that CPE read as words, identify/cpe_names.py) and of
its device type are dropped; what the reply itself
says (the stack: "BusyBox ftpd") stays.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache

from camaudit.identify import cpe_names
from camaudit.knowledge.loader import DATA_DIR
from camaudit.model import Evidence

TABLE_FILE = DATA_DIR / "nmap_stock_guesses.json"
#: The fields an upstream scanner's service claims land in (importers/nmap.py and the engines that copy nmap's).
_NAMING = ("import.product", "import.extrainfo")


@dataclass(frozen=True)
class Guess:
    product: str
    extrainfo: re.Pattern[str] | None
    devicetype: str | None
    cpe: tuple[str, ...]


@dataclass(frozen=True)
class Found:
    """What one listed match named in a record: the texts whose claims go."""

    texts: tuple[str, ...]
    devicetype: str | None
    cpe: tuple[str, ...]


def _template(text: str) -> re.Pattern[str]:
    """nmap's ``i/`` template as a whole-value pattern: ``$1`` stands for whatever the reply held there."""
    parts = re.split(r"\$\d", text)
    return re.compile(".{0,200}?".join(re.escape(part) for part in parts), re.DOTALL)


@cache
def table() -> dict[str, tuple[Guess, ...]]:
    """Listed matches by product."""
    rows = json.loads(TABLE_FILE.read_text(encoding="utf-8"))["guesses"]
    by_product: dict[str, list[Guess]] = {}
    for row in rows:
        info = row.get("extrainfo")
        by_product.setdefault(row["product"], []).append(Guess(
            row["product"], _template(info) if info else None, row.get("devicetype"), tuple(row.get("cpe") or ()),
        ))
    return {product: tuple(guesses) for product, guesses in by_product.items()}


def found_in(fields: Mapping[str, str]) -> list[Found]:
    """The listed matches one observation's service shows."""
    products = fields.get("import.product")
    if not products:
        return []
    listed = table()
    found: list[Found] = []
    infos = (fields.get("import.extrainfo") or "").split("\n")
    for product in products.split("\n"):
        for guess in listed.get(product.strip(), ()):
            if guess.extrainfo is None:
                found.append(Found((guess.product,), guess.devicetype, guess.cpe))
                continue
            named = [info for info in infos if guess.extrainfo.fullmatch(info.strip())]
            if named:
                found.append(Found(tuple(info.strip() for info in named), guess.devicetype, guess.cpe))
    return found


def without_guesses(evidence: list[Evidence], found: Iterable[Found]) -> list[Evidence]:
    """``evidence`` less the claims that rest on ``found``'s guesses."""
    found = list(found)
    if not found:
        return evidence
    texts = [text for f in found for text in f.texts]
    kinds = {f.devicetype.lower() for f in found if f.devicetype}
    cpes = [cpe.lower() for f in found for cpe in f.cpe]
    cpe_words = [name for cpe in cpes if (name := cpe_names.cpe_name(cpe)) is not None]
    kept: list[Evidence] = []
    for ev in evidence:
        matched = ev.matched.strip()
        if ev.field in _NAMING and matched and any(matched in text for text in texts):
            continue
        if ev.field == "import.cpe" and matched and any(matched.lower() in cpe for cpe in cpes):
            continue
        if ev.field == cpe_names.FIELD and matched and any(matched.lower() in name for name in cpe_words):
            continue
        if ev.field == "import.devicetype" and matched.lower() in kinds:
            continue
        kept.append(ev)
    return kept
