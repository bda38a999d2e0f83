"""What the key names of a device's structured answer say it is: a camera's or recorder's settings vocabulary.

Many answers a scanner keeps are neither a device-information document (:mod:`.device_documents`,
:mod:`.self_description`) nor in an envelope :mod:`.api_answers` knows: a settings dump (``key=value`` lines,
JavaScript ``var`` lists, a ``get_xxx:`` query string), a flat JSON object, an XML document without a namespace, a
capability list. No value in them need name a maker, yet their *key names* say what answered: a web server, a
router, a media server, a TV, a printer or a smart bulb has no key for an IR-cut filter, wide dynamic range,
backlight compensation, an iris, privacy masks, motion-detection areas, video loss, alarm inputs, PTZ, or a
recorder's disks and channels. :mod:`.settings_vocabulary` holds those concepts, spelt as the makers' APIs spell
them (ONVIF, ISAPI, Dahua, Xiongmai, hi3510, Foscam ...), with the sources.

An answer whose keys express at least :data:`MIN_CONCEPTS` distinct concepts is a video device's settings:

* ``devinfo.settings`` lists the concepts found (one per line, sorted: ``day_night``, ``ptz``, ``recorder_disk``
  ...), so ``layers/settings_keys.yaml`` asserts the capabilities they show (``ptz``, ``audio``, ``thermal``,
  ``face_analytics``, ``plate_recognition``);
* ``devinfo.settings_device`` says what kind: ``dvr`` or ``nvr`` with a recorder's disks and analogue or IP
  channels, ``camera`` with an illuminator or a lens iris (a recorder has neither), else ``video_device``.

Why three: ONVIF's ImagingSettings alone (IR-cut, WDR, backlight compensation) is three, as is every camera image
page of the sources; a counter-example reaches one at most (a set-top box's OSD language, a switch's port mirror, a
NAS's disks -- a recorder concept, never counted alone), and two unrelated hits in one non-camera answer were not
seen in any counter-example collected (tests/unit/importers/test_settings_keys.py), so three leaves a margin.

An Axis VAPIX ``root.Properties`` answer is a list of what the product can do, not of settings: two distinct video
features declared there (:data:`~.settings_vocabulary.AXIS_VIDEO_PROPERTIES`: image, motion, PTZ, privacy masks,
live-view controls, video streaming), or one that only a product with a video channel or an image sensor declares
(:data:`~.settings_vocabulary.AXIS_DECISIVE_FEATURES`), make it a video device's, which is the evidence VAPIX's maker
sign waits for; so do the dynamic instances of VAPIX's video groups in a whole ``param.cgi`` list (``root.Image.I0``,
``root.PTZ.Limit.L1``: :data:`~.settings_vocabulary.AXIS_VIDEO_GROUPS`). A list that declares a radar counts only a
PTZ driver or privacy masks: a radar draws a virtual video stream. A radar's list without them says ``radar`` (not a
camera): VAPIX names Axis by itself and Axis's catalogue types its answer a video device when nothing else speaks.

Separately, a maker whose API spells keys its own way (ISAPI's ``IrcutFilterType``, Xiongmai's ``AeSensitivity``,
Foscam's ``isEnableOSDMask``) is named in ``devinfo.settings_api`` when :data:`~.settings_vocabulary.MAKER_MIN_NAMES`
of its exact names agree and no other maker's do: weak evidence, only beside other video evidence.

Bounded and safe: the callers pass at most 64 KiB; a web page is refused by one anchored match at its start
(:func:`.web_page.is_web_page`); key names are found by bounded regular expressions (no XML or JSON parser runs
here, so no entity is expanded), at most :data:`MAX_KEYS` of them, each at most 64 characters long; nothing here
raises on hostile text.
"""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import pairwise

from camaudit.importers.settings_vocabulary import (
    AXIS_DECISIVE_FEATURES,
    AXIS_MIN_FEATURES,
    AXIS_RADAR_GROUP,
    AXIS_RADAR_VIDEO_FEATURES,
    AXIS_VIDEO_GROUPS,
    AXIS_VIDEO_PROPERTIES,
    CONCEPTS,
    MAKER_MIN_NAMES,
    MAKER_VOCABULARIES,
    PREFIXES,
    SUFFIXES,
    Concept,
    Kind,
)
from camaudit.importers.web_page import is_web_page

#: Keys read from one answer at most.
MAX_KEYS = 2000
#: Distinct camera concepts (sensor, video and PTZ kinds) that make an answer a video device's settings.
MIN_CONCEPTS = 3
SETTINGS = "devinfo.settings"
SETTINGS_DEVICE = "devinfo.settings_device"
SETTINGS_API = "devinfo.settings_api"

#: An XML element's name (its prefix dropped) and the start of its text.
_XML_KEY = re.compile(r"<(?:[A-Za-z_][\w.-]{0,31}:)?([A-Za-z_][\w.-]{0,63})(?:[ \t\r\n][^<>]{0,256})?>([^<]{0,8})")
#: A JSON object's key and the start of its value.
_JSON_KEY = re.compile(r'"([A-Za-z_][^"\\\r\n]{0,63})"[ \t\r\n]{0,8}:[ \t\r\n]{0,8}"?([A-Za-z0-9]{0,8})')
#: The same printed by a Python client (a dict's repr: ``{'IrCutFilter': 'ON', ...}``, zeep's objects, pydahua's
#: answers) ...
_REPR_KEY = re.compile(r"""'([A-Za-z_][^'\\\r\n]{0,63})'[ \t\r\n]{0,8}:[ \t\r\n]{0,8}['"]?([A-Za-z0-9]{0,8})""")
#: ... or by a JavaScript one (Node's util.inspect, an object literal: ``{ IrCutFilter: 'AUTO', Brightness: 50 }``): a
#: bare key after the object's brace or a comma.
_BARE_KEY = re.compile(
    r"""[{,][ \t\r\n]{0,8}([A-Za-z_$][\w$]{0,63})[ \t\r\n]{0,8}:[ \t\r\n]{0,8}['"]?([A-Za-z0-9]{0,8})"""
)
#: Whether an object's keys are double-quoted (JSON) or single-quoted (a Python repr), looked for near its start.
_DOUBLE_QUOTED_KEY = re.compile(r'"[A-Za-z_][^"\\\r\n]{0,63}"[ \t\r\n]{0,8}:')
_SINGLE_QUOTED_KEY = re.compile(r"'[A-Za-z_][^'\\\r\n]{0,63}'[ \t\r\n]{0,8}:")
#: How far into an object the quoting of its keys is looked for.
_QUOTING_PEEK = 1024
#: A ``key=value`` pair: on its own line, in a ``var`` list (``var a=1, b=2;``), in a query string (``a=1&b=2``),
#: after a command's name (``get_caminfo:flicker=50``), with its key or value quoted (``"flip"="1";``). A quote
#: opens a key only where it is closed before the ``=``; a pair inside a quoted value (``var s="a=1&b=2"``) is read
#: too, as the firmware's own answer is.
_TEXT_KEY = re.compile(
    r"""(?:^|[;&?:,"'\s])(?:var[ \t]{1,8})?([A-Za-z_][\w.\[\]-]{0,63})["']?[ \t]{0,8}=[ \t]{0,8}["']?"""
    r"""([A-Za-z0-9]{0,8})""",
    re.MULTILINE,
)
#: What a text answer's first line must be: ``key=value``, ``var key=``, ``"key"=``, a query string's ``?key=``, or
#: ``name: key=value&...`` with the command's name alone on the first line allowed.
_FIRST_LINE = re.compile(
    r"""[ \t]{0,8}\??(?:var[ \t]{1,8})?["']?[A-Za-z_][\w.\[\]-]{0,80}["']?[ \t]{0,8}"""
    r"""(?:=|:[ \t]{0,8}(?:\r?\n[ \t]{0,8})?(?:var[ \t]{1,8})?["']?[A-Za-z_][\w.-]{0,80}["']?[ \t]{0,8}=)"""
)
#: A query string held in one quoted variable (``var params="flicker=50&flip=1&..."``): its first pair is read from
#: after the quote, where :data:`_TEXT_KEY` would take the quote's first word for the variable's value.
_WRAPPED_QUERY = re.compile(
    r"""[ \t]{0,8}(?:var[ \t]{1,8})?[A-Za-z_][\w.-]{0,80}[ \t]{0,8}=[ \t]{0,8}["']([A-Za-z_][\w.-]{0,63}=)"""
)
#: Where a key splits into names (``table.VideoInOptions[0].Mirror``, ``root.ImageSource.I0.DayNight``).
_SEGMENTS = re.compile(r"[.\[\]/:]+")
_TOKENS = re.compile(r"[_\- ]+")
#: Values that deny a capability flag (``<isSupportPTZ>false</isSupportPTZ>``).
_DENIED = frozenset({"false", "0", "no", "off", "none"})
_FLAG_PREFIXES = ("issupport", "support")
#: Values that say a key holds nothing: JSON's null and Python's None, as clients print an absent configuration.
_ABSENT = frozenset({"null", "None"})
#: Last key segments that name a piece of software's version, not a setting of the device.
_SOFTWARE = frozenset({"version", "ver", "apiversion"})
#: Type letters of Hungarian notation (string, integer, boolean) that prefix a key name.
_HUNGARIAN = frozenset("sib")
_BY_SPELLING: dict[str, Concept] = {spelling: concept for concept in CONCEPTS for spelling in concept.spellings}
_COUNTED = frozenset({Kind.SENSOR, Kind.VIDEO})
#: Concepts a recorder has no use for: an illuminator and a lens iris make the answer a camera's.
_CAMERA_ONLY = frozenset({"ir_light", "iris"})
_MAKER_OF: dict[str, str] = {name: api for api, names in MAKER_VOCABULARIES.items() for name in names}
#: Where Axis VAPIX's list of the product's features starts: ``root.Properties.PTZ.PTZ=yes`` declares a PTZ driver
#: (digital PTZ on a fixed camera too) and ``PrivacyMask.PrivacyMask=no`` the lack of one, so these keys are not
#: settings for the concepts, only features for :func:`_axis_video_features`.
_AXIS_PROPERTIES = ("root.Properties.", "Properties.")
#: Axis VAPIX's PTZ group: the parameters of a PTZ driver, which fixed cameras have for their digital PTZ (an M1054's,
#: an M3024's: Kane610/axis tests/parameters/test_ptz.py), so its keys say "a video product", never "a PTZ camera".
_AXIS_PTZ_TREE = "root.PTZ."


def read(text: str, fields: dict[str, str]) -> bool:
    """Fill ``devinfo.settings*`` from a structured answer's key names; whether it found a camera's settings or a
    maker's API vocabulary. ``text``: at most 64 KiB, leading blanks removed. A field already set is kept."""
    keys = _keys(text)
    if not keys:
        return False
    concepts: set[str] = set()
    makers: dict[str, set[str]] = {}
    for key, value in keys:
        api = _MAKER_OF.get(key.rsplit(".", 1)[-1])
        if api is not None:
            makers.setdefault(api, set()).add(key.rsplit(".", 1)[-1])
        if key.startswith(_AXIS_PROPERTIES):
            continue  # what an Axis product can do, not a setting: read by _axis_video_features alone
        for concept in _concepts(key):
            if value.lower() in _DENIED and key.lower().startswith(_FLAG_PREFIXES):
                continue  # the device says it lacks this
            if value in _ABSENT:
                continue  # a configuration the answer holds none of (an ONVIF profile's 'PTZConfiguration': None)
            if concept.name == "ptz" and key.startswith(_AXIS_PTZ_TREE):
                continue  # a PTZ driver's parameters: a fixed camera's digital PTZ has them too
            concepts.add(concept.name)
    found = False
    counted = {name for name in concepts if _KIND[name] in _COUNTED}
    if len(counted) >= MIN_CONCEPTS:
        fields.setdefault(SETTINGS_DEVICE, _device(concepts))
        found = True
    elif _axis_video_list(keys):
        fields.setdefault(SETTINGS_DEVICE, "video_device")
        found = True
    elif _axis_radar(keys):
        # A security radar that declares nothing only a video product has: Axis's catalogue would otherwise type the
        # VAPIX answer a video device (rules/device_documents.yaml), and this is the sign that it is not one.
        fields.setdefault(SETTINGS_DEVICE, "radar")
        found = True
    agreeing = [api for api, names in makers.items() if len(names) >= MAKER_MIN_NAMES]
    if len(agreeing) == 1:
        fields.setdefault(SETTINGS_API, agreeing[0])
        found = True
    if found and concepts:
        fields.setdefault(SETTINGS, "\n".join(sorted(concepts)))
    return found


_KIND: dict[str, Kind] = {concept.name: concept.kind for concept in CONCEPTS}


def _axis_video_list(keys: list[tuple[str, str]]) -> bool:
    """Whether an Axis VAPIX parameter list is a video product's: two video features, or one that only a product with
    a video channel or an image sensor declares (settings_vocabulary.AXIS_DECISIVE_FEATURES); a list that declares a
    radar only by what no radar has (AXIS_RADAR_VIDEO_FEATURES)."""
    features, radar = _axis_video_features(keys), _axis_radar(keys)
    if radar:
        return bool(features & AXIS_RADAR_VIDEO_FEATURES)
    return len(features) >= AXIS_MIN_FEATURES or bool(features & AXIS_DECISIVE_FEATURES)


def _axis_radar(keys: list[tuple[str, str]]) -> bool:
    radar = ("root.Properties." + AXIS_RADAR_GROUP + ".", "Properties." + AXIS_RADAR_GROUP + ".",
             "root." + AXIS_RADAR_GROUP + ".")
    return any(key.startswith(radar) for key, _ in keys)


def _axis_video_features(keys: list[tuple[str, str]]) -> set[str]:
    """The video features an Axis VAPIX parameter list declares: in ``root.Properties``
    (settings_vocabulary.AXIS_VIDEO_PROPERTIES) a sub-group present, unless its own flag denies it
    (``root.Properties.PrivacyMask.PrivacyMask=no``); elsewhere a dynamic instance of a video group
    (AXIS_VIDEO_GROUPS: ``root.Image.I0.``, ``root.PTZ.Limit.L1.``)."""
    present: set[str] = set()
    denied: set[str] = set()
    groups: set[str] = set()
    for key, value in keys:
        path = key[5:] if key.startswith("root.") else key
        if not path.startswith("Properties."):
            if path is not key and _dynamic_instance(path):
                groups.add(AXIS_VIDEO_GROUPS[path.split(".", 1)[0]])
            continue
        parts = path.split(".", 4)[1:]
        group = ".".join(parts[:2]) if parts[0] == "API" and len(parts) > 1 else parts[0]
        feature = AXIS_VIDEO_PROPERTIES.get(group)
        if feature is None:
            continue
        if parts[-1] == group.rsplit(".", 1)[-1] and len(parts) == group.count(".") + 2 and value.lower() in _DENIED:
            denied.add(group)
        present.add(group)
    return groups | {AXIS_VIDEO_PROPERTIES[group] for group in present - denied}


def _dynamic_instance(path: str) -> bool:
    """Whether a parameter path (``root.`` removed) is inside a dynamic instance of a video group: VAPIX names one by
    the first letter of its parent group and a number (``Image.I0.Name``, ``PTZ.Preset.P0.Name``)."""
    segments = path.split(".", 6)
    if segments[0] not in AXIS_VIDEO_GROUPS:
        return False
    for parent, child in pairwise(segments[:-1]):
        if len(child) > 1 and child[0] == parent[0] and child[1:].isdigit():
            return True
    return False


def _device(concepts: set[str]) -> str:
    if "recorder_disk" in concepts and ("analog_channels" in concepts or "ip_channels" in concepts):
        return "dvr" if "analog_channels" in concepts else "nvr"
    return "camera" if _CAMERA_ONLY & concepts else "video_device"


def _keys(text: str) -> list[tuple[str, str]]:
    """The answer's key names with the start of each value: XML elements, JSON keys or ``key=value`` pairs."""
    if text.startswith("<"):
        if is_web_page(text):
            return []
        pattern = _XML_KEY
    elif text.startswith(("{", "[")):
        pattern = _object_grammar(text)
    elif _FIRST_LINE.match(text):
        pattern = _TEXT_KEY
        wrapped = _WRAPPED_QUERY.match(text)
        if wrapped is not None:
            text = text[wrapped.start(1):]  # the query string a variable holds: its first pair starts after the quote
    else:
        return []
    keys: list[tuple[str, str]] = []
    for match in pattern.finditer(text):
        keys.append((match.group(1), match.group(2)))
        if len(keys) >= MAX_KEYS:
            break
    return keys


def _object_grammar(text: str) -> re.Pattern[str]:
    """How an object's keys are written: JSON's double quotes, a Python repr's single quotes, or bare (JavaScript)."""
    if _DOUBLE_QUOTED_KEY.search(text, 0, _QUOTING_PEEK):
        return _JSON_KEY
    if _SINGLE_QUOTED_KEY.search(text, 0, _QUOTING_PEEK):
        return _REPR_KEY
    return _BARE_KEY


def _concepts(key: str) -> set[Concept]:
    """The concepts a key names: each segment of a dotted key, and each word and pair of words of ``a_b_c``."""
    found: set[Concept] = set()
    segments = _SEGMENTS.split(key)[:12]
    if segments[-1].lower() in _SOFTWARE:
        return found  # the version of an API (Axis root.Properties.API.PTZ.Presets.Version), not a setting
    for segment in segments:
        found.update(_segment_concepts(segment))
    return found


@lru_cache(maxsize=8192)
def _segment_concepts(segment: str) -> frozenset[Concept]:
    """The concepts one segment of a key names: the whole name's, else those of each word and pair of words, whether
    the words are joined by ``_``/``-`` (``wdr_enable``) or by case (``autoNightvision``, ``PTZChannel``) -- the same
    name in either convention decides alike. A name that is one setting as a whole (``isEnableOSDMask``, the OSD's
    privacy mask) counts as that one, not as each of its words too."""
    tokens = [token for token in _TOKENS.split(segment) if token][:8]
    whole = lookup("".join(tokens))
    if whole is not None:
        return frozenset({whole})
    words = [word for token in tokens for word in _camel_words(token)][:8]
    if len(words) < 2:
        return frozenset()
    names = words + [a + b for a, b in pairwise(words)]
    return frozenset(concept for concept in map(lookup, names) if concept is not None)


def _camel_words(token: str) -> list[str]:
    """A camelCase name's words: split before a capital that follows a lower-case letter or a digit
    (``autoNightvision``), and before the last capital of an acronym that a word follows (``PTZChannel``)."""
    words: list[str] = []
    start = 0
    for at in range(1, len(token)):
        char, before = token[at], token[at - 1]
        if char.isupper() and (before.islower() or before.isdigit()
                               or (before.isupper() and at + 1 < len(token) and token[at + 1].islower())):
            words.append(token[start:at])
            start = at
    words.append(token[start:])
    return words


@lru_cache(maxsize=8192)
def lookup(name: str) -> Concept | None:
    """The concept one key name spells (``IrcutFilterType``, ``isSupportPTZ``, ``wdr_enable``), else ``None``."""
    if len(name) > 2 and name[0] in _HUNGARIAN and name[1].isupper():
        name = name[1:]  # rkipc's sNightToDay, iNightToDayFilterLevel, bEnabled
    folded = name.lower().rstrip("0123456789")
    variants = [folded] + [folded[len(p):] for p in PREFIXES if folded.startswith(p) and len(folded) > len(p) + 1]
    for variant in variants:
        concept = _unsuffixed(variant)
        if concept is not None:
            return concept
    return None


def _unsuffixed(name: str) -> Concept | None:
    for _ in range(3):
        concept = _BY_SPELLING.get(name)
        if concept is not None:
            return concept
        for suffix in SUFFIXES:
            if name.endswith(suffix) and len(name) > len(suffix) + 1:
                name = name[: -len(suffix)].rstrip("0123456789")
                break
        else:
            return None
    return _BY_SPELLING.get(name)
