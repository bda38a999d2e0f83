"""Any answer of a maker's own web or device API, read by its shape: which API answered, and so whose it is.

A scanner keeps whatever body a camera's API answered, and most of these are not the device-information
document :mod:`camaudit.importers.device_documents` reads: a time or network setting, a status or error
envelope, a login answer, a configuration dump. Each API still answers in a shape of its own, and that shape
names the API whatever the question was:

* Hikvision ISAPI: an XML document whose root element is in one of ISAPI's namespaces (the company's
  ``hikvision.com/ver10`` and ``/ver20``, ``isapi.org/ver20``, and ``std-cgi.com/ver10`` of older and
  relabelled firmware), whatever the root: a status, a setting, an event (``hikvision-isapi-video`` when the root
  is one of ISAPI's video resources: streaming or image channels, PTZ, a recorder's disks); and ISAPI's
  ``ResponseStatus`` envelope (``requestURL``, ``statusCode``, ``statusString``, ``subStatusCode``) in any
  namespace -- PSIA's ``urn:psialliance-org`` too -- or as ``?format=json`` writes it (a flat JSON object, no
  namespace), when its ``requestURL`` is an ``/ISAPI/`` path
  (``hikvision-isapi-video`` when that path is a video resource's and the status is no refusal: a busy or failed
  snapshot);
* Foscam CGI (``CGIProxy.fcgi``): every answer is ``<CGI_Result><result>N</result>...``;
* Reolink ``api.cgi``: a JSON list of ``{"cmd": ..., "code": ..., "value"|"error": {...}}``;
* Dahua CGI ``configManager.cgi?action=getConfig``: ``table.<Section>...=`` lines, and its other line lists in the
  same key grammar (``ptz.cgi``'s ``caps.`` capability set and ``status.`` PTZ status, three lines at least); its
  one-line serial answer (``sn=``) hands the serial to the serial-number layouts and names no API; Dahua RPC2
  (``/RPC2``, ``/RPC2_Login``, and the same JSON after a DHIP header on TCP 37777): ``{"id", "session",
  "result"|"params"|"error"}``, its login challenge read into the live probe's ``dahua.login.*`` fields;
* Xiongmai "Sofia" DVRIP (TCP 34567): JSON with ``"Ret"`` and ``"SessionID": "0x0000001d"``, with or without the
  20-byte binary header a collector kept before it; its login answer names the device type (``"DeviceType "``); the
  FunSDK firmware's key-exchange answer, which has no session id, by its DVRIP return code, ``EncryptAlgo`` and its
  ``PublicKey`` or ``NotEncryptMsgID`` list;
* Axis VAPIX ``param.cgi``: ``root.<Group>.<Name>=`` lines of any group, or its error line for a group the
  firmware lacks (``# Error: Error -1 getting param in group 'Brand'``);
* Hanwha (Samsung Techwin) SUNAPI's error answer: ``NG``, ``Error Code: <n>``, ``Error Details:`` lines;
* an ONVIF answer without its envelope, or a piece of one pasted from its middle (end tags whose start was cut off
  are dropped, so the siblings after them are read too; ``tt:TLS1.2``-style names with a dot are ONVIF's own);
* an ONVIF SOAP envelope (its answer or its fault): the device speaks ONVIF, a video device's protocol; the
  namespaces it declares beyond the standards' own go to ``onvif.namespaces`` (a maker's own web services), a
  GetHostname answer's name to ``onvif.hostname`` and a GetCapabilities answer's addresses to ``onvif.xaddrs``,
  as the live probe fills them (with the stream and snapshot addresses of a GetStreamUri or GetSnapshotUri answer),
  and the card a GetNetworkInterfaces answer reports to ``mac``.

A client's SOAP request (a WS-Discovery Probe, a ``GetDeviceInformation`` sent to a camera: protocols/soap_envelope.py
``request``), bare or after its HTTP request line (there even when cut before its body: ``from_client``), is
recognised as :data:`REQUEST` and fills nothing: it says what a client asked, not what answered, and read as an
answer or as banner text it typed a video device (its ONVIF namespaces, the ``NetworkVideoTransmitter`` it probes
for).

What is found goes to ``devinfo.answer`` (the API's name); the rules in ``rules/device_documents.yaml`` name the
maker from it at a certainty below the device-information document's, since an answer carries no model.
Each shape is recognised by markers near its start, then confirmed by parsing (defusedxml for XML, the
standard JSON parser); anything else costs a few substring tests. Nothing here raises on hostile text: the
caller (:mod:`camaudit.importers.sniff`) catches the parsers' faults, and every value kept is capped.
"""

from __future__ import annotations

import re
from typing import Any

from camaudit.macaddress import normalise_mac
from camaudit.protocols import baichuan, soap, soap_envelope

#: The field the answer's API name goes to.
ANSWER = "devinfo.answer"
#: The answer kind of any ONVIF service's answer, whole or in pieces (rules/device_documents.yaml
#: onvif.devinfo.answer.soap types it a video device).
ONVIF_ANSWER = "onvif-soap"
#: The protocol of a stored client request: recognised, so that no other reader takes it for the device's words.
REQUEST = "soap-request"
#: Longest value kept from an answer or a device document (a name, a model, a firmware string, a serial number).
MAX_VALUE_CHARS = 128
#: How far into a document its recognising markers are looked for.
_PEEK = 4096
#: Hikvision ISAPI's XML namespaces, each seen in a device's answer: the company's ver20 (a recorded status
#: answer, rules/device_documents.yaml) and ver10 (firmware V5.3.0), ``isapi.org/ver20`` (a ResponseStatus quoted
#: in evercam-server issue 475) and ``std-cgi.com/ver10`` (firmware V4.0.9; github:scottlamb/moonfire-playground/
#: camera-motion/src/hikvision.rs@3b336fd2173e). ``isapi.org/ver10`` and ``std-cgi.com/ver20`` wait for a source.
ISAPI_NAMESPACES = frozenset((
    "http://www.hikvision.com/ver10/XMLSchema",
    "http://www.hikvision.com/ver20/XMLSchema",
    "http://www.isapi.org/ver20/XMLSchema",
    "http://www.std-cgi.com/ver10/XMLSchema",
))
#: What an ISAPI answer in one of those namespaces is when its root is one of ISAPI's *video* resources: the device
#: answering is a camera, an encoder or a recorder (or a video door station), not one of Hikvision's alarm panels or
#: door controllers, which answer ISAPI too. Local names as the answers spell them: ``/ISAPI/Streaming/channels``
#: (``StreamingChannelList``/``StreamingChannel``, github:rajlful/hik/settings.py@e3a3da0d3d3b), ``/ISAPI/Image/
#: channels`` (``ImageChannellist`` -- lower-case l, as the firmware writes it -- ``ImageChannel``, ``IrcutFilter``),
#: ``/ISAPI/PTZCtrl/channels`` (``PTZChannelList``, ``PTZChannel``, ``PTZStatus``), ``/ISAPI/ContentMgmt/Storage``
#: (``storage`` with its ``hddList``: github:kihamo/boggart/components/boggart/providers/hikvision/swagger.yml
#: @e43797af1b9b); the video inputs, motion detection, privacy masks, overlays, IP channels of a recorder and its
#: recording tracks (``VideoInputChannelList``, ``MotionDetection``, ``PrivacyMask``, ``VideoOverlay``,
#: ``InputProxyChannelList``, ``Track``; Hikvision's ISAPI developer guide, https://www.hikvision.com/en/support/
#: download/sdk/). A time, network, user or event answer (``Time``, ``NetworkInterface``, ``DeviceStatus``,
#: ``EventNotificationAlert``) is every ISAPI product's and stays ``hikvision-isapi``.
ISAPI_VIDEO = "hikvision-isapi-video"
_ISAPI_VIDEO_ROOTS = frozenset((
    "StreamingChannelList", "StreamingChannel", "ImageChannellist", "ImageChannelList", "ImageChannel",
    "IrcutFilter", "PTZChannelList", "PTZChannel", "PTZStatus", "storage", "Storage", "VideoInputChannelList",
    "VideoInputChannel", "VideoInput", "MotionDetection", "PrivacyMask", "VideoOverlay", "InputProxyChannelList",
    "InputProxyChannel", "InputProxyChannelStatusList", "Track", "TrackList",
))
#: The children of ISAPI's status envelope (``ResponseStatus``), of which a reply must carry three.
_RESPONSE_STATUS_KEYS = frozenset({"requestURL", "statusCode", "statusString", "subStatusCode"})
_RESPONSE_STATUS_MIN_KEYS = 3
#: The request paths of ISAPI's video resources, lower-cased (firmware writes ``Streaming/Channels`` and
#: ``Streaming/channels`` alike). A ``ResponseStatus`` echoes the path it answers in ``requestURL``: when that path is
#: one of these and the status is not a refusal of the request (below), the device holds the video resource -- it was
#: busy taking the picture, failed at it, or read the setting sent to it -- so the answer is a camera's, an encoder's or
#: a recorder's, like an answer whose root is the resource itself. Sources: ``/ISAPI/Streaming/channels/<n>/picture``,
#: ``/ISAPI/Image/channels``, ``/ISAPI/PTZCtrl/channels``, ``/ISAPI/ContentMgmt/Storage`` in
#: github:kihamo/boggart/components/boggart/providers/hikvision/swagger.yml@e43797af1b9b, and cameras' error answers to
#: the picture path in https://github.com/evercam/evercam-server/issues/475 (isapi.org namespace, statusCode 3 Device
#: Error) and issues/63 (the same in PSIA's namespace); ``/ISAPI/Traffic/channels/<ID>/vehicleDetect`` and
#: ``/ISAPI/System/Video/inputs/channels/<ID>`` in Hikvision's "How to integrate with Hikvision LPR function via ISAPI"
#: 1.1.0 (2016), a copy at
#: https://vdocuments.site/how-to-integrate-with-hikvision-lpr-function-via-to-integrate-with-2018-8.html;
#: ``/ISAPI/Thermal/channels/<n>/thermometry`` in github:MaomaoMAo-17/hikvision-thermal-parser/README.md (dual-spectrum
#: thermal cameras). Event, system, security, access-control and alarm (``SecurityCP``) paths are every ISAPI product's
#: and are not listed.
_ISAPI_VIDEO_PATHS = (
    "/isapi/streaming/", "/isapi/image/", "/isapi/ptzctrl/", "/isapi/contentmgmt/storage", "/isapi/system/video/",
    "/isapi/traffic/", "/isapi/thermal/",
)
#: ISAPI's status code for a request the device refuses as such ("Invalid Operation": ``notSupport``,
#: ``methodNotAllowed``, ``lowPrivilege``, ``badAuthorization``, ``notActivated`` ...): the device need not hold the
#: resource at all -- an alarm panel asked for a camera's picture says ``notSupport`` -- so the path then says nothing.
#: The other codes (1 OK, 2 Device Busy, 3 Device Error, 5 Invalid XML Format, 6 Invalid XML Content, 7 Reboot
#: Required) are answers of a device that took up the request (the seven codes of ISAPI's status table, described
#: so in github:Aelean99/HikvisionAutoConfig/hikvision.py: Invalid Operation when the operation is not supported, the
#: user has not authenticated or lacks the privilege; cameras' code 3 on the picture path in evercam-server issues 475
#: and 63, above).
_ISAPI_REFUSED = 4
#: An ONVIF namespace declared in an XML head (the device, media, event ... services and the schema).
_ONVIF_XMLNS = re.compile(r"""xmlns(?::[A-Za-z_][\w.-]{0,39})?\s{0,8}=\s{0,8}["']https?://www\.onvif\.org/ver[12]0/""")
#: A Dahua configuration line: ``table.General.MachineName=Cam4``, ``table.Lighting_V2[0][2][0].Mode=Manual``.
_DAHUA_TABLE = re.compile(r"table\.[A-Z][A-Za-z0-9_]{0,63}(?:\[\d{1,4}\]){0,4}(?:\.[A-Za-z0-9_\[\]]{1,64}){0,8}=")
_DAHUA_MACHINE_NAME = re.compile(r"^table\.General\.MachineName=([^\r\n]{1,128})", re.MULTILINE)
#: The other line lists of Dahua's CGI, each key under the answer's own prefix in Dahua's key grammar (a capitalised
#: name, ``[n]`` indices, dotted members): a capability set (``ptz.cgi?action=getCurrentProtocolCaps``:
#: ``caps.Pan=true``, ``caps.PtzMotionRange.HorizontalAngle[0]=0``) and a PTZ status (``ptz.cgi?action=getStatus``:
#: ``status.Postion[0]=91.600000``, the firmware's own spelling). Read by opensensorhub's Dahua driver
#: (github:opensensorhub/osh-addons/sensors/video/sensorhub-driver-dahua/src/main/java/org/sensorhub/impl/sensor/
#: dahua/DahuaPtzControl.java@36066c700669: caps.PtzMotionRange.HorizontalAngle[0]..., DahuaCameraDriver.java:
#: caps.SupportPTZCoordinates; DahuaPtzOutput.java: status.Postion[0]) and by github:rroller/dahua/custom_components/
#: dahua/client.py@00aee8612ed9 (async_get_ptz_position: 'Example output: status.Action=Preset ... status.Postion[0]
#: =91.600000 ... status.ZoomStatus=Idle').
_DAHUA_LIST_LINE = re.compile(
    r"(caps|status)\.[A-Z][A-Za-z0-9_]{0,63}(?:\[\d{1,4}\]){0,4}(?:\.[A-Za-z0-9_]{1,64}(?:\[\d{1,4}\]){0,4}){0,8}"
    r"=[^\r\n]{0,256}\r?$", re.ASCII | re.MULTILINE,
)
#: How many such lines, each under the first line's prefix, make a list Dahua's: one ``caps.`` or ``status.`` line
#: could be anyone's settings file; a run of them in Dahua's key grammar is that CGI's answer.
_DAHUA_LIST_MIN_LINES = 3
#: magicBox.cgi?action=getSerialNo answers one line, ``sn=`` and the serial number (Dahua's HTTP API, GetSerialNo in
#: magicBox's chapter: "DAHUA HTTP API FOR DVR" version 1.29, a copy at https://vdocuments.net/dahua-http-api-for-dvr-
#: version-1-planet-seguridad-the-dahua-video-product-supplies.html; its catalogue was read, the answer's key is as
#: Dahua clients split it). The serial is handed to the serial-number layouts (``@serial``: layers/identifiers.yaml),
#: which alone say whose it is: the one line names no API.
_SERIAL_LINE = re.compile(r"sn=([0-9A-Za-z][0-9A-Za-z-]{5,39})[ \t]{0,4}\r?\n?", re.ASCII)
#: Dahua's DVRIP answer to the 32-byte realm request on TCP 37777, which it sends before any login: a 32-byte binary
#: header from 0xB0 (kept or not), then ``Realm:Login to <id>`` and ``Random:<nonce>`` lines. The live probe reads the
#: same answer (scan/probes/dahua.py ``parse_dvrip_realm``); sources: github:mcw0/Tools/Dahua-JSON-Debug-Console-v2.py
#: @0afaf5f (Dahua_DVRIP_Login: the realm request and the ``Realm:``/``Random:`` answer it parses). Both lines, in that
#: order, at the start: ``Realm:`` alone is any protocol's word.
_DVRIP_REALM = re.compile(
    r"(?:\xb0[\x00-\xff]{31})?Realm:(Login to [0-9A-Za-z._-]{6,32})[ \t]{0,4}\r?\nRandom:[0-9A-Za-z]{1,32}[ \t]{0,4}"
    r"(?:\r?\n|\x00|$)",
)
#: An Axis VAPIX parameter line (``root.Image.I0.Enabled=yes``) and its error line for a missing group.
_AXIS_PARAM = re.compile(r"root\.[A-Z][A-Za-z0-9_]{0,63}(?:\.[A-Za-z0-9_]{1,64}){1,8}=")
_AXIS_ERROR = "# Error: Error -1 getting param in group '"
#: The keys of a Dahua RPC2 answer (JSON-RPC 1.0 with a session; no "jsonrpc" member).
_RPC2_KEYS = frozenset({"id", "session", "result", "params", "error"})
#: A Xiongmai DVRIP session id: ``0x`` and hex digits -- eight in the answers of alexshpilkin/dvrip's tests
#: (``0x00000057``), ten in an iCSee client's request (github:lr-m/lr-m.github.io, static/media/
#: video_call_camera-2024-12-30-p2...md: ``0x000001869f``); python-dvr reads it as a hex number of any length
#: (github:OpenIPC/python-dvr/dvrip.py@173c36cf264b, ``int(reply["SessionID"], 16)``).
_DVRIP_SESSION = re.compile(r"0x[0-9A-Fa-f]{1,10}")
#: DVRIP's return codes (``Ret``), as xet's table lists them (github:sol-vin/xet/src/xet/info/ret_codes.cr@3a734c401f86:
#: 100 OK ... 121, 150, 202-216, 502-504, 511-515, 521-523, 602-608). An answer without a session id is read as DVRIP's
#: only with one of these codes.
_DVRIP_RET_CODES = frozenset((
    *range(100, 122), 150, *range(202, 217), *range(502, 505), *range(511, 516), *range(521, 524), *range(602, 609),
))
#: The keys of the FunSDK firmware's key-exchange answer (message 1011, to a credential-free message 1010), which
#: carries no session id: the RSA public key as ``<modulus hex>,<exponent hex>``, the algorithms, and the ids of the
#: messages sent in the clear. An iCSee camera's answer recorded live (github:voidnullvalue/Icsee-android/
#: PROTOCOL_NOTES.md@0e769a02ad34: ``{ "Bits" : 1024, "CommunicateBits" : 128, "CommunicateEncryptAlgo" : "AES",
#: "EncryptAlgo" : "RSA_V1.5", "NotEncryptMsgID" : [ 1000, 1001, ... ], "PublicKey" : "<hex>,010001", "Ret" : 100 }``;
#: helper-173's development batch, devreplies_private line 2). FunSDK is Xiongmai's device SDK (XMEye, iCSee).
_DVRIP_KEY_EXCHANGE = re.compile(r"[0-9A-Fa-f]{64,1024},[0-9A-Fa-f]{1,8}", re.ASCII)
#: How many message ids of ``NotEncryptMsgID`` are looked at, and the range DVRIP numbers its messages in (1000 ...
#: 3999 in xet's command table and the answer above).
_DVRIP_MAX_IDS = 64
#: The longest ``PublicKey`` read: a 4096-bit modulus in hex, a comma and an exponent.
_DVRIP_MAX_KEY_CHARS = 1040
_DVRIP_MESSAGE_IDS = range(1000, 4000)
#: The ``SystemInfo`` answer (DVRIP command 1020/1021): its keys, spelt as the firmware spells them, and the fields
#: the ones that describe the device fill: github:sol-vin/xet/src/xet/commands/systeminfo.cr@342309b57052 (xet's
#: DVRIP command table, System::Info::Reply 0x03fd: AlarmInChannel ... HardWare, SerialNo, SoftWareVersion,
#: UpdataTime, DeviceModel).
_SYSTEM_INFO_KEYS = frozenset({
    "AlarmInChannel", "AlarmOutChannel", "AudioInChannel", "BuildTime", "CombineSwitch", "DeviceModel",
    "DeviceRunTime", "DigChannel", "EncryptVersion", "ExtraChannel", "HardWare", "HardWareVersion", "SerialNo",
    "SoftWareVersion", "TalkInChannel", "TalkOutChannel", "UpdataTime", "UpdataType", "VideoInChannel",
    "VideoOutChannel",
})
#: How many of those keys make a JSON object DVRIP's SystemInfo when no envelope is around it.
_SYSTEM_INFO_MIN_KEYS = 5
_SYSTEM_INFO_FIELDS = {"SerialNo": "devinfo.serial", "SoftWareVersion": "devinfo.firmware",
                       "HardWare": "devinfo.hardware", "DeviceModel": "devinfo.model"}
#: A response element an ONVIF answer's body starts with (``GetCapabilitiesResponse``), with or without a prefix:
#: a fragment kept without its envelope. Its namespace is checked once it is parsed.
_ONVIF_FRAGMENT = re.compile(r"<(?:([A-Za-z_][\w.-]{0,15}):)?([A-Z][A-Za-z0-9]{2,63}Response)[\s/>]")
#: What a piece of an answer must hold to be the device's own: a service address on ONVIF's path or an ONVIF scope.
_ONVIF_PATH = "/onvif/"
_ONVIF_SCOPE = "onvif://www.onvif.org/"
#: What every ONVIF service's and schema's namespace starts with (ver10, ver20 ...).
_ONVIF_NAMESPACE = "http://www.onvif.org/ver"
#: The prefixes ONVIF's WSDLs bind (tds device, trt and tr2 media, tev events, tptz PTZ, timg imaging, tan analytics,
#: tmd device IO, trc recording, tse search, trp replay, tt the schema) and their namespaces, declared around a
#: fragment that lost them with its envelope.
_ONVIF_PREFIXES = {
    "tds": "http://www.onvif.org/ver10/device/wsdl", "trt": "http://www.onvif.org/ver10/media/wsdl",
    "tr2": "http://www.onvif.org/ver20/media/wsdl", "tev": "http://www.onvif.org/ver10/events/wsdl",
    "tptz": "http://www.onvif.org/ver20/ptz/wsdl", "timg": "http://www.onvif.org/ver20/imaging/wsdl",
    "tan": "http://www.onvif.org/ver20/analytics/wsdl", "tmd": "http://www.onvif.org/ver10/deviceIO/wsdl",
    "trc": "http://www.onvif.org/ver10/recording/wsdl", "tse": "http://www.onvif.org/ver10/search/wsdl",
    "trp": "http://www.onvif.org/ver10/replay/wsdl", "tt": "http://www.onvif.org/ver10/schema",
}
#: A piece of an ONVIF answer kept without its response element, under one of those prefixes: ``<tt:XAddr>``,
#: ``<tds:Service>``, ``<tt:Capabilities>`` (a GetCapabilities or GetServices answer cut to what a collector kept).
_ONVIF_PIECE = re.compile(
    r"<(" + "|".join(sorted(_ONVIF_PREFIXES, key=len, reverse=True))
    + r"):([A-Z][A-Za-z0-9]{1,31}(?:\.[0-9A-Za-z]{1,31})?)[\s/>]"
)
#: A start or end tag in a fragment (its name, and whether it closes), for :func:`_unmatched_closings_dropped`. ONVIF's
#: schema names a few elements with a dot in them (``tt:TLS1.2``, ``tt:X.509Token``, GetCapabilities' security
#: capabilities: ONVIF Core Specification, tt:SecurityCapabilities).
_TAG = re.compile(r"<(/?)([A-Za-z_][\w.:-]{0,80})(?:\s[^<>]{0,256})?>")
#: A SOAP Body's start tag (any prefix, no attributes) and the blanks after it: where an answer's element starts.
_SOAP_BODY = re.compile(r"<(?:[A-Za-z_][\w.-]{0,15}:)?Body>\s{0,64}")
#: How far into a document an ONVIF response element may start (after an XML declaration, a SOAP Body's tag).
_FRAGMENT_WITHIN = 512
#: Hanwha SUNAPI's error answer, as networkoptix's SUNAPI client parses it (hanwha_response.cpp): a line "NG",
#: a line "Error Code: <number>", a line "Error Details:" (the text follows on the next line).
_SUNAPI_ERROR = re.compile(r"NG[ \t]{0,4}\r?\nError Code:[ \t]{0,4}-?\d{1,6}[ \t]{0,4}\r?\nError Details:", re.ASCII)


def xml_answer(
    text: str, head: str, fields: dict[str, str], envelope: soap_envelope.Reading | None = None
) -> str | None:
    """Fill ``fields`` from an XML answer of a maker's API or an ONVIF envelope; its protocol, else ``None``.
    ``envelope`` is the caller's :func:`soap_envelope.reading` of ``text`` when it made one (read here otherwise)."""
    if "<ResponseStatus" in head or ("XMLSchema" in head and any(ns in head for ns in ISAPI_NAMESPACES)):
        root = soap.xml_root(text.encode("utf-8", "replace"))
        if root is None:
            return None
        if soap.namespace(root.tag) in ISAPI_NAMESPACES:
            # One of ISAPI's video resources, as the answer's root or as the path a status answers, makes the answer a
            # video device's (a camera's, a recorder's).
            video = soap.local_name(root.tag) in _ISAPI_VIDEO_ROOTS or _isapi_video_status(root)
            fields[ANSWER] = ISAPI_VIDEO if video else "hikvision-isapi"
            return "http"
        if _isapi_status(root):
            fields[ANSWER] = ISAPI_VIDEO if _isapi_video_status(root) else "hikvision-isapi"
            return "http"
        return None
    if head.startswith("<CGI_Result>") or ("<CGI_Result>" in head[:200] and head.startswith("<?xml")):
        root = soap.xml_root(text.encode("utf-8", "replace"))
        if root is not None and root.tag == "CGI_Result":
            result = root.find("result")
            if result is not None and _integer(result.text):
                fields[ANSWER] = "foscam-cgi"
                return "http"
        return None
    if "Envelope" in head:
        envelope = soap_envelope.reading(text) if envelope is None else envelope
        if envelope.request:
            return REQUEST
        if _ONVIF_XMLNS.search(head):
            return _onvif(text, fields, envelope.declarations)
    if "<body" in head[:256]:
        # Reolink's Baichuan (TCP 9000) XML body, kept without its binary header or deciphered by the collector; read
        # as far as it arrived (a client's log line prints the payload cut at its own limit).
        root = soap.partial_root(text.encode("utf-8", "replace"))
        return "baichuan" if root is not None and baichuan.body_fields(root, fields) else None
    return _onvif_fragment(text, head, fields)


def json_marked(text: str) -> bool:
    """Whether a JSON body near its start has the keys of an answer :func:`json_answer` reads."""
    head = text[:_PEEK]
    if text.startswith("["):
        return '"cmd"' in head and '"code"' in head
    return (
        ('"session"' in head and '"id"' in head)
        or ('"SessionID"' in head and '"Ret"' in head)
        or ('"EncryptAlgo"' in head and '"Ret"' in head)
        or ('"SoftWareVersion"' in head and '"HardWare"' in head)
        or ('"requestURL"' in head and '"subStatusCode"' in head)
    )


def json_answer(doc: Any, fields: dict[str, str]) -> str | None:
    """Fill ``fields`` from a parsed JSON answer of a maker's API; its protocol, else ``None``."""
    if isinstance(doc, dict):
        return (
            _rpc2(doc, fields) or _dvrip(doc, fields) or system_info_answer(doc, fields)
            or _isapi_json_status(doc, fields)
        )
    if isinstance(doc, list) and doc and all(isinstance(item, dict) for item in doc[:16]):
        first = doc[0]
        command, code = first.get("cmd"), first.get("code")
        if (
            isinstance(command, str) and 0 < len(command) <= 64 and command.isalnum() and _number(code)
            and (isinstance(first.get("value"), dict) or _reolink_error(first.get("error")))
        ):
            fields[ANSWER] = "reolink-api"
            return "http"
    return None


def text_answer(text: str, fields: dict[str, str]) -> str | None:
    """Fill ``fields`` from a text answer of a maker's API (Dahua's DVRIP realm answer, Dahua ``table.`` lines, Axis
    ``root.`` parameter lines or their error line, a Hanwha SUNAPI error); its protocol, else ``None``."""
    if text.startswith(("Realm:", "\xb0")):
        realm = _DVRIP_REALM.match(text)
        if realm:
            # The live probe's field (fields.py dahua.dvrip.realm), so the same rules read a stored answer.
            fields["dahua.dvrip.realm"] = realm.group(1)
            return "dahua-dvrip"
    if text.startswith("table.") and _DAHUA_TABLE.match(text):
        name = _DAHUA_MACHINE_NAME.search(text, 0, _PEEK)
        if name and name.group(1).strip():
            fields.setdefault("devinfo.name", name.group(1).strip()[:MAX_VALUE_CHARS])
        fields[ANSWER] = "dahua-cgi"
        return "http"
    if text.startswith(("caps.", "status.")) and _dahua_list(text):
        fields[ANSWER] = "dahua-cgi"
        return "http"
    if text.startswith("sn="):
        serial = _SERIAL_LINE.fullmatch(text)
        if serial:
            fields.setdefault("devinfo.serial", serial.group(1))
        return None
    if (text.startswith("root.") and _AXIS_PARAM.match(text)) or text.startswith(_AXIS_ERROR):
        fields[ANSWER] = "axis-vapix"
        return "http"
    if text.startswith("NG") and _SUNAPI_ERROR.match(text):
        fields[ANSWER] = "hanwha-sunapi"
        return "http"
    if text.startswith("POST ") and soap_envelope.from_client(text):
        return REQUEST  # a client's SOAP request quoted with its HTTP head (cut or whole), and no answer after it
    return None


def _dahua_list(text: str) -> bool:
    """Whether ``text`` opens with :data:`_DAHUA_LIST_MIN_LINES` lines of a Dahua CGI list under one prefix."""
    prefix, count, at = None, 0, 0
    for line in _DAHUA_LIST_LINE.finditer(text, 0, _PEEK):
        if line.start() != at:
            return False  # a line of another shape between them
        if prefix not in (None, line.group(1)):
            return False
        prefix, count, at = line.group(1), count + 1, line.end() + 1
        if count >= _DAHUA_LIST_MIN_LINES:
            return True
    return False


def _onvif(text: str, fields: dict[str, str], declarations: str | None) -> str | None:
    root = soap.partial_root(text.encode("utf-8", "replace"))
    if root is None:
        return _onvif_start_tag(text, fields, declarations)
    if soap.local_name(root.tag) != "Envelope":
        return None
    onvif_answered(text, fields)
    _onvif_reads(root, fields)
    return "onvif"


def onvif_answered(text: str, fields: dict[str, str]) -> None:
    """An ONVIF envelope, whole or cut: the answer's kind, and the makers' own namespaces it declares (at most
    :data:`soap.MAX_NAMESPACES`, which :func:`soap.soap_namespaces` keeps to). Every reader of an enveloped ONVIF
    answer calls this, the device-information reader in importers/sniff.py too, so an answer records the same fields
    whichever reader took it (and the live probe, scan/probes/onvif.py, fills the same two)."""
    fields[ANSWER] = ONVIF_ANSWER
    namespaces = soap.soap_namespaces(text[: soap.MAX_XML_BYTES].encode("utf-8", "replace"))
    if namespaces:
        fields.setdefault("onvif.namespaces", "\n".join(namespaces))


def _onvif_start_tag(text: str, fields: dict[str, str], declarations: str | None) -> str | None:
    """An ONVIF envelope cut inside its start tag (a collector's byte cap: a gSOAP table alone is 2-3 KB), so that no
    element arrived: when the ``declarations`` that did arrive (its :func:`soap_envelope.reading`) bind an ONVIF
    namespace on a SOAP envelope, the device's ONVIF service answered."""
    if declarations is None or _ONVIF_NAMESPACE not in declarations:
        return None
    onvif_answered(text, fields)
    return "onvif"


def _onvif_reads(root: Any, fields: dict[str, str]) -> None:
    """What the live ONVIF probe reads from the same answers: GetHostname's name, GetCapabilities' service
    addresses; and the stream and snapshot addresses a GetStreamUri or GetSnapshotUri answer hands out, kept with the
    service addresses (``onvif.xaddrs``), where the stream-path conventions (layers/paths.yaml, ``@url``) read them;
    and the MAC a GetNetworkInterfaces answer reports (``mac``)."""
    name = soap.hostname(root)
    if name:
        fields.setdefault("onvif.hostname", name)
    addresses = soap.capability_xaddrs(root)
    addresses += [uri for uri in soap.media_uris(root) if uri not in addresses]
    if addresses:
        fields.setdefault("onvif.xaddrs", "\n".join(addresses[: soap.MAX_XADDRS]))
    # A GetNetworkInterfaces answer gives the device's own network card (its first valid address): the MAC the
    # device reports itself, whose IEEE block the OUI registry reads as for a MAC any other answer reports.
    mac = next(filter(None, map(normalise_mac, soap.hardware_addresses(root))), None)
    if mac:
        fields.setdefault("mac", mac)


def _onvif_fragment(text: str, head: str, fields: dict[str, str]) -> str | None:
    """An ONVIF answer kept without its SOAP envelope: a response element of an ONVIF service
    (``tds:GetCapabilitiesResponse``, ``trt:GetProfilesResponse``, ``GetScopesResponse xmlns="..."`` ...) near the
    start, its namespace declared on it, or lost with the envelope when its prefix is one ONVIF's WSDLs bind. It is
    read as the enveloped answer is, so the service that answered still types a video device; a SOAP fault,
    UPnP's and WS-Management's answers are in other namespaces and stay out."""
    found = _ONVIF_FRAGMENT.search(head, 0, _FRAGMENT_WITHIN) or _ONVIF_PIECE.search(head, 0, _FRAGMENT_WITHIN)
    if found is None:
        # Past a long SOAP Header (a security token, addressing lines): the element that opens the Body.
        body = _SOAP_BODY.search(head)
        if body is None:
            return None
        found = _ONVIF_FRAGMENT.match(head, body.end()) or _ONVIF_PIECE.match(head, body.end())
        if found is None:
            return None
    prefix, name = found.group(1), found.group(2)
    if text.find(f"</{prefix}:{name}>" if prefix else f"</{name}>") < 0 and not _opens_soap_body(head, found.start()):
        return None  # cut, and not the first element of a SOAP Body: a schema's or a page's excerpt, not an answer
    if prefix not in _ONVIF_PREFIXES and _ONVIF_NAMESPACE not in head:
        return None  # neither a prefix of ONVIF's nor its namespace declared: nothing to parse
    # Bind every ONVIF prefix around the fragment; a declaration inside it still wins for what it holds (a prefix
    # bound to another namespace is then no ONVIF answer).
    bindings = " ".join(f'xmlns:{name}="{uri}"' for name, uri in _ONVIF_PREFIXES.items())
    start = _unmatched_closings_dropped(text[found.start() : soap.MAX_XML_BYTES])
    root = soap.partial_root(f"<fragment {bindings}>{start}</fragment>".encode("utf-8", "replace"))
    answer = None if root is None else next(iter(root), None)
    if root is None or answer is None or not soap.namespace(answer.tag).startswith(_ONVIF_NAMESPACE):
        return None
    if not name.endswith("Response") and not _device_speaks(root):
        return None  # a piece of ONVIF's schema naming no service of this device (a WSDL excerpt, a type)
    fields[ANSWER] = ONVIF_ANSWER
    # Every element kept: the pieces of a GetServices answer (one tds:Service each) sit side by side.
    _onvif_reads(root, fields)
    for key, value in soap.onvif_fields(root).items():
        fields.setdefault(key, value)
    return "onvif"


def _opens_soap_body(head: str, at: int) -> bool:
    """Whether the element at ``at`` is the first inside a SOAP ``Body`` start tag (:data:`_SOAP_BODY`, within the 64
    characters before it): an answer whose envelope lost its namespace declarations (a client's log strips them) and
    was then cut where the log or an excerpt ends, so its end tag never arrived. A schema's or a page's excerpt of an
    element is not inside a SOAP Body."""
    return any(body.end() == at for body in _SOAP_BODY.finditer(head, max(0, at - 64), at))


def _unmatched_closings_dropped(text: str) -> str:
    """``text`` without the end tags whose start tag was cut off before it: a piece pasted from the middle of an
    answer closes the elements it began inside (``</tt:Security></tt:Device>``) and then goes on with their
    siblings (``<tt:Events><tt:XAddr>...``), which a parser would never reach."""
    kept: list[str] = []
    opened: list[str] = []
    still_open: dict[str, int] = {}  # how many of each name are on ``opened``: membership without a scan of it
    at = 0
    for tag in _TAG.finditer(text):
        closing, name = tag.group(1), tag.group(2)
        if not closing:
            if not tag.group(0).endswith("/>"):
                opened.append(name)
                still_open[name] = still_open.get(name, 0) + 1
            continue
        if still_open.get(name):
            while opened:
                top = opened.pop()
                still_open[top] -= 1
                if top == name:
                    break
            continue
        kept.append(text[at : tag.start()])  # an end tag with no start: left out
        at = tag.end()
    if not kept:
        return text
    kept.append(text[at:])
    return "".join(kept)


def _device_speaks(root: Any) -> bool:
    """Whether a piece of an ONVIF answer holds what only the device's own answer holds: a service address on ONVIF's
    path (``<tt:XAddr>http://192.168.1.64/onvif/device_service</tt:XAddr>``) or an ONVIF scope of the device."""
    return any(_ONVIF_PATH in xaddr for xaddr in soap.capability_xaddrs(root)) or any(
        scope.startswith(_ONVIF_SCOPE) for scope in soap.scope_items(root))


def _rpc2(doc: dict[str, Any], fields: dict[str, str]) -> str | None:
    """A Dahua RPC2 answer; a login challenge also fills the fields the live RPC2 probe fills (realm, code, MAC)."""
    if "session" not in doc or not doc.keys() <= _RPC2_KEYS or not _number(doc.get("id")):
        return None
    if not isinstance(doc["session"], (int, str)) or not any(key in doc for key in ("result", "params", "error")):
        return None
    params, error = doc.get("params"), doc.get("error")
    if isinstance(params, dict):
        realm = params.get("realm")
        if isinstance(realm, str) and realm.strip():
            fields["dahua.login.realm"] = realm.strip()[:MAX_VALUE_CHARS]
        mac = normalise_mac(str(params.get("mac") or "")[:64])
        if mac:
            fields.setdefault("mac", mac)
    if isinstance(error, dict) and _number(error.get("code")):
        fields["dahua.login.error_code"] = str(error["code"])
    fields[ANSWER] = "dahua-rpc2"
    return "http"


def _dvrip(doc: dict[str, Any], fields: dict[str, str]) -> str | None:
    """A Xiongmai DVRIP answer: a return code and a session id; a login answer names the device type."""
    session = doc.get("SessionID")
    if not _number(doc.get("Ret")):
        return None
    if session is None and _dvrip_key_exchange(doc):
        fields[ANSWER] = "xiongmai-dvrip"
        return "xmeye"
    if not isinstance(session, str) or not _DVRIP_SESSION.fullmatch(session):
        return None
    kind = doc.get("DeviceType ", doc.get("DeviceType"))  # the firmware writes the key with a trailing space
    if isinstance(kind, str) and kind.strip():
        fields["devinfo.device_type"] = kind.strip()[:MAX_VALUE_CHARS]
    # A command's answer carries its content under the command's name (``"Name" : "SystemInfo"``).
    name = doc.get("Name")
    inner = doc.get(name.strip()) if isinstance(name, str) and 0 < len(name) <= 64 else None
    if isinstance(inner, dict):
        _system_info(inner, fields)
    fields[ANSWER] = "xiongmai-dvrip"
    return "xmeye"


def _dvrip_key_exchange(doc: dict[str, Any]) -> bool:
    """FunSDK's key-exchange answer (:data:`_DVRIP_KEY_EXCHANGE`): a DVRIP return code, an ``EncryptAlgo`` name, and
    either its ``PublicKey`` in that layout or its ``NotEncryptMsgID`` list of DVRIP message ids."""
    if doc.get("Ret") not in _DVRIP_RET_CODES:
        return False
    algorithm = doc.get("EncryptAlgo")
    if not isinstance(algorithm, str) or not 0 < len(algorithm) <= 32:
        return False
    key = doc.get("PublicKey")
    if isinstance(key, str) and len(key) <= _DVRIP_MAX_KEY_CHARS and _DVRIP_KEY_EXCHANGE.fullmatch(key):
        return True
    ids = doc.get("NotEncryptMsgID")
    return (
        isinstance(ids, list) and len(ids) > 0
        and all(_number(item) and item in _DVRIP_MESSAGE_IDS for item in ids[:_DVRIP_MAX_IDS])
    )


def system_info_answer(doc: Any, fields: dict[str, str]) -> str | None:
    """DVRIP's SystemInfo answer kept without its envelope (``{"SystemInfo": {...}}`` or the object alone, as a
    client library returns it): five of its keys, spelt the firmware's way (``HardWare``, ``UpdataTime``)."""
    if isinstance(doc, dict) and isinstance(doc.get("SystemInfo"), dict):
        doc = doc["SystemInfo"]
    if not isinstance(doc, dict) or not _system_info(doc, fields):
        return None
    fields[ANSWER] = "xiongmai-dvrip"
    return "xmeye"


def _system_info(info: dict[str, Any], fields: dict[str, str]) -> bool:
    """Copy a SystemInfo object's serial, firmware, hardware and model; whether it has SystemInfo's keys."""
    keys = {key.strip() for key in list(info)[:64] if isinstance(key, str)}
    if len(keys & _SYSTEM_INFO_KEYS) < _SYSTEM_INFO_MIN_KEYS:
        return False
    for key, value in list(info.items())[:64]:
        name = _SYSTEM_INFO_FIELDS.get(key.strip()) if isinstance(key, str) else None
        text = value.strip()[:MAX_VALUE_CHARS] if isinstance(value, str) else ""
        if name and text and text.lower() != "unknown" and text.strip("0"):
            fields.setdefault(name, text)
    return True


def _number(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _reolink_error(value: object) -> bool:
    """Reolink's error object: ``{"rspCode": -6, "detail": "please login first"}``."""
    return isinstance(value, dict) and _number(value.get("rspCode")) and isinstance(value.get("detail"), str)


def _response_status(root: Any) -> dict[str, str] | None:
    """The children of an ISAPI ``ResponseStatus`` element by local name (the first 16), or None for another root."""
    if soap.local_name(root.tag) != "ResponseStatus":
        return None
    return {soap.local_name(child.tag): (child.text or "").strip() for child in list(root)[:16]}


def _isapi_status(root: Any) -> bool:
    """ISAPI's ``ResponseStatus`` envelope in a namespace of its own (PSIA's, none): three of its four children,
    a numeric ``statusCode`` and a ``requestURL`` on ISAPI's path."""
    values = _response_status(root)
    if values is None:
        return False
    return (
        len(_RESPONSE_STATUS_KEYS.intersection(values)) >= _RESPONSE_STATUS_MIN_KEYS
        and _integer(values.get("statusCode"))
        and values.get("requestURL", "").startswith("/ISAPI/")
    )


def _isapi_video_status(root: Any) -> bool:
    """Whether an ISAPI ``ResponseStatus`` answers a request for one of ISAPI's video resources
    (:data:`_ISAPI_VIDEO_PATHS`) with a status other than a refusal (:data:`_ISAPI_REFUSED`)."""
    values = _response_status(root)
    if values is None:
        return False
    code = values.get("statusCode")
    if not _integer(code) or int(code or "0") == _ISAPI_REFUSED:
        return False
    return values.get("requestURL", "")[:256].lower().startswith(_ISAPI_VIDEO_PATHS)


def _isapi_json_status(doc: dict[str, Any], fields: dict[str, str]) -> str | None:
    """ISAPI's status envelope as ``?format=json`` writes it: a flat object with ``requestURL`` on ISAPI's path, an
    integer ``statusCode`` and the ``statusString``/``subStatusCode`` words (the XML ``ResponseStatus``'s children;
    github:itskamol/stt-ss .../hikvision/types/isapi.types.ts@a70496cf1ca0, ISAPIResponse). A video resource's path
    answered with anything but a refusal is a video device's, as in :func:`_isapi_video_status`."""
    url, code = doc.get("requestURL"), doc.get("statusCode")
    if not (
        isinstance(url, str) and url.startswith("/ISAPI/") and type(code) is int
        and isinstance(doc.get("statusString"), str) and isinstance(doc.get("subStatusCode"), str)
    ):
        return None
    video = code != _ISAPI_REFUSED and url[:256].lower().startswith(_ISAPI_VIDEO_PATHS)
    fields[ANSWER] = ISAPI_VIDEO if video else "hikvision-isapi"
    return "http"


def _integer(value: str | None) -> bool:
    text = (value or "").strip()
    return 0 < len(text) <= 4 and text.lstrip("-").isdigit()
