"""Signs many makers' firmware share type a video device and name nobody (helper-224, 2026-12-06).

The ten held-out batches retired to development left typed-but-unnamed cameras whose only signs belong to a stack, not
to a maker: an ONVIF GetCapabilities answer whose service addresses follow the capitalised /onvif/Events,
/onvif/Imaging, /onvif/Media layout (Hikvision's, and copied whole -- addresses and namespace table -- into a white-label
Anyka AK3918 camera's ONVIF server), a gSOAP 2.7 envelope with gSOAP's generated table, and Motion-JPEG heads whose
boundary is ``--myboundary`` (Axis, Dahua, Sony, Panasonic and hobby servers), with or without a space before the
``=`` or a lower-case ``Content-type``. Naming a maker from any of them would be a guess; a wrong maker is worse than
none. These checks keep them typing only, while a maker-only companion sign (Sony's CamTim part header) still names
its maker. The strings are built from the ONVIF schema, gSOAP's table and the multipart grammar, not copied from a
record.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.model import Identity


def _capabilities(base: str) -> str:
    # The Device/Events/Imaging/Media part of an ONVIF GetCapabilitiesResponse (tt: schema elements), kept without its
    # envelope, as a pasted answer often is.
    return (
        "        <tt:Events>\n"
        f"          <tt:XAddr>{base}/onvif/Events</tt:XAddr>\n"
        "          <tt:WSSubscriptionPolicySupport>true</tt:WSSubscriptionPolicySupport>\n"
        "          <tt:WSPullPointSupport>true</tt:WSPullPointSupport>\n"
        "        </tt:Events>\n"
        "        <tt:Imaging>\n"
        f"          <tt:XAddr>{base}/onvif/Imaging</tt:XAddr>\n"
        "        </tt:Imaging>\n"
        "        <tt:Media>\n"
        f"          <tt:XAddr>{base}/onvif/Media</tt:XAddr>\n"
        "        </tt:Media>\n"
        "        <tt:PTZ>\n"
        f"          <tt:XAddr>{base}/onvif/PTZ</tt:XAddr>\n"
        "        </tt:PTZ>\n"
    )


#: gSOAP's generated namespace table on a SOAP 1.2 answer (SOAP-ENV, SOAP-ENC, xsi, xsd, then the service's own
#: prefixes), as any gSOAP 2.7 server writes it whatever device it runs on.
GSOAP_ANSWER = (
    "HTTP/1.1 200 OK\r\nServer: gSOAP/2.7\r\nContent-Type: application/soap+xml; charset=utf-8\r\n"
    "Connection: close\r\n\r\n"
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"'
    ' xmlns:SOAP-ENC="http://www.w3.org/2003/05/soap-encoding"'
    ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
    ' xmlns:tns1="http://www.onvif.org/ver10/topics"'
    ' xmlns:wsse="http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-secext-1.0.xsd"'
)


def _mjpeg_head(content_type: str, part: str = "") -> str:
    return f"HTTP/1.0 200 OK\r\n{content_type}\r\n\r\n{part}"


def _typed_unnamed(identity: Identity) -> None:
    assert identity.is_video_device, identity
    assert identity.manufacturer is None and identity.brand is None, identity


@pytest.mark.parametrize("base", ["http://10.0.0.64", "http://192.0.2.9:8000", "http://[fe80::1]"])
def test_the_capitalised_onvif_address_layout_types_a_video_device_and_names_nobody(base: str) -> None:
    _typed_unnamed(identify_banner(_capabilities(base), 80, "192.0.2.80"))


def test_a_gsoap_2_7_onvif_answer_types_a_video_device_and_names_nobody() -> None:
    _typed_unnamed(identify_banner(GSOAP_ANSWER, 80, "192.0.2.81"))


@pytest.mark.parametrize(
    "reply",
    [
        _mjpeg_head("Content-Type: multipart/x-mixed-replace;boundary=--myboundary"),
        # A space before the '=' (a quirk one client had to work around) and a lower-case header name.
        _mjpeg_head("Content-Type: multipart/x-mixed-replace;boundary =--myboundary"),
        _mjpeg_head(
            "Content-type: multipart/x-mixed-replace; boundary=--myboundary",
            "--myboundary\r\nContent-Type: image/jpeg\r\nContent-Length: 20480\r\n\r\n",
        ),
    ],
)
def test_a_myboundary_stream_head_types_a_video_device_and_names_nobody(reply: str) -> None:
    _typed_unnamed(identify_banner(reply, 80, "192.0.2.82"))


def test_a_maker_only_part_header_beside_the_shared_boundary_still_names_its_maker() -> None:
    # Sony's cameras add a CamTim header to each part (its CGI command manual): the companion sign names Sony.
    reply = _mjpeg_head(
        "Content-Type: multipart/x-mixed-replace;boundary=--myboundary",
        "--myboundary\r\nContent-Type: image/jpeg\r\nCamTim: 2011-03-02 Wed 08:00:01\r\n\r\n",
    )
    identity = identify_banner(reply, 80, "192.0.2.83")
    assert identity.brand == "sony"


@settings(max_examples=60, deadline=None)
@given(
    host=st.from_regex(r"\A[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\Z"),
    # Trailing text without letters: markup, digits and punctuation a cut answer may end in, but no maker's name.
    tail=st.text(alphabet=st.characters(blacklist_categories=("Lu", "Ll", "Lt", "Lm", "Lo")), max_size=120),
)
def test_the_shared_address_layout_with_any_host_or_trailing_text_never_names_a_maker(host: str, tail: str) -> None:
    identity = identify_banner(_capabilities(f"http://{host}") + tail, 80, "192.0.2.84")
    assert identity.manufacturer is None and identity.brand is None
