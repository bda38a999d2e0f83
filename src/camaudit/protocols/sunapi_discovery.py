"""Hanwha's (formerly Samsung Techwin's) IP-installer discovery protocol: UDP 7701, answered to UDP 7711.

Hanwha's IP Installer and the video-management systems that integrate Hanwha devices broadcast a fixed-size request
to port 7701 from port 7711; every Wisenet/Samsung camera, encoder, decoder and recorder -- and Hanwha's network
speakers, microphones, I/O boxes, LED boxes, emergency bells and access controllers -- answers with one fixed-layout
struct to port 7711. Read here in the layout two independent readers agree on (github:networkoptix/nx_open
vms/server/nx_vms_server/src/plugins/resource/hanwha/hanwha_resource_searcher.cpp: a reply of 262 bytes starting
0x0B or of 334 bytes starting 0x0C, the MAC text at offset 19, the model at 109, the address at 133;
github:melchi45/wisenet-camera-discovery src/sunapi/protocol.ts and response.ts: the same struct field by field, the
base reply mode 11 and the extended reply mode 12, whose tail adds the new model name and the device type):

====== ===== ===================================================================
offset bytes  field
====== ===== ===================================================================
0      1      mode: 11 the base scan reply, 12 the extended one
1      18     packet id
19     18     MAC address, text (``00:09:18:AA:BB:CC``)
37     16     IPv4 address, text
...
109    10     device (model) name, NUL-padded (``XNV-6080R`` fits; longer names go to the tail)
133    128    DDNS address / web address
261    32     alias (recorders and encoders only; extended replies)
293    32     new model name (extended replies)
325    1      device type (extended replies): 0 camera, 1 encoder, 2 decoder, 3 recorder, 4 I/O box, 5 network
              speaker, 6 network microphone, 7 LED box, 8 emergency bell, 9 access controller
====== ===== ===================================================================

A reply counts only when its mode is a scan reply's, its MAC text is a unicast hardware address and its address
field is a dotted quad: a request (mode 1 or 6, ours or another installer's), another exchange's struct (the RSA and
password exchanges answer other modes) or random bytes on the port give nothing. Fixed offsets, fixed widths, no
loop over the input: nothing raises on hostile bytes, and every value is at most its field's width.
"""

from __future__ import annotations

import re

from camaudit.macaddress import normalise_mac

#: The port the devices listen on (the request's destination and the reply's source).
SUNAPI_PORT = 7701
#: The port the installer listens on (the reply's destination).
INSTALLER_PORT = 7711
#: Reply modes of the scan exchange: the base reply and the extended one (whose tail carries the device type).
BASE_REPLY, EXTENDED_REPLY = 11, 12
_MAC = slice(19, 37)
_IP = slice(37, 53)
_MODEL = slice(109, 119)
_NEW_MODEL = slice(293, 325)
_DEVICE_TYPE_AT = 325
#: The base struct ends with the DDNS field (offset 133, 128 bytes); a reply shorter than its model field is no reply.
_MIN_REPLY = 133
#: The device types of an extended reply (melchi45/wisenet-camera-discovery, protocol.ts ``DEVICE_TYPE``).
DEVICE_TYPES = {
    0: "camera",
    1: "encoder",
    2: "decoder",
    3: "recorder",
    4: "io-box",
    5: "network-speaker",
    6: "network-microphone",
    7: "led-box",
    8: "emergency-bell",
    9: "access-controller",
}
_DOTTED_QUAD = re.compile(r"(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})(?:\.(?:25[0-5]|2[0-4][0-9]|1?[0-9]{1,2})){3}")
_PRINTABLE = re.compile(r"[^\x21-\x7e ]")


def _text(raw: bytes) -> str:
    """A NUL-padded text field: up to its first NUL, non-printable characters removed, spaces trimmed."""
    return _PRINTABLE.sub("", raw.split(b"\0", 1)[0].decode("latin-1")).strip()


def parse_reply(data: bytes) -> dict[str, str] | None:
    """The ``sunapi.*`` fields (and ``mac``) of one scan reply; ``None`` for anything else."""
    if len(data) < _MIN_REPLY or data[0] not in (BASE_REPLY, EXTENDED_REPLY):
        return None
    mac = normalise_mac(_text(data[_MAC]))
    if mac is None or not _DOTTED_QUAD.fullmatch(_text(data[_IP])):
        return None
    fields = {"sunapi.reply": "scan" if data[0] == BASE_REPLY else "scan-extended", "mac": mac}
    model = _text(data[_MODEL])
    if data[0] == EXTENDED_REPLY and len(data) > _DEVICE_TYPE_AT:
        model = _text(data[_NEW_MODEL]) or model
        kind = DEVICE_TYPES.get(data[_DEVICE_TYPE_AT])
        if kind is not None:
            fields["sunapi.device_type"] = kind
    if model:
        fields["sunapi.model"] = model
    return fields
