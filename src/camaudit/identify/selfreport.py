"""What a device calls its maker (ONVIF Manufacturer, UPnP manufacturer, DHIP Vendor) → a brand id.

A known name maps to its vendor id: first through the vendor aliases (exact after folding), then through
the lexicon (one known maker named as a word inside the text, e.g. ``HIKVISION DIGITAL TECHNOLOGY CO.,
LTD. (OEM)``). A name camaudit does not know is **not dropped**: it becomes a self-reported brand id
(``acme-vision`` for ``Acme Vision Co., Ltd.``, not an id in ``vendors.yaml``) that resolution keeps at
lower confidence and never maps to a manufacturer, so the device
still counts as what it says it is. Placeholders (``NONE``, ``ONVIF``, ``IPCAM``, ``Manufacturer`` ...),
listed in ``generic_names`` of ``knowledge/data/layers/lexicon.yaml``, name nobody and give nothing; so does the
name of a chip, Wi-Fi-module or IoT-platform vendor (``component_makers`` there: ``Realtek``, ``Ingenic Semiconductor
Co.,Ltd``, ``HUNAN GOKE MICROELECTRONICS``), which white-label firmware leaves in the maker field of cameras and
routers alike.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import yaml

from camaudit.knowledge.loader import DATA_DIR, SAFE_LOADER, canonical_vendor
from camaudit.knowledge.vendors import normalise_name

LEXICON_FILE = DATA_DIR / "layers" / "lexicon.yaml"
_SLUG = re.compile(r"[^a-z0-9]+")
_MAX_SLUG = 40
#: Words of the trade that make up a company's name but name no company on their own: a maker reported as
#: "Technology", "Digital Video" or "Security Technology" (what white-label firmware leaves in ONVIF's Manufacturer
#: and UPnP's manufacturer) is a placeholder, not a brand. Only names made of nothing else are dropped, and only
#: after the vendor aliases (Intelligent Security Systems is a vendor of its own).
_TRADE_WORDS = frozenset({
    "technology", "technologies", "tech", "electronics", "electronic", "digital", "security", "video", "vision",
    "smart",
    "intelligent", "system", "systems", "network", "networks", "international", "industrial", "group", "holding",
    "holdings", "camera", "cameras", "cctv", "surveillance", "ip", "ipc", "nvr", "dvr", "co", "ltd", "limited", "inc",
})
#: First words that make a reported name an operating system or an agent's boilerplate, not a maker: an SNMP
#: sysDescr "Linux <host> ..." or "Hardware: ... Software: Windows" followed by a word that happens to look like a
#: legal suffix ("Linux AG") is still the OS speaking (RFC 3418's sysDescr; rapid7/recog's snmp_sysdescr.xml).
_SOFTWARE_OPENERS = frozenset({
    "linux", "freebsd", "netbsd", "openbsd", "sunos", "vxworks", "windows", "hardware", "net-snmp", "busybox",
})


@cache
def _lexicon_doc() -> dict[str, object]:
    try:
        doc = yaml.load(LEXICON_FILE.read_text(encoding="utf-8"), Loader=SAFE_LOADER) or {}  # noqa: S506
    except (OSError, yaml.YAMLError):
        return {}
    return doc if isinstance(doc, dict) else {}


@cache
def _components() -> re.Pattern[str] | None:
    """One pattern for every chip, module and platform vendor's name in ``component_makers``, as whole words."""
    from camaudit.identify.layers import name_pattern

    entries = _lexicon_doc().get("component_makers")
    names = [name for entry in entries if isinstance(entry, dict) for name in entry.get("names") or []
             if isinstance(name, str) and name.strip()] if isinstance(entries, list) else []
    return re.compile("|".join(name_pattern(name) for name in names), re.IGNORECASE) if names else None


def is_component_maker(name: str) -> bool:
    """True when a reported maker name holds a chip, Wi-Fi-module or IoT-platform vendor's name (``Realtek``,
    ``Ingenic Semiconductor Co.,Ltd``): the part's maker, not the device's."""
    pattern = _components()
    return pattern is not None and pattern.search(name[:200]) is not None


@cache
def _lexicon() -> tuple[frozenset[str], tuple[tuple[re.Pattern[str], str], ...]]:
    """(folded generic names, (compiled name pattern, vendor id) for lexicon names that need no context)."""
    from camaudit.identify.layers import name_pattern

    doc = _lexicon_doc()
    generic_names = doc.get("generic_names")
    generic = frozenset(normalise_name(n) for n in generic_names if isinstance(n, str)) if isinstance(
        generic_names, list) else frozenset()
    names: list[tuple[re.Pattern[str], str]] = []
    entries = doc.get("entries")
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or entry.get("needs") or not isinstance(entry.get("brand"), str):
            continue
        flags = 0 if entry.get("case") == "exact" else re.IGNORECASE
        for name in entry.get("names") or []:
            if isinstance(name, str) and name.strip():
                names.append((re.compile(name_pattern(name), flags), entry["brand"]))
    return generic, tuple(names)


def is_generic(name: str) -> bool:
    """True for a placeholder that names no maker (``NONE``, ``ONVIF``, ``IP Camera`` ...)."""
    folded = normalise_name(name)
    return not folded or folded in _lexicon()[0] or not any(ch.isalpha() for ch in folded)


@cache
def _legal_name_prefixes() -> dict[str, str]:
    """Folded leading words (two or more) of each vendor's legal name → its id: "ZHEJIANG DAHUA" and "Shenzhen
    Reolink" are how firmware shortens "Zhejiang Dahua Technology Co., Ltd." and "Shenzhen Reolink Technology Co.,
    Ltd.". The whole reported name must be such a prefix (never a substring: "Shanghai Dahua Scale Factory" is not
    Dahua), its second word must not be a word of the trade, and a prefix two vendors share names neither."""
    from camaudit.knowledge.loader import vendors

    found: dict[str, str | None] = {}
    for vendor in vendors().values():
        words = normalise_name(vendor.legal_name or "").split()
        if len(words) < 2 or words[1] in _TRADE_WORDS:
            continue
        for end in range(2, len(words) + 1):
            prefix = " ".join(words[:end])
            found[prefix] = vendor.id if found.get(prefix, vendor.id) == vendor.id else None
    return {prefix: vendor_id for prefix, vendor_id in found.items() if vendor_id is not None}


@lru_cache(maxsize=4096)
def maker_id(name: str) -> str | None:
    """The brand id for a self-reported maker name: a vendor id, a slug of the name, or ``None``."""
    text = name.strip()[:200]
    if not text or is_generic(text):
        return None
    if text.split(None, 1)[0].rstrip(":,").lower() in _SOFTWARE_OPENERS:
        return None
    known = canonical_vendor(text) or _legal_name_prefixes().get(normalise_name(text))
    if known is not None:
        return known
    if all(word in _TRADE_WORDS for word in normalise_name(text).split()) or is_component_maker(text):
        return None
    hits = {vendor for pattern, vendor in _lexicon()[1] if pattern.search(text)}
    if len(hits) == 1:
        return hits.pop()
    if hits:
        return None  # two makers named in one string: say nothing rather than pick one
    slug = _SLUG.sub("-", normalise_name(text)).strip("-")[:_MAX_SLUG].strip("-")
    return slug or None
