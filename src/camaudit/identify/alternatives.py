"""A scanner's product string that offers two makers as alternatives names neither.

nmap writes one service-probe match for answers that several makers' devices give alike, and says so in its product
field: ``D-Link DCS-2130 or Pelco IDE10DN webcam rtspd``, ``Planet ICA-HM132 or TRENDnet TV IP302PI rtspd``
(github:nmap/nmap nmap-service-probes, 92 ``p/`` fields with `` or ``). Read whole, such a field named the first
maker and kept the second as a rival, although nmap itself could not tell them apart -- a wrong maker on any device
of the second maker or of a third (an OEM's camera answering alike). Where the makers the rules find in a field lie in
different alternatives, the field's maker, brand and model claims are dropped; what the alternatives share stays (the
device type: "webcam"). Alternatives of one maker (``Vivotek IP7131 or IP7138 webcam rtspd``) keep it.

Only the upstream scanners' own product claims are read this way: a page title or a banner that says "A or B" is a
shop's, a forum's or a comparison's text, which other entries judge.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from camaudit.model import Evidence

#: Fields that carry an upstream scanner's product claim (fields.py: nmap's product, Shodan's ``product``).
FIELDS = ("import.product",)
#: What ends one alternative: " or ", ", or ".
_OR = re.compile(r",? or ", re.IGNORECASE)
#: The claims one alternative makes that the other would contradict.
_MAKER_KEYS = ("brand", "manufacturer", "model")


def without_rival_alternatives(fields: Mapping[str, str], found: list[Evidence]) -> list[Evidence]:
    """``found`` with the maker, brand and model claims of a scanner product field taken away where the field names
    different makers in different alternatives (``found`` itself when no product field offers alternatives)."""
    for name in FIELDS:
        value = fields.get(name)
        if value and " or " in value.lower():
            found = _settled(name, value, found)
    return found


def _settled(name: str, value: str, found: list[Evidence]) -> list[Evidence]:
    ends = [m.start() for m in _OR.finditer(value)]
    makers_by_alternative: dict[int, set[str]] = {}
    for ev in found:
        maker = ev.asserts.get("manufacturer") or ev.asserts.get("brand")
        if ev.field != name or not maker:
            continue
        matched = ev.matched.strip()
        at = value.find(matched) if matched else -1
        if at < 0:
            continue
        alternative = sum(1 for end in ends if end < at)
        makers_by_alternative.setdefault(alternative, set()).add(maker)
    if len(makers_by_alternative) < 2 or len(set().union(*makers_by_alternative.values())) < 2:
        return found
    settled: list[Evidence] = []
    for ev in found:
        if ev.field != name or not any(key in ev.asserts for key in _MAKER_KEYS):
            settled.append(ev)
            continue
        rest = {key: claim for key, claim in ev.asserts.items() if key not in _MAKER_KEYS}
        if rest:
            settled.append(replace(ev, asserts=rest))
    return settled
