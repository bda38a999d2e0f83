"""ProjectDiscovery httpx's JSON lines read through ``--format jsonl`` as the web answers they are.

The keys follow httpx's ``runner.Result`` (github:projectdiscovery/httpx, ``runner/types.go``). The answer is
Hikvision's login page head as the development corpus holds it (``Server: App-webs/``, the
``hikvision.http.server.app-webs`` rule's example); the lines are written for this test.
"""

from __future__ import annotations

import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import FORMATS
from camaudit.importers.base import ImportRecord

LINE = {
    "timestamp": "2026-12-03T10:00:00.000000000Z",
    "port": "8080",
    "url": "http://cam.example:8080",
    "input": "cam.example:8080",
    "title": "Document Error: Unauthorized",
    "scheme": "http",
    "webserver": "App-webs/",
    "content_type": "text/html",
    "method": "GET",
    "host": "cam.example",
    "path": "/",
    "a": ["192.0.2.70"],
    "status_code": 401,
    "failed": False,
}


def _read(*lines: dict[str, Any]) -> list[ImportRecord]:
    text = "".join(json.dumps(line) + "\n" for line in lines)
    return list(FORMATS["jsonl"](io.BytesIO(text.encode())))


def test_an_httpx_line_names_the_maker_from_its_server_and_takes_the_address_a_name_resolved_to() -> None:
    (record,) = _read(LINE)
    assert (record.ip, record.port, record.error) == ("192.0.2.70", 8080, None)
    (observation,) = record.observations
    assert observation.fields["http.server"] == "App-webs/"
    assert observation.fields["http.title"] == "Document Error: Unauthorized"
    assert identify(record.observations).manufacturer == "hikvision"


def test_the_raw_head_of_irr_is_read_as_the_reply_and_the_parsed_values_agree() -> None:
    head = 'HTTP/1.1 401 Unauthorized\r\nServer: App-webs/\r\nWWW-Authenticate: Basic realm="DS-2CD2142FWD-I"\r\n\r\n'
    (record,) = _read({**LINE, "raw_header": head, "body": "<html><title>Document Error</title></html>"})
    fields = record.observations[0].fields
    assert fields["http.www_authenticate"] == 'Basic realm="DS-2CD2142FWD-I"'
    assert fields["http.title"] == "Document Error"  # the page's own title, as a raw reply gives it
    assert identify(record.observations).manufacturer == "hikvision"


def test_certificate_names_and_favicon_come_from_the_tls_and_favicon_keys() -> None:
    tls = {
        "subject_dn": "CN=192.0.2.71,O=Hikvision",
        "issuer_dn": "CN=192.0.2.71,O=Hikvision",
        "subject_an": ["192.0.2.71"],
        "fingerprint_hash": {"sha256": "AB" * 32},
    }
    (record,) = _read({**LINE, "host": "192.0.2.71", "scheme": "https", "tls": tls, "favicon": "999357577"})
    fields = record.observations[0].fields
    assert (fields["tls.subject"], fields["tls.san"], fields["tls.sha256"]) == (
        "CN=192.0.2.71,O=Hikvision",
        "192.0.2.71",
        "ab" * 32,
    )
    assert fields["http.favicon.mmh3"] == "999357577"
    assert record.observations[0].protocol == "https"


def test_a_line_without_an_address_is_an_unreadable_record_with_its_reason() -> None:
    (record,) = _read({**LINE, "a": [], "host": "cam.example"})
    assert record.error is not None and "without an address" in record.error


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None)
@given(
    overrides=st.dictionaries(
        st.sampled_from(
            [
                "port",
                "a",
                "host",
                "raw_header",
                "body",
                "header",
                "tls",
                "title",
                "favicon",
                "tech",
                "scheme",
                "status_code",
                "webserver",
            ]
        ),
        _VALUES,
        max_size=6,
    )
)
def test_any_values_under_httpx_keys_give_a_record_never_an_exception(overrides: dict[str, Any]) -> None:
    (record,) = _read({**LINE, **overrides})
    assert record.ok or record.error
