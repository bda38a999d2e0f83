"""Combine all evidence about one device into an :class:`~camaudit.model.Identity`.

The calibration is documented in docs/identification/resolution.md; in short:

* Evidence is grouped by the value it asserts for each attribute. Evidence read from one reply (one port,
  one protocol: an HTTP answer's Server header, realm, title and body; an RTSP answer's headers and its
  session description; the names in one certificate; what another scanner concluded about the host) is one
  source, however many rules and fields matched it; a source counts with its strongest rule
  (:func:`reply_group`). The same string seen in two replies (one realm in the RTSP and the HTTP answer)
  counts once.
* A value's confidence is the noisy-OR of its independent sources, ``1 - Π(1 - c)``, except that values
  supported only by weak sources (certainty below :data:`WEAK`) are capped at :data:`WEAK_CAP`: three
  hints do not make a fact; and a value only one reply supports reaches the firm band (:data:`FIRM`) only
  through an exact fingerprint that is firm on its own, else it stays at :data:`ONE_REPLY_CAP`.
* Within one source, a sign of a different kind of knowledge on a different stretch of the text (a
  model number in the maker's grammar beside the maker's name, the maker's stream path beside its
  session header) corroborates the strongest one at :data:`CORROBORATION` of its certainty; the same
  text matched twice (a name inside a "name + model" match) counts once.
* The value with the highest confidence wins; every other value is kept as a :class:`Conflict`.
* The manufacturer comes from evidence that names it directly when there is any; otherwise from the brand
  through the OEM table; otherwise from a brand that makes its own devices. Nothing else: no maker is
  ever guessed. ``Identity.attribution`` records the chain.
* Evidence marked ``needs="video"`` (a multi-product vendor's name, a maker named in page text, an RTSP
  server that answered) says nothing unless the rest of the evidence makes the device a video device. Such
  a sign that says only "a video device" leaves the type unknown when nothing else types the device. Two such
  signs on different replies (a bare RTSP answer, a video maker's device API) are each other's second sign. So are
  a bare RTSP answer and a camera-selling maker's name (not its MAC block), below the weak band
  (``base_rates.agreeing_weak_signs``).
* A MAC captured inside text a rule attributes to one maker, whose block names another, counts below that
  layout (:func:`inside_layout`): the layout names the device, the block is a conflict.
* Evidence that says "a video device made by X" (a maker's name in a title) loses its maker half too when
  its video half loses to sure non-video evidence (a shop, a printer, a NAS): no maker on a non-camera.
* A brand the device reports that camaudit does not know (not a ``vendors.yaml`` id) is kept, at
  :data:`SELF_REPORTED` of its confidence, and never maps to a manufacturer.
* Weak maker claims that disagree with a close rival are withdrawn: a wrong maker is worse than none.
* A maker named by evidence that needs nothing else, when no evidence types the device, types it
  ``video_device`` at a base rate's confidence if the name on the box sells (nearly) only video devices
  (``catalogues.yaml``, identify/base_rates.py): a Hikvision-only 401 page is a Hikvision video device, a TP-Link
  name alone says nothing of the type. Page text naming one such maker and no other does the same, lower.
* Streaming software named on an RTSP answer (a sign typing that answer ``not_camera``) explains the answer's
  generic stream-server hints (it answered, offers viewing methods, describes video, asks a password): they
  are set aside unless other signs still make the device a video device (identify/stream_software.py).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache

from camaudit.fields import ONE_REPLY_FAMILIES
from camaudit.identify.base_rates import (
    AGREEING_SIGN_CAP,
    agreeing_weak_signs,
    catalogue_type,
    is_catalogue_name,
    waiting_name_catalogue_type,
)
from camaudit.identify.restatements import restatements
from camaudit.identify.stream_software import explained_hints, only_embedded_stacks
from camaudit.knowledge.loader import oem_relations, vendors
from camaudit.knowledge.vendors import OemRelation, made_on, rows_for_line
from camaudit.model import VIDEO_DEVICE_TYPES, Conflict, DeviceType, Evidence, Identity, is_video_device

#: Evidence below this certainty is "weak" ...
WEAK = 0.5
#: ... and weak evidence alone never lifts a value above this.
WEAK_CAP = 0.5
#: Brand assumed equal to the manufacturer (no evidence about the name on the box) is discounted by this.
BRAND_FROM_MAKER = 0.6
#: A brand whose maker changed over time (dated OEM-table rows), on a device of unknown date, stays its own
#: maker at this share of the brand's confidence where the rows leave dates to the brand itself.
UNDATED_SELF_MADE = 0.6
#: A row for one product line this sure (grade M and above) names the line's maker over the brand's own name.
LINE_OVER_OWN_NAME = 0.5
#: Confidence of ``not_camera`` reached only because no rule matched a device that answered.
NOT_CAMERA_BY_ABSENCE = 0.3
#: A brand the device names that is no vendor camaudit knows keeps this share of its confidence.
SELF_REPORTED = 0.6
#: A weak maker claim whose rival is within this much confidence is withdrawn.
WEAK_MARGIN = 0.15
#: What another scanner concluded (``import.*`` fields: Shodan's product, tags, CPEs ...) is a hint: its
#: certainty is capped here, below :data:`WEAK`, whatever the rule matching it says.
IMPORTED_CAP = 0.45
#: A second sign of a different kind on a different stretch of one reply counts at this share of its
#: certainty (kinds: the layers below, or "rule" for an exact fingerprint). Below 1: one reply written by
#: one firmware is not two witnesses, but a maker's name and a number in that maker's model grammar are
#: two facts that rarely mislead together.
CORROBORATION = 0.8
#: Confidence from here up is a firm identification (bench/accuracy.py checks that >= 95 % of them are right).
FIRM = 0.9
#: A value one reply alone supports, without an exact fingerprint firm on its own, stays below :data:`FIRM`:
#: one firmware wrote every field of that reply, so its signs are one witness however many rules match.
ONE_REPLY_CAP = 0.85
#: Whether one weak video sign alone (one reply, one kind of knowledge: a camera's RTSP method list, a stream
#: path) types a device as a video device. The bare RTSP answer is not such a sign: it needs a second one
#: (``needs: video`` in layers/device_words.yaml). See docs/identification/rtsp-sdp.md for the trade-offs measured.
LONE_HINT_TYPES_VIDEO = True
#: A MAC captured from inside text that another rule attributes to one maker (a realm "AXIS_<MAC>", a session
#: "<MAC>_1" beside UniFi Protect's contact lines), whose registry block names a different maker, counts at most
#: this share of that rule's certainty, for that rule's attribute: the layout is the maker's own convention, the
#: MAC inside it may be a placeholder, a cloned or a test-firmware address (:func:`inside_layout`).
INSIDE_LAYOUT = 0.5
#: Identifier-like matched text at least this long, seen again in another reply, is the same string twice.
_SAME_STRING_MIN = 8
#: Field prefixes whose fields all come from one reply of one port (HTTP and RTSP answers, a certificate,
#: a WS-Discovery answer, another scanner's record, the MAC address and what is derived from it).
_REPLY_PREFIXES = (
    ("http.favicon.", "http.favicon"),
    ("http.", "http"),
    # A device document or API answer (importers/device_documents, api_answers, self_description) is read from the
    # body of an HTTP answer (or an API answer on its own port): the page text read from the same body is no
    # second witness.
    ("devinfo.", "http"),
    # The namespace table of a SOAP envelope (protocols/soap_envelope.py) is the start of that same body.
    ("soap.", "http"),
    # The makers' namespaces an ONVIF answer declares are that same table read again (importers/api_answers.py,
    # scan/probes/onvif.py): one declaration seen through both fields is one sign of one reply, not two witnesses.
    ("onvif.namespaces", "http"),
    ("rtsp.", "rtsp"),
    # A SIP answer's Server, User-Agent and challenge are one answer (importers/sniff.py).
    ("sip.", "sip"),
    ("tls.", "tls"),
    ("onvif.scope", "wsd"),
    ("onvif.xaddrs", "wsd"),
    ("wsd.endpoint_mac", "mac"),
    ("wsd.", "wsd"),
    ("import.", "import"),
    ("mac", "mac"),
    ("snmp.", "snmp"),
    ("dhcp.", "dhcp"),
    ("hik.isapi.device_info.", "hik.isapi.device_info"),
)
#: Reply groups whose fields are read from inside an answer another group may describe too: the body of an HTTP answer
#: (a UPnP description, an ONVIF SOAP answer and its namespace table, a VAPIX, RPC2, ISAPI or SUNAPI answer, a device
#: document, an SNMP walk or a discovery reply kept as a body), one probe's answer read into several families (the
#: ONVIF probe's device service answers: GetDeviceInformation, GetScopes, GetHostname), or another scanner's reading
#: of the answer it stored beside it (``import.*`` of a port: Shodan's product, CPEs and parsers' makers restate the
#: banner; not ``import.hostnames``, :data:`_OWN_SOURCE`). In an observation whose protocol names the answer
#: (:data:`_CARRIER`), they are that answer: one witness with its headers.
_CARRIED = frozenset(
    {
        "http", "wsd", "snmp", "import", "upnp.", "onvif.device_info.", "onvif.hostname", "onvif.service",
        "onvif.fault", "onvif.system_time", "axis.", "dahua.login.", "dahua.rpc.", "sunapi.", "hik.isapi.device_info",
        "sadp.", "dhip.", "xmeye.", "mdns.", "ubnt.",
    }
)
#: An observation's protocol -> the reply its carried fields are. HTTP answers: the group of their own ``http.*``
#: fields (so are nmap's ``http-proxy``, ``http-alt`` ... : :func:`_carrier_of`). A live probe's answer read into
#: several families (scan/probes: ``onvif``, ``dahua-rpc2``, ``hik-isapi``, ``axis-vapix``) is a reply of its own,
#: apart from the page ``GET /`` gave on the same port: another request. A discovery or SNMP answer, a banner: the
#: group of its own fields; a Shodan banner that carried a certificate is named ``tls`` (importers/shodan.py), its
#: text still ``banner`` (the certificate's ``tls.*`` is no carried group: the handshake is another exchange). Any
#: other protocol leaves the field's own group.
_CARRIER = {
    "http": "http",
    "https": "http",
    "rtsp": "rtsp",
    "sip": "sip",
    "snmp": "snmp",
    "wsd": "wsd",
    "upnp": "upnp.",
    "ssdp": "upnp.",
    "notify": "upnp.",
    "sadp": "sadp.",
    "dhip": "dhip.",
    "xmeye": "xmeye.",
    "mdns": "mdns.",
    "ubnt": "ubnt.",
    "sunapi": "sunapi.",
    "onvif": "onvif answer",
    "dahua-rpc2": "dahua-rpc2 answer",
    "hik-isapi": "hik-isapi answer",
    "axis-vapix": "axis-vapix answer",
    "banner": "banner",
    "tls": "banner",
    "smtp": "banner",
    "ftp": "ftp.banner",
    "ssh": "ssh.banner",
    "telnet": "telnet.banner",
}
#: A carried group's field that is no reading of the answer: the host names a scan file lists come from DNS.
_OWN_SOURCE = "import.hostnames"
#: The ``devinfo.answer`` value of a printed ONVIF GetDeviceInformation answer, and the reply its fields belong to.
_DEVINFO_ANSWER = "devinfo.answer"
_ONVIF_DEVICE_INFORMATION = "onvif-device-information"
_ONVIF_DEVICE_INFO = "onvif.device_info."
#: Rule-id prefixes of the generalising layers (identify/layers.py); anything else is an exact rule.
_LAYER_KINDS = frozenset({"lexicon", "models", "paths", "words", "identifiers", "sdp", "capabilities"})
#: Attributes that are sets (every supported value holds), not one chosen value.
_SET_ATTRIBUTES = frozenset({"capabilities"})

#: Why the resolver set aside a piece of evidence that names a maker (:func:`resolve_with_reasons`, read by
#: bench/withheld.py only; :func:`resolve` records nothing). Each is one rule of the policy in the module doc.
NEEDS_VIDEO = "needs-video"  # it waits for video evidence, and nothing else made the device a video device
EXPLAINED_AWAY = "needs-video, hints explained away"  # ... which the RTSP hints streaming software explains gave
NON_VIDEO_OUTVOTED = "video claim outvoted by non-video"  # its "X's video device" lost to a shop, a printer, a NAS
WEAK_WITHDRAWN = "weak, withdrawn beside a close rival"  # a weak winner within WEAK_MARGIN of another maker
LOST_TO_RIVAL = "lost to a stronger rival"  # another maker won the attribute (kept as a conflict)
LINE_OVER_NAME = "own name under its line's OEM row"  # a brand's own name, outranked by its product line's row
#: (reason, evidence) pairs, in the order the resolver set them aside; ``None`` where nobody asks (the census path).
Reasons = list[tuple[str, Evidence]] | None

# Plain strings, not enum members: these are compared against asserted values on the census hot path.
_VIDEO_DEVICE = DeviceType.VIDEO_DEVICE.value
_NOT_CAMERA = DeviceType.NOT_CAMERA.value
_CAMERA = DeviceType.CAMERA.value
_THERMAL_CAMERA = DeviceType.THERMAL_CAMERA.value
_SPECIFIC_VIDEO = frozenset(t.value for t in VIDEO_DEVICE_TYPES) - {_VIDEO_DEVICE}
#: Non-video types that contradict a video claim (a camera is often also a web server; never a printer).
_EXCLUSIVE_NON_VIDEO = frozenset({"printer", "router", "nas", _NOT_CAMERA})
#: More specific non-video types win over less specific ones.
_NON_VIDEO_RANK = {"printer": 3, "router": 3, "nas": 3, "web_server": 2}


@dataclass(frozen=True, slots=True)
class _Choice:
    value: str
    confidence: float
    support: tuple[Evidence, ...]


@lru_cache(maxsize=4096)
def reply_group(field: str) -> str:
    """The reply a field is read from: fields of one reply are one witness (see the module doc)."""
    for family in ONE_REPLY_FAMILIES:
        if field.startswith(family):
            return family
    for prefix, group in _REPLY_PREFIXES:
        if field.startswith(prefix):
            return group
    return field


def source_key(ev: Evidence) -> tuple[str, int | None]:
    """What makes two pieces of evidence independent: a different reply or port.

    The reply is the field's group (:func:`reply_group`), except that a field read from inside an answer
    (:data:`_CARRIED`: a UPnP description, an ONVIF answer, a maker's API answer in an HTTP body) counts with the
    answer that carried it, which its observation's protocol names (:data:`_CARRIER`): MiniUPnPd's ``Server`` header
    and its description's gateway device type are one answer, one witness. A printed ONVIF GetDeviceInformation
    answer fills ``onvif.device_info.*`` and says so in ``devinfo.answer`` (importers/self_description.py): both are
    that one answer, whatever protocol its record names.
    """
    if ev.field == _DEVINFO_ANSWER and ev.matched == _ONVIF_DEVICE_INFORMATION:
        group = _ONVIF_DEVICE_INFO
    else:
        group = reply_group(ev.field)
    if group in _CARRIED and ev.protocol is not None and ev.port is not None and ev.field != _OWN_SOURCE:
        group = _CARRIER.get(ev.protocol) or _carrier_of(ev.protocol) or group
    return group, ev.port


def _carrier_of(protocol: str) -> str | None:
    """The reply an observation of ``protocol`` the table :data:`_CARRIER` leaves out is: nmap's and other scanners'
    names of an HTTP service on another port (``http-proxy``, ``http-alt``, ``https-alt``) are HTTP answers too.
    ``None``: unknown."""
    return "http" if protocol.startswith(("http-", "https-")) else None


def certainty_of(ev: Evidence) -> float:
    """The certainty ``ev`` counts with: its rule's, capped for another scanner's conclusions."""
    if ev.field.startswith("import."):
        return min(ev.certainty, IMPORTED_CAP)
    return ev.certainty


def confidence_of(evidence: Sequence[Evidence]) -> float:
    """Noisy-OR of the independent sources among ``evidence`` (which all agree), weak-capped."""
    if len(evidence) == 1:
        only = certainty_of(evidence[0])
        return round(min(only, WEAK_CAP) if only < WEAK else only, 4)
    by_source: dict[tuple[str, int | None], list[Evidence]] = {}
    for ev in evidence:
        by_source.setdefault(source_key(ev), []).append(ev)
    miss = 1.0
    strongest = 0.0
    witnesses = 0
    seen: set[str] = set()
    for pieces in by_source.values():
        # A long string already counted in another reply (one realm served on two ports) is not new.
        fresh = [ev for ev in pieces if _same_string(ev) not in seen]
        seen.update(_same_string(ev) for ev in pieces)
        seen.discard("")
        if not fresh:
            continue
        witnesses += 1
        for certainty in _source_signs(fresh):
            miss *= 1.0 - certainty
        strongest = max(strongest, max(certainty_of(ev) for ev in fresh))
    # Rounded before the caps are weighed: a value just under the firm band must not round up into it.
    combined = round(1.0 - miss, 4)
    if strongest < WEAK:
        combined = min(combined, WEAK_CAP)
    elif witnesses == 1 and combined >= FIRM and not _firm_alone(evidence):
        combined = min(combined, ONE_REPLY_CAP)
    return combined


def _lone_hint(evidence: Sequence[Evidence]) -> bool:
    """Is ``evidence`` one weak sign (however many rules matched it): one reply, one kind of knowledge?"""
    if any(certainty_of(ev) >= WEAK for ev in evidence):
        return False
    signs = {(source_key(ev), _kind(ev.rule_id)) for ev in evidence}
    return len(signs) < 2


def _same_string(ev: Evidence) -> str:
    """The matched text as a key for "the same string in another reply", or "" when it is not one.

    Only identifier-like text counts (at least :data:`_SAME_STRING_MIN` characters with a digit: a realm
    carrying a serial, a model number, a MAC): that is one string the firmware repeats. A maker's name in
    a certificate and in a page title is two places saying it, and stays two signs.
    """
    text = " ".join(ev.matched.split()).casefold()
    if len(text) < _SAME_STRING_MIN or not any(ch.isdigit() for ch in text):
        return ""
    return text


def _firm_alone(evidence: Sequence[Evidence]) -> bool:
    """Is there an exact fingerprint (not a generalising layer) that is firm on its own?"""
    return any(_kind(ev.rule_id) == "rule" and certainty_of(ev) >= FIRM for ev in evidence)


def _kind(rule_id: str) -> str:
    head = rule_id.split(".", 1)[0]
    return head if head in _LAYER_KINDS else "rule"


def _source_signs(pieces: Sequence[Evidence]) -> list[float]:
    """The certainties one source counts with: its strongest piece, then corroborating ones (see module doc)."""
    if len(pieces) == 1:
        return [certainty_of(pieces[0])]
    ranked = sorted(pieces, key=certainty_of, reverse=True)
    first = ranked[0]
    signs = [certainty_of(first)]
    kinds = {_kind(first.rule_id)}
    texts = [first.matched.strip().casefold()]
    for ev in ranked[1:]:
        kind = _kind(ev.rule_id)
        text = ev.matched.strip().casefold()
        if kind in kinds or not text or any(text in seen or seen in text for seen in texts):
            continue
        kinds.add(kind)
        texts.append(text)
        signs.append(certainty_of(ev) * CORROBORATION)
    return signs


Claims = dict[str, dict[str, list[Evidence]]]

_MAKER_ATTRIBUTES = ("brand", "manufacturer")


def inside_layout(derived: Sequence[Evidence], host: Evidence, evidence: Sequence[Evidence]) -> list[Evidence]:
    """``derived`` (what a MAC's registry block says) for a MAC that ``host`` captured, checked against its layout.

    A reply that a rule attributes to one maker (the reply ``host`` read, :func:`source_key`, by a rule that
    needs nothing else, or by any rule on the very text ``host`` captured the MAC from: an Axis realm, a Hanwha
    iPolis realm, UniFi Protect's session description) is that maker's convention; a MAC inside it whose block
    names an unrelated maker (neither the same, nor the OEM of the other in ``oems.yaml``) is a placeholder, a
    cloned MAC or test firmware more often than a second maker. That evidence then names its maker for the layout
    rule's own attribute (brand or manufacturer), at most :data:`INSIDE_LAYOUT` of the rule's certainty: the
    layout's maker wins the reply and the block's maker stays a conflict, shown, not the headline. A MAC the device
    reports itself (``mac``) is the network card's own and never comes here. Anything else is returned unchanged.
    """
    reply = source_key(host)
    layout = [
        e
        for e in evidence
        if source_key(e) == reply
        and any(e.asserts.get(a) for a in _MAKER_ATTRIBUTES)
        and (e.needs is None or _overlaps(e.matched, host.matched))
    ]
    if not layout:
        return list(derived)
    strongest = max(layout, key=certainty_of)
    makers = {e.asserts[a].casefold() for e in layout for a in _MAKER_ATTRIBUTES if e.asserts.get(a)}
    cap = round(certainty_of(strongest) * INSIDE_LAYOUT, 4)
    kept: list[Evidence] = []
    for ev in derived:
        named = {ev.asserts[a].casefold() for a in _MAKER_ATTRIBUTES if ev.asserts.get(a)}
        if not named or all(_related_makers(name, makers) for name in named):
            kept.append(ev)
            continue
        theirs = min(named)
        asserts = {k: v for k, v in ev.asserts.items() if k not in _MAKER_ATTRIBUTES}
        asserts.update({a: theirs for a in _MAKER_ATTRIBUTES if strongest.asserts.get(a)})
        kept.append(
            replace(
                ev,
                asserts=asserts,
                certainty=min(ev.certainty, cap),
                source=f"{ev.source} (inside {strongest.rule_id}'s layout: counted below it)",
            )
        )
    return kept


def _overlaps(text: str, other: str) -> bool:
    """Do two matched texts cover the same stretch (one inside the other)?"""
    a, b = text.strip().casefold(), other.strip().casefold()
    return bool(a and b) and (a in b or b in a)


def _related_makers(name: str, makers: set[str]) -> bool:
    """Is ``name`` one of ``makers``, or the OEM of one, or made by one (``oems.yaml``)?"""
    if name in makers:
        return True
    if any(row.manufacturer == name for maker in makers for row in oem_relations(maker)):
        return True
    return any(row.manufacturer in makers for row in oem_relations(name))


# Hikvision writes one firmware two ways: SADP says "V5.7.3build 220112", ONVIF and ISAPI "V5.7.3 build 220112".
_HIK_BUILD = re.compile(r"^(V\d+(?:\.\d+)+)\s*build\s*(\d{6})$", re.IGNORECASE)


def canonical(attribute: str, value: str) -> str:
    """The display form of an asserted value: whitespace folded, one spelling per firmware."""
    text = " ".join(value.split())
    if attribute == "firmware":
        m = _HIK_BUILD.match(text)
        if m:
            return f"{m.group(1)} build {m.group(2)}"
    return text


def _claims(evidence: Sequence[Evidence]) -> Claims:
    """attribute → asserted value (folded) → supporting evidence, values in order of first appearance."""
    claims: Claims = {}
    for ev in evidence:
        for attribute, value in ev.asserts.items():
            if value and attribute not in _SET_ATTRIBUTES:
                claims.setdefault(attribute, {}).setdefault(canonical(attribute, value).casefold(), []).append(ev)
    return claims


def _choose(attribute: str, groups: Mapping[str, list[Evidence]], conflicts: list[Conflict]) -> _Choice | None:
    if not groups:
        return None
    if len(groups) == 1:
        (winner,) = groups.values()
        display = canonical(attribute, max(winner, key=_certainty).asserts[attribute])
        return _Choice(display, confidence_of(winner), tuple(winner))
    # Highest combined confidence, then strongest single piece, then first seen (dicts keep order).
    scored = sorted(
        (
            (-confidence_of(evs), -max(e.certainty for e in evs), index, evs)
            for index, evs in enumerate(groups.values())
        ),
        key=lambda item: item[:3],
    )
    winner = scored[0][3]
    display = canonical(attribute, max(winner, key=_certainty).asserts[attribute])
    for *_, other in scored[1:]:
        strongest = max(other, key=_certainty)
        other_value = canonical(attribute, strongest.asserts[attribute])
        conflicts.append(Conflict(attribute, display, other_value, strongest.rule_id))
    return _Choice(display, -scored[0][0], tuple(winner))


def _certainty(ev: Evidence) -> float:
    return certainty_of(ev)


def _rules(evs: Iterable[Evidence]) -> str:
    return ", ".join(dict.fromkeys(e.rule_id for e in evs))


def resolve(evidence: Iterable[Evidence], *, answered: bool = True) -> Identity:
    """The identity that ``evidence`` (all about one device) supports.

    ``answered`` says the device replied at all; with no video evidence it is then ``not_camera``
    rather than unknown.
    """
    return _resolve_all(tuple(evidence), answered, None)


def resolve_with_reasons(
    evidence: Iterable[Evidence], *, answered: bool = True
) -> tuple[Identity, tuple[tuple[str, Evidence], ...]]:
    """:func:`resolve`'s identity, with every piece of evidence naming a maker that the resolver set aside and why
    (a reason above: :data:`NEEDS_VIDEO` ...), in order. For the bench (bench/withheld.py): the identity is the one
    :func:`resolve` gives, only the bookkeeping is added."""
    reasons: list[tuple[str, Evidence]] = []
    identity = _resolve_all(tuple(evidence), answered, reasons)
    return identity, tuple(reasons)


def _resolve_all(evs: tuple[Evidence, ...], answered: bool, why: Reasons) -> Identity:
    if not evs:
        # The common case in census data: nothing matched. Skip the bookkeeping.
        if answered:
            return Identity(device_type=DeviceType.NOT_CAMERA, confidence=NOT_CAMERA_BY_ABSENCE)
        return Identity()
    restated = restatements(evs)
    if restated:
        # One reply's two readings of one fact count once (identify/restatements.py): decided without the form that
        # only restates, shown with it.
        identity = _resolve_counted(tuple(e for e in evs if e not in restated), answered, why)
        note = f"not counted, it restates what the same reply's own reading says: {_rules(restated)}"
        return replace(identity, evidence=evs, attribution=(*identity.attribution, note))
    return _resolve_counted(evs, answered, why)


def _resolve_counted(evs: tuple[Evidence, ...], answered: bool, why: Reasons) -> Identity:
    explained = explained_hints(evs)
    if explained:
        # Streaming software named on an RTSP answer explains that answer's generic stream-server hints
        # (identify/stream_software.py): without them, does anything still make the device a video device?
        rest_why: Reasons = None if why is None else []
        rest = _resolve(tuple(e for e in evs if e not in explained), answered, rest_why)
        if not rest.is_video_device:
            note = f"not counted, what the streaming software named on its answer does by itself: {_rules(explained)}"
            if why is not None and rest_why is not None:
                # Signs left waiting that the hints would have vouched for were set aside by the explanation.
                vouched = _resolve(evs, answered, None).is_video_device
                why.extend((EXPLAINED_AWAY if vouched and r == NEEDS_VIDEO else r, e) for r, e in rest_why)
                # An explained hint is itself set aside; should one name a maker left unnamed, say so too.
                named = {rest.brand, rest.manufacturer}
                why.extend(
                    (EXPLAINED_AWAY, e)
                    for e in explained
                    if {e.asserts.get("brand"), e.asserts.get("manufacturer")} - named - {None}
                )
            return _unknown_if_embedded_stack(replace(rest, evidence=evs, attribution=(*rest.attribution, note)))
    return _unknown_if_embedded_stack(_resolve(evs, answered, why))


def _unknown_if_embedded_stack(identity: Identity) -> Identity:
    """``identity`` with its type unknown when only a stack cameras embed too made it "not a camera"."""
    if identity.device_type is not DeviceType.NOT_CAMERA or identity.brand or identity.manufacturer:
        return identity
    stacks = only_embedded_stacks(identity.evidence)
    if not stacks:
        return identity
    note = f"type unknown: {', '.join(stacks)} names a stack that cameras embed as well as computers"
    return replace(identity, device_type=None, confidence=0.0, attribution=(*identity.attribution, note))


def _resolve(evs: tuple[Evidence, ...], answered: bool, why: Reasons) -> Identity:
    conflicts: list[Conflict] = []
    attribution: list[str] = []
    conditional = [e for e in evs if e.needs]
    counted = evs
    if conditional:
        # The device type is settled without conditional evidence, which must not vouch for itself.
        plain = tuple(e for e in evs if not e.needs)
        claims = _claims(plain)
        type_conflicts: list[Conflict] = []
        device_type, type_confidence = _device_type(claims.get("device_type", {}), type_conflicts, answered)
        if not is_video_device(device_type) and _vouch_for_each_other(conditional):
            # Two replies' signs, each waiting for a second one, are each other's: the type is settled with them,
            # unless sure non-video evidence still outweighs them.
            vouched: list[Conflict] = []
            both = _device_type(_claims(evs).get("device_type", {}), vouched, answered)
            if is_video_device(both[0]):
                (device_type, type_confidence), type_conflicts = both, vouched
                attribution.append(f"signs of two replies are each other's second sign: {_rules(conditional)}")
        conflicts.extend(type_conflicts)
        already_typed = is_video_device(device_type) or "device_type" in claims
        catalogue_typed = None if already_typed else waiting_name_catalogue_type(evs)
        agreeing = None if is_video_device(device_type) or catalogue_typed else agreeing_weak_signs(evs)
        if agreeing is not None:
            # An RTSP server beside a camera-selling maker's name, each waiting for the other: together they type the
            # device, and every waiting sign counts, below the weak band (identify/base_rates.py).
            device_type, type_confidence, note = agreeing
            counted = (*plain, *(replace(e, certainty=min(e.certainty, AGREEING_SIGN_CAP)) for e in conditional))
            claims = _claims(counted)
            attribution.append(note)
        elif catalogue_typed is not None:
            # Page text or a self-description naming one video-only maker, and nothing typing the device: the maker's
            # catalogue types it (identify/base_rates.py), and that name counts with the weak type; other waiting signs
            # still wait.
            device_type, type_confidence, note = catalogue_typed
            counted = tuple(e for e in evs if not e.needs or is_catalogue_name(e))
            claims = _claims(counted)
            attribution.append(note)
            waiting = [e for e in conditional if not is_catalogue_name(e)]
            if waiting:
                attribution.append(f"not counted without video evidence: {_rules(waiting)}")
                if why is not None:
                    why.extend((NEEDS_VIDEO, e) for e in waiting if _names_maker(e))
        elif is_video_device(device_type):
            claims = _claims(evs)
        else:
            counted = plain
            attribution.append(f"not counted without video evidence: {_rules(conditional)}")
            if why is not None:
                why.extend((NEEDS_VIDEO, e) for e in conditional if _names_maker(e))
            hints = _video_hints(conditional)
            if hints and "device_type" not in claims:
                # A sign that says only "a video device" and needs a second one (an RTSP server that answered
                # and says nothing else) is no evidence of "not a camera" either: the kind stays unknown.
                device_type, type_confidence = None, 0.0
                attribution.append(f"device type unknown: {_rules(hints)} needs a second sign")
            elif (
                device_type == DeviceType.NOT_CAMERA
                and "device_type" not in claims
                and _maker_api_answered(conditional)
            ):
                # A video maker's own device API answered (an Axis VAPIX list, an ISAPI document) but nothing else
                # says what the device is: that is no evidence of "not a camera", so the kind stays unknown.
                device_type, type_confidence = None, 0.0
                attribution.append(
                    f"device type unknown: {_rules(conditional)} is a video maker's API, "
                    "which names it only beside video evidence"
                )
    else:
        claims = _claims(evs)
        device_type, type_confidence = _device_type(claims.get("device_type", {}), conflicts, answered)
    if device_type in _EXCLUSIVE_NON_VIDEO:
        counted, claims = _withdraw_outvoted_makers(counted, claims, attribution, why)

    brand = _maker_choice("brand", claims.get("brand", {}), conflicts, attribution, why)
    direct = _maker_choice("manufacturer", claims.get("manufacturer", {}), conflicts, attribution, why)
    # Chosen once, before the maker: a brand's product-line rows in the OEM table read the model and firmware the
    # identity shows. Their conflicts follow the maker's in the result (type, brand, manufacturer, model, ...).
    line_conflicts: list[Conflict] = []
    model = _choose("model", claims.get("model", {}), line_conflicts)
    firmware = _choose("firmware", claims.get("firmware", {}), line_conflicts)
    manufacturer, maker_confidence = _manufacturer(
        brand,
        direct,
        counted,
        model.value if model else None,
        firmware.value if firmware else None,
        conflicts,
        attribution,
        why,
    )

    brand_value: str | None = None
    brand_confidence = 0.0
    if brand is not None:
        brand_value, brand_confidence = brand.value.casefold(), brand.confidence
        if brand_value not in vendors():
            brand_confidence = round(brand_confidence * SELF_REPORTED, 4)
            attribution.insert(
                0,
                f"brand:{brand_value} as the device reports it, a maker camaudit does not know "
                f"({_rules(brand.support)})",
            )
        else:
            attribution.insert(0, f"brand:{brand_value} ({_rules(brand.support)})")
    elif manufacturer is not None:
        brand_value, brand_confidence = manufacturer, round(maker_confidence * BRAND_FROM_MAKER, 4)
        attribution.append(f"brand:{manufacturer} assumed from the manufacturer (no evidence of another brand)")

    if not is_video_device(device_type) and "device_type" not in claims and (manufacturer or brand_value):
        typed = catalogue_type(
            brand_value,
            brand.support if brand is not None else (),
            manufacturer,
            direct.support if direct is not None else (),
            maker_confidence if manufacturer is not None else brand_confidence,
        )
        if typed is not None:
            device_type, type_confidence, note = typed
            attribution.append(note)

    conflicts.extend(line_conflicts)
    serial = _choose("serial", claims.get("serial", {}), conflicts)
    capabilities: tuple[str, ...] = ()
    if is_video_device(device_type):
        capabilities = tuple(
            sorted({c.strip() for e in counted for c in e.asserts.get("capabilities", "").split(",") if c.strip()})
        )

    if manufacturer is not None:
        confidence = maker_confidence
    elif brand_value is not None:
        confidence = brand_confidence
    else:
        confidence = type_confidence
    return Identity(
        device_type=DeviceType(device_type) if device_type else None,
        brand=brand_value,
        manufacturer=manufacturer,
        model=model.value if model else None,
        firmware=firmware.value if firmware else None,
        serial=serial.value if serial else None,
        confidence=confidence,
        evidence=evs,
        conflicts=tuple(conflicts),
        attribution=tuple(attribution),
        capabilities=capabilities,
    )


def _withdraw_outvoted_makers(
    counted: tuple[Evidence, ...], claims: Claims, attribution: list[str], why: Reasons
) -> tuple[tuple[Evidence, ...], Claims]:
    """Drop the maker named by evidence whose "a video device" claim lost to a sure non-video type.

    Such evidence said one thing -- "X's video device" (a maker's name in a page title, a favicon) -- and the
    device is a shop's page, a printer or a NAS: its maker half is no better than its video half.
    """
    outvoted = tuple(
        e
        for e in counted
        if is_video_device(e.asserts.get("device_type")) and _names_maker(e)
    )
    if not outvoted:
        return counted, claims
    attribution.append(f"maker not counted, its video claim lost to non-video evidence: {_rules(outvoted)}")
    if why is not None:
        why.extend((NON_VIDEO_OUTVOTED, e) for e in outvoted)
    kept = tuple(e for e in counted if e not in outvoted)
    return kept, _claims(kept)


def _maker_choice(
    attribute: str,
    groups: Mapping[str, list[Evidence]],
    conflicts: list[Conflict],
    attribution: list[str],
    why: Reasons,
) -> _Choice | None:
    """Like :func:`_choose`, but a weak winner with a close rival is withdrawn (kept as a conflict)."""
    chosen = _choose(attribute, groups, conflicts)
    if chosen is None or len(groups) < 2:
        return chosen
    winner = chosen.value.casefold()
    if chosen.confidence < WEAK:
        rivals = [confidence_of(evs) for key, evs in groups.items() if key != winner]
        if max(rivals, default=0.0) >= chosen.confidence - WEAK_MARGIN:
            attribution.append(f"{attribute} withheld: weak evidence names {len(groups)} different makers")
            if why is not None:
                why.extend((WEAK_WITHDRAWN, e) for evs in groups.values() for e in evs)
            return None
    if why is not None:
        why.extend((LOST_TO_RIVAL, e) for key, evs in groups.items() if key != winner for e in evs)
    return chosen


def _manufacturer(
    brand: _Choice | None,
    direct: _Choice | None,
    evs: Sequence[Evidence],
    model: str | None,
    firmware: str | None,
    conflicts: list[Conflict],
    attribution: list[str],
    why: Reasons,
) -> tuple[str | None, float]:
    via_table: _TableAnswer | None = None
    if brand is not None:
        via_table = _from_oem_table(brand, evs, model, firmware, attribution if direct is None else [])

    line_maker = _line_maker_over_own_name(brand, direct, via_table)
    if line_maker is not None and direct is not None and via_table is not None:
        attribution.append(via_table[2])
        attribution.append(
            f"manufacturer:{line_maker} by its product line; {direct.value.casefold()} names only the brand on the"
            f" box ({_rules(direct.support)})"
        )
        conflicts.append(Conflict("manufacturer", line_maker, direct.value.casefold(), direct.support[0].rule_id))
        if why is not None:
            why.extend((LINE_OVER_NAME, e) for e in direct.support)
        return line_maker, via_table[1]

    if direct is not None:
        maker = direct.value.casefold()
        attribution.append(f"manufacturer:{maker} ({_rules(direct.support)})")
        confidence = direct.confidence
        if via_table is not None:
            table_maker, table_confidence, note, _ = via_table
            if table_maker is None:
                attribution.append(f"{note}; the device names its maker itself")
            elif table_maker == maker:
                # The OEM table is independent of the firmware marker: agreement raises confidence.
                confidence = round(1 - (1 - confidence) * (1 - table_confidence), 4)
                attribution.append(note)
            else:
                conflicts.append(Conflict("manufacturer", maker, table_maker, "oem-table"))
                attribution.append(f"{note}; overruled by direct evidence")
        return maker, confidence

    if via_table is not None:
        return via_table[0], via_table[1]  # a maker, or none when the table withholds it (no guess after that)
    if brand is not None:
        vendor = vendors().get(brand.value.casefold())
        if vendor is not None and vendor.is_maker:
            attribution.append(f"manufacturer:{vendor.id} (brand {vendor.id} makes its own devices)")
            return vendor.id, brand.confidence
        if not oem_relations(brand.value.casefold()):
            attribution.append(f"manufacturer unknown: no OEM-table row for brand {brand.value.casefold()}")
    return None, 0.0


#: What the OEM table says of a device: the maker (``None``: the table withholds one), the confidence, the note.
_TableAnswer = tuple[str | None, float, str, bool]


def _from_oem_table(
    brand: _Choice, evs: Sequence[Evidence], model: str | None, firmware: str | None, attribution: list[str]
) -> _TableAnswer | None:
    """What the OEM table says of ``brand``'s device, given the model and firmware the identity shows."""
    brand_id = brand.value.casefold()
    rows = oem_relations(brand_id)
    if not rows:
        return None
    made = made_on(evs)
    general = _general_rows(brand_id)
    if general is not None:
        if not model and not firmware:
            rows = general  # what rows_for_line gives a device of unknown line, without reading every row
        else:
            rows, by_line = rows_for_line(rows, model, firmware, made)
            if by_line:
                return _from_line_rows(brand, rows, model, firmware, attribution)
        if not rows:
            attribution.append(
                f"oem-table: {brand_id}'s rows are each for one product line, and this device is of none of them"
                f" ({'model ' + model if model else 'firmware ' + firmware if firmware else 'no model or firmware'})"
            )
            return None
    undated = [r for r in rows if r.since is None and r.until is None]
    if made is not None:
        covering = [r for r in rows if r.covers(made)]
        if not covering:
            attribution.append(f"oem-table: no row for {brand_id} covers the date of manufacture {made}")
            return None
        row = covering[0]
        when = f"made {made}"
    elif len(undated) == len(rows):
        # Rows without dates differ by product line, not by date: the most confident one stands.
        row = rows[0]
        when = "most confident row"
    elif len({r.manufacturer for r in rows}) == 1 and not _time_uncovered(rows):
        row = rows[0]
        when = "date of manufacture unknown; the rows cover all dates with one maker"
    elif undated:
        # The dated rows disagree over time; the rows without dates hold whenever the device was made.
        row = undated[0]
        when = "date of manufacture unknown; the rows with dates set aside, they disagree over time"
    else:
        return _maker_changed_over_time(brand, rows, attribution)
    note = f"oem-table: {brand_id}→{row.manufacturer} (confidence {row.confidence}, {when}, {row.source})"
    attribution.append(note)
    return row.manufacturer, round(brand.confidence * row.confidence, 4), note, False


@lru_cache(maxsize=1024)
def _general_rows(brand_id: str) -> tuple[OemRelation, ...] | None:
    """``None`` when ``brand_id`` has no OEM row for one product line (then no line selector is tried: the census
    hot path); else the rows a device of no known line is read by
    (:func:`~camaudit.knowledge.vendors.rows_for_line`)."""
    rows = oem_relations(brand_id)
    if not any(r.by_line for r in rows):
        return None
    return rows_for_line(rows, None, None)[0]


def _from_line_rows(
    brand: _Choice, rows: Sequence[OemRelation], model: str | None, firmware: str | None, attribution: list[str]
) -> _TableAnswer:
    """The maker the rows for the device's product line name (``rows``: those its model or firmware matched).

    They outrank the brand's general rows: a brand that sells several makers' lines is answered by the line. Two
    lines of different makers that both claim the device leave the table without an answer, and no maker is taken
    from the brand either (the rows say someone else made it): a wrong maker is worse than none.
    """
    brand_id = brand.value.casefold()
    seen = ", ".join(f"{name} {value}" for name, value in (("model", model), ("firmware", firmware)) if value)
    makers = dict.fromkeys(r.manufacturer for r in rows)
    if len(makers) > 1:
        lines = "; ".join(f"{r.manufacturer}: {r.products}" for r in rows)
        note = f"oem-table: {brand_id} {seen} is of lines the table gives to different makers ({lines}): no maker"
        attribution.append(note)
        return None, 0.0, note, True
    row = rows[0]
    note = (
        f"oem-table: {brand_id}→{row.manufacturer} (confidence {row.confidence}, product line {row.products}: "
        f"{seen} matches it, {row.source})"
    )
    attribution.append(note)
    return row.manufacturer, round(brand.confidence * row.confidence, 4), note, row.confidence >= LINE_OVER_OWN_NAME


def _line_maker_over_own_name(
    brand: _Choice | None, direct: _Choice | None, via_table: _TableAnswer | None
) -> str | None:
    """The maker the row for the device's product line names when it answers instead of the brand's own name.

    A brand that builds some products itself (Honeywell) is named as its own maker by the lexicon whenever its name
    is read; that says whose box it is, not who made this line. A row for the line (the Performance Series:
    Dahua's) graded M or better (:data:`LINE_OVER_OWN_NAME`) answers instead, and the brand's name is kept as a
    conflict. A firmware marker naming another maker, or a graded-L line row, still leaves direct evidence first.
    """
    if brand is None or direct is None or via_table is None or not via_table[3]:
        return None
    line_maker, own = via_table[0], brand.value.casefold()
    return line_maker if line_maker is not None and direct.value.casefold() == own != line_maker else None


def _time_uncovered(rows: Sequence[OemRelation]) -> bool:
    """True when some date falls outside every row's ``since``/``until`` (a row without dates covers all)."""
    reached: dt.date | None = dt.date.min  # every date before this one is covered; None: all dates are
    for row in sorted(rows, key=lambda r: r.since or dt.date.min):
        if reached is None:
            return False
        if (row.since or dt.date.min) > reached:
            return True
        reached = None if row.until is None else max(reached, row.until)
    return reached is not None


def _maker_changed_over_time(
    brand: _Choice, rows: Sequence[OemRelation], attribution: list[str]
) -> _TableAnswer | None:
    """The maker of an undated device whose brand's rows all carry dates and say the maker changed with them.

    No row is applied: which one holds depends on the date of manufacture (docs/identification/resolution.md, "OEM
    rows with dates"). A brand that makes its own devices stays its own maker at :data:`UNDATED_SELF_MADE`
    of the brand's confidence (it built them outside its rows' dates); any other brand gets no maker here.
    """
    brand_id = brand.value.casefold()
    spans = ", ".join(f"{r.manufacturer} {r.since or '…'} to {r.until or '…'}" for r in rows)
    why = f"oem-table: {brand_id}'s maker depends on the date of manufacture, unknown here ({spans})"
    owner = vendors().get(brand_id)
    if owner is not None and owner.is_maker:
        note = f"{why}; {brand_id} makes its own devices outside those dates: {brand_id} at lower confidence"
        attribution.append(note)
        return brand_id, round(brand.confidence * UNDATED_SELF_MADE, 4), note, False
    attribution.append(f"{why}: no maker from the table")
    return None


def _vouch_for_each_other(conditional: Sequence[Evidence]) -> bool:
    """Do signs that each need a second one, from two different replies, together say "a video device"?

    Each is the other's second sign when one says "a video device" (a bare RTSP answer: a stream server
    answered) and the other, on another reply, says so too or is a video maker's own device API naming its
    maker (an ISAPI, VAPIX or RPC2 answer: alone it types nothing, the maker's alarm panels answer it too, but a
    device of that maker that also serves RTSP is its video device). One reply's signs are one witness however
    many; a MAC block (a multi-product maker's, a relabeller's) is no such partner: a phone, a TV or a PC carries
    it as well.
    """
    video = {source_key(e) for e in conditional if is_video_device(e.asserts.get("device_type"))}
    if not video:
        return False
    api = {source_key(e) for e in conditional if e.field.startswith("devinfo.") and _names_maker(e)}
    return len(video | api) >= 2


def _names_maker(ev: Evidence) -> bool:
    """Does ``ev`` name a maker (a brand or a manufacturer)?"""
    return "manufacturer" in ev.asserts or "brand" in ev.asserts


def _maker_api_answered(evidence: Iterable[Evidence]) -> bool:
    """Did a maker's own device API answer (a ``devinfo.*`` field read from its answer), or a MAC block registered
    to a video brand or multi-product maker (``mac.oui``), name that maker? Neither says what the device is."""
    return any(
        (e.field.startswith("devinfo.") or e.field == "mac.oui") and _names_maker(e)
        for e in evidence
    )


def _video_hints(evidence: Iterable[Evidence]) -> list[Evidence]:
    """The pieces of ``evidence`` that say "a video device" and nothing else (no maker, no model)."""
    return [e for e in evidence if e.asserts.keys() == {"device_type"} and is_video_device(e.asserts["device_type"])]


def _device_type(
    groups: Mapping[str, list[Evidence]], conflicts: list[Conflict], answered: bool
) -> tuple[str | None, float]:
    specific = {k: v for k, v in groups.items() if k in _SPECIFIC_VIDEO}
    if _THERMAL_CAMERA in specific and _CAMERA in specific:
        # A thermal camera is a camera: "Thermal Network Camera" is one claim, not two. What says "camera" supports
        # the finer class instead of standing against it (as "video_device" supports any class, below).
        specific[_THERMAL_CAMERA] = [*specific[_THERMAL_CAMERA], *specific.pop(_CAMERA)]
    generic_video = groups.get(_VIDEO_DEVICE, [])
    local: list[Conflict] = []
    chosen: _Choice | None
    if specific:
        chosen = _choose("device_type", specific, local)
        assert chosen is not None
        # "video_device" agrees with any specific video type, so it supports the winner.
        confidence = confidence_of([*chosen.support, *generic_video])
        chosen = _Choice(chosen.value, confidence, chosen.support)
    elif generic_video:
        chosen = _Choice(_VIDEO_DEVICE, confidence_of(generic_video), tuple(generic_video))
    else:
        chosen = None
    if chosen is not None and not LONE_HINT_TYPES_VIDEO and _lone_hint(chosen.support):
        chosen = None

    if chosen is not None:
        exclusive = {k: v for k, v in groups.items() if k in _EXCLUSIVE_NON_VIDEO}
        if exclusive:
            rival = _choose("device_type", exclusive, [])
            assert rival is not None
            if rival.confidence > chosen.confidence:
                # A sure "printer" outweighs a hint of video (an OUI, a generic word in a banner).
                conflicts.append(Conflict("device_type", rival.value, chosen.value, chosen.support[0].rule_id))
                return rival.value, rival.confidence
        for value, support in exclusive.items():
            strongest = max(support, key=lambda e: e.certainty)
            local.append(Conflict("device_type", chosen.value, value, strongest.rule_id))
        conflicts.extend(local)
        return chosen.value, chosen.confidence

    non_video = {k: v for k, v in groups.items() if k not in _SPECIFIC_VIDEO and k not in (_VIDEO_DEVICE, _NOT_CAMERA)}
    if non_video:
        top_rank = max(_NON_VIDEO_RANK.get(k, 1) for k in non_video)
        best = {k: v for k, v in non_video.items() if _NON_VIDEO_RANK.get(k, 1) == top_rank}
        picked = _choose("device_type", best, conflicts)
        assert picked is not None
        return picked.value, picked.confidence
    if _NOT_CAMERA in groups:
        return _NOT_CAMERA, confidence_of(groups[_NOT_CAMERA])
    if answered:
        return _NOT_CAMERA, NOT_CAMERA_BY_ABSENCE
    return None, 0.0
