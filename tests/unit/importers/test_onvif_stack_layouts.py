"""A maker's own ONVIF stack shows in the order and names of its envelope's declarations (layers/onvif_answers.yaml).

The tables below are the ones the cited public sources show, in their order; each reply is assembled from such a table
(cut where the test says so), not captured whole:

* DAHUA: an Amcrest IP2M-841B-EIG-IT's GetCapabilities answer (github:SeryioGonzalez/onvif_scripts/README.md
  @0a2da14636c7): `sc` (SOAP 1.2 encoding) declared before the envelope's own `s`; Amcrest cameras are Dahua-made;
* HIKVISION: a HIKVISION DS-2CD3T45P1-I's GetDeviceInformation envelope (github:liyanhui1998/go-onvif/examples/
  test.go@4ff4e159ee24): env, soapenc, xsi, xs, tt, tds, trt, timg ... tnshik;
* GOKE_CAMERA: a Goke-based ZS-GX1 camera's GetServices envelope (https://github.com/ant-thomas/zsgx1hacks/issues/80):
  the same order as Hikvision's through tmd, then its own gte extension -- a white-label camera, not Hikvision-made;
* look-alikes: an Elixir ONVIF library's own discovery template (s before sc), Happytime's ONVIF server template
  (s, e, wsa, xs, xsi ...), a geocoding SOAP 1.2 request (env, soapenc, xsd, xsi: no ONVIF), an ONVIF client request;
* HANWHA: a Wisenet/Samsung camera's ONVIF event vocabulary as a VMS's tests replay it (github:melchi45/
  loitering_tracking/test/api/onvif_metadata_pipeline.test.js@0c9ded8cd41a): ONVIF's tt, wsnt, tns1, then Samsung
  Techwin's own topics, tnssamsung=http://www.samsungcctv.com/2011/event/topics; the SOAP 1.2 envelope around them
  and the event answer's element are written for the test (the source shows the metadata document's declarations);
* a client library's test that binds the same prefix to an invented URI (`urn:samsung`): a look-alike;
* the fault: the subcodes and reasons of the ONVIF Core Specification's generic faults (ter:NotAuthorized "Sender not
  Authorized"), in the SOAP 1.2 fault elements gSOAP writes.
"""

from __future__ import annotations

from itertools import pairwise

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import Identity, is_video_device

SOAP12 = "http://www.w3.org/2003/05/soap-envelope"
ENCODING = "http://www.w3.org/2003/05/soap-encoding"
TT = ("tt", "http://www.onvif.org/ver10/schema")
TDS = ("tds", "http://www.onvif.org/ver10/device/wsdl")
TRT = ("trt", "http://www.onvif.org/ver10/media/wsdl")
DAHUA = (("sc", ENCODING), ("s", SOAP12), TDS, TT)
HIKVISION = (
    ("env", SOAP12), ("soapenc", ENCODING), ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xs", "http://www.w3.org/2001/XMLSchema"), TT, TDS, TRT, ("timg", "http://www.onvif.org/ver20/imaging/wsdl"),
    ("tev", "http://www.onvif.org/ver10/events/wsdl"), ("tnshik", "http://www.hikvision.com/2011/event/topics"),
    ("hikwsd", "http://www.onvifext.com/onvif/ext/ver10/wsdl"),
)
GOKE_CAMERA = (
    ("env", SOAP12), ("soapenc", ENCODING), ("xsi", "http://www.w3.org/2001/XMLSchema-instance"),
    ("xs", "http://www.w3.org/2001/XMLSchema"), TT, TDS, TRT, ("timg", "http://www.onvif.org/ver20/imaging/wsdl"),
    ("tev", "http://www.onvif.org/ver10/events/wsdl"), ("tptz", "http://www.onvif.org/ver20/ptz/wsdl"),
    ("tan", "http://www.onvif.org/ver20/analytics/wsdl"), ("tst", "http://www.onvif.org/ver10/storage/wsdl"),
    ("ter", "http://www.onvif.org/ver10/error"), ("dn", "http://www.onvif.org/ver10/network/wsdl"),
    ("tns1", "http://www.onvif.org/ver10/topics"), ("tmd", "http://www.onvif.org/ver10/deviceIO/wsdl"),
    ("gte", "http://www.onvif.org/ver10/gtextension/wsdl"), ("wsdl", "http://schemas.xmlsoap.org/wsdl"),
)
WSNT = ("wsnt", "http://docs.oasis-open.org/wsn/b-2")
TNS1 = ("tns1", "http://www.onvif.org/ver10/topics")
SAMSUNG_TOPICS = ("tnssamsung", "http://www.samsungcctv.com/2011/event/topics")
HANWHA = (("env", SOAP12), TT, ("tev", "http://www.onvif.org/ver10/events/wsdl"), WSNT, TNS1, SAMSUNG_TOPICS)
ELIXIR_TEMPLATE = (("s", SOAP12), ("sc", ENCODING), ("dn", "http://www.onvif.org/ver10/network/wsdl"), TDS)
HAPPYTIME = (("s", SOAP12), ("e", ENCODING), ("wsa", "http://www.w3.org/2005/08/addressing"),
             ("xs", "http://www.w3.org/2001/XMLSchema"), ("xsi", "http://www.w3.org/2001/XMLSchema-instance"), TT, TDS)
GEOCODE = (("env", SOAP12), ("soapenc", ENCODING), ("xsd", "http://www.w3.org/2001/XMLSchema"),
           ("xsi", "http://www.w3.org/2001/XMLSchema-instance"))


def envelope(table: tuple[tuple[str, str], ...], body: str = "", *, cut: bool = False) -> str:
    own = next(p for p, u in table if u == SOAP12)
    tag = '<?xml version="1.0" encoding="utf-8" standalone="yes" ?>' + f"<{own}:Envelope" + "".join(
        f' xmlns:{name}="{uri}"' for name, uri in table
    )
    return tag if cut else f"{tag}><{own}:Header/><{own}:Body>{body}</{own}:Body></{own}:Envelope>"


def identified(data: str, *, head: bool = True, port: int = 80) -> Identity:
    if head:
        data = f"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml; charset=utf-8\r\n\r\n{data}"
    banner = {"ip_str": "198.51.100.41", "port": port, "data": data, "_shodan": {"module": "http"}}
    record: ImportRecord = shodan.parse_banner(banner, 1)
    return identify(record.observations)


def fired(identity: Identity) -> set[str]:
    return {e.rule_id for e in identity.evidence}


def test_dahuas_stack_declares_the_encoding_before_its_envelope() -> None:
    for data in (envelope(DAHUA, "<tds:GetCapabilitiesResponse/>"), envelope(DAHUA, cut=True)):
        identity = identified(data)
        assert "soap.dahua-stack-encoding-first" in fired(identity)
        assert identity.manufacturer == "dahua", identity.attribution
        assert identity.device_type is not None and is_video_device(identity.device_type)


def test_hikvisions_own_topics_name_it_and_its_stacks_order_alone_does_not() -> None:
    whole = identified(envelope(HIKVISION, "<tds:GetSystemDateAndTimeResponse/>"))
    assert {"soap.env-soapenc-stack-table", "soap.hikvision-event-topics"} <= fired(whole)
    assert whole.manufacturer == "hikvision", whole.attribution
    # One reply: the layout and the topics are one witness, not a firm identification.
    assert whole.confidence < 0.9, whole.attribution
    # Cut before Hikvision's own topics, the order types an ONVIF video device and names nobody.
    neutral = tuple(d for d in HIKVISION if d[0] not in ("soapenc", "tnshik", "hikwsd"))
    cut = identified(envelope(neutral, cut=True))
    assert "soap.env-soapenc-stack-table" in fired(cut)
    assert cut.device_type == "video_device" and cut.manufacturer is None and cut.brand is None, cut.attribution


def test_hanwhas_own_topic_namespace_names_it_under_any_prefix() -> None:
    for data in (envelope(HANWHA, "<tev:GetEventPropertiesResponse/>"), envelope(HANWHA, cut=True),
                 envelope((*HANWHA[:-1], ("wisenet", SAMSUNG_TOPICS[1])), "<tev:PullMessagesResponse/>")):
        identity = identified(data)
        assert "soap.hanwha-event-topics" in fired(identity), identity.attribution
        assert identity.manufacturer == "hanwha", identity.attribution
        assert identity.device_type is not None and is_video_device(identity.device_type)
        # One reply, one witness: below the firm band.
        assert identity.confidence < 0.9, identity.attribution


def test_the_samsung_prefix_on_another_namespace_and_onvifs_own_topics_name_nobody() -> None:
    for table in ((*HANWHA[:-1], ("tnssamsung", "urn:samsung")), HANWHA[:-1],
                  (*HANWHA[:-1], ("tnssamsung", "http://www.samsung.com/2011/event/topics")),
                  (*HANWHA[:-1], ("tnsn", "http://www.eventextension.com/2011/event/topics"))):
        identity = identified(envelope(table, "<tev:GetEventPropertiesResponse/>"))
        assert "soap.hanwha-event-topics" not in fired(identity), table
        assert identity.manufacturer is None and identity.brand is None, (table, identity.attribution)


def test_a_white_label_camera_on_the_same_stack_is_not_made_hikvision() -> None:
    for data in (envelope(GOKE_CAMERA, "<tds:GetServicesResponse/>"), envelope(GOKE_CAMERA, cut=True)):
        identity = identified(data)
        assert "soap.env-soapenc-stack-table" in fired(identity)
        assert identity.device_type == "video_device", identity.attribution
        assert identity.manufacturer is None and identity.brand is None, identity.attribution


def test_other_stacks_in_the_same_vocabulary_name_nobody() -> None:
    for table in (ELIXIR_TEMPLATE, HAPPYTIME):
        identity = identified(envelope(table, "<x/>"))
        assert identity.manufacturer is None and identity.brand is None, (table, identity.attribution)
        assert not {"soap.dahua-stack-encoding-first", "soap.env-soapenc-stack-table"} & fired(identity)
    geocode = identified(envelope(GEOCODE, "<ns8:geocodeAddress/>"))
    assert geocode.device_type is None or not is_video_device(geocode.device_type), geocode.attribution


def test_an_onvif_envelope_cut_inside_its_start_tag_is_an_onvif_answer_without_a_head_too() -> None:
    # A collector that kept the reply without its HTTP head, cut after a few declarations.
    data = envelope((("SOAP-ENV", SOAP12), ("SOAP-ENC", ENCODING), TDS, TRT), cut=True)
    identity = identified(data, head=False, port=8899)
    assert identity.device_type == "video_device", identity.attribution
    assert "onvif.devinfo.answer.soap" in fired(identity)
    assert identity.manufacturer is None


def test_an_onvif_fault_kept_without_its_envelope_is_a_video_device() -> None:
    fault = (
        "<SOAP-ENV:Fault><SOAP-ENV:Code><SOAP-ENV:Value>SOAP-ENV:Sender</SOAP-ENV:Value><SOAP-ENV:Subcode>"
        "<SOAP-ENV:Value>ter:NotAuthorized</SOAP-ENV:Value></SOAP-ENV:Subcode></SOAP-ENV:Code><SOAP-ENV:Reason>"
        '<SOAP-ENV:Text xml:lang="en">Sender not Authorized</SOAP-ENV:Text></SOAP-ENV:Reason></SOAP-ENV:Fault>'
    )
    identity = identified(fault)
    assert "soap.onvif-fault-subcode" in fired(identity)
    assert identity.device_type == "video_device", identity.attribution
    plain = identified(fault.replace("ter:NotAuthorized", "SOAP-ENV:Client"))
    assert "soap.onvif-fault-subcode" not in fired(plain)


PREFIX = st.sampled_from(["s", "sc", "env", "soapenc", "xsi", "xs", "xsd", "tt", "tds", "trt", "e", "SOAP-ENV"])
URI = st.sampled_from([SOAP12, ENCODING, "http://www.w3.org/2001/XMLSchema", "http://www.onvif.org/ver10/schema",
                       "http://www.onvif.org/ver10/device/wsdl", "urn:example", "urn:samsung",
                       "http://www.samsungcctv.com.example/2011/event/topics"])


@settings(max_examples=120, deadline=None)
@given(st.lists(st.tuples(PREFIX, URI), min_size=1, max_size=10))
def test_a_maker_is_named_only_from_its_own_layout(table: list[tuple[str, str]]) -> None:
    lines = [f"{p}={u}" for p, u in table]
    identity = identified(envelope((("soapenv", SOAP12), *table), "<x/>"))
    named = fired(identity) & {"soap.dahua-stack-encoding-first", "soap.env-soapenc-stack-table"}
    dahua = any(a == f"sc={ENCODING}" and b == f"s={SOAP12}" for a, b in pairwise(lines))
    stack = any(line == f"env={SOAP12}" for line in lines)
    assert not ("soap.dahua-stack-encoding-first" in named and not dahua)
    assert not ("soap.env-soapenc-stack-table" in named and not stack)
    # No order of these standard prefixes names Hikvision or Hanwha: only their own topic namespaces do.
    assert identity.manufacturer in (None, "dahua"), identity.attribution
    assert "soap.hanwha-event-topics" not in fired(identity)


@settings(max_examples=80, deadline=None)
@given(st.lists(st.tuples(PREFIX, URI), max_size=10), st.integers(min_value=0, max_value=10),
       st.from_regex(r"[A-Za-z_][A-Za-z0-9_]{0,11}", fullmatch=True))
def test_samsung_techwins_topic_namespace_names_hanwha_wherever_it_is_declared(
    table: list[tuple[str, str]], at: int, prefix: str
) -> None:
    if prefix in {p for p, _ in table} or prefix in ("soapenv", "xmlns"):
        return
    table.insert(min(at, len(table)), (prefix, SAMSUNG_TOPICS[1]))
    identity = identified(envelope((("soapenv", SOAP12), *table), "<tev:GetEventPropertiesResponse/>"))
    assert "soap.hanwha-event-topics" in fired(identity), table
