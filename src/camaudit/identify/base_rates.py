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

:func:`prose_catalogue_type` is the same judgement for the one kind of ``needs: video`` evidence that can carry it: the
lexicon's reading of page text (a prose variant, ``lexicon.<maker>.prose``). A page whose text names one maker, and
no other maker, whose catalogue is video only, with nothing on the device typing it, is taken for that maker's
device at :data:`PROSE_TYPE_CAP` (below the weak band): a MOBOTIX camera's plain-text help answer naming "MOBOTIX
AG". The pages that name makers without being their devices name several (a router's, a VMS's or a NAS
application's list of supported cameras: no maker), carry a type of their own (a shop's or a NAS's title: the type
stands), or name a brand that is not listed ``sells: video`` (a reseller of Bosch or TP-Link cameras: nothing).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from camaudit.identify.layers import PROSE_SUFFIX
from camaudit.knowledge.loader import catalogue
from camaudit.model import DeviceType, Evidence, is_video_device

#: The most a maker's catalogue alone makes of "a video device": a base rate stays at the weak cap.
CATALOGUE_TYPE_CAP = 0.5
#: The most a video-only maker's name in page text makes of "a video device" (:func:`prose_catalogue_type`): below
#: the catalogue's cap for a name read from the device's own short fields, as the prose reading is below the name's.
PROSE_TYPE_CAP = 0.35
#: The rule ids of the lexicon's prose variants start so (``layers.load_layers`` names them ``lexicon.<id>.prose``).
_LEXICON = "lexicon."
#: Fields whose evidence names a maker without saying anything of the device itself: a MAC's registry block
#: (the network card's), another scanner's conclusion.
_NOT_THE_DEVICE = ("mac.oui", "import.")


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


def is_prose_name(ev: Evidence) -> bool:
    """Is ``ev`` the lexicon's reading of a maker's name in page text (a prose variant)?"""
    return ev.rule_id.startswith(_LEXICON) and ev.rule_id.endswith(PROSE_SUFFIX)


def prose_catalogue_type(evidence: Sequence[Evidence]) -> tuple[str, float, str] | None:
    """``(video_device, confidence, note)`` when page text names one video-only maker and nothing else speaks.

    Speaks only when some evidence is a lexicon prose variant, every piece of evidence that names a maker (prose or
    not, brand or manufacturer) names the same one, that maker is listed ``sells: video``, no other evidence waiting
    for video evidence names a maker, and no evidence at all asserts a type that is not video (a shop's or a NAS's
    title, a printer). The caller has checked that nothing counted types the device. With it, the caller counts the
    page's name (:func:`is_prose_name`), which otherwise waits for video evidence, and nothing else that waits.
    """
    prose = [ev for ev in evidence if is_prose_name(ev)]
    if not prose:
        return None
    if any(
        ev.needs and not is_prose_name(ev) and ("brand" in ev.asserts or "manufacturer" in ev.asserts)
        for ev in evidence
    ):
        # Another sign that waits for video evidence names a maker: a maker's API answer (Hikvision's alarm hubs answer
        # ISAPI, whose namespace URL carries the maker's name into the page text), a multi-product maker's name. Its
        # "video" still waits: the page's text is no second sign for it.
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
    confidence = round(min(max(ev.certainty for ev in prose), PROSE_TYPE_CAP), 4)
    note = (
        f"device type {DeviceType.VIDEO_DEVICE.value} from {maker}'s catalogue (catalogues.yaml: nearly all it sells "
        f"on IP networks is video): the page's text names it and no other maker, and nothing types the device "
        f"({', '.join(dict.fromkeys(ev.rule_id for ev in prose))})"
    )
    return DeviceType.VIDEO_DEVICE.value, confidence, note
