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

:func:`agreeing_weak_signs` is the expert's "a TP-Link device serving RTSP is TP-Link's camera": an RTSP answer that
says only "a stream server answered" and a maker's name that waits for video evidence (a multi-product maker's name in
the device's own fields, what the device calls its maker, the maker's firmware layout) each wait for the other; when
the maker has a catalogue row (every row lists a camera line), no product of it that answers RTSP is anything but video
(``rtsp_look_alikes`` unset: not Panasonic's SAT>IP televisions, not Huawei's IPTV servers), nothing says the device is
something else, and no other maker is named, they satisfy each other at :data:`AGREEING_TYPE_CAP` (helper-262,
2026-12-07; docs/identification/resolution.md, "Weak signs that agree").
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


#: The most an RTSP answer and a camera-selling maker's waiting name make together of "that maker's video device"
#: (:func:`agreeing_weak_signs`): the weak cap, below every exact maker rule.
AGREEING_TYPE_CAP = 0.5
#: ... and each sign that waited counts at most this much then, below WEAK, so that the maker named by such signs alone
#: stays at the weak cap too (two hints never make a fact).
AGREEING_SIGN_CAP = 0.45
#: What the attribution says when :func:`agreeing_weak_signs` typed the device (bench/withheld.py looks for it).
AGREEING_NOTE = "an RTSP server beside a maker that sells cameras"
#: The rule-id prefix of the identifier layer (a maker's firmware or URL layout read in any field).
_IDENTIFIERS = "identifiers."
#: A non-video type that does not stand against a video one: cameras serve web pages.
_WEB_SERVER = DeviceType.WEB_SERVER.value


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


def named_makers(ev: Evidence) -> set[str]:
    """The makers ``ev`` asserts (its brand and manufacturer), case-folded."""
    return {value.casefold() for attribute in ("brand", "manufacturer") if (value := ev.asserts.get(attribute))}


def non_video_type_stands(evidence: Iterable[Evidence]) -> bool:
    """Does any evidence assert a device type that is neither video nor a web server (a printer's, a router's, a NAS's,
    a streaming server's sign)? Cameras serve web pages, so a web server's type does not stand against video."""
    return any(
        (kind := ev.asserts.get("device_type")) and not is_video_device(kind) and kind != _WEB_SERVER for ev in evidence
    )


def _waits_for_another(ev: Evidence, named: set[str], self_reported: bool) -> bool:
    """Does ``ev`` wait for video evidence and name a maker the catalogue may not vouch for here?

    A maker's API answer (Hikvision's alarm hubs answer ISAPI, whose namespace URL carries the maker's name into the
    page text) or a multi-product maker's name keeps waiting: the named text is no second sign for it. Beside a
    self-reported maker, the lexicon's reading of the same name in the same field (``lexicon.arlo.name``: a common
    word, read only beside video evidence) names nobody else and does not stand in the way.
    """
    if not ev.needs or is_catalogue_name(ev) or not named_makers(ev):
        return False
    return not (self_reported and ev.rule_id.startswith(_LEXICON) and named_makers(ev) <= named)


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
    named = set().union(*(named_makers(ev) for ev in names))
    if any(_waits_for_another(ev, named, self_reported) for ev in evidence):
        return None
    if any((kind := ev.asserts.get("device_type")) and not is_video_device(kind) for ev in evidence):
        return None
    if names_the_device(ev for ev in evidence if "brand" in ev.asserts or "manufacturer" in ev.asserts):
        # The device's own short fields name the maker: the catalogue speaks for them (:func:`catalogue_type`).
        return None
    makers = set().union(*(named_makers(ev) for ev in evidence))
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


def _rtsp_stream_hint(ev: Evidence) -> bool:
    """Is ``ev`` an RTSP answer's sign that says only "a video device" and waits for a second sign (the bare answer)?"""
    return (
        bool(ev.needs)
        and ev.field.startswith("rtsp.")
        and ev.asserts.keys() == {"device_type"}
        and is_video_device(ev.asserts["device_type"])
    )


def _pairs_with_rtsp(ev: Evidence) -> bool:
    """May ``ev``'s maker name be an RTSP answer's second sign: a maker's name in the device's own fields (the lexicon,
    not its reading of page text), what the device calls its maker, a maker's identifier layout, or a name that needs
    nothing else? Not a MAC block (the network card's maker: TP-Link's and D-Link's adapters sit in PCs serving any
    stream), another scanner's label, a model grammar (two letters and digits are other makers' numbers too) or page
    text (a dealer's or a manual's)."""
    if not named_makers(ev) or ev.field.startswith(_NOT_THE_DEVICE):
        return False
    if ev.needs is None or is_self_reported_maker(ev):
        return True
    if ev.rule_id.startswith(_LEXICON):
        return not is_prose_variant(ev)
    return ev.rule_id.startswith(_IDENTIFIERS)


def agreeing_weak_signs(evidence: Sequence[Evidence]) -> tuple[str, float, str] | None:
    """``(video_device, confidence, note)`` when an RTSP answer and a camera-selling maker's name, each waiting for the
    other, stand on one device.

    Speaks only when an RTSP answer's sign says only "a video device" and waits (:func:`_rtsp_stream_hint`: streaming
    software named on the answer has already set such hints aside), a name that may pair with it names a maker
    (:func:`_pairs_with_rtsp`), every piece of evidence naming a maker names that one, the maker has a row in
    ``catalogues.yaml`` with no ``rtsp_look_alikes``, and no evidence asserts a type other than video or a web server (a
    printer's, a router's, a NAS's, a streaming server's sign stands). The caller has checked that nothing counted types
    the device a video device; it then counts the waiting signs at :data:`AGREEING_SIGN_CAP` at most.
    """
    hints = [ev for ev in evidence if _rtsp_stream_hint(ev)]
    if not hints:
        return None
    names = [ev for ev in evidence if _pairs_with_rtsp(ev)]
    if not names:
        return None
    if non_video_type_stands(evidence):
        return None
    makers = set().union(*(named_makers(ev) for ev in evidence))
    if len(makers) != 1:
        return None
    (maker,) = makers
    entry = catalogue(maker)
    if entry is None or entry.rtsp_look_alikes is not None:
        return None
    hint, name = max(ev.certainty for ev in hints), min(max(ev.certainty for ev in names), AGREEING_SIGN_CAP)
    confidence = round(min(1 - (1 - hint) * (1 - name), AGREEING_TYPE_CAP), 4)
    rules = ", ".join(dict.fromkeys(ev.rule_id for ev in (*hints, *names)))
    note = (
        f"device type {DeviceType.VIDEO_DEVICE.value}: {AGREEING_NOTE} ({maker}, "
        f"catalogues.yaml), each waiting for the other ({rules})"
    )
    return DeviceType.VIDEO_DEVICE.value, confidence, note
