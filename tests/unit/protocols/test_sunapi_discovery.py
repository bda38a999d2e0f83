"""Hanwha's IP-installer discovery (UDP 7701, answered to 7711): a scan reply names Hanwha; the extended reply's
device type types the device -- a camera, an encoder, a recorder, or one of the maker's audio and I/O products, which
are no video devices; requests, other exchanges and hostile datagrams give nothing and raise nothing.

No public capture of a reply's bytes was found: the replies here are built for the test in the layout both cited
readers agree on (github:networkoptix/nx_open hanwha_resource_searcher.cpp: 262 or 334 bytes, mode 0x0B or 0x0C, the
MAC text at 19, the model at 109, the address at 133; github:melchi45/wisenet-camera-discovery src/sunapi/protocol.ts:
the same struct field by field, with the extended tail's new model name at 293 and device type at 325). Their
addresses, MACs and models are invented (the MACs locally administered, so no IEEE block names anyone).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device
from camaudit.protocols import sunapi_discovery
from camaudit.protocols.discovery import classify

MAC = "02:11:22:33:44:55"


def reply(
    mode: int = 11,
    *,
    mac: bytes = b"02:11:22:33:44:55",
    ip: bytes = b"192.168.1.100",
    model: bytes = b"XNV-6080R",
    new_model: bytes = b"",
    device_type: int | None = None,
) -> bytes:
    """One scan reply in the cited layout: the base struct (261 bytes, padded to 262 as the VMS reads it) or, for the
    extended reply, the 334-byte struct with its tail."""
    buf = bytearray(334 if mode == 12 else 262)
    buf[0] = mode
    buf[1:19] = b"PKT".ljust(18, b"\0")
    buf[19:37] = mac.ljust(18, b"\0")[:18]
    buf[37:53] = ip.ljust(16, b"\0")[:16]
    buf[53:69] = b"255.255.255.0".ljust(16, b"\0")
    buf[69:85] = b"192.168.1.1".ljust(16, b"\0")
    buf[109:119] = model.ljust(10, b"\0")[:10]
    buf[120:122] = (80).to_bytes(2, "little")
    buf[133:261] = b"http://192.168.1.100".ljust(128, b"\0")
    if mode == 12:
        buf[293:325] = new_model.ljust(32, b"\0")[:32]
        buf[325] = 0 if device_type is None else device_type
    return bytes(buf)


def _identity(data: bytes) -> Identity:
    protocol, parsed = classify(data, sunapi_discovery.SUNAPI_PORT)
    assert protocol == "sunapi" and len(parsed) == 1
    obs = Observation("198.18.0.40", 7701, "udp", protocol, "passive", "2026-12-05T00:00:00Z", parsed[0])
    return identify([obs])


def test_a_base_reply_gives_the_model_and_mac_and_names_hanwha() -> None:
    assert sunapi_discovery.parse_reply(reply()) == {"sunapi.reply": "scan", "mac": MAC, "sunapi.model": "XNV-6080R"}
    identity = _identity(reply())
    assert identity.manufacturer == "hanwha", identity.attribution
    assert identity.model == "XNV-6080R"
    # The model grammar types the camera; the reply alone would type nothing.
    assert identity.device_type == "camera", identity.attribution


def test_the_reply_alone_names_the_maker_and_types_nothing() -> None:
    identity = _identity(reply(model=b"ZZZ"))
    assert identity.manufacturer == "hanwha"
    assert "hanwha.sunapi.reply" in {e.rule_id for e in identity.evidence}
    assert not any(e.asserts.get("device_type") for e in identity.evidence if e.rule_id == "hanwha.sunapi.reply")


def test_the_extended_reply_types_the_device_and_gives_its_long_model_name() -> None:
    fields = sunapi_discovery.parse_reply(reply(12, model=b"XNP-6400R", new_model=b"XNP-6400RW", device_type=0))
    assert fields == {"sunapi.reply": "scan-extended", "mac": MAC, "sunapi.model": "XNP-6400RW",
                      "sunapi.device_type": "camera"}
    recorder = _identity(reply(12, model=b"XRN-1610", device_type=3))
    assert recorder.manufacturer == "hanwha" and recorder.device_type == "nvr", recorder.attribution
    encoder = _identity(reply(12, model=b"SPE-400", device_type=1))
    assert encoder.device_type == "video_encoder", encoder.attribution


def test_hanwhas_audio_and_io_products_answer_too_and_are_no_video_devices() -> None:
    for kind in (4, 5, 6, 7, 8):
        identity = _identity(reply(12, model=b"SPA-C100", device_type=kind))
        assert identity.manufacturer == "hanwha", identity.attribution
        assert identity.device_type == "not_camera", (kind, identity.attribution)
    # An unknown device type gives no type field; the maker stays named.
    assert "sunapi.device_type" not in (sunapi_discovery.parse_reply(reply(12, device_type=42)) or {})


def test_requests_other_exchanges_and_broken_replies_give_nothing() -> None:
    request = bytearray(reply(12))
    for mode in (1, 6, 7, 8, 13, 23, 33, 77):
        request[0] = mode
        assert sunapi_discovery.parse_reply(bytes(request)) is None, mode
    assert sunapi_discovery.parse_reply(reply(mac=b"ff:ff:ff:ff:ff:ff")) is None
    assert sunapi_discovery.parse_reply(reply(mac=b"01:00:5e:00:00:01")) is None
    assert sunapi_discovery.parse_reply(reply(mac=b"not a mac")) is None
    assert sunapi_discovery.parse_reply(reply(ip=b"999.1.1.1")) is None
    assert sunapi_discovery.parse_reply(reply(ip=b"")) is None
    assert sunapi_discovery.parse_reply(reply()[:132]) is None
    # A reply cut after the model keeps what arrived; an extended one cut before its device type gives none.
    assert sunapi_discovery.parse_reply(reply()[:140]) == {"sunapi.reply": "scan", "mac": MAC,
                                                           "sunapi.model": "XNV-6080R"}
    assert "sunapi.device_type" not in (sunapi_discovery.parse_reply(reply(12, device_type=0)[:300]) or {})


def test_only_replies_from_the_devices_port_are_read_as_this_protocol() -> None:
    protocol, parsed = classify(reply(), 7711)
    assert protocol != "sunapi" and not parsed
    request = bytes([6]) + reply()[1:]
    assert classify(request, 7701) == ("sunapi", [])


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_any_datagram_is_read_safely_and_within_the_fields_widths(data: bytes) -> None:
    fields = sunapi_discovery.parse_reply(data)
    if fields is not None:
        assert fields["sunapi.reply"] in ("scan", "scan-extended")
        assert len(fields.get("sunapi.model", "")) <= 32
        assert fields.get("sunapi.device_type", "camera") in sunapi_discovery.DEVICE_TYPES.values()


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=10, max_size=10), st.binary(min_size=32, max_size=32), st.integers(0, 255),
       st.sampled_from([11, 12]))
def test_any_model_bytes_and_device_type_in_a_well_formed_reply(
    model: bytes, new_model: bytes, kind: int, mode: int
) -> None:
    fields = sunapi_discovery.parse_reply(reply(mode, model=model, new_model=new_model, device_type=kind))
    assert fields is not None and fields["mac"] == MAC
    assert all(" " <= ch <= "~" for ch in fields.get("sunapi.model", ""))
    identity = identify([Observation("198.18.0.41", 7701, "udp", "sunapi", "passive", "2026-12-05T00:00:00Z",
                                     fields)])
    # The rules claim the maker; a device type from the reply is video only for the video kinds.
    assert "hanwha.sunapi.reply" in {e.rule_id for e in identity.evidence}
    if mode == 12 and kind in (4, 5, 6, 7, 8):
        assert identity.device_type is None or not is_video_device(identity.device_type) or any(
            e.asserts.get("device_type") for e in identity.evidence if not e.rule_id.startswith("hanwha.sunapi.")
        )
