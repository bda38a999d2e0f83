"""Bodies of cameras' private service protocols kept without their binary headers (helper-173, 2026-12-05).

Three readings written from the development batch tests/data/devreplies_private.jsonl and the public sources cited in
importers/api_answers.py, protocols/baichuan.py and rules/device_documents.yaml (docs/identification/api-answers.md,
"Bodies of cameras' private protocols"):

* Xiongmai's FunSDK key-exchange answer (DVRIP message 1011), which carries no session id;
* a Dahua RPC envelope that says nothing but the envelope (a keep-alive answer): Dahua by itself, the type from Dahua's
  catalogue at the base rate's cap;
* Reolink's Baichuan alarm-event push (``<body><AlarmEventList>``).

Each beside the look-alikes a user would not want named: other JSON-RPC answers, other products' key exchanges, an XMPP
BOSH ``<body>``.
"""

from __future__ import annotations

import json
import struct

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.sniff import document_fields, sniff
from camaudit.model import is_video_device

# The key-exchange answer of an iCSee camera as github:voidnullvalue/Icsee-android/PROTOCOL_NOTES.md@0e769a02ad34 prints
# it (its test keeps the same answer whole). The notes elide the modulus as '<256 hex chars>': the 256 digits here are
# written for the test; the rest is as printed.
_MODULUS = "C3" * 128
KEY_EXCHANGE = (
    '{ "Bits" : 1024, "CommunicateBits" : 128, "CommunicateEncryptAlgo" : "AES", "EncryptAlgo" : "RSA_V1.5", '
    '"NotEncryptMsgID" : [ 1000, 1001, 1008, 1009, 1010, 1011, 1050, 1054, 1412, 1413, 1414, 1422, 1424, 1425, 1426, '
    '1432, 1433, 1434, 1435, 1449, 1522, 1572, 1576, 1580, 1582, 1645, 2062, 2063, 2123, 2140, 3016, 3502 ], '
    f'"PublicKey" : "{_MODULUS},010001", "Ret" : 100 }}\n'
)
#: The same after DVRIP's 20-byte header (0xFF, version 1, session 0, message 1011 = 0x03f3), as
#: github:OpenIPC/python-dvr/dvrip.py@173c36cf264b packs a header. Built to that grammar, not a capture.
KEY_EXCHANGE_WITH_HEADER = (
    struct.pack("<BBHIIHHI", 0xFF, 1, 0, 0, 0, 0, 0x03F3, len(KEY_EXCHANGE) + 1) + KEY_EXCHANGE.encode() + b"\x00"
).decode("latin-1")
# A Dahua PTZ camera's answer to global.keepAlive as github:elissonsilva85/ptz-web-control's tests keep it
# (backend/src/test/.../TestsPtzDahuaParams.java@0186cbacdcca).
DAHUA_KEEPALIVE = '{"id":5,"params":{"timeout":60},"result":true,"session":"ca8c79b073ffef65cbf98229a1ee3c6b"}'
# A Reolink camera's alarm-event push as github:seydx/reolinkproxy/pkg/baichuan/motion_test.go@419eb936e91f writes it
# (no version attributes), and with the version attributes cameras write on every message element.
ALARM_EVENTS = (
    '<?xml version="1.0" encoding="utf-8"?><body><AlarmEventList><AlarmEvent><channelId>0</channelId><status>MD'
    "</status><AItype>people&amp;vehicle</AItype></AlarmEvent></AlarmEventList></body>"
)
ALARM_EVENTS_VERSIONED = (
    '<?xml version="1.0" encoding="UTF-8" ?>\n<body>\n<AlarmEventList version="1.1">\n<AlarmEvent version="1.1">\n'
    "<channelId>0</channelId>\n<status>none</status>\n<recording>0</recording>\n<timeStamp>0</timeStamp>\n"
    "</AlarmEvent>\n</AlarmEventList>\n</body>\n"
)


def _bare(text: str, port: int) -> dict[str, str]:
    found: dict[str, str] = {}
    sniff(text, found, port=port)
    return found


def _identity(text: str, port: int):  # type: ignore[no-untyped-def]
    return identify(shodan.parse_banner({"ip_str": "198.51.100.9", "port": port, "data": text}, 1).observations)


@pytest.mark.parametrize("port", [34567, 8080])
@pytest.mark.parametrize("reply", [KEY_EXCHANGE, KEY_EXCHANGE_WITH_HEADER], ids=["body", "with-header"])
def test_a_funsdk_key_exchange_answer_names_xiongmai_on_any_port(reply: str, port: int) -> None:
    assert _bare(reply, port)["devinfo.answer"] == "xiongmai-dvrip"
    identity = _identity(reply, port)
    assert identity.manufacturer == "xiongmai" and is_video_device(identity.device_type)


def test_the_key_exchange_read_as_an_http_body_too() -> None:
    found: dict[str, str] = {}
    assert document_fields(KEY_EXCHANGE, found) is not None and found["devinfo.answer"] == "xiongmai-dvrip"


@pytest.mark.parametrize(
    "text",
    [
        # Written for this test: a key exchange of another API (a return code DVRIP never sends, no message ids of
        # DVRIP's range, a key that is not hex), and JSON-RPC answers with an "error" or a "Ret" and nothing else.
        '{"Ret": 0, "EncryptAlgo": "RSA", "PublicKey": "' + "ab" * 64 + ',10001"}',
        '{"Ret": 100, "EncryptAlgo": "RSA_V1.5", "NotEncryptMsgID": [1, 2, 3]}',
        '{"Ret": 100, "EncryptAlgo": "RSA_V1.5", "PublicKey": "-----BEGIN PUBLIC KEY-----"}',
        '{"Ret": 100, "EncryptAlgo": ["RSA"], "NotEncryptMsgID": [1000]}',
        '{"Ret": 100, "EncryptAlgo": "RSA_V1.5", "NotEncryptMsgID": [1000, "1001"]}',
        '{"Ret": 100, "Bits": 1024}',
    ],
)
def test_key_exchange_look_alikes_name_nobody(text: str) -> None:
    assert _bare(text, 34567).get("devinfo.answer") != "xiongmai-dvrip"
    assert _identity(text, 34567).manufacturer is None


def test_a_dahua_rpc_envelope_alone_names_dahua_and_the_catalogue_types_it() -> None:
    assert _bare(DAHUA_KEEPALIVE, 37777)["devinfo.answer"] == "dahua-rpc2"
    identity = _identity(DAHUA_KEEPALIVE, 37777)
    assert identity.manufacturer == "dahua"
    assert identity.device_type is not None and identity.device_type.value == "video_device"
    # The headline is the maker's (the envelope's 0.7); the type is the catalogue's base rate, never firm.
    assert identity.confidence == pytest.approx(0.7)
    assert any("catalogue" in line for line in identity.attribution)


@pytest.mark.parametrize(
    "text",
    [
        # bitcoind's JSON-RPC error as Gavin Andresen's 2010 bitcointalk post quotes it (no session);
        '{"result":null,"error":{"code":-32601,"message":"Method not found"},"id":"123"}',
        # an Ethereum-family node's JSON-RPC 2.0 error (github.com/mintme-com/webchaind/issues/13);
        '{"jsonrpc":"2.0","id":67,"error":{"code":-32601,"message":"The method web3_clientVersion does not exist/is not '
        'available"}}',
        # a Shelly Gen2 response frame (id, src, dst, result: shelly-api-docs' RPC protocol; values written here);
        '{"id":1,"src":"shellyplus1-a8032ab636ec","dst":"user_1","result":{"name":null,"gen":2,"app":"Plus1"}}',
        # a Yeelight bulb's RESULT message (Yeelight's Inter-Operation Specification).
        '{"id":1, "result":["ok"]}',
    ],
)
def test_other_json_rpc_answers_name_nobody(text: str) -> None:
    assert "devinfo.answer" not in _bare(text, 8080)
    identity = _identity(text, 8080)
    assert identity.manufacturer is None and not is_video_device(identity.device_type)


@pytest.mark.parametrize("body", [ALARM_EVENTS, ALARM_EVENTS_VERSIONED], ids=["as-the-client-writes", "versioned"])
@pytest.mark.parametrize("port", [9000, 80])
def test_a_baichuan_alarm_event_push_names_reolink(body: str, port: int) -> None:
    assert _bare(body, port)["devinfo.answer"] == "reolink-baichuan"
    identity = _identity(body, port)
    assert identity.manufacturer == "reolink" and is_video_device(identity.device_type)


def test_an_xmpp_bosh_body_is_no_baichuan_body() -> None:
    # XEP-0124's session creation response (https://xmpp.org/extensions/xep-0124.html, Example 2), abridged.
    bosh = (
        "<body wait='60' inactivity='30' polling='5' requests='2' hold='1' ack='1573741820' accept='deflate,gzip' "
        "maxpause='120' sid='SomeSID' ver='1.6' from='example.com' xmlns='http://jabber.org/protocol/httpbind'/>"
    )
    wrapped = "<body xmlns='http://jabber.org/protocol/httpbind'><AlarmEventList/></body>"
    for text in (bosh, wrapped):
        assert _bare(text, 5280).get("devinfo.answer") != "reolink-baichuan", text
        assert _identity(text, 5280).manufacturer is None


_DVRIP_CODES = st.sampled_from([100, 101, 106, 107, 150, 203, 205, 502, 515, 603])
_HEX = st.text(alphabet="0123456789abcdefABCDEF", min_size=64, max_size=1024)


@settings(max_examples=120, deadline=None)
@given(code=_DVRIP_CODES, algorithm=st.text(min_size=1, max_size=32), modulus=_HEX,
       exponent=st.text(alphabet="0123456789abcdef", min_size=1, max_size=8), spaced=st.booleans())
def test_any_funsdk_key_exchange_answer_is_read(code: int, algorithm: str, modulus: str, exponent: str,
                                                spaced: bool) -> None:
    doc = {"EncryptAlgo": algorithm, "PublicKey": f"{modulus},{exponent}", "Ret": code}
    text = json.dumps(doc, separators=(" , ", " : ") if spaced else (",", ":"))
    assert _bare(text, 34567)["devinfo.answer"] == "xiongmai-dvrip"


@settings(max_examples=120, deadline=None)
@given(code=st.integers().filter(lambda n: not 100 <= n <= 608), ids=st.lists(st.integers(1000, 3999), min_size=1,
                                                                              max_size=8))
def test_a_return_code_dvrip_never_sends_is_no_key_exchange(code: int, ids: list[int]) -> None:
    text = json.dumps({"EncryptAlgo": "RSA_V1.5", "NotEncryptMsgID": ids, "Ret": code})
    assert _bare(text, 34567).get("devinfo.answer") != "xiongmai-dvrip"


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(
    st.sampled_from(["Ret", "EncryptAlgo", "PublicKey", "NotEncryptMsgID", "Bits", "SessionID", "id", "session",
                     "result", "params", "error"]),
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=80), st.lists(st.integers(), max_size=70),
              st.lists(st.text(max_size=5), max_size=3), st.dictionaries(st.text(max_size=6), st.text(max_size=6),
                                                                         max_size=3)),
))
def test_hostile_private_protocol_json_never_raises_and_keeps_values_short(doc: dict[str, object]) -> None:
    text = json.dumps(doc)
    found = _bare(text, 34567)
    document_fields(text, {})
    assert all(len(value) <= 128 for name, value in found.items() if name.startswith(("devinfo.", "dahua.")))


@settings(max_examples=120, deadline=None)
@given(inner=st.text(max_size=300), name=st.sampled_from(["AlarmEventList", "AlarmEvent", "Alarm", "EventList"]))
def test_any_text_inside_a_baichuan_looking_body_never_raises(inner: str, name: str) -> None:
    text = f'<?xml version="1.0" encoding="UTF-8" ?><body><{name}>{inner}</{name}></body>'
    found = _bare(text, 9000)
    document_fields(text, {})
    if name != "AlarmEventList":
        assert found.get("devinfo.answer") != "reolink-baichuan"


# Dahua's DVRIP answer to the realm request on TCP 37777, as github:mcw0/Tools/Dahua-JSON-Debug-Console-v2.py@0afaf5f
# parses it and rules/dahua.yaml's example quotes it; the 32-byte header (0xB0 first) is built to that grammar, not a
# capture.
DVRIP_REALM = "Realm:Login to 18038F6DBFE666A3\r\nRandom:166042717d\r\n"
DVRIP_REALM_WITH_HEADER = (b"\xb0\x00\x00\x58" + bytes(28)).decode("latin-1") + DVRIP_REALM


@pytest.mark.parametrize("reply", [DVRIP_REALM, DVRIP_REALM_WITH_HEADER], ids=["text", "with-header"])
def test_a_stored_dvrip_realm_answer_fills_the_live_probes_field_and_names_dahua(reply: str) -> None:
    found = _bare(reply, 37777)
    assert found == {"dahua.dvrip.realm": "Login to 18038F6DBFE666A3"}
    identity = _identity(reply, 37777)
    assert identity.manufacturer == "dahua" and is_video_device(identity.device_type)


@pytest.mark.parametrize(
    "text",
    [
        # Written for this test: the realm line alone, a realm of another shape, the lines in the other order, a
        # header of another protocol's first byte, and the words inside an SMTP greeting.
        "Realm:Login to 18038F6DBFE666A3\r\n",
        "Realm:Example Corp\r\nRandom:12345\r\n",
        "Random:166042717d\r\nRealm:Login to 18038F6DBFE666A3\r\n",
        (b"\xa0" + bytes(31)).decode("latin-1") + DVRIP_REALM,
        "220 mail.example.org ESMTP Realm:Login to 18038F6DBFE666A3\r\n",
    ],
)
def test_dvrip_realm_look_alikes_name_nobody(text: str) -> None:
    assert "dahua.dvrip.realm" not in _bare(text, 37777)
    assert _identity(text, 37777).manufacturer is None


@settings(max_examples=150, deadline=None)
@given(head=st.binary(min_size=31, max_size=31), tail=st.text(max_size=200),
       ident=st.from_regex(r"[0-9A-Za-z._-]{6,32}", fullmatch=True))
def test_any_realm_answer_after_any_header_is_read_and_hostile_tails_never_raise(head: bytes, tail: str,
                                                                                 ident: str) -> None:
    text = (b"\xb0" + head).decode("latin-1") + f"Realm:Login to {ident}\r\nRandom:1a2b3c\r\n" + tail
    assert _bare(text, 37777)["dahua.dvrip.realm"] == f"Login to {ident}"
