"""Hikvision's event-topic namespace is copied: it names Hikvision only in Hikvision's own sequence (soap.hikvision-*).

`soap.hikvision-event-topics` named Hikvision (0.75) from `tnshik=http://www.hikvision.com/2011/event/topics` alone.
Two white-label ONVIF stacks declare it too (helper-226, 2026-12-06; docs/identification/onvif-soap.md):

* ANYKA: an Anyka AK3918 camera's WS-Discovery daemon (github:MuhammedKalkan/Anyka-Camera-Firmware/src/onvif/
  onvif_discovery.c@d3b34827cba6): Hikvision's older env-rooted table, closed by `tnshik` with no extension prefix
  after it, in a ProbeMatch whose scopes name `hardware/IPCAM_FARADAY_01` and `name/H.264_IPCamera`;
* GSOAP_WHITE_LABEL: a PTZ camera's GetCapabilities answer replayed by a vision library's ONVIF test
  (github:roboflow/inference/tests/workflows/integration_tests/execution/test_workflow_with_onvif.py@017751364816):
  `Server: gSOAP/2.8`, gSOAP's SOAP-ENV table with its own `ewsd`/`exsd` (an `hbgk_ext` extension) and then `tnshik`,
  `hikwsd`, `hikxsd`.

Hikvision's own answers (HIKVISION: a DS-2CD3T45P1-I's envelope, github:liyanhui1998/go-onvif/examples/
test.go@4ff4e159ee24) open the table with `env` and follow the topic namespace at once with `hikwsd`: that sequence
keeps the maker; the namespace anywhere else types an ONVIF video device and names nobody. The tables are the sources'
declarations in their order; the bodies around them are written for the test.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, is_video_device

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
ENCODING = "http://www.w3.org/2003/05/soap-encoding"
TOPICS = "http://www.hikvision.com/2011/event/topics"
EXT_WSDL = "http://www.onvifext.com/onvif/ext/ver10/wsdl"
EXT_XSD = "http://www.onvifext.com/onvif/ext/ver10/schema"
ONVIF = (
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xs", "http://www.w3.org/2001/XMLSchema"),
    ("tt", "http://www.onvif.org/ver10/schema"),
    ("tds", "http://www.onvif.org/ver10/device/wsdl"),
    ("trt", "http://www.onvif.org/ver10/media/wsdl"),
    ("timg", "http://www.onvif.org/ver20/imaging/wsdl"),
    ("tev", "http://www.onvif.org/ver10/events/wsdl"),
    ("tns1", "http://www.onvif.org/ver10/topics"),
    ("d", "http://schemas.xmlsoap.org/ws/2005/04/discovery"),
    ("wsadis", "http://schemas.xmlsoap.org/ws/2004/08/addressing"),
    ("wsaw", "http://www.w3.org/2006/05/addressing/wsdl"),
    ("wsrf-r", "http://docs.oasis-open.org/wsrf/r-2"),
)
HIKVISION = (
    ("env", SOAP12),
    ("soapenc", ENCODING),
    *ONVIF,
    ("trc", "http://www.onvif.org/ver10/recording/wsdl"),
    ("tse", "http://www.onvif.org/ver10/search/wsdl"),
    ("trp", "http://www.onvif.org/ver10/replay/wsdl"),
    ("tnshik", TOPICS),
    ("hikwsd", EXT_WSDL),
    ("hikxsd", EXT_XSD),
    ("tas", "http://www.onvif.org/ver10/advancedsecurity/wsdl"),
)
ANYKA = (("env", SOAP12), ("soapenc", ENCODING), *ONVIF, ("tnshik", TOPICS))
GSOAP_WHITE_LABEL = (
    ("SOAP-ENV", SOAP12),
    ("SOAP-ENC", ENCODING),
    ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xsd", "http://www.w3.org/2001/XMLSchema"),
    ("tt", "http://www.onvif.org/ver10/schema"),
    ("tds", "http://www.onvif.org/ver10/device/wsdl"),
    ("tplt", "http://www.onvif.org/ver10/plus/schema"),
    ("ewsd", EXT_WSDL),
    ("exsd", EXT_XSD),
    ("tnshik", TOPICS),
    ("hikwsd", EXT_WSDL),
    ("hikxsd", EXT_XSD),
)
PROBE_MATCH = (
    "<d:ProbeMatches><d:ProbeMatch><d:Types>dn:NetworkVideoTransmitter tds:Device</d:Types>"
    "<d:Scopes>onvif://www.onvif.org/hardware/IPCAM_FARADAY_01 onvif://www.onvif.org/name/H.264_IPCamera</d:Scopes>"
    "</d:ProbeMatch></d:ProbeMatches>"
)


def envelope(table: tuple[tuple[str, str], ...], body: str) -> str:
    own = next(p for p, u in table if u == SOAP12)
    tag = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        + f"<{own}:Envelope"
        + "".join(f' xmlns:{name}="{uri}"' for name, uri in table)
    )
    return f"{tag}><{own}:Body>{body}</{own}:Body></{own}:Envelope>"


def identified(body: str, server: str = "") -> Identity:
    head = f"HTTP/1.1 200 OK\r\n{server}Content-Type: application/soap+xml; charset=utf-8\r\n\r\n"
    banner = {"ip_str": "198.51.100.41", "port": 80, "data": head + body, "_shodan": {"module": "http"}}
    record: ImportRecord = shodan.parse_banner(banner, 1)
    return identify(record.observations)


def rules(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def test_white_label_copies_of_the_topic_namespace_type_a_video_device_and_name_nobody() -> None:
    for table, body, server in (
        (ANYKA, PROBE_MATCH, ""),
        (GSOAP_WHITE_LABEL, "<tds:GetCapabilitiesResponse/>", "Server: gSOAP/2.8\r\n"),
    ):
        identity = identified(envelope(table, body), server)
        assert "soap.hikvision-topics-copied" in rules(identity)
        assert "soap.hikvision-event-topics" not in rules(identity)
        assert identity.device_type is not None and is_video_device(identity.device_type), identity.attribution
        assert identity.manufacturer is None and identity.brand is None, (table[0], identity.attribution)


def test_hikvisions_own_sequence_still_names_hikvision() -> None:
    identity = identified(envelope(HIKVISION, "<tds:GetDeviceInformationResponse/>"))
    assert "soap.hikvision-event-topics" in rules(identity)
    assert identity.manufacturer == "hikvision", identity.attribution
    assert identity.confidence < 0.9  # the table alone: one reply, one witness


@settings(max_examples=60, deadline=None)
@given(
    prefix=st.from_regex(r"\A[a-z][a-z0-9]{0,11}\Z"),
    after=st.sampled_from([(), (("hikxsd", EXT_XSD),), (("tas", "http://www.onvif.org/ver10/advancedsecurity/wsdl"),)]),
    root=st.sampled_from([("env", SOAP12), ("SOAP-ENV", SOAP12), ("s", SOAP12)]),
)
def test_the_topic_namespace_without_hikwsd_after_it_never_names_hikvision(
    prefix: str, after: tuple[tuple[str, str], ...], root: tuple[str, str]
) -> None:
    table = (root, *ONVIF, (prefix, TOPICS), *after)
    if prefix in {name for name, _ in table[: -1 - len(after)]}:
        return  # a prefix declared twice is no table a server writes
    identity = identified(envelope(table, "<tev:GetEventPropertiesResponse/>"))
    assert identity.manufacturer is None and identity.brand is None, (table, identity.attribution)
