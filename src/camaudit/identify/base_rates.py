"""Base rates: what a named maker says about the device type when nothing else does.

An expert who sees a device named by a Hikvision-only string (the wording of its web server's 401 page, its
firmware marker) and nothing saying what the device is still says "a video device": nearly everything Hikvision
puts on a network is one. The same expert says nothing for a TP-Link or Bosch name, whose cameras are one line of
many. :func:`catalogue_type` is that judgement, from ``catalogues.yaml`` (each maker's product lines with the
public document they rest on). It types a device only when

* the device's type is otherwise unknown or ``not_camera`` by absence alone (no evidence asserted a type: a
  printer's, a router's, a web server's or a streaming server's sign always stands);
* the maker is named by evidence that needs nothing else (``needs`` unset): a maker's name in page text or a maker's
  API answer that waits for video evidence (Hikvision's alarm panels answer ISAPI too) does not count;
* that evidence is more than a MAC block (``mac.oui``: a block is the network card's, and makers' blocks already say
  what they can through their own rules) or another scanner's conclusion (``import.*``: a hint, capped below WEAK);
* the name on the box decides: a brand named that is not listed ``sells: video`` (a relabelling brand, a
  multi-product group's brand, a brand camaudit does not know) types nothing, even when the OEM table gives a video
  maker; only a manufacturer named directly, with no brand named, is read through its own catalogue.

The type it gives is ``video_device`` at :data:`CATALOGUE_TYPE_CAP` at most: a base rate, never the firm band, and
below every sure non-video sign. The maker's confidence (the identity's headline) is not changed.

:func:`waiting_name_catalogue_type` is the same judgement for ``needs: video`` evidence that can carry it. First, the
lexicon's reading of page text (a prose variant, ``lexicon.<maker>.prose``). A page whose text names one maker, and
no other maker, whose catalogue is video only, with nothing on the device typing it, is taken for that maker's
device at :data:`PROSE_TYPE_CAP` (below the weak band): a MOBOTIX camera's plain-text help answer naming "MOBOTIX
AG". The pages that name makers without being their devices name several (a router's, a VMS's or a NAS
application's list of supported cameras: no maker), carry a type of their own (a shop's or a NAS's title: the type
stands), or name a brand that is not listed ``sells: video`` (a reseller of Bosch or TP-Link cameras: nothing).

The same judgement reads what a device calls its maker in a self-description (:data:`SELF_REPORT_RULES`: a UPnP
description's ``manufacturer``, a device API's manufacturer or brand key, an SNMP sysDescr opening with a company's
name). Those rules wait for video evidence because routers, NAS and printers fill the same fields; a vendor whose
catalogue is video only leaves no such doubt, so its name there types the device at :data:`CATALOGUE_TYPE_CAP` (the
device's own word for its maker, as good as a name in its banner), under the same conditions as page text, except that
the lexicon's reading of the same name does not stand in the way. Before, "Swann" or "Axis" as a UPnP manufacturer
typed nothing (helper-207, 2026-12-06).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from camaudit.identify.layers import PROSE_SUFFIX
from camaudit.knowledge.loader import catalogue
from camaudit.model import DeviceType, Evidence, is_video_device

#: The most a maker's catalogue alone makes of "a video device": a base rate stays at the weak cap.
CATALOGUE_TYPE_CAP = 0.5
#: The most a video-only maker's name in page text makes of "a video device"
#: (:func:`waiting_name_catalogue_type`): below the catalogue's cap for a name read from the device's own short
#: fields, as the prose reading is below the name's.
PROSE_TYPE_CAP = 0.35
#: The rule ids of the lexicon's prose variants start so (``layers.load_layers`` names them ``lexicon.<id>.prose``).
_LEXICON = "lexicon."
#: Fields whose evidence names a maker without saying anything of the device itself: a MAC's registry block
#: (the network card's), another scanner's conclusion.
_NOT_THE_DEVICE = ("mac.oui", "import.")
#: The rules that read what a device calls its maker in a self-description and wait for video evidence
#: (``layers/identifiers.yaml``, ``rules/device_documents.yaml``); a test holds that each is in the packaged rule set.
SELF_REPORT_RULES = frozenset(
    {"identifiers.upnp.manufacturer", "devinfo.manufacturer", "identifiers.snmp.sysdescr-company"}
)


def video_catalogue(vendor_id: str | None) -> bool:
    """Does ``vendor_id`` sell (nearly) only video devices on IP networks (``catalogues.yaml`` ``sells: video``)?"""
    if not vendor_id:
        return False
    entry = catalogue(vendor_id)
    return entry is not None and entry.sells == "video"


def names_the_device(support: Iterable[Evidence]) -> bool:
    """Is a maker named here by evidence read from the device's own answer, needing nothing else?"""
    return any(ev.needs is None and not ev.field.startswith(_NOT_THE_DEVICE) for ev in support)


def catalogue_type(
    brand: str | None,
    brand_support: Sequence[Evidence],
    manufacturer: str | None,
    manufacturer_support: Sequence[Evidence],
    maker_confidence: float,
) -> tuple[str, float, str] | None:
    """``(video_device, confidence, note)`` when the maker named says "a video device" by its catalogue alone.

    ``brand``/``manufacturer`` are the resolved vendor ids, with the evidence that names each directly (empty for a
    brand assumed from the manufacturer, or a manufacturer given by the OEM table). The caller has checked that no
    evidence types the device. ``None``: the maker named says nothing of the type.
    """
    if brand_support:
        named, support = brand, brand_support
    elif manufacturer_support:
        named, support = manufacturer, manufacturer_support
    else:
        return None
    if not video_catalogue(named) or not names_the_device(support):
        return None
    confidence = round(min(maker_confidence, CATALOGUE_TYPE_CAP), 4)
    note = (
        f"device type {DeviceType.VIDEO_DEVICE.value} from {named}'s catalogue (catalogues.yaml: nearly all it sells "
        f"on IP networks is video), no evidence typing the device"
    )
    return DeviceType.VIDEO_DEVICE.value, confidence, note


def is_prose_variant(ev: Evidence) -> bool:
    """Is ``ev`` the lexicon's reading of a maker's name in page text (a prose variant)?"""
    return ev.rule_id.startswith(_LEXICON) and ev.rule_id.endswith(PROSE_SUFFIX)


def is_self_reported_maker(ev: Evidence) -> bool:
    """Is ``ev`` what a device calls its maker in a self-description (:data:`SELF_REPORT_RULES`)?"""
    return ev.rule_id in SELF_REPORT_RULES


def is_catalogue_name(ev: Evidence) -> bool:
    """Is ``ev`` a maker's name that waits for video evidence but that a video-only catalogue may vouch for: a prose
    variant or a self-reported maker (:func:`waiting_name_catalogue_type`)?"""
    return is_prose_variant(ev) or is_self_reported_maker(ev)


def _names(ev: Evidence) -> set[str]:
    return {value.casefold() for attribute in ("brand", "manufacturer") if (value := ev.asserts.get(attribute))}


def _waits_for_another(ev: Evidence, named: set[str], self_reported: bool) -> bool:
    """Does ``ev`` wait for video evidence and name a maker the catalogue may not vouch for here?

    A maker's API answer (Hikvision's alarm hubs answer ISAPI, whose namespace URL carries the maker's name into the
    page text) or a multi-product maker's name keeps waiting: the named text is no second sign for it. Beside a
    self-reported maker, the lexicon's reading of the same name in the same field (``lexicon.arlo.name``: a common
    word, read only beside video evidence) names nobody else and does not stand in the way.
    """
    if not ev.needs or is_catalogue_name(ev) or not _names(ev):
        return False
    return not (self_reported and ev.rule_id.startswith(_LEXICON) and _names(ev) <= named)


def waiting_name_catalogue_type(evidence: Sequence[Evidence]) -> tuple[str, float, str] | None:
    """``(video_device, confidence, note)`` when page text or a self-description names one video-only maker and nothing
    else speaks.

    Speaks only when some evidence is a catalogue name (:func:`is_catalogue_name`), every piece of evidence that names
    a maker (brand or manufacturer) names the same one, that maker is listed ``sells: video``, no other evidence
    waiting for video evidence names a maker (:func:`_waits_for_another`), and no evidence at all asserts a type that
    is not video (a shop's or a NAS's title, a router's device type, a printer). The caller has checked that nothing
    counted types the device. With it, the caller counts the catalogue names, which otherwise wait for video evidence,
    and nothing else that waits. A self-reported maker gives at most :data:`CATALOGUE_TYPE_CAP`, page text
    :data:`PROSE_TYPE_CAP`.
    """
    names = [ev for ev in evidence if is_catalogue_name(ev)]
    if not names:
        return None
    self_reported = any(is_self_reported_maker(ev) for ev in names)
    named = set().union(*(_names(ev) for ev in names))
    if any(_waits_for_another(ev, named, self_reported) for ev in evidence):
        return None
    if any((kind := ev.asserts.get("device_type")) and not is_video_device(kind) for ev in evidence):
        return None
    if names_the_device(ev for ev in evidence if "brand" in ev.asserts or "manufacturer" in ev.asserts):
        # The device's own short fields name the maker: the catalogue speaks for them (:func:`catalogue_type`).
        return None
    makers = {
        value.casefold()
        for ev in evidence
        for attribute in ("brand", "manufacturer")
        if (value := ev.asserts.get(attribute))
    }
    if len(makers) != 1:
        return None
    (maker,) = makers
    if not video_catalogue(maker):
        return None
    cap = CATALOGUE_TYPE_CAP if self_reported else PROSE_TYPE_CAP
    confidence = round(min(max(ev.certainty for ev in names), cap), 4)
    where = "the device's self-description names it as its maker" if self_reported else "the page's text names it"
    note = (
        f"device type {DeviceType.VIDEO_DEVICE.value} from {maker}'s catalogue (catalogues.yaml: nearly all it sells "
        f"on IP networks is video): {where} and no other maker, and nothing types the device "
        f"({', '.join(dict.fromkeys(ev.rule_id for ev in names))})"
    )
    return DeviceType.VIDEO_DEVICE.value, confidence, note
