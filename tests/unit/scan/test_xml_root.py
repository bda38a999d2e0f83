"""One safe parser of device XML (``protocols.soap.xml_root``), heard two ways.

Live probes read it through ``scan.probes.base.xml_root``, which records what a device did wrong on the
running probe (an ``unsafe-xml`` refusal, a ``too-large`` document); the importers call it with no hook and
hear nothing. Both refuse entities and DTDs and read at most ``soap.MAX_XML_BYTES``.
"""

from __future__ import annotations

from camaudit.protocols import soap
from camaudit.scan import anomalies
from camaudit.scan.probes import base

# The classic "billion laughs" shape (entities that expand each other): refused, never expanded.
ENTITY_BOMB = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>'
    b"<GetDeviceInformationResponse><Manufacturer>&lol2;</Manufacturer></GetDeviceInformationResponse>"
)
# An external entity that would read a local file if it were fetched.
XXE = (
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b"<DeviceInfo><model>&x;</model></DeviceInfo>"
)
DEVICE_INFO = b"<DeviceInfo><model>DS-2CD2143G2-I</model></DeviceInfo>"


def _oversize() -> bytes:
    padding = b" " * (soap.MAX_XML_BYTES - len(DEVICE_INFO) + 1)
    return DEVICE_INFO[:-len(b"</DeviceInfo>")] + padding + b"</DeviceInfo>"


def test_a_probe_records_refused_xml_as_unsafe_and_reads_nothing() -> None:
    for hostile in (ENTITY_BOMB, XXE):
        with anomalies.collecting("192.0.2.9", 80, "onvif") as found:
            assert base.xml_root(hostile) is None
        assert [e.kind for e in found] == ["unsafe-xml"]
        assert "refused" in found[0].message and found[0].target == "192.0.2.9" and found[0].probe == "onvif"


def test_a_probe_records_a_document_past_the_cap_as_too_large() -> None:
    big = _oversize()
    assert len(big) == soap.MAX_XML_BYTES + 1
    with anomalies.collecting("192.0.2.9", 80, "hikvision-isapi") as found:
        assert base.xml_root(big) is None
    assert [e.kind for e in found] == ["too-large"]


def test_broken_xml_is_not_an_anomaly() -> None:
    with anomalies.collecting("192.0.2.9", 80, "onvif") as found:
        assert base.xml_root(b"<DeviceInfo><model>DS-2CD") is None
        assert base.xml_root(b"HTTP/1.1 401 Unauthorized") is None
    assert found == []


def test_the_probe_and_the_importers_read_the_same_tree() -> None:
    for parse in (base.xml_root, soap.xml_root):
        root = parse(DEVICE_INFO)
        assert root is not None and root.findtext("model") == "DS-2CD2143G2-I"


def test_without_a_hook_the_same_refusals_and_cap_hold_silently() -> None:
    assert soap.xml_root(ENTITY_BOMB) is None and soap.xml_root(XXE) is None
    assert soap.xml_root(_oversize()) is None
    heard: list[tuple[str, str]] = []
    assert soap.xml_root(_oversize(), on_anomaly=lambda kind, why: heard.append((kind, why))) is None
    assert heard[0][0] == "too-large" and str(soap.MAX_XML_BYTES) in heard[0][1]


def test_outside_a_probe_the_probe_parser_records_nothing_and_does_not_raise() -> None:
    assert base.xml_root(ENTITY_BOMB) is None  # anomalies.note is a no-op outside a running probe
