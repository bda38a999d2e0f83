"""Replies a collection stored in another form are read as the device sent them (bench/perturb.py finds such forms).

* Quoted: the whole reply entity-escaped (a page or an HTML report that shows it: ``&lt;?xml ...&gt;``,
  ``{&quot;cmd&quot;: ...}``) or written as one JSON string (a tool that kept the body as a string inside its own JSON),
  whole or cut short. Before, such a body was page text and its document unseen: of 100 development fixtures that
  name their maker, 77 lost it entity-escaped and 76 as a JSON string.
* Ending in NULs (a C collector's terminator): an XML answer then failed to parse and was read as page text instead,
  which changed what it said (an ISAPI status answer became a Hikvision video device by its page text).
* A WS-Discovery answer kept without its SOAP envelope (a log that printed the Body's content), its prefixes unbound:
  it typed nothing.
* An ONVIF answer whose response element starts just before the 512th character and ends past it, after a SOAP Body
  start tag that ends before it (a Header's white space collapsed): the fragment search stopped at 512 characters and
  the Body search refused a Body that near.

The replies are development fixtures: MissiaL/hikvision-client's recorded ISAPI answers (as test_device_documents.py
and test_api_answers.py quote them, and tests/data/importers keeps them), aiodahua's real DHDiscover reply,
python-ws-discovery's real ProbeMatch and agsh/onvif's mock answers (../shared/data); each is quoted, cut or
collapsed here, the way such collections store them.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from tests.conftest import shared_file

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.reply_decoding import looks_quoted, unquoted
from camaudit.importers.sniff import page_fields, sniff
from camaudit.model import Identity, is_video_device

IMPORTERS = Path(__file__).resolve().parents[2] / "data" / "importers"


def _fixture(name: str, number: int) -> dict[str, Any]:
    banner: dict[str, Any] = json.loads((IMPORTERS / name).read_text(encoding="utf-8").splitlines()[number - 1])
    return banner


def _body(banner: dict[str, Any]) -> tuple[str, str]:
    head, _blank, body = banner["data"].partition("\r\n\r\n")
    return head + "\r\n\r\n", body


def _page(body: str, head: str = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n") -> Identity:
    """A Shodan banner: the head in ``data``, the body in ``http.html`` (how Shodan keeps an HTTP answer)."""
    banner = {"ip_str": "192.0.2.7", "port": 80, "_shodan": {"module": "http"}, "data": head,
              "http": {"status": 200, "html": body}}
    return identify(shodan.parse_banner(banner, 1).observations)


def _whole(reply: str, port: int = 80) -> Identity:
    banner = {"ip_str": "192.0.2.7", "port": port, "_shodan": {"module": "http"}, "data": reply}
    return identify(shodan.parse_banner(banner, 1).observations)


# --- quoted bodies ---------------------------------------------------------------------------------------------


def test_the_fixtures_are_the_recorded_answers_these_tests_expect() -> None:
    _head, info = _body(_fixture("shodan_device_documents.jsonl", 1))
    assert "<model>DS-2CD2155FWD-I</model>" in info
    _head, status = _body(_fixture("shodan_api_answers.jsonl", 1))
    assert status.startswith('<?xml version="1.0" encoding="UTF-8"?>\r\n<DeviceStatus version="2.0"')


def test_an_entity_escaped_isapi_device_information_answer_names_hikvision() -> None:
    _head, info = _body(_fixture("shodan_device_documents.jsonl", 1))
    plain = _page(info)
    escaped = _page(html.escape(info))
    assert escaped.manufacturer == plain.manufacturer == "hikvision"
    assert escaped.model == "DS-2CD2155FWD-I"
    assert is_video_device(escaped.device_type)


def test_an_isapi_answer_stored_as_a_json_string_names_hikvision_whole_or_cut() -> None:
    head, info = _body(_fixture("shodan_device_documents.jsonl", 1))
    quoted = json.dumps(info)
    assert _page(quoted).model == "DS-2CD2155FWD-I"
    # The reply stored whole (head and body) with the body quoted, and cut inside the quoted text after the model.
    cut = quoted[: quoted.index("</model>") + 40]
    result = _whole(head + cut)
    assert result.manufacturer == "hikvision" and result.model == "DS-2CD2155FWD-I"


def test_a_dahua_discovery_reply_entity_escaped_or_json_quoted_names_dahua() -> None:
    reply = shared_file("dahua", "real_announcement_IPC-B54IR-Z4E-S3.json").read_text(encoding="utf-8")
    assert _whole(reply, 37810).manufacturer == "dahua"
    for stored in (html.escape(reply), json.dumps(reply)):
        result = _whole(stored, 37810)
        assert result.manufacturer == "dahua" and result.model == "IPC-B54IR-Z4E-S3"


def test_a_page_that_only_contains_entities_or_quotes_is_read_as_it_is() -> None:
    # Counter-examples: real markup with an entity in it, a quoted word at a greeting's start, text with a raw quote.
    page = '<html><head><title>Tom &amp; Jerry</title></head><body>&lt;b&gt;</body></html>'
    assert unquoted(page) == page
    assert unquoted('"Welcome" to the FTP server') == '"Welcome" to the FTP server'
    assert unquoted('model=&quot;X&quot; said "hi"') == 'model=&quot;X&quot; said "hi"'
    assert unquoted("&copy; 2020 Example") == "&copy; 2020 Example"
    fields: dict[str, str] = {}
    page_fields(page, fields)
    assert fields["http.title"] == "Tom & Jerry"
    assert fields["http.body"] == page


def test_an_escaped_printer_page_names_no_camera_maker() -> None:
    # A Brother printer's login page as its web client serves it (an invented page in the vendor's wording).
    page = "<html><head><title>Brother HL-L2350DW series</title></head><body>Printer status</body></html>"
    result = _page(html.escape(page), "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n")
    assert not is_video_device(result.device_type)
    assert result.manufacturer is None


# --- a terminating NUL ----------------------------------------------------------------------------------------------


def test_an_isapi_status_answer_with_a_trailing_nul_says_what_it_says_without_one() -> None:
    banner = _fixture("shodan_api_answers.jsonl", 1)
    plain = _whole(banner["data"])
    ended = _whole(banner["data"] + "\x00\x00")
    # A status answer alone is a video maker's API answer that names its maker only beside video evidence.
    assert plain.manufacturer is None and not is_video_device(plain.device_type)
    assert (ended.manufacturer, ended.device_type) == (plain.manufacturer, plain.device_type)


# --- a WS-Discovery answer without its envelope ---------------------------------------------------------------------

_BODY = re.compile(r"<(?:[\w.-]+:)?Body\b[^>]*>\s*(.*?)\s*</(?:[\w.-]+:)?Body\s*>", re.DOTALL)


def _body_child(document: str) -> str:
    found = _BODY.search(document)
    assert found is not None
    return found.group(1)


def test_a_real_probe_match_kept_without_its_envelope_types_a_video_device() -> None:
    document = shared_file("wsdiscovery", "probe_response.xml").read_text(encoding="utf-8")
    child = _body_child(document)
    assert "Envelope" not in child and "ProbeMatch" in child
    fields: dict[str, str] = {}
    assert sniff(child, fields, port=3702) == "wsd"
    assert "onvif://www.onvif.org/Name/IPCAM" in fields["onvif.scope"]
    assert is_video_device(_whole(child, 3702).device_type)


def test_a_message_start_tag_with_nothing_whole_after_it_is_no_discovery_answer() -> None:
    fields: dict[str, str] = {}
    assert sniff("<d:ProbeMatches><d:ProbeMatch><d:Scopes>onvif://www.onv", fields, port=3702) != "wsd"
    assert "onvif.scope" not in fields
    # A flat, namespace-less ProbeMatch is Hikvision SADP's, read by its own reader or not at all.
    fields = {}
    assert sniff("<ProbeMatch><Uuid>x</Uuid></ProbeMatch>", fields, port=37020) != "wsd"


# --- an ONVIF answer whose element straddles the fragment window -------------------------------------------------


def test_an_onvif_answer_with_its_header_collapsed_keeps_its_answer_kind() -> None:
    document = shared_file("onvif-mock-responses", "imaging.GetServiceCapabilities.xml").read_text(encoding="utf-8")
    collapsed = re.sub(r"\s+", " ", document).strip()
    at = collapsed.index("<timg:GetServiceCapabilitiesResponse")
    assert at < 512 < at + len("<timg:GetServiceCapabilitiesResponse>")  # the case: it straddles 512
    assert is_video_device(_page(collapsed, "HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n\r\n").device_type)


# --- properties ----------------------------------------------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=2000))
def test_unquoting_never_raises_and_never_grows_a_plain_text(text: str) -> None:
    result = unquoted(text)
    assert isinstance(result, str)
    if not looks_quoted(text):
        assert result == text


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=600))
def test_an_escaped_or_json_quoted_document_reads_back_as_it_was(rest: str) -> None:
    document = "<" + rest
    assert unquoted(html.escape(document)) == document
    assert unquoted(json.dumps(document)) == document
    assert unquoted(json.dumps(document, ensure_ascii=False)) == document


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=1, max_value=400))
def test_a_json_quoted_answer_cut_anywhere_reads_back_as_its_beginning(cut: int) -> None:
    _head, info = _body(_fixture("shodan_device_documents.jsonl", 1))
    quoted = json.dumps(info)[:cut]
    back = unquoted(quoted)
    assert back == quoted or info.startswith(back)


_REPLIES = st.sampled_from([
    "RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: Digest realm=\"IP Camera(J2914)\", nonce=\"f3c9\"\r\n\r\n",
    "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n<?xml version=\"1.0\"?><DeviceInfo "
    "xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"><model>DS-2CD2155FWD-I</model></DeviceInfo>",
    "220 AXIS 207 Network Camera 4.40.1 (Apr 16 2007) ready.\r\n",
    "<?xml version=\"1.0\"?><root/>",
    "{\"deviceInfo\": {\"DeviceType\": \"IPC-B54IR-Z4E-S3\"}}",
])


@settings(max_examples=300, deadline=None)
@given(reply=_REPLIES, tail=st.text(alphabet=st.characters(blacklist_characters='"&<'), max_size=200))
def test_a_reply_stored_as_a_json_string_is_read_as_the_reply(reply: str, tail: str) -> None:
    text = reply + tail
    assume(not looks_quoted(text))
    plain: dict[str, str] = {}
    quoted: dict[str, str] = {}
    protocol = sniff(text, plain, port=554)
    assert sniff(json.dumps(text), quoted, port=554) == protocol
    assert quoted == plain


def test_a_json_string_with_an_escaped_backslash_and_an_astral_character_is_read_as_json() -> None:
    # Hypothesis found it (helper-177): in json.dumps of '...</DeviceInfo>\U00010000\\0' the text "\\\\0" is an escaped
    # backslash and a digit, not an octal escape, so the string is JSON's and its \ud800\udc00 pair is one character.
    reply = ("HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\n\r\n<?xml version=\"1.0\"?><DeviceInfo "
             "xmlns=\"http://www.hikvision.com/ver20/XMLSchema\"><model>DS-2CD2155FWD-I</model></DeviceInfo>")
    text = reply + "\U00010000\\0"
    plain: dict[str, str] = {}
    quoted: dict[str, str] = {}
    sniff(text, plain, port=554)
    sniff(json.dumps(text), quoted, port=554)
    assert quoted == plain
    assert quoted["http.body"].endswith("</DeviceInfo>\U00010000\\0")
