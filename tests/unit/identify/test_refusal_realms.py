"""Realms and challenge parameters one maker's firmware writes, read from a 401 in HTTP and RTSP alike.

Each answer goes through the Shodan importer as a scanner would store it (status line, challenge header), so the
test also shows the importer hands ``identify`` the header the entries read (``layers/http_shapes.yaml``).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import match_fields
from camaudit.model import is_video_device

#: The two challenges Greenbone's 'Panasonic IP Camera Default Credentials' check quotes from Panasonic's cameras
#: (https://github.com/mageni/mageni/blob/master/plugins/2018/panasonic/
#: gb_panasonic_ip_camera_default_credentials.nasl, r12234).
PANASONIC_BASIC = 'Basic realm="Panasonic network device"'
PANASONIC_DIGEST = (
    'Digest realm="Panasonic network device", nonce="f59ec912d10650340f08e7d9f3b21cf2", stale="false", '
    'algorithm="MD5", qop="auth"'
)
#: A Hikvision DS-6704 encoder's challenge (GoAhead 2 layout, Hikvision's domain), as RogerHardiman quotes it in
#: https://github.com/bnjjj/node-request-digest/issues/17.
HIKVISION_DVS = (
    'Digest realm="DVS", domain="DVRDVS",qop="auth", nonce="441bc1c9e01a28185b5fa718c4ad811d", '
    'opaque="5ccc069c403ebaf9f0171e9517f40e41",algorithm="MD5", stale="FALSE", Basic realm="DVS"'
)


def http_401(challenge: str) -> str:
    return f"HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: {challenge}\r\nContent-Length: 0\r\n\r\n"


def rtsp_401(challenge: str) -> str:
    return f"RTSP/1.0 401 Unauthorized\r\nCSeq: 1\r\nWWW-Authenticate: {challenge}\r\n\r\n"


@pytest.mark.parametrize("challenge", [PANASONIC_BASIC, PANASONIC_DIGEST])
@pytest.mark.parametrize(("wrap", "port"), [(http_401, 80), (rtsp_401, 554)])
def test_panasonics_realm_names_a_panasonic_video_device(
    challenge: str, wrap: Callable[[str], str], port: int
) -> None:
    identity = identify_banner(wrap(challenge), port, "192.0.2.105")
    assert identity.manufacturer == "panasonic"
    assert is_video_device(identity.device_type)
    assert any(ev.rule_id == "shapes.panasonic.realm-network-device" for ev in identity.evidence)


def test_hikvisions_dvrdvs_domain_names_a_hikvision_video_device() -> None:
    identity = identify_banner(http_401(HIKVISION_DVS), 80, "192.0.2.106")
    assert identity.manufacturer == "hikvision"
    assert is_video_device(identity.device_type)


@pytest.mark.parametrize(
    "challenge",
    [
        # The maker's name alone needs other video evidence (Panasonic makes everything).
        'Basic realm="Panasonic"',
        'Basic realm="Panasonic network devices"',
        # Stock GoAhead's domain is the port; a realm "DVS" alone is anybody's.
        'Digest realm="GoAhead", domain=":81",qop="auth", nonce="a32f2b51bcb55c24d003a21be5ec0345", '
        'opaque="5ccc069c403ebaf9f0171e9517f40e41"',
        'Basic realm="DVS"',
    ],
)
def test_look_alike_challenges_name_nobody(challenge: str) -> None:
    identity = identify_banner(http_401(challenge), 80, "192.0.2.107")
    assert identity.manufacturer is None and identity.brand is None
    assert not is_video_device(identity.device_type)


def test_the_domain_entry_reads_http_only() -> None:
    # domain= is an HTTP Digest parameter (RFC 7616); an RTSP server's header is not read for it.
    found = match_fields({"rtsp.www_authenticate": HIKVISION_DVS}, port=554, protocol="rtsp")
    assert not any(ev.rule_id == "shapes.hikvision.goahead-dvrdvs-domain" for ev in found)


_PIECES = ["realm=", "domain=", '"', "Panasonic network device", "DVRDVS", " ", ",", "Digest ", "Basic ", "\\",
           "\x00", "é", "a"]


@settings(max_examples=200, deadline=None)
@given(value=st.lists(st.sampled_from(_PIECES), max_size=80).map("".join))
def test_hostile_challenges_never_raise_and_match_only_the_quoted_values(value: str) -> None:
    for field in ("http.www_authenticate", "rtsp.www_authenticate"):
        found = {ev.rule_id for ev in match_fields({field: value})}
        if "shapes.panasonic.realm-network-device" in found:
            assert 'realm="Panasonic network device"' in value
        if "shapes.hikvision.goahead-dvrdvs-domain" in found:
            assert 'domain="DVRDVS"' in value and field == "http.www_authenticate"
