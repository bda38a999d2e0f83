"""A settings answer as Shodan stores it, and the check every look-alike of a camera's settings must pass.

Shared by the settings-key tests (test_settings_keys.py, test_settings_stream_roles.py): the same body is tried
behind an HTTP head and as a bare banner, since a collector may keep either.
"""

from __future__ import annotations

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord
from camaudit.model import is_video_device


def as_http(body: str, content_type: str = "application/json") -> ImportRecord:
    """``body`` as the page of an HTTP 200 answer on port 80."""
    data = f"HTTP/1.1 200 OK\r\nContent-Type: {content_type}\r\nConnection: close\r\n\r\n{body}"
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 80, "data": data, "_shodan": {"module": "http"}}, 1)


def as_bare(body: str) -> ImportRecord:
    """``body`` as a banner kept without its HTTP head (port 8080)."""
    return shodan.parse_banner({"ip_str": "198.51.100.9", "port": 8080, "data": body, "_shodan": {"module": "http"}}, 1)


def assert_only_axis_catalogue(body: str) -> None:
    """Behind a head or bare: no settings field; VAPIX names Axis, and only Axis's catalogue types it a video device
    (the base rate, with its note), never the answer's own features."""
    for record in (as_http(body), as_bare(body)):
        fields = record.observations[0].fields
        assert not any(name.startswith("devinfo.settings") for name in fields), body[:60]
        identity = identify(record.observations)
        assert identity.manufacturer == "axis", body[:60]
        assert is_video_device(identity.device_type), body[:60]
        assert any("from axis's catalogue" in note for note in identity.attribution), body[:60]


def assert_claims_nothing(body: str) -> None:
    """Behind a head or bare: no settings field, not a video device, no maker or brand."""
    for record in (as_http(body), as_bare(body)):
        fields = record.observations[0].fields
        assert not any(name.startswith("devinfo.settings") for name in fields), body[:60]
        identity = identify(record.observations)
        assert not is_video_device(identity.device_type), body[:60]
        assert identity.manufacturer is None and identity.brand is None
