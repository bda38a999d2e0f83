"""Vivotek's realm ``streaming_server`` and the 401 pages that carry no maker (rules of 2026-12-03,
``rules/http.yaml`` and ``layers/paths.yaml``).

The first answer is the one recorded from a Vivotek IB8369A in python-vivotek's test cassettes
(``vivotek_camera_model_name_viewer_digest.yaml``: headers and body as recorded, the nonce shortened). The
generic 401 pages below it are written from the servers' sources, not captured: they are there to show that
what many embedded servers send says nothing on its own.
"""

from __future__ import annotations

import pytest
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device

VIVOTEK_401 = (
    "HTTP/1.1 401 Unauthorized\r\nDate: Sun, 15 Dec 2019 21:26:16 GMT\r\nServer: Web Server\r\n"
    "Accept-Ranges: bytes\r\nConnection: close\r\n"
    'WWW-Authenticate: Digest realm="streaming_server", nonce="710d2ceec929", algorithm=MD5, qop="auth"\r\n'
    "Content-Type: text/html; charset=ISO-8859-1\r\n\r\n"
    "<HTML><HEAD><TITLE>401 Unauthorized</TITLE></HEAD>\n<BODY><H1>401 Unauthorized</H1>\n"
    "Your client does not have permission to get URL /cgi-bin/viewer/getparam.cgi\nfrom this server.\n"
    "</BODY></HTML>\n"
)


def from_shodan(data: str, port: int = 80) -> Identity:
    return identify_banner(data, port, "192.0.2.60")


def seen(protocol: str, port: int, fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.61", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)])


def test_the_recorded_vivotek_401_names_vivotek_and_a_camera() -> None:
    identity = from_shodan(VIVOTEK_401)
    assert identity.manufacturer == "vivotek"
    assert identity.device_type is not None and identity.device_type.value == "camera"
    # One reply, one sign from a realm some have taken for another maker's: not in the firm band.
    assert identity.confidence < 0.9


def test_the_realm_holds_in_an_rtsp_401_too() -> None:
    # The rule names the @realm group: the Asterisk RTSP-SIP example asks a Vivotek camera's RTSP server for
    # live.sdp with realm streaming_server, so the same realm on an RTSP 401 names Vivotek as well.
    identity = seen("rtsp", 554, {"rtsp.www_authenticate": 'Digest realm="streaming_server", nonce="a50392b3"'})
    assert identity.manufacturer == "vivotek"
    assert identity.confidence < 0.9
    other = seen("rtsp", 554, {"rtsp.www_authenticate": 'Digest realm="streaming_server_2", nonce="a50392b3"'})
    assert other.manufacturer is None


def test_vivotek_s_url_command_in_a_redirect_names_vivotek() -> None:
    identity = seen("http", 80, {"http.location": "/cgi-bin/viewer/getparam.cgi?system_info_modelname"})
    assert identity.manufacturer == "vivotek"


@pytest.mark.parametrize(
    "realm",
    ['Basic realm="Streaming Server"', 'Digest realm="streaming_server2", nonce="1"', 'Basic realm="media_server"'],
)
def test_other_streaming_realms_name_nobody(realm: str) -> None:
    identity = seen("http", 80, {"http.www_authenticate": realm})
    assert identity.manufacturer is None and identity.brand is None


@pytest.mark.parametrize(
    "reply",
    [
        # GoAhead's error page (websError: "Document Error: %s" / "Access Error: %s"), with no Server header:
        # cameras of several makers and home routers send it alike.
        "HTTP/1.0 401 Unauthorized\r\nContent-Type: text/html\r\n\r\n"
        "<html><head><title>Document Error: Unauthorized</title></head>\r\n<body><h2>Access Error: "
        "Unauthorized</h2>\r\n<p>Access to this document requires a User ID</p></body></html>\r\n\r\n",
        # The same generic server's 401 with its name and a realm that says nothing more.
        'HTTP/1.0 401 Unauthorized\r\nServer: GoAhead-Webs\r\nWWW-Authenticate: Basic realm="GoAhead"\r\n\r\n',
        # Boa's and thttpd's bare 401s.
        'HTTP/1.0 401 Unauthorized\r\nServer: Boa/0.94.14rc21\r\nWWW-Authenticate: Basic realm="Login"\r\n\r\n',
        'HTTP/1.1 401 Unauthorized\r\nServer: thttpd/2.25b 29dec2003\r\nWWW-Authenticate: Basic realm="admin"\r\n\r\n'
        "<HTML><HEAD><TITLE>401 Unauthorized</TITLE></HEAD><BODY><H2>401 Unauthorized</H2></BODY></HTML>\n",
        # The Vivotek page's words and Server header without its realm: generic.
        "HTTP/1.1 401 Unauthorized\r\nServer: Web Server\r\nContent-Type: text/html\r\n\r\n"
        "<HTML><HEAD><TITLE>401 Unauthorized</TITLE></HEAD><BODY>Your client does not have permission to get "
        "URL /index.html from this server.</BODY></HTML>\n",
    ],
)
def test_a_generic_embedded_401_types_nothing_and_names_nobody(reply: str) -> None:
    identity = from_shodan(reply)
    assert not is_video_device(identity.device_type)
    assert identity.manufacturer is None and identity.brand is None
