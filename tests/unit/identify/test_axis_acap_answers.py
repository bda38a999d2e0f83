"""Axis's application list (VAPIX ``/axis-cgi/applications/list.cgi``) read by its layout
(``layers/api_bodies.yaml`` ``answers.axis.acap-*``).

The list names the ACAP applications installed, one ``<application Name= NiceName= Vendor= Version= ...>`` element
each. Every AXIS OS product that runs ACAP answers it -- speakers and door controllers too -- so the layout alone
names Axis only beside other video evidence; one of Axis's own video-analytics applications in it (Video Motion
Detection, Fence/Loitering/Motion Guard, Object Analytics) analyses the device's own image, so it names Axis and
types a video device. Fixtures are the Axis library's recorded answers (github:Kane610/axis
tests/applications/test_applications.py@61e9d5071e7e) unless marked as written here.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import identify, match_fields
from camaudit.importers.shodan import parse_banner
from camaudit.model import is_video_device

_HEAD = "HTTP/1.1 200 OK\r\nContent-Type: text/xml\r\n\r\n"
_IP = "192.0.2.71"

ONE_APPLICATION = (
    '<reply result="ok">\n <application Name="vmd" NiceName="AXIS Video Motion Detection" Vendor="Axis Communications"'
    ' Version="4.4-5" ApplicationID="143440" License="None" Status="Running" ConfigurationPage="local/vmd/config.html"'
    ' VendorHomePage="http://www.axis.com" LicenseName="Proprietary" />\n</reply>'
)
_REMOTE_ACCESS = (
    ' <application Name="RemoteAccess" NiceName="AXIS Remote Access solution" Vendor="Axis Communications"'
    ' Version="1.12" ApplicationID="1234" License="Custom" Status="Running" ConfigurationPage="local/RemoteAccess/#"'
    ' VendorHomePage="http://www.axis.com" />\n'
)
_DOOR_NOTIFIER = (
    ' <application Name="drstn_notifier" NiceName="AXIS Door Station Notifier" Vendor="Axis Communications"'
    ' Version="1.0" ApplicationID="1234" License="Custom" Status="Running"'
    ' ConfigurationPage="local/drstn_notifier/about.inc" VendorHomePage="http://www.axis.com" />\n'
)
_FENCE_GUARD = (
    ' <application Name="fenceguard" NiceName="AXIS Fence Guard" Vendor="Axis Communications" Version="2.2-6"'
    ' ApplicationID="47775" License="None" Status="Running" ConfigurationPage="local/fenceguard/config.html"'
    ' VendorHomePage="http://www.axis.com" LicenseName="Proprietary" />\n'
)
#: Three of the seven entries of the library's longer recorded list.
RECORDED_LIST_PART = f'<reply result="ok">\n{_REMOTE_ACCESS}{_DOOR_NOTIFIER}{_FENCE_GUARD}</reply>'
#: Applications that analyse no image: the list of a product that need not be a camera (the same recorded entries).
NO_VIDEO_APPLICATION = f'<reply result="ok">\n{_REMOTE_ACCESS}{_DOOR_NOTIFIER}</reply>'
#: A page that makes a host a video device and names nobody (layers/device_words.yaml).
_CAMERA_PAGE = "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html><head><title>IP Camera</title></head></html>"


@pytest.mark.parametrize("with_head", [True, False])
@pytest.mark.parametrize("answer", [ONE_APPLICATION, RECORDED_LIST_PART])
def test_a_list_with_axis_video_analytics_names_axis_and_a_video_device(answer: str, with_head: bool) -> None:
    identity = identify_banner(_HEAD + answer if with_head else answer, 80, _IP)
    assert identity.manufacturer == "axis" and is_video_device(identity.device_type)
    assert identity.model is None and identity.confidence < 0.9  # one answer, no model


def test_a_list_without_video_analytics_names_axis_only_beside_a_video_sign() -> None:
    alone = identify_banner(_HEAD + NO_VIDEO_APPLICATION, 80, _IP)
    assert alone.manufacturer is None and not is_video_device(alone.device_type)
    observations = []
    for port, data in ((80, _HEAD + NO_VIDEO_APPLICATION), (8080, _CAMERA_PAGE)):
        observations += parse_banner({"ip_str": _IP, "port": port, "transport": "tcp", "data": data}, 1).observations
    beside = identify(observations)
    assert beside.manufacturer == "axis" and is_video_device(beside.device_type)


@pytest.mark.parametrize("page", [
    # Written here, not captures: Android's manifest, Tomcat's manager list, an Axis product page, a shop's page,
    # another vendor's analytics application under Axis's directory name.
    '<manifest><application android:name=".App" android:label="@string/app_name"></application></manifest>',
    '<apps><application name="manager" path="/manager" running="true" sessions="0"/></apps>',
    "<p>AXIS Video Motion Detection, AXIS Fence Guard and AXIS Loitering Guard come with the camera.</p>",
    '<application Name="vmd" NiceName="Motion Detector" Vendor="Acme Analytics" Version="1.0" />',
])
def test_look_alikes_name_no_maker_and_type_no_video(page: str) -> None:
    identity = identify_banner(_HEAD + page, 80, _IP)
    assert identity.manufacturer is None and not is_video_device(identity.device_type)


_ATTRIBUTE = st.text(st.characters(blacklist_categories=("Cs",)), max_size=80)


@settings(max_examples=200, deadline=None)
@given(_ATTRIBUTE, _ATTRIBUTE, _ATTRIBUTE, st.text(max_size=200))
def test_any_application_entry_never_raises_and_only_axis_own_analytics_type_video(
    name: str, nice: str, vendor: str, tail: str,
) -> None:
    body = (
        f'<reply result="ok">\n <application Name={quoteattr(name)} NiceName={quoteattr(nice)} '
        f'Vendor={quoteattr(vendor)} Version="1.0" />\n{tail}'
    )
    evidence = match_fields({"http.body": body})
    video = [e for e in evidence if e.rule_id == "answers.axis.acap-video-analytics"]
    if vendor != "Axis Communications" and "Vendor=\"Axis Communications\"" not in tail:
        assert not video  # the analytics entry speaks for Axis's own applications only
    for item in evidence:
        if item.rule_id == "answers.axis.acap-application-list":
            assert item.needs == "video" and "device_type" not in dict(item.asserts)
