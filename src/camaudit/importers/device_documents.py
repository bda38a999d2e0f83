"""What a device says about itself in the documents its web API serves, read as fields.

Scanners and collectors keep the body of whatever page they fetched: a camera's device-information document
is often among them (``/ISAPI/System/deviceInfo``, ``/axis-cgi/param.cgi``, ``magicBox.cgi?action=
getSystemInfo``, Foscam's ``CGIProxy.fcgi?cmd=getDevInfo``, Reolink's ``api.cgi?cmd=GetDevInfo``, 2N's
``/api/system/info``, Hanwha's SUNAPI ``system.cgi?msubmenu=deviceinfo``, Uniview's LAPI ``/LAPI/V1.0/System/
DeviceInfo``, Vivotek's ``getparam.cgi?system_info_*``, AVTECH's ``Machine.cgi?action=get_capability``). Each is
read by its structure, never by a search for words in it:

* where a live probe fills fields for the same answer, the document fills those same fields, so every rule
  written for the probe holds for the stored page: Hikvision ISAPI ``DeviceInfo`` → ``hik.isapi.device_info.*``
  (``scan/probes/hikvision.py``); Axis VAPIX ``root.Brand.*``/``root.Properties.*`` lines and the
  ``basicdeviceinfo.cgi`` JSON → ``axis.*`` (the ``axis-vapix`` probe reads the same values live); Dahua
  ``getSystemInfo`` → ``dahua.rpc.*`` (the same ``magicBox`` values the RPC2 login reads);
* makers without a probe fill the generic ``devinfo.*`` fields: ``devinfo.api`` names the document
  (``foscam-cgi``, ``reolink-api``, ``2n-http-api``, ``hanwha-sunapi``, ``uniview-lapi``, ``vivotek-cgi``,
  ``avtech-cgi``), the others carry model, firmware, serial, name and type.

A MAC address in the document becomes ``mac`` (through the one normaliser). Each format is recognised by
markers near its start, so a page that is none of them costs a few substring tests. Nothing here raises:
XML goes through defusedxml (no entities, no DTDs), JSON through the standard parser, and the callers
(:mod:`camaudit.importers.sniff`) catch the parser's faults.
"""

from __future__ import annotations

import re
from typing import Any
from xml.etree.ElementTree import Element

from camaudit.importers.api_answers import ANSWER, ISAPI_NAMESPACES, MAX_VALUE_CHARS
from camaudit.macaddress import normalise_mac
from camaudit.protocols import soap

#: How far into a text document its recognising keys are looked for, and how many lines are read.
_TEXT_PEEK = 4096
_MAX_LINES = 400
#: Characters of one parameter group read (its :data:`_MAX_LINES` lines fit well inside).
_GROUP_CHARS = 48 * 1024
_ISAPI_FIELDS = {
    "model": "hik.isapi.device_info.model",
    "serialNumber": "hik.isapi.device_info.serial",
    "deviceType": "hik.isapi.device_info.device_type",
    "deviceName": "hik.isapi.device_info.device_name",
}
#: Foscam's CGI answers are ``<CGI_Result><result>0</result>...``; getDevInfo's elements.
_FOSCAM_FIELDS = {"productName": "devinfo.model", "firmwareVer": "devinfo.firmware", "serialNo": "devinfo.serial",
                  "devName": "devinfo.name", "hardwareVer": "devinfo.hardware"}
#: Reolink ``GetDevInfo`` → ``value.DevInfo`` keys.
_REOLINK_FIELDS = {"model": "devinfo.model", "firmVer": "devinfo.firmware", "serial": "devinfo.serial",
                   "name": "devinfo.name", "type": "devinfo.device_type", "hardVer": "devinfo.hardware"}
#: 2N ``/api/system/info`` → ``result`` keys.
_2N_FIELDS = {"variant": "devinfo.model", "swVersion": "devinfo.firmware", "serialNumber": "devinfo.serial",
              "deviceName": "devinfo.name", "hwVersion": "devinfo.hardware"}
#: Axis VAPIX parameters (``param.cgi?action=list``) and the ``axis.*`` field each fills.
_AXIS_PARAMS = {
    "root.Brand.Brand": "axis.brand",
    "root.Brand.ProdNbr": "axis.prod_nbr",
    "root.Brand.ProdType": "axis.prod_type",
    "root.Properties.Firmware.Version": "axis.version",
    "root.Properties.System.SerialNumber": "axis.serial",
}
#: The parameter groups those lines are in.
_AXIS_GROUPS = ("root.Brand.", "root.Properties.")
#: Axis VAPIX ``basicdeviceinfo.cgi`` (``getAllProperties``/``getAllUnrestrictedProperties``) ``data.propertyList``.
_AXIS_PROPERTIES = {"Brand": "axis.brand", "ProdNbr": "axis.prod_nbr", "ProdType": "axis.prod_type",
                    "Version": "axis.version", "SerialNumber": "axis.serial"}
#: Dahua ``magicBox.cgi?action=getSystemInfo``: keys and fields. The document is recognised only when it
#: carries ``deviceType``, a key no generic page would (``processor``, ``updateSerial``), and at least three of
#: the answer's six keys: a status page with a ``deviceType`` line is not a Dahua's.
_DAHUA_SYSTEM_INFO = {"deviceType": "dahua.rpc.device_type", "serialNumber": "dahua.rpc.serial"}
_DAHUA_MARKS = ("\nprocessor=", "\nupdateSerial=")
_DAHUA_KEYS = frozenset({"appAutoStart", "deviceType", "hardwareVersion", "processor", "serialNumber", "updateSerial"})
_DAHUA_MIN_KEYS = 3
#: Hanwha (Samsung Techwin) SUNAPI ``system.cgi?msubmenu=deviceinfo&action=view``, as ``key=value`` lines or JSON
#: (SUNAPI 2.5 on). Recognised by ``Model`` and one of the keys only SUNAPI's answer carries.
_SUNAPI_FIELDS = {"Model": "devinfo.model", "FirmwareVersion": "devinfo.firmware", "SerialNumber": "devinfo.serial",
                  "DeviceName": "devinfo.name", "DeviceType": "devinfo.device_type"}
_SUNAPI_MARKS = ("ConnectedMACAddress", "CGIVersion")
#: Uniview LAPI answers: ``{"Response": {"ResponseURL": "/LAPI/...", "Data": {...}}}`` (``DeviceInfo``: DeviceModel,
#: SerialNumber, FirmwareVersion; ``DeviceBasicInfo``: ProductModel, SerialNo, FirmwareVersion).
_LAPI_FIELDS = {"DeviceModel": "devinfo.model", "ProductModel": "devinfo.model", "FirmwareVersion": "devinfo.firmware",
                "SoftwareVersion": "devinfo.firmware", "SerialNumber": "devinfo.serial", "SerialNo": "devinfo.serial",
                "DeviceName": "devinfo.name"}
#: Vivotek ``getparam.cgi`` lines: ``system_info_modelname='IB8369A'``, in the ``system_`` group.
_VIVOTEK_GROUP = "system_"
_VIVOTEK_PREFIX = "system_info_"
_VIVOTEK_FIELDS = {"system_info_modelname": "devinfo.model", "system_info_firmwareversion": "devinfo.firmware",
                   "system_info_serialnumber": "devinfo.serial", "system_hostname": "devinfo.name"}
#: AVTECH ``/cgi-bin/nobody/Machine.cgi?action=get_capability`` lines (``Product.Type=DVR``, ``MACAddress=``).
_AVTECH_FIELDS = {"Firmware.Version": "devinfo.firmware", "Product.Type": "devinfo.device_type",
                  "Product.ID": "devinfo.hardware"}
_AVTECH_MARKS = ("\nProduct.Type=", "\nProduct.ID=", "\nFirmware.Version=")
#: Dahua ``magicBox.cgi?action=getSoftwareVersion``: one line, ``version=`` and the firmware in Dahua's own layout
#: (``4.002.0000000.2.R``), a build date after it. Only that layout is read: a bare ``version=`` names nobody.
_DAHUA_VERSION = re.compile(
    r"version=(V?\d{1,2}\.\d{3}\.[\dA-Z]{7}\.\d{1,3}\.[A-Z])(?:,build:\d{4}-\d{2}-\d{2})?", re.ASCII
)
#: A value of zeros and separators only (a serial or MAC a firmware leaves unset) says nothing.
_ZEROS = re.compile(r"[0\s:.\-]+")
_KEY_VALUE = re.compile(r"^([A-Za-z][\w.\[\]]{0,80})=([^\r\n]{0,512})$", re.MULTILINE)
#: A value in single quotes (Vivotek writes ``key='value'``).
_QUOTED = re.compile(r"'([^']*)'")


def xml_document_fields(text: str, head: str, fields: dict[str, str]) -> str | None:
    """Fill ``fields`` from an XML device document (``head``: its first characters); its api name, else ``None``."""
    if "<DeviceInfo" in head and any(ns in head for ns in ISAPI_NAMESPACES):
        root = soap.xml_root(text.encode("utf-8", "replace"))
        if root is not None and soap.local_name(root.tag) == "DeviceInfo":
            return _isapi(root, fields)
    if "<CGI_Result>" in head and "<productName>" in text[:_TEXT_PEEK]:
        root = soap.xml_root(text.encode("utf-8", "replace"))
        if root is not None and soap.local_name(root.tag) == "CGI_Result":
            return _foscam(root, fields)
    return None


def json_document_fields(doc: Any, fields: dict[str, str]) -> str | None:
    """Fill ``fields`` from a parsed JSON device document; its api name, else ``None``."""
    if isinstance(doc, list) and doc and isinstance(doc[0], dict) and doc[0].get("cmd") == "GetDevInfo":
        info = _dict(_dict(doc[0].get("value")).get("DevInfo"))
        if _put_all(info, _REOLINK_FIELDS, fields):
            fields["devinfo.api"] = "reolink-api"
            return "reolink-api"
        return None
    if isinstance(doc, dict) and isinstance(doc.get("data"), dict) and "propertyList" in doc["data"]:
        properties = _dict(doc["data"].get("propertyList"))
        if properties.get("Brand") is not None and _put_all(properties, _AXIS_PROPERTIES, fields):
            _put_mac(str(properties.get("SerialNumber") or ""), fields)
            return "axis-vapix"
        return None
    if isinstance(doc, dict) and isinstance(doc.get("Response"), dict):
        return _lapi(doc["Response"], fields)
    if isinstance(doc, dict) and "Model" in doc and any(mark in doc for mark in _SUNAPI_MARKS):
        return _sunapi(doc, fields)
    if isinstance(doc, dict) and doc.get("success") is True:
        result = _dict(doc.get("result"))
        if "variant" in result and "swVersion" in result and _put_all(result, _2N_FIELDS, fields):
            _put_mac(str(result.get("macAddr") or ""), fields)
            fields["devinfo.api"] = "2n-http-api"
            return "2n-http-api"
    return None


def json_marked(text: str) -> bool:
    """Whether a JSON body near its start names a document :func:`json_document_fields` reads."""
    head = text[:_TEXT_PEEK]
    return (
        '"GetDevInfo"' in head
        or '"propertyList"' in head
        or ('"swVersion"' in head and '"variant"' in head)
        or '"/LAPI/' in head
        or ('"Model"' in head and any(f'"{mark}"' in head for mark in _SUNAPI_MARKS))
    )


def text_document_fields(text: str, fields: dict[str, str]) -> str | None:
    """Fill ``fields`` from a ``key=value`` device page (Axis VAPIX parameters, Dahua getSystemInfo and
    getSoftwareVersion, Hanwha SUNAPI, Vivotek getparam, AVTECH get_capability). Any other text costs a few
    substring tests on its first :data:`_TEXT_PEEK` characters, no parse."""
    if text.startswith("root."):
        # A whole param.cgi?action=list answer is tens of KB, its groups in alphabetical order: root.Brand after
        # root.Audio..., root.Properties hundreds of lines further on. Each group is looked for where it starts.
        found = _group_values(text, _AXIS_GROUPS)
        if _put_all(found, _AXIS_PARAMS, fields):
            _put_mac(found.get("root.Properties.System.SerialNumber", ""), fields)
            # The answer is VAPIX's whichever values it held, as importers/api_answers.py says of one without them:
            # the maker once the answer's own properties or other evidence make the device a video device.
            fields.setdefault(ANSWER, "axis-vapix")
            return "axis-vapix"
        return None
    peek = text[:_TEXT_PEEK]
    head = "\n" + peek
    # deviceType on any line, processor or updateSerial on a later one (they follow it in the answer).
    if "\ndeviceType=" in head and any(mark in peek for mark in _DAHUA_MARKS):
        found = _key_values(text)
        if len(_DAHUA_KEYS.intersection(found)) < _DAHUA_MIN_KEYS:
            return None
        # Some firmware writes a number in deviceType and the model in updateSerial.
        if not _model_like(found.get("deviceType", "")) and _model_like(found.get("updateSerial", "")):
            found["deviceType"] = found["updateSerial"]
        if _put_all(found, _DAHUA_SYSTEM_INFO, fields):
            return "dahua-cgi"
        return None
    if text.startswith("Model=") and any(f"\n{mark}=" in head for mark in _SUNAPI_MARKS):
        return _sunapi(_key_values(text), fields)
    if text.startswith(_VIVOTEK_GROUP):
        # getparam.cgi?system_info_modelname answers one line; getparam.cgi?system answers the whole group,
        # system_hostname first and the system_info_ lines further on.
        return _vivotek(_group_values(text, (_VIVOTEK_GROUP, _VIVOTEK_PREFIX)), fields)
    if sum(mark in head for mark in _AVTECH_MARKS) >= 2:
        return _avtech(_key_values(text), fields)
    if text.startswith("version="):
        version = _DAHUA_VERSION.fullmatch(text[:_TEXT_PEEK].strip())
        if version:
            fields["dahua.rpc.software_version"] = version.group(1)
            return "dahua-cgi"
    return None


def _isapi(root: Element, fields: dict[str, str]) -> str | None:
    values = _children(root)
    if not _put_all(values, _ISAPI_FIELDS, fields):
        return None
    version = " ".join(v for v in (values.get("firmwareVersion"), values.get("firmwareReleasedDate")) if v)
    if version:
        fields["hik.isapi.device_info.firmware"] = version[:MAX_VALUE_CHARS]
    _put_mac(values.get("macAddress", ""), fields, "hik.isapi.device_info.mac")
    return "hikvision-isapi"


def _foscam(root: Element, fields: dict[str, str]) -> str | None:
    values = _children(root)
    if not _put_all(values, _FOSCAM_FIELDS, fields):
        return None
    _put_mac(values.get("mac", ""), fields)
    fields["devinfo.api"] = "foscam-cgi"
    return "foscam-cgi"


def _sunapi(values: dict[str, Any], fields: dict[str, str]) -> str | None:
    """Hanwha SUNAPI ``deviceinfo`` (either form): model, firmware, serial, name, type (``NWC``, ``NVR``), MAC."""
    if not _put_all(values, _SUNAPI_FIELDS, fields):
        return None
    _put_mac(str(values.get("ConnectedMACAddress") or ""), fields)
    fields["devinfo.api"] = "hanwha-sunapi"
    return "hanwha-sunapi"


def _lapi(response: dict[str, Any], fields: dict[str, str]) -> str | None:
    """A Uniview LAPI envelope: any answer names the API; ``DeviceInfo``'s data names the device."""
    url = response.get("ResponseURL")
    if not isinstance(url, str) or not url.startswith("/LAPI/"):
        return None
    data = response.get("Data")
    values = data if isinstance(data, dict) else response
    _put_all(values, _LAPI_FIELDS, fields)
    kind = values.get("DeviceType")
    if isinstance(kind, str) and kind.strip():
        fields["devinfo.device_type"] = kind.strip()[:MAX_VALUE_CHARS]
    fields["devinfo.api"] = "uniview-lapi"
    return "uniview-lapi"


def _vivotek(values: dict[str, str], fields: dict[str, str]) -> str | None:
    """Vivotek ``getparam.cgi`` lines; their values are quoted."""
    unquoted = {key: _unquoted(value) for key, value in values.items() if key in _VIVOTEK_FIELDS}
    # The system_info_ lines are Vivotek's; a host name alone (system_hostname) could be anyone's.
    if not any(key.startswith(_VIVOTEK_PREFIX) for key in unquoted) or not _put_all(unquoted, _VIVOTEK_FIELDS, fields):
        return None
    _put_mac(unquoted.get("system_info_serialnumber", ""), fields)  # Vivotek's serial number is the MAC
    fields["devinfo.api"] = "vivotek-cgi"
    return "vivotek-cgi"


def _avtech(values: dict[str, str], fields: dict[str, str]) -> str | None:
    """AVTECH ``get_capability``: firmware, product type (``DVR``) and id, MAC."""
    if "Product.Type" not in values or not _put_all(values, _AVTECH_FIELDS, fields):
        return None
    _put_mac(values.get("MACAddress", ""), fields)
    fields["devinfo.api"] = "avtech-cgi"
    return "avtech-cgi"


def _unquoted(value: str) -> str:
    match = _QUOTED.fullmatch(value.strip())
    return match.group(1) if match else value


def _children(root: Element) -> dict[str, str]:
    """Local name → stripped text of the root's direct children (the first of each name)."""
    values: dict[str, str] = {}
    for child in list(root)[:200]:
        name = soap.local_name(child.tag)
        if name not in values:
            values[name] = (child.text or "").strip()[:MAX_VALUE_CHARS]
    return values


def _group_values(text: str, groups: tuple[str, ...]) -> dict[str, str]:
    """The ``key=value`` lines of each group (a key prefix), read from the group's first line on: at most
    :data:`_MAX_LINES` lines per group, wherever in the (caller-capped) text the group starts."""
    found: dict[str, str] = {}
    for group in groups:
        at = 0 if text.startswith(group) else text.find("\n" + group)
        if at < 0:
            continue
        for key, value in _key_values(text[at : at + _GROUP_CHARS].lstrip("\n")).items():
            found.setdefault(key, value)
    return found


def _key_values(text: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for count, match in enumerate(_KEY_VALUE.finditer(text.replace("\r\n", "\n"))):
        if count >= _MAX_LINES:
            break
        found.setdefault(match.group(1), match.group(2).strip()[:MAX_VALUE_CHARS])
    return found


def _put_all(values: dict[str, Any], names: dict[str, str], fields: dict[str, str]) -> bool:
    """Copy each non-empty text value named in ``names`` to its field; whether any was copied."""
    copied = False
    for key, name in names.items():
        value = values.get(key)
        if isinstance(value, (str, int)) and not isinstance(value, bool):
            text = str(value).strip()[:MAX_VALUE_CHARS]
            if text and not _ZEROS.fullmatch(text):
                fields[name] = text
                copied = True
    return copied


def _put_mac(text: str, fields: dict[str, str], raw_field: str | None = None) -> None:
    if raw_field and text.strip():
        fields[raw_field] = text.strip()[:MAX_VALUE_CHARS]
    mac = normalise_mac(text)
    if mac is not None:
        fields.setdefault("mac", mac)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _model_like(value: str) -> bool:
    return len(value) >= 4 and any(ch.isalpha() for ch in value) and any(ch.isdigit() for ch in value)
