"""WS-Discovery and ONVIF answers that a scanner stored cut off at its byte cap.

What arrived whole is read (scopes, types, service addresses, the device information); a value the cut
fell inside is left out, never read half; nothing raises wherever the cut falls. Fixtures are real public
answers from ``../shared/data`` (see its SOURCES.md): a camera's ProbeMatch captured by python-ws-discovery,
the ONVIF mock server's answers of the agsh/onvif library and ipycam's ProbeMatch template.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.importers.sniff import document_fields
from camaudit.model import is_video_device
from camaudit.protocols import soap, wsdiscovery

#: Answers in ../shared/data cut at every point by the properties below.
FIXTURES = (
    "wsdiscovery/probe_response.xml",
    "onvif-mock-responses/Probe.xml",
    "onvif-mock-responses/GetDeviceInformation.xml",
    "onvif-mock-responses/GetScopes.xml",
    "onvif-mock-responses/GetCapabilities.xml",
    "onvif-mock-responses/GetHostname.xml",
    "onvif-soap-templates/probe_match.xml",
    "onvif-soap-templates/get_device_information.xml",
)


def _answer(shared_data: Path, name: str) -> bytes:
    """A fixture's bytes; ipycam's templates rendered as it sends them (a body inside its envelope template,
    each ``{{placeholder}}`` filled with a value of our own)."""
    text = (shared_data / name).read_text()
    if name.startswith("onvif-soap-templates/") and "Envelope" not in text:
        text = (shared_data / "onvif-soap-templates" / "envelope.xml").read_text().replace("{{body}}", text)
    return re.sub(r"\{\{(\w+)\}\}", lambda m: f"value-of-{m.group(1)}", text).encode()


def _shodan(data: str, port: int, module: str = "", **extra: object) -> ImportRecord:
    banner = {"ip_str": "198.51.100.7", "port": port, "data": data, "_shodan": {"module": module}, **extra}
    return shodan.parse_banner(banner, 1)


def _cut_after(text: str, marker: str) -> str:
    return text[: text.index(marker) + len(marker)]


def test_a_probe_match_cut_after_its_addresses_keeps_scopes_and_addresses(shared_data: Path) -> None:
    whole = (shared_data / "wsdiscovery" / "probe_response.xml").read_text()
    cut = _cut_after(whole, "</wsdd:XAddrs>") + "\n            <wsdd:Metada"
    assert wsdiscovery.parse_message(whole.encode()) and not cut.endswith("</SOAP-ENV:Envelope>")
    [fields] = wsdiscovery.parse_message(cut.encode())
    assert fields["onvif.scope"].split("\n") == [
        "onvif://www.onvif.org/Profile/Streaming", "onvif://www.onvif.org/Model/631GA",
        "onvif://www.onvif.org/Name/IPCAM", "onvif://www.onvif.org/location/country/china",
    ]
    assert fields["onvif.xaddrs"] == "http://192.168.1.104:80/onvif/device_service"
    assert fields["wsd.endpoint_mac"] == "78:a5:dd:0f:95:93"


def test_a_scope_list_cut_in_half_is_left_out_not_read_half(shared_data: Path) -> None:
    whole = (shared_data / "wsdiscovery" / "probe_response.xml").read_text()
    cut = _cut_after(whole, "onvif://www.onvif.org/Model/6")  # inside the Scopes text: "631GA" would read "6"
    [fields] = wsdiscovery.parse_message(cut.encode())
    assert "onvif.scope" not in fields and "onvif.xaddrs" not in fields
    assert fields["wsd.endpoint"] == "urn:uuid:2419d68a-2dd2-21b2-a205-78A5DD0F9593"  # closed before the cut


def test_an_answer_cut_inside_its_header_gives_nothing_and_does_not_raise(shared_data: Path) -> None:
    whole = (shared_data / "wsdiscovery" / "probe_response.xml").read_text()
    cut = _cut_after(whole, "<wsa:RelatesTo>urn:uuid:2de9")
    assert wsdiscovery.parse_message(cut.encode()) == []
    record = _shodan(cut, 3702)
    assert not any(name.startswith(("onvif.", "wsd.")) for obs in record.observations for name in obs.fields)


def test_a_cut_probe_match_in_a_scan_file_still_types_a_video_device(shared_data: Path) -> None:
    whole = (shared_data / "wsdiscovery" / "probe_response.xml").read_text()
    record = _shodan(_cut_after(whole, "</wsdd:Scopes>"), 3702)
    [obs] = record.observations
    assert obs.protocol == "wsd"
    assert "onvif://www.onvif.org/Model/631GA" in obs.fields["onvif.scope"].split("\n")
    assert "onvif.xaddrs" not in obs.fields  # it came after the cut
    assert is_video_device(identify(record.observations).device_type)


def test_a_device_information_answer_cut_after_the_model_keeps_maker_and_model(shared_data: Path) -> None:
    whole = (shared_data / "onvif-mock-responses" / "GetDeviceInformation.xml").read_text()
    cut = _cut_after(whole, "</tds:Model>") + "\n            <tds:FirmwareVersion>Mockup_1"
    record = _shodan("HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n\r\n", 80, "http",
                     http={"status": 200, "html": cut})
    fields = record.observations[0].fields
    assert fields["onvif.device_info.manufacturer"] == "Mockup Manufacturer"
    assert fields["onvif.device_info.model"] == "Mockup Model"
    assert "onvif.device_info.firmware" not in fields  # cut in half: "Mockup_1" is not its firmware
    identity = identify(record.observations)
    assert identity.brand == "mockup-manufacturer" and is_video_device(identity.device_type)


def test_a_cut_answer_that_declares_entities_is_refused_and_the_refusal_heard() -> None:
    heard: list[tuple[str, str]] = []
    bomb = b'<?xml version="1.0"?><!DOCTYPE s [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><s:Envelope><s:Body>&b;'
    assert soap.partial_root(bomb, on_anomaly=lambda kind, why: heard.append((kind, why))) is None
    assert [kind for kind, _why in heard] == ["unsafe-xml"]  # heard once: a refused answer is not parsed twice
    assert wsdiscovery.parse_message(bomb) == []


def test_nesting_past_the_depth_cap_keeps_what_came_before() -> None:
    deep = b"<Envelope><Scopes>onvif://www.onvif.org/type/video_encoder</Scopes>" + b"<a>" * 100_000
    root = soap.partial_root(deep)
    assert root is not None and soap.local_name(root.tag) == "Envelope"
    assert root[0].text == "onvif://www.onvif.org/type/video_encoder"
    depth, level = 0, [root]
    while level:
        depth, level = depth + 1, [child for el in level for child in el]
    assert depth <= soap.MAX_DEPTH


def test_a_whole_answer_reads_the_same_through_either_parser(shared_data: Path) -> None:
    for name in FIXTURES:
        data = _answer(shared_data, name)
        whole, partial = soap.xml_root(data), soap.partial_root(data)
        assert whole is not None and partial is not None, name
        assert [(el.tag, el.text) for el in whole.iter()] == [(el.tag, el.text) for el in partial.iter()], name


def _values(fields: dict[str, str]) -> set[tuple[str, str]]:
    """Every (field, value) a reader gave, a list field (scopes, addresses) split into its lines."""
    return {(name, line) for name, value in fields.items() for line in value.split("\n")}


def _discovery_values(data: bytes) -> set[tuple[str, str]]:
    return {pair for fields in wsdiscovery.parse_message(data) for pair in _values(fields)}


def _document_values(text: str) -> set[tuple[str, str]]:
    fields: dict[str, str] = {}
    document_fields(text, fields)
    return _values(fields)


@pytest.mark.parametrize("name", FIXTURES)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.floats(min_value=0.0, max_value=1.0), tail=st.binary(max_size=64))
def test_any_cut_reads_only_values_the_whole_answer_holds(shared_data: Path, name: str, cut: float,
                                                          tail: bytes) -> None:
    data = _answer(shared_data, name)
    head = data[: int(len(data) * cut)]
    whole_discovery, whole_document = _discovery_values(data), _document_values(data.decode())
    assert _discovery_values(head) <= whole_discovery
    # An answer cut before its message (a ProbeMatch, a GetDeviceInformationResponse) still shows an envelope
    # whose start tag, declarations included, arrived whole: it reads as an ONVIF envelope (a video-device hint)
    # with the namespaces the whole answer declares -- never as a value the whole answer does not hold.
    envelope_only = {("devinfo.answer", "onvif-soap")} | {("onvif.namespaces", ns) for ns in soap.soap_namespaces(data)}
    assert _document_values(head.decode("utf-8", "replace")) <= whole_document | envelope_only
    # Garbage after the cut (a scanner's own trailer, another reply) raises nothing.
    _discovery_values(head + tail)
    _document_values((head + tail).decode("utf-8", "replace"))
    _shodan((head + tail).decode("utf-8", "replace"), 3702)


# A UPnP device description in the shape of the UPnP Device Architecture 1.0 (urn:schemas-upnp-org:device-1-0),
# values of our own in an Axis camera's layout: not a real capture.
UPNP_DESCRIPTION = (
    '<?xml version="1.0"?>\n<root xmlns="urn:schemas-upnp-org:device-1-0">\n'
    "<specVersion><major>1</major><minor>0</minor></specVersion>\n<device>\n"
    "<deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType>\n"
    "<friendlyName>AXIS P3301 - 00408C000001</friendlyName>\n<manufacturer>AXIS</manufacturer>\n"
    "<manufacturerURL>http://www.axis.com/</manufacturerURL>\n"
    "<modelDescription>AXIS P3301 Network Fixed Dome Camera</modelDescription>\n"
    "<modelName>AXIS P3301</modelName>\n<modelNumber>P3301</modelNumber>\n<serialNumber>00408C000001</serialNumber>\n"
    "<UDN>uuid:Upnp-BasicDevice-1_0-00408C000001</UDN>\n<serviceList>\n<service>\n"
    "<serviceType>urn:axis-com:service:BasicService:1</serviceType>\n</service>\n</serviceList>\n</device>\n</root>\n"
)


def test_a_upnp_description_cut_in_its_service_list_still_names_maker_and_model() -> None:
    whole = soap.upnp_description(UPNP_DESCRIPTION.encode())
    cut = soap.upnp_description(_cut_after(UPNP_DESCRIPTION, "<serviceType>urn:axis").encode())
    assert whole["upnp.manufacturer"] == "AXIS" and whole["upnp.model_name"] == "AXIS P3301"
    # Everything the reader takes that closed before the cut; the service type the cut fell into is left out.
    assert whole["upnp.service_type"] == "urn:axis-com:service:BasicService:1"
    assert cut == {k: v for k, v in whole.items() if k != "upnp.service_type"}


@settings(max_examples=200, deadline=None)
@given(cut=st.integers(min_value=0, max_value=len(UPNP_DESCRIPTION)))
def test_a_upnp_description_cut_anywhere_reads_only_its_own_values(cut: int) -> None:
    whole = soap.upnp_description(UPNP_DESCRIPTION.encode())
    assert soap.upnp_description(UPNP_DESCRIPTION[:cut].encode()).items() <= whole.items()
