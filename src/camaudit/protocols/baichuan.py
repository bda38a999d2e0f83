"""Reolink's "Baichuan" protocol (TCP 9000): what a stored reply of it says, read from its public grammar.

Every message starts with a header from the magic bytes ``f0 de bc 0a`` (the little-endian word 0x0abcdef0):
message id, body length and encryption offset (three little-endian words), two status bytes, and a message
class that sets the header's length -- 0x6514 (legacy) and 0x6614 are 20 bytes, 0x6414 and 0x0000 are 24, the
last four bytes the offset of the body's payload after its extension XML. The bodies of the handshake are XML
(``<?xml ...?><body><Encryption version="1.1">``, ``<body><DeviceInfo version="1.1">`` ...), either plain or
XOR-ed with the fixed "BC" key (rotated by the header's encryption offset, each byte also XOR-ed with the
offset's low byte); everything after login is AES with a key derived from the password, which nothing here
can read. Sources: github:VoltTech21/reostream/internal/baichuan/header.go@7d729be1b7d7 (the header and its
classes), .../crypto.go@d16f9dece667 (the BC cipher), .../deviceinfo.go@e54a0533b869 (the login reply's
``<body><DeviceInfo>``: firmVersion, type, typeInfo ``IPC``); github:thirtythreeforty/neolink/dissector/
protocol.md@061cba4f6d7b (the header, "magic bytes ... always f0 de bc 0a").

Only the header's magic and class, or an XML body whose root is ``body`` and whose first element is one of
Baichuan's messages, count: a web page's ``<body>`` never holds a ``<DeviceInfo version="1.1">``. Bounded: at
most :data:`MAX_MESSAGES` messages of a stored exchange, :data:`MAX_BODY_BYTES` of each. Nothing raises.
"""

from __future__ import annotations

import struct
from xml.etree.ElementTree import Element

from camaudit.protocols import soap

#: The header's first four bytes.
MAGIC = b"\xf0\xde\xbc\x0a"
#: Message classes and the header length each sets.
_HEADER_LENGTHS = {0x6514: 20, 0x6614: 20, 0x6414: 24, 0x0000: 24}
#: The BC cipher's key: the same on every camera.
_BC_KEY = bytes((0x1F, 0x2D, 0x3C, 0x4B, 0x5A, 0x69, 0x78, 0xFF))
#: Messages of one stored exchange read, and bytes of each body.
MAX_MESSAGES = 4
MAX_BODY_BYTES = 16 * 1024
#: The elements a Baichuan body holds first (the handshake's and the configuration reads' messages), and the camera's
#: alarm-event push (message 33, ``<body><AlarmEventList><AlarmEvent><channelId>``/``<status>MD</status>``/``<AItype>``:
#: github:seydx/reolinkproxy/pkg/baichuan/motion.go and motion_test.go@419eb936e91f, a client that reads the push;
#: helper-173's development batch, devreplies_private line 6).
MESSAGES = frozenset({
    "Encryption", "DeviceInfo", "LoginUser", "LoginNet", "StreamInfoList", "TalkAbility", "VersionInfo", "Support",
    "AbilityInfo", "Uid", "SystemGeneral", "Preview", "PtzPreset", "VideoInput", "Norm", "RfAlarm", "LedState",
    "AlarmEventList",
})
#: What the login reply's ``DeviceInfo`` (and a version read's ``VersionInfo``) say, and the fields they fill.
_DEVICE_FIELDS = {
    "typeInfo": "devinfo.device_type",
    "firmVersion": "devinfo.firmware",
    "firmwareVersion": "devinfo.firmware",
    "serialNumber": "devinfo.serial",
    "hardwareVersion": "devinfo.hardware",
    "name": "devinfo.name",
}
_MAX_VALUE_CHARS = 128


def is_message(data: bytes) -> bool:
    """Whether ``data`` starts with a Baichuan header: the magic and a known message class."""
    return len(data) >= 20 and data.startswith(MAGIC) and struct.unpack_from("<H", data, 18)[0] in _HEADER_LENGTHS


def reply_fields(data: bytes, fields: dict[str, str]) -> bool:
    """Fill ``fields`` from the Baichuan messages ``data`` starts with; whether it does start with one.

    Every message read names the protocol (``devinfo.answer``: ``reolink-baichuan``); a plain or BC-ciphered XML
    body adds what the device says of itself. A body in AES (after login) adds nothing.
    """
    if not is_message(data):
        return False
    at = 0
    for _ in range(MAX_MESSAGES):
        if not is_message(data[at:]):
            break
        length, offset = struct.unpack_from("<II", data, at + 8)
        size = _HEADER_LENGTHS[struct.unpack_from("<H", data, at + 18)[0]]
        body = data[at + size : at + size + min(length, MAX_BODY_BYTES)]
        # A 24-byte header's last word is where the payload starts after the extension XML; each part is
        # ciphered on its own, from the key's start.
        split = struct.unpack_from("<I", data, at + 20)[0] if size == 24 and len(data) >= at + 24 else 0
        for part in (body[:split], body[split:]) if 0 < split < len(body) else (body,):
            root = _xml(part)
            if root is None:
                root = _xml(_bc_decrypted(offset, part))
            if root is not None:
                body_fields(root, fields)
        at += size + length
    fields["devinfo.answer"] = "reolink-baichuan"
    return True


def body_fields(root: Element, fields: dict[str, str]) -> bool:
    """Fill ``fields`` from a parsed Baichuan XML body (``<body><DeviceInfo ...>``); whether it is one."""
    # Exact names, no namespace: Baichuan's XML declares none, while a namespaced <body> is another protocol's (XMPP
    # BOSH wraps its payload in <body xmlns='http://jabber.org/protocol/httpbind'>).
    if root.tag != "body":
        return False
    messages = list(root)[:16]
    if not messages or messages[0].tag not in MESSAGES:
        return False
    for message in messages:
        for child in list(message)[:64]:
            name = _DEVICE_FIELDS.get(soap.local_name(child.tag))
            value = (child.text or "").strip()[:_MAX_VALUE_CHARS]
            if name and value and not len(child) and value.strip("0"):
                fields.setdefault(name, value)
    fields["devinfo.answer"] = "reolink-baichuan"
    return True


def _bc_decrypted(offset: int, body: bytes) -> bytes:
    """The BC cipher (XOR: it encrypts and decrypts alike) over ``body`` at the header's encryption offset."""
    shift, low = offset % 8, offset & 0xFF
    return bytes(byte ^ _BC_KEY[(shift + i) % 8] ^ low for i, byte in enumerate(body))


def _xml(body: bytes) -> Element | None:
    """The root of an XML body (its extension XML before it skipped), else ``None``."""
    text = body.lstrip(b"\x00\r\n\t ")
    if not text.startswith(b"<"):
        return None
    at = text.find(b"<body")
    if at < 0:
        return None
    # An extension document may precede the body (``<Extension version="1.1">...</Extension><?xml ...?><body>``).
    return soap.partial_root(text[at:])
