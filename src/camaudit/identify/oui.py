"""MAC address → registered organisation → vendor id.

The IEEE registry comes from netaddr (bundled, offline, BSD); camaudit's own supplement
(``knowledge/data/oui_supplement.tsv``, each row sourced) adds the blocks netaddr's May 2024 copy lacks,
including 28/36-bit MA-M/MA-S blocks, and marks known false friends ("Shanghai Dahua Scale Factory" is not
Dahua). The supplement wins, longest prefix first. An OUI names the network-card vendor, not the brand on
the box, which is why the evidence it yields is weak (see resolve).

Nor does it say the device is a camera. A block registered to a brand that only relabels other companies'
devices (a distributor's own block: KBVISION GROUP, Lorex, Swann, Amcrest) names that brand, and through the
OEM table a manufacturer, only beside video evidence (``needs="video"``): a non-camera on such a block (the
distributor's own router, a PC with a card from its stock) must not become "Dahua-made" and restricted.
"""

from __future__ import annotations

import csv
import importlib.util
import re
from array import array
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from pathlib import Path

from camaudit.knowledge.loader import OUI_SUPPLEMENT_FILE, KnowledgeError, canonical_vendor, vendors
from camaudit.macaddress import normalise_mac
from camaudit.model import VIDEO_DEVICE_TYPES, DeviceType, Evidence

_HEX = re.compile(r"[^0-9a-f]")
#: Marks a supplement row whose organisation must never be taken for a camera vendor.
NOT_A_VENDOR = "-"


@dataclass(frozen=True, slots=True)
class OuiEntry:
    prefix: str
    organisation: str
    #: Vendor id, or ``None`` when the organisation is no camera vendor we know.
    vendor: str | None
    source: str


def load_supplement(path: Path = OUI_SUPPLEMENT_FILE) -> dict[str, OuiEntry]:
    """The supplement rows keyed by hex prefix (6, 7 or 9 digits)."""
    known = vendors()
    rows: dict[str, OuiEntry] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        for number, row in enumerate(csv.DictReader(lines, delimiter="\t"), start=1):
            prefix = _HEX.sub("", (row.get("prefix") or "").lower())
            org = (row.get("organisation") or "").strip()
            vendor_id = (row.get("vendor") or "").strip()
            source = (row.get("source") or "").strip()
            if len(prefix) not in (6, 7, 9) or not org or not vendor_id or not source:
                raise KnowledgeError(path.name, f"row {number}", "need prefix, organisation, vendor, source")
            if vendor_id != NOT_A_VENDOR and vendor_id not in known:
                raise KnowledgeError(path.name, f"row {number}", f"unknown vendor id {vendor_id!r}")
            rows[prefix] = OuiEntry(prefix, org, None if vendor_id == NOT_A_VENDOR else vendor_id, source)
    return rows


@cache
def _supplement() -> dict[str, OuiEntry]:
    return load_supplement()


#: Where netaddr keeps its copy of the IEEE MA-L registry (``oui.txt``) and its index of it (``oui.idx``).
_NETADDR_EUI = ("netaddr", "eui")


@cache
def _ieee_index() -> tuple[Path, bytes, array[int], array[int]] | None:
    """netaddr's index of its registry, compact: each record's prefix as three bytes, in the file's order, and its
    offset and size in ``oui.txt``; or None without netaddr.

    netaddr reads the same index into a dict of lists of tuples on its first lookup: 11 MB resident (Python 3.11,
    netaddr 1.3), which a scan that met one MAC address held to its end. This takes 0.4 MB, read line by line (a list
    of the 35,000 rows, even freed at once, left the process megabytes larger), and netaddr itself is not imported:
    its folder is found without running it.
    """
    spec = importlib.util.find_spec(_NETADDR_EUI[0])
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))).joinpath(*_NETADDR_EUI[1:])
    prefixes, offsets, sizes = bytearray(), array("I"), array("I")
    try:
        with (folder / "oui.idx").open("rb") as handle:
            for line in handle:
                if line.strip():
                    prefix, offset, size = line.split(b",")
                    prefixes += int(prefix).to_bytes(3, "big")
                    offsets.append(int(offset))
                    sizes.append(int(size))
    except (OSError, ValueError, OverflowError):
        return None
    return folder / "oui.txt", bytes(prefixes), offsets, sizes


def _ieee_organisation(prefix: str) -> str:
    """The organisation of the first registration of the 6-hex-digit ``prefix`` in netaddr's registry, read as
    netaddr's ``EUI(...).oui.registration().org`` reads it; empty when it has none."""
    index = _ieee_index()
    if index is None:
        return ""
    registry, prefixes, offsets, sizes = index
    wanted = int(prefix, 16).to_bytes(3, "big")
    at = prefixes.find(wanted)
    while at > 0 and at % 3:  # the bytes straddle two records: look further
        at = prefixes.find(wanted, at + 1)
    if at < 0:
        return ""
    try:
        with registry.open("rb") as handle:
            handle.seek(offsets[at // 3])
            record = handle.read(sizes[at // 3]).decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return ""
    organisation = ""
    for line in record.split("\n"):
        if "(hex)" in line:
            parts = line.strip().split(None, 2)
            organisation = parts[2] if len(parts) > 2 else ""
    return organisation.strip()


@lru_cache(maxsize=65536)
def _registry(prefix: str) -> OuiEntry | None:
    org = _ieee_organisation(prefix)
    if not org or org == "IEEE Registration Authority":
        # An MA-M/MA-S parent block: the real owner is in a smaller block netaddr does not carry.
        return None
    return OuiEntry(prefix, org, canonical_vendor(org), "IEEE MA-L registry via pypi:netaddr")


def lookup(mac: str) -> OuiEntry | None:
    """The organisation registered for ``mac``'s prefix, with its vendor id if it is one we know.

    Locally administered addresses (randomised MACs) have no registered owner and give ``None``; so do
    addresses that name no single device (zero, broadcast, multicast: see :mod:`camaudit.macaddress`).
    """
    normal = normalise_mac(mac)
    if normal is None:
        return None
    digits = normal.replace(":", "")
    if int(digits[1], 16) & 0x2:
        return None
    table = _supplement()
    for length in (9, 7, 6):
        entry = table.get(digits[:length])
        if entry is not None:
            return entry
    return _registry(digits[:6])


def organisation(mac: str) -> str | None:
    """The registered organisation for ``mac`` (the derived field ``mac.oui``), or ``None``."""
    entry = lookup(mac)
    return entry.organisation if entry else None


def _relabeller(vendor_id: str | None) -> bool:
    owner = vendors().get(vendor_id or "")
    return owner is not None and not owner.is_maker


def beside_video_if_relabelled(evidence: Evidence) -> Evidence:
    """``evidence`` from a MAC block (a ``mac.oui`` rule), made conditional on video evidence when it names a
    relabelling brand and no maker: the block says who registered the network card, not that it is a camera's."""
    if "manufacturer" in evidence.asserts or not _relabeller(evidence.asserts.get("brand")):
        return evidence
    return replace(evidence, needs="video")


def alias_evidence(entry: OuiEntry, rule_id: str, certainty: float) -> Evidence:
    """The evidence "this MAC's block is registered to vendor X", for a block no ``mac.oui`` rule reads."""
    owner = vendors().get(entry.vendor) if entry.vendor else None
    asserts: dict[str, str] = {}
    # A vendor that also builds phones, routers, hubs ... : its NIC block names the maker of a video device
    # only when other evidence makes the device one (a Sony phone, a Cisco switch are no cameras). So does a
    # brand that builds nothing itself (see the module docstring).
    needs = "video" if owner is not None and not (owner.is_maker and set(owner.makes) <= VIDEO_DEVICE_TYPES) else None
    if owner is not None and owner.is_maker:
        # A maker's own OUI usually survives relabelling (an Annke camera keeps Hikvision's NIC block).
        asserts["manufacturer"] = owner.id
        if set(owner.makes) <= VIDEO_DEVICE_TYPES:
            asserts["device_type"] = DeviceType.VIDEO_DEVICE.value
    elif owner is not None:
        asserts["brand"] = owner.id
    return Evidence(
        rule_id=rule_id,
        field="mac.oui",
        matched=entry.organisation,
        asserts=asserts,
        certainty=certainty,
        source=entry.source,
        protocol="mac",
        needs=needs,
    )
