"""An HTTP reply stored whole (a raw banner, a thread's pasted reply) gives its page text as ``http.body``.

Before 2026-12-03 only a body that was a device document or an API answer was read; a login page or a camera
CGI's plain-text variables in the same reply were dropped, so no body rule could see them.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.importers.base import MAX_BODY_CHARS
from camaudit.importers.sniff import sniff

HEAD = "HTTP/1.1 200 OK\r\nServer: GoAhead-Webs\r\nContent-Type: text/plain\r\n\r\n"


def fields_of(reply: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    assert sniff(reply, fields) == "http"
    return fields


def test_a_plain_text_cgi_answer_becomes_the_body() -> None:
    body = 'var alias="IPCAM";\nvar sys_ver="Apr 28 2011 00:18:03";\nvar id="00000000031729";\n'
    fields = fields_of(HEAD + body)
    assert fields["http.body"] == body
    assert fields["http.server"] == "GoAhead-Webs"


def test_a_login_page_gives_body_title_and_links() -> None:
    page = '<html><head><title>NVR Login</title><script>location.href="../wmf/index.html";</script></head></html>'
    fields = fields_of("HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + page)
    assert fields["http.title"] == "NVR Login"
    assert fields["http.body"].startswith("<html>")
    assert "../wmf/index.html" in fields["http.links"].split("\n")


def test_a_head_alone_gives_no_body() -> None:
    fields = fields_of('HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="x"\r\n\r\n')
    assert "http.body" not in fields and "http.title" not in fields


def test_a_device_document_stays_a_document_not_page_text() -> None:
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><DeviceInfo version="2.0" '
        'xmlns="http://www.hikvision.com/ver20/XMLSchema"><deviceName>IP CAMERA</deviceName>'
        "<model>DS-2CD2143G0-I</model></DeviceInfo>"
    )
    fields = fields_of("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n" + xml)
    assert "http.body" not in fields
    assert any(name != "http.status" and "DS-2CD2143G0-I" in value for name, value in fields.items())


@settings(max_examples=200, deadline=None)
@given(body=st.text(st.characters(exclude_categories=[]), max_size=2000), repeat=st.integers(1, 80))
def test_any_body_text_is_read_without_raising_and_within_the_cap(body: str, repeat: int) -> None:
    fields: dict[str, str] = {}
    sniff(HEAD + body * repeat, fields)
    assert len(fields.get("http.body", "")) <= MAX_BODY_CHARS
    assert all(isinstance(value, str) for value in fields.values())
