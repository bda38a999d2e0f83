"""WS-Discovery answers stored as no XML at all, and what an ONVIF stack's addresses and placeholders say.

Guides and threads quote a camera's ProbeMatch with the envelope's namespace declarations elided
(``<SOAP-ENV:Envelope ...>``), tests quote it with none (unbound prefixes): the XML parser stops before the first
message, so nothing was read. protocols/wsdiscovery.py now reads the four elements of each message by a bounded scan
when the parser found none. The answer below is python-ws-discovery's capture of a camera's ProbeMatch
(``../shared/data/wsdiscovery/probe_response.xml``, github:andreikop/python-ws-discovery/tests/data/probe_response.xml),
its declarations elided or removed here the way a quote does; the TP-Link addresses are the layout the rule
``tp-link.onvif.xaddrs.port-2020`` cites (invented hosts and uuids around it).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import is_video_device
from camaudit.protocols import discovery, wsdiscovery

_DECLARATIONS = re.compile(r"(<SOAP-ENV:Envelope)\s[^>]*>")
FIELDS = {"wsd.message", "onvif.scope", "onvif.xaddrs", "wsd.types", "wsd.endpoint", "wsd.endpoint_mac"}


@pytest.fixture
def capture(shared_data: Path) -> str:
    return (shared_data / "wsdiscovery" / "probe_response.xml").read_text()


def _elided(text: str) -> str:
    return _DECLARATIONS.sub(r"\1\n    ...>", text, count=1)


def _unbound(text: str) -> str:
    return _DECLARATIONS.sub(r"\1>", text, count=1)


def _shodan(data: str, port: int = 3702) -> ImportRecord:
    banner = {"ip_str": "198.51.100.9", "port": port, "data": data, "_shodan": {"module": "ws-discovery"}}
    return shodan.parse_banner(banner, 1)


def test_a_quoted_answer_with_its_declarations_elided_reads_as_the_whole_answer(capture: str) -> None:
    whole = wsdiscovery.parse_message(capture.encode())
    assert "..." in _elided(capture)
    assert wsdiscovery.parse_message(_elided(capture).encode()) == whole
    assert wsdiscovery.parse_message(_unbound(capture).encode()) == whole
    [fields] = whole
    assert fields["onvif.xaddrs"] == "http://192.168.1.104:80/onvif/device_service"
    assert fields["wsd.endpoint_mac"] == "78:a5:dd:0f:95:93"


def test_before_the_change_an_elided_answer_gave_nothing_to_the_parser(capture: str) -> None:
    # The defusedxml parser alone (what parse_message read before) finds no message in the quoted answer.
    from camaudit.protocols.soap import partial_root

    assert partial_root(_elided(capture).encode()) is None


def test_an_elided_answer_in_a_scan_file_types_a_video_device(capture: str) -> None:
    record = _shodan(_elided(capture))
    [obs] = record.observations
    assert obs.protocol == "wsd" and obs.fields["onvif.scope"].startswith("onvif://www.onvif.org/Profile/Streaming")
    assert is_video_device(identify(record.observations).device_type)


def test_a_value_cut_in_half_is_left_out_of_a_quoted_answer_too(capture: str) -> None:
    text = _elided(capture)
    cut = text[: text.index("onvif://www.onvif.org/Name/IPCAM")]
    [fields] = wsdiscovery.parse_message(cut.encode())
    assert "onvif.scope" not in fields and "onvif.xaddrs" not in fields
    assert fields["wsd.endpoint"] == "urn:uuid:2419d68a-2dd2-21b2-a205-78A5DD0F9593"


def test_an_answer_cut_in_its_header_gives_no_message(capture: str) -> None:
    text = _elided(capture)
    assert wsdiscovery.parse_message(text[: text.index("<SOAP-ENV:Body>")].encode()) == []
    # A message none of whose elements arrived whole is none either (passive analysis counts it as malformed).
    assert wsdiscovery.parse_message(text[: text.index("urn:uuid:2419d68a-2dd2")].encode()) == []


def test_a_datagram_with_unbound_prefixes_is_read_by_live_and_passive_discovery_alike(capture: str) -> None:
    protocol, [fields] = discovery.classify(_unbound(capture).encode(), wsdiscovery.WSD_PORT)
    assert protocol == "wsd" and fields["onvif.xaddrs"] == "http://192.168.1.104:80/onvif/device_service"


def test_each_message_is_read_from_its_own_elements_and_the_wrapper_is_none() -> None:
    text = (
        "<e:Envelope ...><e:Body><d:ProbeMatches>"
        "<d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:1</a:Address></a:EndpointReference>"
        "<d:Types>dn:NetworkVideoTransmitter</d:Types><d:XAddrs>http://192.0.2.1/onvif/device_service</d:XAddrs>"
        "</d:ProbeMatch>"
        "<d:ProbeMatch><a:EndpointReference><a:Address>urn:uuid:2</a:Address></a:EndpointReference>"
        "<d:Types>wsdp:Device wprt:PrintDeviceType</d:Types></d:ProbeMatch>"
        "</d:ProbeMatches></e:Body></e:Envelope>"
    )
    first, second = wsdiscovery.parse_message(text.encode())
    assert first["wsd.endpoint"] == "urn:uuid:1" and first["onvif.xaddrs"] == "http://192.0.2.1/onvif/device_service"
    assert second["wsd.endpoint"] == "urn:uuid:2" and second["wsd.types"] == "wsdp:Device wprt:PrintDeviceType"
    assert "onvif.xaddrs" not in second  # the first message's address is not the second's


def test_predefined_references_are_resolved_and_declared_entities_refused() -> None:
    text = "<e:Envelope ...><d:Hello><d:XAddrs>http://192.0.2.1/onvif/device_service?a=1&amp;b=2</d:XAddrs></d:Hello>"
    [fields] = wsdiscovery.parse_message(text.encode())
    assert fields["onvif.xaddrs"] == "http://192.0.2.1/onvif/device_service?a=1&b=2"
    bomb = '<!DOCTYPE e [<!ENTITY a "aaaa">]><e:Envelope ...><d:Hello><d:XAddrs>&a;</d:XAddrs></d:Hello>'
    assert wsdiscovery.parse_message(bomb.encode()) == []


def test_many_message_starts_are_capped() -> None:
    text = "<e:Envelope ...>" + "<d:Hello><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Hello>" * 500
    assert len(wsdiscovery.parse_message(text.encode())) == wsdiscovery.MAX_MESSAGES


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=600) | st.binary(max_size=600).map(lambda b: b.decode("latin-1")))
def test_random_text_never_raises_and_gives_only_discovery_fields(text: str) -> None:
    for fields in wsdiscovery.parse_message(text.encode("utf-8", "replace")):
        assert set(fields) <= FIELDS and fields["wsd.message"] in wsdiscovery.ANNOUNCING


_PIECES = st.sampled_from(
    [
        "<d:ProbeMatch>",
        "</d:ProbeMatch>",
        "<d:Scopes>",
        "</d:Scopes>",
        "<d:XAddrs>",
        "</d:XAddrs>",
        "<Hello ",
        "<a:Address>",
        "</a:Address>",
        "&amp;",
        "&lt;",
        "<",
        ">",
        "/",
        " ",
        "\n",
        "x" * 50,
        "<d:Types a='>'>",
        "onvif://www.onvif.org/name/X",
        "http://192.0.2.1:2020/onvif/service",
        "<!--",
        "-->",
        "<![CDATA[",
        "]]>",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=120))
@example(["<d:ProbeMatch>", "<d:Scopes>", "&lt;", "</d:Scopes>"])  # an escaped '<' is text (found by the land gate)
def test_adversarial_tag_soup_never_raises_and_keeps_values_bounded(pieces: list[str]) -> None:
    text = "<e:Envelope ...>" + "".join(pieces)
    messages = wsdiscovery.parse_message(text.encode())
    assert len(messages) <= wsdiscovery.MAX_MESSAGES
    for fields in messages:
        assert set(fields) <= FIELDS
        # No markup leaks into a value: a '<' there is an escaped '&lt;' of the text, decoded as XML decodes it.
        assert all(value.count("<") <= text.count("&lt;") for name, value in fields.items() if name != "wsd.message")


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cut=st.integers(min_value=0, max_value=2000), tail=st.binary(max_size=64))
def test_any_cut_of_a_quoted_answer_reads_only_what_the_whole_holds(shared_data: Path, cut: int, tail: bytes) -> None:
    text = _elided((shared_data / "wsdiscovery" / "probe_response.xml").read_text())
    whole = {(k, v) for fields in wsdiscovery.parse_message(text.encode()) for k, v in fields.items()}
    head = text.encode()[:cut]
    assert {(k, v) for fields in wsdiscovery.parse_message(head) for k, v in fields.items()} <= whole
    wsdiscovery.parse_message(head + tail)


# --- TP-Link's ONVIF port and the hardware-scope placeholder (rules/discovery.yaml) ------------------------------------


def _tp_link_answer(scopes: str, xaddrs: str) -> str:
    """A ProbeMatch in the layout a quoted TP-Link answer has (declarations elided), values of our own."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<SOAP-ENV:Envelope\n    ...>\n<SOAP-ENV:Body><wsdd:ProbeMatches>'
        "<wsdd:ProbeMatch><wsa:EndpointReference><wsa:Address>uuid:0d5f2b1c-4a3e-4f5d-8c7b-02aa00bb00cc</wsa:Address>"
        "</wsa:EndpointReference><wsdd:Types>tdn:NetworkVideoTransmitter</wsdd:Types>"
        f"<wsdd:Scopes>{scopes}</wsdd:Scopes><wsdd:XAddrs>{xaddrs}</wsdd:XAddrs>"
        "</wsdd:ProbeMatch></wsdd:ProbeMatches></SOAP-ENV:Body></SOAP-ENV:Envelope>"
    )


PLACEHOLDER_SCOPES = "onvif://www.onvif.org/name/Camera onvif://www.onvif.org/hardware/MODEL"


def test_an_answer_on_tp_links_onvif_port_names_tp_link_though_its_scopes_name_nobody() -> None:
    identity = identify(
        _shodan(_tp_link_answer(PLACEHOLDER_SCOPES, "http://192.0.2.5:2020/onvif/device_service")).observations
    )
    assert identity.manufacturer == "tp-link" and is_video_device(identity.device_type)
    assert identity.model is None  # 'MODEL' is the firmware's placeholder, not a model


@pytest.mark.parametrize(
    "xaddrs",
    [
        "http://192.0.2.5/onvif/device_service",  # the web port, as most stacks announce
        "http://192.0.2.5:8000/onvif/device_service",  # Reolink's ONVIF port
        "http://192.0.2.5:8899/onvif/device_service",  # white-label boards
        "http://192.0.2.5:20200/onvif/device_service",
    ],
)
def test_the_same_answer_on_another_port_names_nobody(xaddrs: str) -> None:
    identity = identify(_shodan(_tp_link_answer(PLACEHOLDER_SCOPES, xaddrs)).observations)
    assert identity.manufacturer is None and identity.brand is None
    assert is_video_device(identity.device_type) and identity.model is None


def test_a_capabilities_answer_on_port_2020_names_tp_link_and_a_printers_wsd_port_does_not() -> None:
    ids = {e.rule_id for e in match_fields({"onvif.xaddrs": "http://192.0.2.5:2020/onvif/service"})}
    assert "tp-link.onvif.xaddrs.port-2020" in ids
    printer = {e.rule_id for e in match_fields({"onvif.xaddrs": "http://192.0.2.6:2020/wsd/print"})}
    assert "tp-link.onvif.xaddrs.port-2020" not in printer


def test_a_hardware_scope_with_a_model_number_still_gives_the_model() -> None:
    identity = identify(
        _shodan(
            _tp_link_answer("onvif://www.onvif.org/hardware/C200", "http://192.0.2.5:2020/onvif/device_service")
        ).observations
    )
    assert identity.model == "C200" and identity.manufacturer == "tp-link"


# --- Look-alikes read through the tolerant path: WSD printers and Windows hosts, an ONVIF client's Probe ----------------
# Types lists as nmap's broadcast-wsdd-discover sample output and christgau/wsdd show them (the sources of
# rules/discovery.yaml's wsd.types.* rules); envelopes, addresses and uuids invented, declarations elided as a quote does.


def _quoted_match(types: str, xaddrs: str) -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><soap:Envelope ...><soap:Body><wsd:ProbeMatches><wsd:ProbeMatch>'
        "<wsa:EndpointReference><wsa:Address>urn:uuid:1b2c3d4e-5f60-4172-8394-a5b6c7d8e9f0</wsa:Address>"
        f"</wsa:EndpointReference><wsd:Types>{types}</wsd:Types><wsd:XAddrs>{xaddrs}</wsd:XAddrs>"
        "</wsd:ProbeMatch></wsd:ProbeMatches></soap:Body></soap:Envelope>"
    )


def test_a_quoted_printer_answer_is_a_printer_even_on_port_2020() -> None:
    identity = identify(
        _shodan(_quoted_match("wsdp:Device wprt:PrintDeviceType", "http://192.0.2.52:2020/wsd")).observations
    )
    assert identity.device_type == "printer" and identity.manufacturer is None


def test_a_quoted_windows_host_answer_is_not_a_camera() -> None:
    identity = identify(
        _shodan(_quoted_match("wsdp:Device pub:Computer", "http://192.0.2.54:5357/1b2c3d4e")).observations
    )
    assert not is_video_device(identity.device_type) and identity.manufacturer is None


def test_an_onvif_clients_probe_quoted_without_declarations_is_no_message() -> None:
    # What an NVR or a VMS sends to find cameras: a Probe asking for NetworkVideoTransmitter, no description of itself.
    probe = wsdiscovery.build_probe("uuid:0f5d3b8e-2c4a-4e1b-9f7d-5a6b7c8d9e0f").decode()
    quoted = re.sub(r"(<s:Envelope)\s[^>]*>", r"\1 ...>", probe, count=1)
    assert wsdiscovery.parse_message(quoted.encode()) == [] and wsdiscovery.parse_message(probe.encode()) == []
