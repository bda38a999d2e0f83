"""Real variants of the formats the importers read: masscan's list, grepable and XML outputs, nmap's
``banner`` script, Censys's hex and base64 banners, Shodan host lookups and raw replies in JSON lines.

Each was a file camaudit could not read (every record an error, or read with its reply lost). The reply
used is a Dahua camera's RTSP 401 published in https://github.com/scottlamb/retina/issues/62; the
shapes follow masscan's ``out-text.c``/``out-grepable.c``/``out-xml.c`` (banners escaped by
``normalize_string``), nmap's ``banner.nse`` (``220 FTP version 1.0\\x0D\\x0A``), Censys's ``_encoding``
and Shodan's host lookup.
"""

from __future__ import annotations

import base64
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers import FORMATS
from camaudit.importers.base import ImportRecord, RecordError
from camaudit.importers.masscan_text import text_events
from camaudit.importers.replies import reply_line
from camaudit.importers.text import decoded, unescape_hex

REPLY = (
    "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\n"
    'WWW-Authenticate: Digest realm="Login to 4K01FD2PAJ6E3FF", nonce="203c8d27b595204504dfa65fd22586bd"\r\n\r\n'
)
REALM = 'Digest realm="Login to 4K01FD2PAJ6E3FF", nonce="203c8d27b595204504dfa65fd22586bd"'
#: The reply as masscan's normalize_string writes it (and nmap's banner script, upper-case hex).
ESCAPED = (
    "RTSP/1.0 401 Unauthorized\\x0d\\x0aCSeq: 1\\x0d\\x0aWWW-Authenticate: Digest realm=\\x22Login to "
    "4K01FD2PAJ6E3FF\\x22, nonce=\\x22203c8d27b595204504dfa65fd22586bd\\x22\\x0d\\x0a\\x0d\\x0a"
)


def read(name: str, text: str) -> list[ImportRecord]:
    return list(FORMATS[name](io.BytesIO(text.encode("utf-8"))))


def fields(record: ImportRecord) -> dict[str, str]:
    merged: dict[str, str] = {}
    for observation in record.observations:
        merged.update(observation.fields)
    return merged


def test_masscan_list_output_joins_the_port_and_its_banner_and_unescapes_it() -> None:
    records = read(
        "masscan",
        f"#masscan\nopen tcp 554 192.0.2.7 1727151519\nbanner tcp 554 192.0.2.7 1727151523 "
        f"unknown {ESCAPED}\nopen tcp 22 192.0.2.8 1727151524\n# end\n",
    )
    assert [(r.ip, r.port, r.error) for r in records] == [("192.0.2.7", 554, None), ("192.0.2.8", 22, None)]
    assert fields(records[0])["rtsp.www_authenticate"] == REALM
    assert records[0].observations[0].protocol == "rtsp"


def test_masscan_grepable_output() -> None:
    records = read(
        "masscan",
        "# Masscan 1.3.2 scan initiated\n"
        "Timestamp: 1727151519\tHost: 192.0.2.11 ()\tPorts: 80/open/tcp//http//\n"
        "Host: 192.0.2.11 ()\tPort: 80\tService: http.server\tBanner: nginx/1.24.0 (Ubuntu)\n",
    )
    assert len(records) == 1 and records[0].port == 80
    assert fields(records[0])["http.server"] == "nginx/1.24.0 (Ubuntu)"


MASSCAN_XML = (
    '<?xml version="1.0"?>\r\n<!-- masscan v1.3.2 scan -->\r\n<nmaprun scanner="masscan" start="1">\r\n'
    '<scaninfo type="syn" protocol="tcp" />\r\n'
    '<host endtime="1"><address addr="192.0.2.7" addrtype="ipv4"/><ports><port protocol="tcp" portid="554">'
    '<state state="open" reason="syn-ack" reason_ttl="64" /></port></ports></host>\r\n'
    '<host endtime="2"><address addr="192.0.2.7" addrtype="ipv4"/><ports><port protocol="tcp" portid="554">'
    f'<state state="open" reason="syn-ack" reason_ttl="64" /><service name="unknown" banner="{ESCAPED}">'
    '</service></port></ports></host>\r\n<runstats>\r\n<finished time="3" />\r\n</runstats>\r\n</nmaprun>\r\n'
)


def test_masscan_xml_output_read_as_masscan_gathers_the_endpoint() -> None:
    records = read("masscan", MASSCAN_XML)
    assert len(records) == 1 and (records[0].ip, records[0].port) == ("192.0.2.7", 554)
    assert fields(records[0])["rtsp.www_authenticate"] == REALM


def test_masscan_xml_output_read_as_nmap_keeps_the_banner() -> None:
    records = read("nmap", MASSCAN_XML)
    assert [fields(r).get("rtsp.www_authenticate") for r in records] == [None, REALM]


def test_a_line_that_is_no_masscan_output_is_one_error_and_the_rest_is_kept() -> None:
    records = read("masscan", "open tcp 80 192.0.2.1 1\nthis is not masscan\nopen tcp 81 192.0.2.2 2\n")
    assert [r.error is None for r in records] == [True, False, True]
    assert "not a masscan line" in (records[1].error or "")


def test_nmap_banner_script_output_is_unescaped_before_it_is_read() -> None:
    xml = (
        '<nmaprun><host><address addr="192.0.2.9" addrtype="ipv4"/><ports>'
        '<port protocol="tcp" portid="21"><state state="open"/><service name="ftp"/>'
        '<script id="banner" output="220 FTP version 1.0\\x0D\\x0A"/></port>'
        '<port protocol="tcp" portid="554"><state state="open"/><service name="rtsp"/>'
        f'<script id="banner" output="{ESCAPED.replace("x0d", "x0D").replace("x0a", "x0A")}"/></port>'
        "</ports></host></nmaprun>"
    )
    (record,) = read("nmap", xml)
    by_port = {o.port: o.fields for o in record.observations}
    assert by_port[21]["ftp.banner"] == "220 FTP version 1.0"
    assert by_port[554]["rtsp.www_authenticate"] == REALM


@pytest.mark.parametrize(
    "service",
    [
        {"port": 554, "service_name": "RTSP", "banner_hex": REPLY.encode().hex()},
        {
            "port": 554,
            "service_name": "UNKNOWN",
            "_encoding": {"banner": "DISPLAY_BASE64"},
            "banner": base64.b64encode(REPLY.encode()).decode(),
        },
        {
            "port": 554,
            "service_name": "UNKNOWN",
            "_encoding": {"banner": "DISPLAY_HEX"},
            "banner": REPLY.encode().hex(),
        },
    ],
)
def test_censys_banners_written_as_hex_or_base64_are_decoded(service: dict[str, object]) -> None:
    (record,) = read("censys", json.dumps({"ip": "192.0.2.7", "services": [service]}))
    assert fields(record)["rtsp.www_authenticate"] == REALM


def test_a_censys_banner_that_is_not_the_encoding_it_claims_is_kept_as_written() -> None:
    service = {"port": 23, "service_name": "TELNET", "_encoding": {"banner": "DISPLAY_BASE64"}, "banner": "login: %"}
    (record,) = read("censys", json.dumps({"ip": "192.0.2.7", "services": [service]}))
    assert fields(record)["telnet.banner"] == "login: %"


def test_a_shodan_host_lookup_is_one_record_with_every_banner() -> None:
    host = {
        "ip_str": "192.0.2.7",
        "ports": [554, 22],
        "org": "Example",
        "location": {"country_code": "NL"},
        "data": [
            {"port": 554, "transport": "tcp", "data": REPLY, "_shodan": {"module": "rtsp-tcp"}},
            {"port": 22, "transport": "tcp", "data": "SSH-2.0-dropbear_2019.78\r\n", "_shodan": {"module": "ssh"}},
        ],
    }
    (record,) = read("shodan", json.dumps(host))
    assert (record.ip, record.port, record.country, record.org) == ("192.0.2.7", None, "NL", "Example")
    assert {o.port: o.protocol for o in record.observations} == {554: "rtsp", 22: "ssh"}
    assert fields(record)["rtsp.www_authenticate"] == REALM


def test_a_saved_shodan_search_result_says_how_to_read_it() -> None:
    (record,) = read("shodan", json.dumps({"matches": [{"ip_str": "192.0.2.7", "port": 554, "data": REPLY}]}))
    assert record.error is not None and "jq -c '.matches[]'" in record.error


@pytest.mark.parametrize(
    "line",
    [
        {"ip": "192.0.2.7", "port": 554, "banner": REPLY},
        {"host": "192.0.2.7", "port": "554", "proto": "tcp", "data": REPLY},
        {"address": "192.0.2.7", "dport": 554, "data_b64": base64.b64encode(REPLY.encode()).decode()},
        {"ip": "192.0.2.7", "port": 554, "response": REPLY.encode().hex(), "encoding": "hex"},
        {
            "ip": "192.0.2.7",
            "port": 554,
            "protocol": "rtsp",
            "source": "import",
            "fields": {},
            "raw_b64": base64.b64encode(REPLY.encode()).decode(),
        },
    ],
)
def test_raw_replies_in_json_lines_are_read_by_their_content(line: dict[str, object]) -> None:
    (record,) = read("jsonl", json.dumps(line))
    assert record.error is None and (record.ip, record.port) == ("192.0.2.7", 554)
    assert fields(record)["rtsp.www_authenticate"] == REALM


def test_a_raw_reply_line_without_an_address_says_so() -> None:
    (record,) = read("jsonl", json.dumps({"port": 554, "banner": REPLY}))
    assert record.error is not None and "without an address" in record.error


def test_a_plain_greeting_in_a_raw_reply_line_is_kept_as_a_banner() -> None:
    (record,) = read("jsonl", json.dumps({"ip": "192.0.2.7", "port": 4000, "banner": "Welcome to the gateway"}))
    assert fields(record) == {"banner": "Welcome to the gateway"}


def test_escaped_bytes_that_are_not_utf8_are_kept_one_character_each() -> None:
    assert unescape_hex("caf\\xe9\\x0d\\x0a") == "caf\u00e9\r\n"
    assert unescape_hex("caf\\xc3\\xa9") == "caf\u00e9"


# --- hostile input: never an exception other than the one-line reason ---------------------------------

_LINE_STARTS = st.sampled_from(
    [
        "",
        "open tcp ",
        "banner tcp 80 192.0.2.1 1 ",
        "Host: ",
        "Timestamp: 1\tHost: ",
        "<host ",
        "<host><address ",
        "#",
        "<",
        "<?xml",
        "\\x",
        "banner udp 1 ::1 2 x ",
    ]
)


@settings(max_examples=300, deadline=None)
@given(start=_LINE_STARTS, rest=st.text(max_size=300))
def test_masscan_text_lines_give_events_or_a_reason(start: str, rest: str) -> None:
    try:
        events = text_events((start + rest).encode("utf-8", "surrogatepass"))
    except RecordError as exc:
        assert "\n" not in str(exc)
        return
    for event in events or ():
        assert event.port is None or 0 < event.port < 65536


_REPLY_KEYS = st.sampled_from(
    [
        "ip",
        "host",
        "address",
        "port",
        "dport",
        "banner",
        "data",
        "data_b64",
        "response_hex",
        "encoding",
        "proto",
        "protocol",
        "service",
        "timestamp",
        "raw",
        "target",
        "text",
        "responses",
    ]
)
_VALUES = (
    st.none()
    | st.booleans()
    | st.integers(-5, 70000)
    | st.text(max_size=60)
    | st.sampled_from(
        [
            "192.0.2.1",
            "::1",
            "base64",
            "hex",
            "tcp",
            "udp",
            REPLY,
            "192.0.2.1:99999",
            "[::1]:80",
            "x://1.2.3.4:5/",
            "UlRTUC8xLjAgMjAwIE9LDQoNCg==",
            "zz",
        ]
    )
)


@settings(max_examples=300, deadline=None)
@given(line=st.dictionaries(_REPLY_KEYS, _VALUES, max_size=7))
def test_raw_reply_lines_give_an_observation_or_a_reason(line: dict[str, object]) -> None:
    try:
        read_line = reply_line(line)
    except RecordError:
        return
    if read_line is not None:
        observation, _country = read_line
        assert observation.fields and len(observation.raw) <= 4096


@settings(max_examples=200, deadline=None)
@given(text=st.text(max_size=200), encoding=st.sampled_from(["base64", "hex", "other"]))
def test_decoders_never_raise(text: str, encoding: str) -> None:
    assert isinstance(unescape_hex(text), str)
    assert decoded(text, encoding) is None or isinstance(decoded(text, encoding), str)


def test_censys_platform_upnp_ssdp_and_onvif_answers_fill_the_discovery_fields() -> None:
    """Censys Platform parses UPnP device trees, SSDP headers and ONVIF services (its SDK's ``Upnp``,
    ``Ssdp``, ``Onvif`` models); each is what the camera says about itself. Values illustrative."""
    service = {
        "port": 49152,
        "protocol": "UPNP",
        "transport_protocol": "udp",
        "upnp": {
            "devices": [
                {"id": 2, "parent_id": 1, "manufacturer": "Embedded Co", "model_name": "inner"},
                {
                    "id": 1,
                    "manufacturer": "Hikvision",
                    "model_name": "DS-2CD2142FWD-I",
                    "model_number": "V5.4.5",
                    "friendly_name": "DS-2CD2142FWD-I - C12345678",
                    "serial_number": "C12345678",
                    "device_type": "urn:schemas-upnp-org:device:Basic:1",
                },
            ],
            "headers": {"Server": {"headers": ["Linux/3.0.8, UPnP/1.0, Portable SDK for UPnP devices/1.6.18"]}},
        },
        "ssdp": {"upnp_url": "http://192.0.2.7:49152/rootDesc.xml"},
        "onvif": {"services": [{"xaddr": "http://192.0.2.7/onvif/device_service"}, {"xaddr": 7}]},
    }
    (record,) = read("censys", json.dumps({"host": {"ip": "192.0.2.7", "services": [service]}}))
    got = fields(record)
    assert got["upnp.manufacturer"] == "Hikvision" and got["upnp.model_name"] == "DS-2CD2142FWD-I"
    assert got["upnp.serial"] == "C12345678" and got["upnp.model_number"] == "V5.4.5"
    assert got["upnp.server"] == "Linux/3.0.8, UPnP/1.0, Portable SDK for UPnP devices/1.6.18"
    assert got["upnp.location"] == "http://192.0.2.7:49152/rootDesc.xml"
    assert got["onvif.xaddrs"] == "http://192.0.2.7/onvif/device_service"


def test_nmap_http_auth_script_gives_the_challenges_as_a_device_sends_them() -> None:
    """``http-auth`` (nmap's default scripts): its XML tables (``@xmloutput`` of http-auth.nse) and its
    older text form (``Basic realm=Meeting Place``, realm unquoted) both become WWW-Authenticate values."""
    xml = (
        '<nmaprun><host><address addr="192.0.2.9" addrtype="ipv4"/><ports>'
        '<port protocol="tcp" portid="80"><state state="open"/><service name="http"/>'
        '<script id="http-auth" output="&#xa;HTTP/1.1 401 Unauthorized&#xa;  Digest realm=IP Camera(C6853)">'
        '<table><elem key="scheme">Digest</elem><table key="params"><elem key="qop">auth</elem>'
        '<elem key="realm">IP Camera(C6853)</elem></table></table>'
        '<table><elem key="scheme">Basic</elem><table key="params"><elem key="realm">IP Camera(C6853)</elem>'
        "</table></table></script></port>"
        '<port protocol="tcp" portid="81"><state state="open"/><service name="http"/>'
        '<script id="http-auth" output="&#xa;HTTP/1.1 401 Unauthorized\\x0D&#xa;  Basic realm=Meeting Place"/></port>'
        "</ports></host></nmaprun>"
    )
    (record,) = read("nmap", xml)
    by_port = {o.port: o.fields for o in record.observations}
    assert by_port[80]["http.www_authenticate"] == (
        'Digest realm="IP Camera(C6853)", qop="auth"\nBasic realm="IP Camera(C6853)"'
    )
    assert by_port[81]["http.www_authenticate"] == 'Basic realm="Meeting Place"'


def test_zgrab2_keeps_what_the_redirects_it_followed_said() -> None:
    """With ``--max-redirects``, zgrab2's final response is the login page; the redirect that led there
    (``redirect_response_chain``) carries the Location and Server a camera sends from ``/``."""
    result = {
        "response": {
            "status_code": 200,
            "headers": {"content_type": ["text/html"]},
            "body": "<html><title>login</title></html>",
            "request": {"url": {"scheme": "http", "host": "192.0.2.9", "path": "/doc/page/login.asp"}},
        },
        "redirect_response_chain": [
            {"status_code": 302, "headers": {"location": ["/doc/page/login.asp?_1572"], "server": ["webserver"]}},
        ],
    }
    line = {"ip": "192.0.2.9", "data": {"http": {"status": "success", "protocol": "http", "result": result}}}
    (record,) = read("zgrab2", json.dumps(line))
    got = fields(record)
    assert got["http.location"] == "/doc/page/login.asp?_1572"
    assert got["http.server"] == "webserver"
    assert got["http.path"] == "/doc/page/login.asp"


def test_an_unmarked_base64_reply_is_read_decoded() -> None:
    """Rapid7 Sonar's study lines keep the whole reply base64-encoded under ``data`` with nothing saying so."""
    line = {
        "data": base64.b64encode(REPLY.encode()).decode(),
        "host": "192.0.2.7",
        "ip": "192.0.2.7",
        "path": "/",
        "port": 554,
        "vhost": "192.0.2.7",
    }
    (record,) = read("jsonl", json.dumps(line))
    assert fields(record)["rtsp.www_authenticate"] == REALM


def test_a_word_that_only_looks_like_base64_stays_as_written() -> None:
    (record,) = read("jsonl", json.dumps({"ip": "192.0.2.7", "port": 4000, "banner": "WelcomeToTheGatewayConsole"}))
    assert fields(record) == {"banner": "WelcomeToTheGatewayConsole"}


@pytest.mark.parametrize("stored", [REPLY.encode().hex(), base64.b64encode(REPLY.encode()).decode()])
def test_zgrab2_banner_module_run_with_hex_or_base64_is_read_decoded(stored: str) -> None:
    """zgrab2's banner module stores the banner in hex or base64 when run with ``--hex``/``--base64``."""
    line = {
        "ip": "192.0.2.7",
        "data": {"banner": {"status": "success", "protocol": "banner", "port": 554, "result": {"banner": stored}}},
    }
    (record,) = read("zgrab2", json.dumps(line))
    assert fields(record)["rtsp.www_authenticate"] == REALM
    assert record.observations[0].protocol == "rtsp"


def test_a_reply_whose_line_ends_were_written_as_text_is_read() -> None:
    """A collector that stored repr() of the reply: its CR LF are the four characters ``\\r\\n``."""
    stored = REPLY.replace("\r", "\\r").replace("\n", "\\n").replace('"', '\\"')
    (record,) = read("jsonl", json.dumps({"ip": "192.0.2.7", "port": 554, "banner": stored}))
    assert fields(record)["rtsp.www_authenticate"] == REALM


def test_a_head_kept_without_its_status_line_is_still_read() -> None:
    """Some tools keep only the header lines; RTSP is told from HTTP by its CSeq."""
    rtsp_head = REPLY.split("\r\n", 1)[1]
    http_head = 'Server: DNVRS-Webs\r\nWWW-Authenticate: Digest realm="DS-7608NI-K2"\r\n\r\n'
    records = read(
        "jsonl",
        json.dumps({"ip": "192.0.2.7", "port": 554, "banner": rtsp_head})
        + "\n"
        + json.dumps({"ip": "192.0.2.8", "port": 80, "banner": http_head}),
    )
    assert fields(records[0])["rtsp.www_authenticate"] == REALM
    assert fields(records[1])["http.server"] == "DNVRS-Webs"
    assert fields(records[1])["http.www_authenticate"] == 'Digest realm="DS-7608NI-K2"'


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ({"host": "192.0.2.7:554", "text": REPLY}, ("192.0.2.7", 554)),
        ({"target": "rtsp://192.0.2.7:8554/live", "output": REPLY}, ("192.0.2.7", 8554)),
        ({"ip_address": "[2001:db8::7]:554", "content": REPLY}, ("2001:db8::7", 554)),
        ({"host": "192.0.2.7:554", "port": 10554, "data": REPLY}, ("192.0.2.7", 10554)),
    ],
)
def test_an_address_written_with_its_port_is_read(line: dict[str, object], where: tuple[str, int]) -> None:
    (record,) = read("jsonl", json.dumps(line))
    assert (record.ip, record.port) == where
    assert fields(record)["rtsp.www_authenticate"] == REALM


def test_a_host_name_is_not_an_address() -> None:
    (record,) = read("jsonl", json.dumps({"host": "cam.example.net:554", "banner": REPLY}))
    assert record.error is not None and "not an IP address" in record.error


def test_censys_platform_hikvision_object_is_censys_claim_named_as_such() -> None:
    """Censys Platform's ``hikvision`` object (``custom_version``, ``web_version``, ``plugin_version``,
    ``platforms``) means its Hikvision parser read the service: kept as Censys's claim (``import.*``)."""
    service = {"port": 80, "protocol": "HTTP", "hikvision": {"web_version": "V4.0.1 build 191111"}}
    (record,) = read("censys", json.dumps({"ip": "192.0.2.7", "services": [service]}))
    assert fields(record) == {"import.vendor": "Hikvision", "import.version": "V4.0.1 build 191111"}


def test_a_line_with_several_replies_reads_each() -> None:
    """A collector that sends several probes keeps each answer (a mapping of probe to answer, or a list)."""
    options = "RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY\r\n\r\n"
    for replies in ({"OPTIONS": options, "DESCRIBE": REPLY}, [options, 7, REPLY]):
        (record,) = read("jsonl", json.dumps({"ip": "192.0.2.7", "port": 554, "responses": replies}))
        got = fields(record)
        assert got["rtsp.public"] == "OPTIONS, DESCRIBE, SETUP, TEARDOWN, PLAY"
        assert got["rtsp.www_authenticate"] == REALM
        assert record.observations[0].protocol == "rtsp"
