"""The stream and snapshot addresses an ONVIF media service hands out are read, so a maker's stream paths name it.

A GetStreamUri or GetSnapshotUri answer kept by a collector or quoted in a thread carries the device's own address for
its stream (``rtsp://<ip>:554/Streaming/Channels/101?transportmode=unicast&profile=Profile_1``), in the maker's
conventions, which layers/paths.yaml reads wherever a device hands out a URL (``@url``, which holds ``onvif.xaddrs``).
importers/api_answers.py keeps these addresses with the service addresses of a GetCapabilities answer. Fixtures:

* agsh/onvif's recorded GetStreamUri answer (../shared/data/onvif-mock-responses, agsh/onvif's test/serverMockup),
  whose address follows no maker's convention;
* HIKVISION_STREAM: the stream and snapshot addresses a HIKVISION DS-2CD3T45P1-I handed out to GetStreamUri and
  GetSnapshotUri, as an ONVIF client library's example notes them (github:liyanhui1998/go-onvif/examples/test.go
  @4ff4e159ee24), put here in the Media service's answer elements (ONVIF media.wsdl) under that camera's first
  declarations; the elements around them are written for the test.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from tests.conftest import shared_file
from tests.unit.importers.settings_answers import as_http

from camaudit.identify import identify
from camaudit.importers import sniff
from camaudit.model import Identity
from camaudit.protocols import soap

HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<env:Envelope xmlns:env="http://www.w3.org/2003/05/soap-envelope" '
    'xmlns:tt="http://www.onvif.org/ver10/schema" xmlns:trt="http://www.onvif.org/ver10/media/wsdl"><env:Body>'
)
TAIL = "</env:Body></env:Envelope>"


def media_answer(operation: str, uri: str) -> str:
    return (f"{HEAD}<trt:{operation}Response><trt:MediaUri><tt:Uri>{uri}</tt:Uri>"
            f"<tt:InvalidAfterConnect>false</tt:InvalidAfterConnect><tt:InvalidAfterReboot>false"
            f"</tt:InvalidAfterReboot><tt:Timeout>PT0S</tt:Timeout></trt:MediaUri></trt:{operation}Response>{TAIL}")


HIKVISION_STREAM = media_answer(
    "GetStreamUri", "rtsp://10.1.1.200:554/Streaming/Channels/101?transportmode=unicast&amp;profile=Profile_1")
HIKVISION_SNAPSHOT = media_answer("GetSnapshotUri", "http://10.1.1.200/onvif-http/snapshot?Profile_1")


def read(text: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    sniff.sniff(text, fields)
    return fields


def identified(text: str) -> Identity:
    return identify(as_http(text, "application/soap+xml").observations)


def test_the_mock_answers_address_is_read() -> None:
    stream = read(shared_file("onvif-mock-responses", "GetStreamUri.xml").read_text(encoding="utf-8"))
    assert stream["onvif.xaddrs"] == "rtsp://192.168.68.111/h264main"


def test_an_address_in_no_makers_convention_names_nobody() -> None:
    # The mock's address under a table of ONVIF's own namespaces only (the mock's own table declares Axis's).
    identity = identified(media_answer("GetStreamUri", "rtsp://192.168.68.111/h264main"))
    assert identity.device_type == "video_device", identity.attribution
    assert identity.manufacturer is None and identity.brand is None, identity.attribution


def test_hikvisions_stream_path_in_a_stream_uri_answer_names_hikvision() -> None:
    assert read(HIKVISION_STREAM)["onvif.xaddrs"].startswith("rtsp://10.1.1.200:554/Streaming/Channels/101?")
    identity = identified(HIKVISION_STREAM)
    assert identity.manufacturer == "hikvision", identity.attribution
    assert "paths.hikvision.streaming" in {e.rule_id for e in identity.evidence}
    assert read(HIKVISION_SNAPSHOT)["onvif.xaddrs"] == "http://10.1.1.200/onvif-http/snapshot?Profile_1"


def test_a_stream_uri_request_names_nobody() -> None:
    request = (f'{HEAD}<trt:GetStreamUri><trt:StreamSetup><tt:Stream>RTP-Unicast</tt:Stream></trt:StreamSetup>'
               f"<trt:ProfileToken>Profile_1</trt:ProfileToken></trt:GetStreamUri>{TAIL}")
    assert read(request) == {}
    assert identified(request).manufacturer is None


def test_the_addresses_follow_the_service_addresses_and_stay_capped() -> None:
    many = "".join(f"<trt:MediaUri><tt:Uri>rtsp://192.0.2.1/s{i}</tt:Uri></trt:MediaUri>" for i in range(40))
    root = soap.partial_root(f"{HEAD}<trt:GetStreamUriResponse>{many}</trt:GetStreamUriResponse>{TAIL}".encode())
    assert root is not None
    assert soap.media_uris(root) == [f"rtsp://192.0.2.1/s{i}" for i in range(soap.MAX_XADDRS)]


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=300))
def test_any_uri_text_is_read_safely(uri: str) -> None:
    escaped = uri.replace("&", "&amp;").replace("<", "&lt;")
    fields = read(media_answer("GetStreamUri", escaped))
    kept = fields.get("onvif.xaddrs", "")
    assert len(kept) <= soap.MAX_XADDRS * (soap.MAX_VALUE_CHARS + 1)
    # One address at most, never longer than a value is kept.
    assert len(kept) <= soap.MAX_VALUE_CHARS
