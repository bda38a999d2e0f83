"""What any answer of a device's own API says the device is, read from keys whose names say what they hold.

:mod:`camaudit.importers.device_documents` reads the device-information documents of makers it knows by
their structure. Many more answers describe the device in the same words: a firmware's ``key=value`` dump,
the JavaScript ``var`` lists of the white-label "IPCAM" CGIs and of system-settings pages, a flat or nested
JSON document, an XML document's leaf elements. Whatever the maker, the key names say what the values are
(``model``, ``productName``, ``ProdFullName``, ``manufacturer``, ``firmwareVersion``, ``serialNumber``,
``sysDescr`` ...). This module copies the values of those keys, and only those, into the generic fields
the rules and layers already read (``devinfo.model``, ``devinfo.manufacturer``, ``devinfo.device_type``,
``devinfo.description``, ``devinfo.name``, ``devinfo.firmware``, ``devinfo.serial``; an SNMP agent's
``sysDescr``/``sysObjectID`` as a settings page shows them to ``snmp.sysdescr``/``snmp.sysobjectid``, the fields
its own reply fills), so the maker lexicon,
the model grammars and the device-type words name and type the device, and a maker camaudit does not know
becomes a self-reported brand (rules/device_documents.yaml, ``devinfo.manufacturer``).

Which key names count, and the public sources that show each maker's own (docs/identification/api-answers.md,
"Self-descriptions"): Axis VAPIX ``Brand``/``ProdFullName``/``ProdNbr``/``ProdType``/``SerialNumber``
(github:Kane610/axis tests/test_param_cgi.py); Hikvision ISAPI ``model``/``serialNumber``/
``firmwareVersion``/``deviceName``/``deviceType``; Dahua ``deviceType``/``serialNumber`` (magicBox);
Vivotek ``system_info_modelname``/``system_info_firmwareversion``/``system_info_serialnumber``/
``system_hostname``; Sony SNC ``ModelName``/``SoftVersion``; Foscam ``productName``/``firmwareVer``/
``serialNo``/``devName``; Reolink ``model``/``firmVer``; hi3510 ``var model``/``softVersion``; ONVIF and
UPnP ``Manufacturer``/``Model``/``modelName``/``FirmwareVersion``/``SerialNumber``/``friendlyName``; SNMP's
``sysDescr``/``sysName``.

What is not a self-description is left alone:

* HTML pages (shops, wikis and photo sites name cameras in prose): never read here; and never free text,
  only the value of a self-describing key;
* a list of several objects, objects of one shape side by side, repeated XML elements, or whatever a key named for
  a collection holds (``clients``, ``devices``, ``cameras``, ``*List`` ...): a shop's catalogue, a router's client
  table, a recorder's channels describe other things, so nothing inside them is read;
* an answer that names a product but says nothing only the device itself would (a catalogue entry names a
  brand and a model; a device also reports its firmware, serial number or host name): values are copied only
  when at least one *identity* key (model, maker, type) and one *device* key (firmware, serial, name, MAC) are
  both present, or when the answer carries what the device's SNMP agent says of it (``sysDescr``,
  ``sysObjectID``). A MAC only counts: it is not copied.

Bounded work: the callers pass at most 64 KiB; an HTML page is settled first by one anchored match at its start
(:func:`camaudit.importers.web_page.is_web_page`, the test the sniffing gate applies too), a
text by one anchored match of its first line, a JSON document by one search for a self-describing key name
before it is parsed; then one pass of at most :data:`MAX_ITEMS` keys, lines or elements, :data:`MAX_DEPTH`
deep. Nothing here raises on hostile text; XML goes through defusedxml
(:func:`camaudit.protocols.soap.xml_root`).
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from typing import Any
from xml.etree.ElementTree import Element

from camaudit.importers import cut_json
from camaudit.importers.api_answers import MAX_VALUE_CHARS
from camaudit.importers.web_page import is_web_page
from camaudit.macaddress import normalise_mac
from camaudit.protocols import soap
from camaudit.protocols.snmp_text import snmp_value

#: Keys, elements and lines read from one answer at most.
MAX_ITEMS = 2000
#: Deepest nesting of a JSON or XML answer followed.
MAX_DEPTH = 8
#: What a self-describing key's value becomes, by the key's name folded (lower case, no ``_``, ``-``, space).
_MODEL = "devinfo.model"
_MAKER = "devinfo.manufacturer"
_TYPE = "devinfo.device_type"
_DESCRIPTION = "devinfo.description"
_NAME = "devinfo.name"
_FIRMWARE = "devinfo.firmware"
_SERIAL = "devinfo.serial"
_MAC = "mac"  # counted, never copied
_SYSDESCR = "snmp.sysdescr"
_SYSOBJECTID = "snmp.sysobjectid"
KEY_FIELDS: dict[str, str] = {
    # The model (ISAPI/Reolink/hi3510 model, UPnP modelName, Sony ModelName, Foscam productName, Axis ProdFullName/
    # ProdShortName/ProdNbr, Uniview DeviceModel/ProductModel, Tapo device_model, Vivotek modelname).
    **dict.fromkeys(("model", "modelname", "productname", "prodfullname", "prodshortname", "prodnbr",
                     "devicemodel", "devmodel", "productmodel", "cameramodel"), _MODEL),
    # The maker (ONVIF Manufacturer, UPnP manufacturer, Axis Brand, a firmware's vendor or brand key).
    # PSIA's deviceInfo structure spells it ``manufacture``.
    **dict.fromkeys(("manufacturer", "manufacturername", "manufacture", "vendor", "vendorname", "brand", "brandname"),
                    _MAKER),
    # The kind of device (ISAPI/Dahua/SUNAPI deviceType, Axis ProdType).
    **dict.fromkeys(("devicetype", "devtype", "prodtype", "producttype"), _TYPE),
    # What the device's SNMP agent answers, as a settings page shows it: the SNMP fields themselves, so the rules
    # written for the agent's own reply hold (rules/snmp.yaml). Xerox printers' pages write ``var SysDescrip``.
    **dict.fromkeys(("sysdescr", "sysdescrip"), _SYSDESCR),
    "sysobjectid": _SYSOBJECTID,
    # ISAPI's deviceDescription (``IPCamera``).
    "devicedescription": _DESCRIPTION,
    # The name the owner or the firmware gave it (ISAPI deviceName, Foscam devName, host names, sysName).
    **dict.fromkeys(("devicename", "devname", "hostname", "sysname", "friendlyname", "machinename"), _NAME),
    # Its firmware (ISAPI/ONVIF firmwareVersion, Foscam firmwareVer, Reolink firmVer, hi3510 softVersion,
    # Sony SoftVersion, 2N swVersion, LAPI SoftwareVersion).
    **dict.fromkeys(("firmwareversion", "firmwarever", "firmware", "fwversion", "fwver", "firmver",
                     "softwareversion", "softwarever", "swversion", "swver", "softversion"), _FIRMWARE),
    # Its serial number (ISAPI/ONVIF serialNumber, Foscam serialNo, Reolink serial, Tuya-style sn).
    **dict.fromkeys(("serialnumber", "serialno", "serialnum", "serial", "sn", "devicesn", "deviceserial"), _SERIAL),
    # Its MAC address (ISAPI macAddress, NIPCA macaddr, Tapo and Kasa mac): only a device reports one, so it counts
    # as a device key; it is not copied (a reader that knows the document puts it in ``mac``).
    **dict.fromkeys(("mac", "macaddr", "macaddress"), _MAC),
}
#: Names that say what they hold only under their parent's name (the two folded together). UniFi OS consoles answer
#: ``/api/system`` with ``{"hardware": {"shortname": "UNVR"}, "name", "mac", ...}`` (github:uilibs/unifi-discovery
#: tests/test_init.py, the scanner's test of that answer): a ``shortname`` alone could be anything's.
QUALIFIED_KEY_FIELDS: dict[str, str] = {"hardwareshortname": _MODEL}
#: How a MAC key's folded name ends when a firmware qualifies it (DoorBird's ``PRIMARY_MAC_ADDR``, ``WIFI_MAC_ADDR``).
_MAC_ENDINGS = ("macaddr", "macaddress")
#: Prefixes a firmware puts before those names (Vivotek ``system_info_modelname``, ``system_hostname``).
_KEY_PREFIXES = ("systeminfo", "sysinfo", "system", "deviceinfo", "devinfo", "basicinfo", "info", "sys")
_IDENTITY = frozenset({_MODEL, _MAKER, _TYPE, _DESCRIPTION})
#: What an SNMP agent reports about itself: enough on its own.
_AGENT = frozenset({_SYSDESCR, _SYSOBJECTID})
_DEVICE = frozenset({_NAME, _FIRMWARE, _SERIAL, _MAC})
#: The root elements of documents that are web pages or feeds, not a device's answer.
_NOT_ANSWERS = frozenset({"html", "head", "body", "svg", "rss", "feed", "rdf"})
#: The first line of a ``key=value`` dump or of a ``var`` list: what makes a text worth reading.
_FIRST_LINE = re.compile(r"[ \t]{0,8}(?:var[ \t]{1,8})?[A-Za-z_][\w.\[\]-]{0,80}[ \t]{0,8}=")
#: A ``key=value`` line; the ``var`` keyword and the value's quotes and ``;`` are taken off after.
_LINE = re.compile(r"^[ \t]{0,8}(?:var[ \t]{1,8})?([A-Za-z_][\w.\[\]-]{0,80})[ \t]{0,8}=([^\r\n]{0,512})",
                   re.MULTILINE)
#: A JavaScript assignment anywhere on a line (several may share one: ``var a="1"; var b="2";``).
_VAR = re.compile(r"""(?:^|[;\s])var[ \t]{1,8}([A-Za-z_]\w{0,80})[ \t]{0,8}=[ \t]{0,8}"""
                  r"""("[^"\r\n]{0,512}"|'[^'\r\n]{0,512}'|[^;\r\n]{0,512})""")
#: A key name near the start of a JSON document that may describe the device (the parse is skipped otherwise). Keys
#: are matched as :data:`KEY_FIELDS` folds them, in any case and with ``_``/``-``/blank inside: DoorBird's info.cgi
#: writes ``FIRMWARE`` and ``DEVICE-TYPE``. ``shortname`` is for :data:`QUALIFIED_KEY_FIELDS`.
_HINT_NAMES = (
    r"[A-Za-z_-]{0,24}(?:model|manufacturer|vendor|brand|firmware|serial|version|prod|short[_ -]?name|sys[_-]?descr|"
    r"sys[_-]?object[_-]?id|dev(?:ice)?[_ -]?type)[A-Za-z_-]{0,24}"
)
_JSON_HINT = re.compile(f'"{_HINT_NAMES}"[ \\t\\r\\n]{{0,8}}:', re.IGNORECASE)
#: The same key in a Python client's print of the parsed answer (a dict's repr: single-quoted keys).
_REPR_HINT = re.compile(f"'{_HINT_NAMES}'[ \\t\\r\\n]{{0,8}}:", re.IGNORECASE)
#: How far into an object its first quote is looked for.
_QUOTE_PEEK = 256
_FOLD = str.maketrans("", "", "_- ")
#: Names (folded) of what holds other devices or things: nothing under them describes the answering device.
_COLLECTIONS = frozenset({"clients", "devices", "hosts", "neighbors", "neighbours", "stations", "peers", "cameras",
                          "channels", "items", "products", "results", "members", "nodes", "targets", "children"})
_QUOTES = ("'", '"')
#: ONVIF's GetDeviceInformationResponse, element for element (devicemgmt.wsdl: Manufacturer, Model, FirmwareVersion,
#: SerialNumber, HardwareId), folded, and the field the live probe fills from each. Client libraries print the answer
#: under the same five names in any case and form (go-onvif's ``DeviceInformation`` struct, ``HardwareID``; a zeep
#: object's repr; node onvif's ``hardwareId``), so all five, each once, are the device service's answer itself.
ONVIF_DEVICE_INFO: dict[str, str] = {
    "manufacturer": "onvif.device_info.manufacturer",
    "model": "onvif.device_info.model",
    "firmwareversion": "onvif.device_info.firmware",
    "serialnumber": "onvif.device_info.serial",
    "hardwareid": "onvif.device_info.hardware_id",
}
#: What a printed GetDeviceInformation answer goes to (``devinfo.answer``; rules/device_documents.yaml).
ONVIF_DEVICE_INFORMATION = "onvif-device-information"
#: One of those names as a key: after a line start, a quote, a brace, a separator or an XML ``<prefix:``, then a
#: quote, blanks and ``:``, ``=`` or ``>`` (JSON, a repr, ``key: value`` and ``key=value`` lines, Go's ``%+v``, XML).
_ONVIF_KEY = re.compile(
    r"""(?:^|(?<=[\s{,;(\[<"']))(?:[A-Za-z]{1,8}:)?(manufacturer|model|firmware_?version|serial_?number|hardware_?id)"""
    r"""["']?[ \t]{0,16}[:=>][ \t]{0,8}""",
    re.IGNORECASE | re.MULTILINE,
)
#: How far into a text the five names are looked for, and the longest stretch they may span: one answer is short.
_ONVIF_PEEK = 16 * 1024
_ONVIF_SPAN = 2048
#: Where an unquoted value ends.
_VALUE_END = re.compile(r"[,;}<\r\n]")
#: What a printed answer writes for a value the device left out.
_BLANKS = frozenset({"", "none", "null", "nil", "undefined"})


def read(text: str, fields: dict[str, str]) -> bool:
    """Fill the generic ``devinfo.*`` fields from a non-HTML answer that describes the device; whether it did.

    ``text`` is an answer no maker-specific reader recognised (at most 64 KiB, leading blanks removed). A field
    already set is kept.
    """
    if is_web_page(text):
        return False  # settled by one anchored match, before the long scans below
    if _onvif_device_information(text, fields):
        return True
    try:
        if text.startswith("<"):
            values = _xml_values(text)
        elif text.startswith(("{", "[")):
            values = _json_values(text)
        elif _FIRST_LINE.match(text):
            values = _text_values(text)
        else:
            return False
    except (ValueError, RecursionError):
        return False  # broken or absurdly deep JSON: not an answer that describes anything
    if not _describes_device(values):
        return False
    for name, value in values.items():
        if name in _AGENT:
            # The printed forms' normaliser: quotes off a description, a sysObjectID kept only as a dotted OID.
            snmp_value("descr" if name == _SYSDESCR else "oid", value, fields)
        elif name != _MAC:
            fields.setdefault(name, value)
    return True


def _onvif_device_information(text: str, fields: dict[str, str]) -> bool:
    """ONVIF's GetDeviceInformation answer as a client library prints it: its five names, each once, close together.

    The values fill ``onvif.device_info.*`` as the live probe's do (rules/discovery.yaml and onvif.yaml read them),
    and ``devinfo.answer`` says the device service answered: a video device even when the manufacturer is blank or
    a placeholder. WS-Discovery's DPWS metadata (printers, Windows) says ``ModelName`` and no ``HardwareId``; UPnP
    says ``modelName``; a list of devices repeats the names: none of them is read.
    """
    head = text[:_ONVIF_PEEK]
    if "ardware" not in head and "ARDWARE" not in head:
        return False
    found = list(_ONVIF_KEY.finditer(head))
    names = [match.group(1).replace("_", "").lower() for match in found]
    if sorted(names) != sorted(ONVIF_DEVICE_INFO) or found[-1].start() - found[0].start() > _ONVIF_SPAN:
        return False
    for at, (match, name) in enumerate(zip(found, names, strict=True)):
        end = found[at + 1].start() if at + 1 < len(found) else match.end() + MAX_VALUE_CHARS
        value = _printed_value(head[match.end() : end])
        if value.lower() not in _BLANKS:
            fields.setdefault(ONVIF_DEVICE_INFO[name], value)
    fields.setdefault("devinfo.answer", ONVIF_DEVICE_INFORMATION)
    return True


def _printed_value(text: str) -> str:
    """A value as printed after its key: in quotes, or up to a separator, a closing brace, a tag or the line's end."""
    text = text.lstrip()
    if text[:1] in _QUOTES:
        end = text.find(text[0], 1)
        value = text[1:end] if end > 0 else ""
    else:
        cut = _VALUE_END.search(text)
        value = text[: cut.start()] if cut else text
    value = value.strip()[:MAX_VALUE_CHARS]
    return "" if "\n" in value or "<" in value else value


def field_for(key: str) -> str | None:
    """The field a key's value goes to (``productName`` → ``devinfo.model``), else ``None``."""
    folded = key.rsplit(".", 1)[-1].translate(_FOLD).lower()
    if folded in KEY_FIELDS:
        return KEY_FIELDS[folded]
    for prefix in _KEY_PREFIXES:
        if folded.startswith(prefix) and folded[len(prefix):] in KEY_FIELDS:
            return KEY_FIELDS[folded[len(prefix):]]
    if folded.endswith(_MAC_ENDINGS):
        return _MAC
    return None


def _qualified_field(parent: str, key: str) -> str | None:
    """The field of a name that says what it holds only under its parent's (``hardware`` → ``shortname``)."""
    return QUALIFIED_KEY_FIELDS.get((parent + key).translate(_FOLD).lower()) if parent else None


def _describes_device(values: dict[str, str]) -> bool:
    kinds = values.keys()
    if _AGENT.intersection(kinds):
        return True
    return bool(_IDENTITY.intersection(kinds)) and bool(_DEVICE.intersection(kinds))


def _keep(values: dict[str, str], key: Any, value: Any, parent: str = "") -> None:
    """Copy ``value`` to the field ``key`` names (under ``parent``, the name of the object holding it), when it is text
    worth keeping and the field is still empty."""
    if not isinstance(key, str) or not isinstance(value, str):
        return
    name = field_for(key) or _qualified_field(parent, key)
    if name is None or name in values:
        return
    text = _unquoted(value.strip().rstrip(";").strip()).strip()[:MAX_VALUE_CHARS]
    if name == _MAC:
        mac = normalise_mac(text[:64])
        if mac is not None:
            values[name] = mac
    elif text and any(ch.isalnum() for ch in text) and text.strip("0.:- ") and "<" not in text:
        values[name] = text


def _unquoted(value: str) -> str:
    if len(value) >= 2 and value[0] in _QUOTES and value[-1] == value[0]:
        return value[1:-1]
    return value


def _text_values(text: str) -> dict[str, str]:
    values: dict[str, str] = {}
    pattern = _VAR if text.lstrip(" \t").startswith("var") else _LINE
    for count, match in enumerate(pattern.finditer(text)):
        if count >= MAX_ITEMS:
            break
        _keep(values, match.group(1), match.group(2))
    return values


def _json_values(text: str) -> dict[str, str]:
    if _JSON_HINT.search(text) is not None:
        # A document a collector cut at banner length is read up to the cut (importers/cut_json.py).
        doc = cut_json.loads(text)
    elif _printed_by_python(text) and _REPR_HINT.search(text) is not None:
        doc = _python_literal(text)
    else:
        return {}
    values: dict[str, str] = {}
    _walk_json(doc, 0, values, [MAX_ITEMS])
    return values


def _printed_by_python(text: str) -> bool:
    """Whether the object's first key is single-quoted, as a dict's repr writes it: a JSON answer without a
    self-describing key pays one look at its first characters, not a second search of the whole text."""
    head = text[:_QUOTE_PEEK]
    single = head.find("'")
    double = head.find('"')
    return single >= 0 and (double < 0 or single < double)


def _python_literal(text: str) -> Any:
    """A Python client's print of a parsed answer (``{'model': 'DS-2CD2143G2-I', 'serialNumber': ...}``), read as the
    literal it is -- :func:`ast.literal_eval` builds dicts, lists, strings and numbers only, never runs code; anything
    else (an object's repr, a truncated print, nesting past the parser's limit) is no answer."""
    try:
        return ast.literal_eval(text.strip())
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return None


def _walk_json(node: Any, depth: int, values: dict[str, str], budget: list[int], parent: str = "") -> None:
    if depth > MAX_DEPTH or budget[0] <= 0:
        return
    if isinstance(node, list):
        # One object in a list is an envelope (Reolink's answers); several are a list of other things. A list the
        # cut left open may have had more: it is not read.
        if len(node) == 1 and not isinstance(node, cut_json.OpenList):
            _walk_json(node[0], depth + 1, values, budget, parent)
        return
    if not isinstance(node, dict):
        return
    # Objects with the same keys side by side are entries of a collection keyed by name or address (a router's
    # clients by MAC, a recorder's cameras by channel): other devices, not this one.
    shapes = Counter(frozenset(value) for value in node.values() if isinstance(value, dict) and value)
    for key, value in node.items():
        budget[0] -= 1
        if budget[0] <= 0:
            return
        if isinstance(value, (dict, list)):
            if not _collection(key) and not (isinstance(value, dict) and _entry_of_many(value, node, shapes)):
                _walk_json(value, depth + 1, values, budget, key)
        else:
            _keep(values, key, value, parent)


def _entry_of_many(value: dict[str, Any], node: dict[str, Any], shapes: Counter[frozenset[str]]) -> bool:
    """Whether ``value`` is one entry of a collection beside its siblings: another object of the same keys; or, where
    a cut left an object open (its keys so far), that object and any sibling holding all of its keys."""
    keys = frozenset(value)
    if shapes[keys] > 1:
        return True
    if not isinstance(node, cut_json.OpenObject):
        return False  # only an object the cut left open can hold one left open
    if isinstance(value, cut_json.OpenObject):
        return any(isinstance(other, dict) and other is not value and keys <= other.keys() for other in node.values())
    return any(isinstance(other, cut_json.OpenObject) and other.keys() <= keys for other in node.values())


def _collection(key: Any) -> bool:
    """Whether a key's name says it holds other things (``clients``, ``devices``, ``cameras``, ``deviceList``)."""
    if not isinstance(key, str):
        return True
    folded = key.translate(_FOLD).lower()
    return folded in _COLLECTIONS or folded.endswith("list")


def _xml_values(text: str) -> dict[str, str]:
    root = soap.xml_root(text.encode("utf-8", "replace"))
    if root is None or soap.local_name(root.tag).lower() in _NOT_ANSWERS:
        return {}
    values: dict[str, str] = {}
    _walk_xml(root, 0, values, [MAX_ITEMS])
    return values


def _walk_xml(element: Element, depth: int, values: dict[str, str], budget: list[int]) -> None:
    children = list(element)[:MAX_ITEMS]
    if not children:
        _keep(values, soap.local_name(element.tag), element.text or "")
        return
    if depth >= MAX_DEPTH:
        return
    names = [soap.local_name(child.tag) for child in children]
    counts = Counter(names)
    for child, name in zip(children, names, strict=True):
        budget[0] -= 1
        if budget[0] <= 0:
            return
        # Repeated elements (<item>, <camera>, <product> ...) are a list of other things: not the device; so is what
        # an element named for a collection holds (<DeviceList>, <clients>).
        if len(child) and (counts[name] > 1 or _collection(name)):
            continue
        _walk_xml(child, depth + 1, values, budget)
