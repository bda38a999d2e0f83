"""HTTP answers read by their shape: refusal pages that name the path they guard, and a maker's own error page.

Each answer goes through the Shodan importer as a scanner or a thread would have stored it (status line, headers,
body), so the test also shows that the importer hands ``identify`` the status and the body the shape is read from.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify, match_fields
from camaudit.identify.refused_paths import APPWEB_405_HEADING, FIELD, SCAN_CHARS, refused_path, with_refused_path
from camaudit.importers.shodan import parse_banner
from camaudit.model import Identity, is_video_device

#: Boa's 401 page (src/response.c send_r_unauthorized) as a Vivotek camera served it to python-vivotek's tests
#: (github:HarlemSquirrel/python-vivotek/tests/fixtures/vcr_cassettes/
#: vivotek_camera_get_param_invalid_credentials.yaml@ed1b7786a819).
BOA_401 = (
    "<HTML><HEAD><TITLE>401 Unauthorized</TITLE></HEAD>\n<BODY><H1>401 Unauthorized</H1>\n"
    "Your client does not have permission to get URL {path} from this server.\n</BODY></HTML>\n"
)
#: Boa's 404 page (send_r_not_found): the path asked for, which the server says it does not have.
BOA_404 = (
    "<HTML><HEAD><TITLE>404 Not Found</TITLE></HEAD>\n<BODY><H1>404 Not Found</H1>\n"
    "The requested URL {path} was not found on this server.\n</BODY></HTML>\n"
)
#: Hikvision's own message in Appweb 3's template ("!" where stock Appweb writes ","), as agsh/onvif's lib/cam.js
#: quotes a Hikvision camera's 401 (https://github.com/agsh/onvif/blob/master/lib/cam.js).
HIKVISION_401 = (
    "<!DOCTYPE html><html><head><title>Document Error: Unauthorized</title></head><body>"
    "<h2>Access Error: 401 -- Unauthorized</h2>\n<p>Authentication Error: Access Denied! Authorization required.</p>"
    "</body></html>"
)
#: The same template with the bare message of Hikvision's App-webs (a DS-2CD2155FWD-I on V5.5.0, recorded in
#: github:MissiaL/hikvision-client/tests/fixtures/cassettes/test_auth_firmware_v5_5@cf29e88cdf5a).
HIKVISION_401_BARE = (
    "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n"
    "<body><h2>Access Error: 401 -- Unauthorized</h2>\r\n<p>Authentication Error</p>\r\n</body>\r\n</html>\r\n"
)
#: The template with Hikvision's answer to Digest credentials it rejects, as measured on a Hikvision camera's
#: /onvif-http/snapshot (https://github.com/war4peace/timelapse-maker/blob/main/docs/future-features.md, item 8:
#: "401, 233 bytes of HTML: Digest authentication information verification failed"), in Appweb 3's markup.
HIKVISION_401_DIGEST_FAILED = (
    "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n"
    "<body><h2>Access Error: 401 -- Unauthorized</h2>\r\n<p>Authentication Error: Digest authentication information "
    "verification failed</p>\r\n</body>\r\n</html>\r\n"
)
#: Stock Appweb 3's 401 page: its authorisation filter's "Authentication Error: " and its own message
#: (github:doghell/appweb-3/src/http/filters/authFilter.c@95d12b0c6013, formatAuthResponse).
APPWEB3_401 = (
    "<!DOCTYPE html>\r\n<html><head><title>Document Error: Unauthorized</title></head>\r\n"
    "<body><h2>Access Error: 401 -- Unauthorized</h2>\r\n<p>Authentication Error: Access Denied, Missing "
    "authorization details.</p>\r\n</body>\r\n</html>\r\n"
)
#: Appweb 3's error template (github:doghell/appweb-3/src/http/response.c, maSetResponseError) around the sentence its
#: handler matching writes when no handler of the location takes the method (src/http/pipeline.c@01119ab221f5,
#: maMatchHandler: "Requested method %s not supported for URL: %s", MPR_HTTP_CODE_BAD_METHOD).
APPWEB3_405 = (
    "<!DOCTYPE html>\r\n<html><head><title>Document Error: Method Not Allowed</title></head>\r\n"
    "<body><h2>Access Error: 405 -- Method Not Allowed</h2>\r\n<p>Requested method {method} not supported for URL: "
    "{path}</p>\r\n</body>\r\n</html>\r\n"
)
#: The same error in the plain-text form of Appweb's template ("Access Error: %d -- %s\r\n%s\r\n", httpError for a
#: client that accepts text/plain), as a client's log keeps an answer without its head.
APPWEB_405_TEXT = "Access Error: 405 -- Method Not Allowed\r\nRequested method {method} not supported for URL: {path}\r\n"
#: The stock Appweb 4 / GoAhead 3 401 page (httpFormatResponseBody), which many products serve.
APPWEB_401 = (
    "<!DOCTYPE html>\n<head>\n    <title>Unauthorized</title>\n    <link rel=\"shortcut icon\" "
    "href=\"data:image/x-icon;,\" type=\"image/x-icon\">\n</head>\n<body>\n<h2>Access Error: 401 -- Unauthorized</h2>\n"
    "<pre></pre>\n</body>\n</html>\n"
)


def answer(status: str, body: str, *, headers: str = "Content-Type: text/html\r\n") -> Identity:
    return identify_banner(f"HTTP/1.0 {status}\r\n{headers}\r\n{body}", 80, "192.0.2.97")


def test_a_guarded_vivotek_url_command_names_vivotek() -> None:
    identity = answer("401 Unauthorized", BOA_401.format(path="/cgi-bin/viewer/getparam.cgi"),
                      headers="WWW-Authenticate: Basic realm=\"streaming_server\"\r\nContent-Type: text/html\r\n")
    assert identity.manufacturer == "vivotek"
    assert is_video_device(identity.device_type)
    assert any(ev.field == FIELD for ev in identity.evidence)


def test_a_guarded_avtech_guest_stream_types_a_video_device() -> None:
    # AVTech's guest CGI (SighthoundVideo's camera table: /cgi-bin/guest/Video.cgi) behind a Digest challenge.
    identity = answer("401 Unauthorized", BOA_401.format(path="/cgi-bin/guest/Video.cgi?media=MJPEG&amp;channel=0"))
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize(
    ("status", "body"),
    [
        # The same page for the root of a router's site (Boa in ASUS and TrendChip router firmware): no path sign.
        ("401 Unauthorized", BOA_401.format(path="/")),
        ("401 Unauthorized", BOA_401.format(path="/Main_Login.asp")),
        # A 404 echoes what was asked for: the server says it is not there.
        ("404 Not Found", BOA_404.format(path="/cgi-bin/viewer/getparam.cgi")),
        ("404 Not Found", BOA_401.format(path="/cgi-bin/viewer/getparam.cgi")),
        # Google's front end writes the same sentence around <code>: no embedded server's page.
        ("403 Forbidden", "<p>Your client does not have permission to get URL <code>/cgi-bin/viewer/getparam.cgi"
                          "</code> from this server.</p>"),
        # The stock Appweb templates: many products' server, no maker's.
        ("401 Unauthorized", APPWEB_401),
        ("401 Unauthorized", APPWEB3_401),
    ],
)
def test_pages_that_say_nothing_of_a_camera(status: str, body: str) -> None:
    identity = answer(status, body)
    assert identity.manufacturer is None and identity.brand is None
    assert not is_video_device(identity.device_type)


@pytest.mark.parametrize(
    ("body", "path"),
    [
        (BOA_401.format(path="/cgi-bin/admin/getparam.cgi"), "/cgi-bin/admin/getparam.cgi"),
        # thttpd / mini_httpd err401form.
        ("<BODY><H2>401 Unauthorized</H2>\nAuthorization required for the URL '/axis-cgi/jpg/image.cgi'.\n",
         "/axis-cgi/jpg/image.cgi"),
        # thttpd / mini_httpd err403form (a 403: a directory or file the server guards).
        ("<BODY><H2>403 Forbidden</H2>\nYou do not have permission to get URL '/cgi-bin/admin/setparam.cgi' from "
         "this server.\n", "/cgi-bin/admin/setparam.cgi"),
        # GoAhead 2.x websError.
        ("<body><h2>Access Error: Unauthorized</h2>\r\nwhen trying to obtain <b>/snapshot.cgi</b><br>", "/snapshot.cgi"),
        # Apache 2.2's 403 page.
        ("<p>You don't have permission to access /doc/page/login.asp\non this server.</p>", "/doc/page/login.asp"),
    ],
)
def test_the_refusal_sentences_of_embedded_servers(body: str, path: str) -> None:
    assert refused_path({"http.status": "401", "http.body": body}) == path
    assert refused_path({"http.status": "403", "http.body": body}) == path
    assert refused_path({"http.status": "200", "http.body": body}) is None
    assert refused_path({"http.status": "404", "http.body": body}) is None


def test_appwebs_405_names_the_location_a_get_fell_in() -> None:
    # Hikvision's App-webs is Appweb 3; /Streaming/channels/<n>/picture is its (PSIA/ISAPI) snapshot tree.
    body = APPWEB3_405.format(method="GET", path="/Streaming/channels/1/picture")
    assert refused_path({"http.status": "405", "http.body": body}) == "/Streaming/channels/1/picture"
    identity = answer("405 Method Not Allowed", body)
    assert identity.manufacturer == "hikvision"
    assert is_video_device(identity.device_type)
    assert any(ev.field == FIELD for ev in identity.evidence)


def test_appwebs_405_kept_without_its_head_is_read_from_the_answer() -> None:
    text = APPWEB_405_TEXT.format(method="GET", path="/Streaming/channels/101/picture")
    assert refused_path({"banner": text}) == "/Streaming/channels/101/picture"
    # The whole page, too, as a log keeps it with its markup.
    page = APPWEB3_405.format(method="HEAD", path="/cgi-bin/viewer/getparam.cgi")
    assert refused_path({"banner": page}) == "/cgi-bin/viewer/getparam.cgi"
    record = parse_banner({"ip_str": "192.0.2.98", "port": 80, "transport": "tcp", "data": text}, 1)
    identity = identify(list(record.observations))
    assert identity.manufacturer == "hikvision"


@pytest.mark.parametrize(
    "fields",
    [
        # A PUT or POST refused anywhere says nothing of the path: the catch-all handler takes only GET and HEAD.
        {"http.status": "405", "http.body": APPWEB3_405.format(method="PUT", path="/Streaming/channels/1/picture")},
        {"banner": APPWEB_405_TEXT.format(method="POST", path="/cgi-bin/viewer/getparam.cgi")},
        # Appweb's sentence only on its own status, and the 401/403 sentences not on a 405.
        {"http.status": "404", "http.body": APPWEB3_405.format(method="GET", path="/Streaming/channels/1/picture")},
        {"http.status": "200", "http.body": APPWEB3_405.format(method="GET", path="/Streaming/channels/1/picture")},
        {"http.status": "405", "http.body": BOA_401.format(path="/cgi-bin/viewer/getparam.cgi")},
        # A head-less answer is read only when Appweb's heading opens it: not a page or a post quoting the sentence.
        {"banner": "Requested method GET not supported for URL: /Streaming/channels/1/picture"},
        {"banner": "x" * 300 + APPWEB_405_TEXT.format(method="GET", path="/Streaming/channels/1/picture")},
        {"banner": "Access Error: 404 -- Not Found\r\nRequested method GET not supported for URL: /cgi-bin/a.cgi"},
        # An answer with its head is read by its status, whatever a banner beside it says.
        {"http.status": "200", "banner": APPWEB_405_TEXT.format(method="GET", path="/Streaming/channels/1/picture")},
    ],
)
def test_appwebs_method_sentence_is_read_only_where_it_says_a_location_exists(fields: dict[str, str]) -> None:
    assert refused_path(fields) is None
    assert with_refused_path(fields) is fields


def test_fields_without_a_refusal_are_handed_on_unchanged() -> None:
    plain = {"http.status": "200", "http.body": BOA_401.format(path="/x")}
    assert with_refused_path(plain) is plain
    late = {"http.status": "401", "http.body": " " * SCAN_CHARS + BOA_401.format(path="/cgi-bin/viewer/getparam.cgi")}
    assert with_refused_path(late) is late
    ftp = {"banner": "220 FTP server ready.\r\n"}
    assert with_refused_path(ftp) is ftp


@pytest.mark.parametrize("page", [HIKVISION_401, HIKVISION_401_BARE, HIKVISION_401_DIGEST_FAILED])
def test_hikvisions_login_message_in_appwebs_template_names_hikvision(page: str) -> None:
    identity = answer("401 Unauthorized", page)
    assert identity.manufacturer == "hikvision"
    # Hikvision's alarm hubs run the same web stack: the page names the maker and types nothing itself. The type
    # comes only from Hikvision's catalogue (nearly all it sells on networks is video: identify/base_rates.py), at a
    # base rate's confidence, and the attribution says so.
    assert [e.rule_id for e in identity.evidence if "device_type" in e.asserts] == []
    assert is_video_device(identity.device_type)
    assert any("catalogue" in line for line in identity.attribution)
    # One page of one reply: not a firm identification.
    assert identity.confidence < 0.9


def test_hikvisions_page_beside_its_camera_realm_is_a_hikvision_video_device() -> None:
    # The same cassette's challenge: realm "IP Camera(83813)" (rules/http.yaml reads Hikvision's realm layout).
    challenge = (
        'WWW-Authenticate: Digest qop="auth", realm="IP Camera(83813)", '
        'nonce="4d5755784d7a41344d546b365a446b31597a51354e513d3d", stale="FALSE"\r\nServer: App-webs/\r\n'
    )
    identity = answer("401 Unauthorized", HIKVISION_401_BARE, headers=challenge + "Content-Type: text/html\r\n")
    assert identity.manufacturer == "hikvision"
    assert is_video_device(identity.device_type)


def test_hikvisions_digest_failure_sentence_is_read_only_in_appwebs_401_template() -> None:
    # Quoted in a forum post, or inside another status's heading, the sentence names nobody.
    for body in ("<p>Digest authentication information verification failed</p>",
                 HIKVISION_401_DIGEST_FAILED.replace("401 -- Unauthorized", "403 -- Forbidden")):
        assert answer("401 Unauthorized", body).manufacturer is None


def test_the_shape_rules_read_the_body_only() -> None:
    assert not any(ev.rule_id.startswith("shapes.") for ev in match_fields({"http.title": HIKVISION_401}))


_PIECES = [*"/ <>'\"&?=\n\r\t.aZ0", "URL ", " from this server", "<b>", "</b>", "access ", " on this server",
           "Requested method GET not supported for URL: ", APPWEB_405_HEADING]
_HOSTILE = st.lists(st.sampled_from(_PIECES), max_size=600).map("".join)


@settings(max_examples=300, deadline=None)
@given(body=_HOSTILE, status=st.sampled_from(["401", "403", "404", "405", "200", "", "4O1"]))
def test_refusal_reading_never_raises_and_returns_a_bounded_path(body: str, status: str) -> None:
    prefix = "Your client does not have permission to get URL "
    appweb = APPWEB_405_HEADING + "\r\nRequested method GET not supported for URL: "
    for text in (body, prefix + body, "Authorization required for the URL '" + body, appweb + body):
        for fields in ({"http.status": status, "http.body": text}, {"banner": text}):
            found = refused_path(fields)
            if found is not None:
                assert "http.status" not in fields or status in ("401", "403", "405")
                assert found.startswith("/") and len(found) <= 201
                assert not any(ch in found for ch in " \n\r\t<>\"'")
            assert match_fields(fields) is not None
