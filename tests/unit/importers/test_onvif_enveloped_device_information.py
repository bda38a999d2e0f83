"""An ONVIF GetDeviceInformation answer in its SOAP envelope, kept as an HTTP body by a collector, is the device
service answering: a video device whatever its Manufacturer field says. OEM cameras often leave that field blank;
before this was read, such an answer gave the model, firmware and serial but no device type, so the host was typed
"not a camera" (a blind held-out miss of batch 25: found after its measurement, so its move is post-hoc).

The answer is agsh/onvif's camera mock (``../shared/data/onvif-mock-responses/GetDeviceInformation.xml``, MIT); the
blank-Manufacturer variant is that file with the field emptied here (an edit, not a capture). The client's request
for the same operation stays no device evidence.
"""

from __future__ import annotations

import re

from tests.conftest import shared_file

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.base import ImportRecord


def _answer() -> str:
    return shared_file("onvif-mock-responses", "GetDeviceInformation.xml").read_text(encoding="utf-8")


def _record(body: str, *, status: str = "200 OK") -> ImportRecord:
    data = f"HTTP/1.1 {status}\r\nContent-Type: application/soap+xml; charset=utf-8\r\n\r\n{body}"
    return shodan.parse_banner({"ip_str": "198.51.100.7", "port": 80, "data": data, "_shodan": {"module": "http"}}, 1)


def _blank_manufacturer(body: str) -> str:
    """The answer with its Manufacturer emptied, and without the declaration of Axis's event topics that the mock's
    envelope carries (it was recorded from an Axis camera; with it, Axis would be named by its namespace)."""
    blanked, count = re.subn(r"<tds:Manufacturer>[^<]*</tds:Manufacturer>", "<tds:Manufacturer></tds:Manufacturer>", body)
    assert count == 1
    blanked, count = re.subn(r'\s+xmlns:tnsaxis="http://www\.axis\.com/2009/event/topics"', "", blanked)
    assert count == 1
    return blanked


def test_a_blank_manufacturer_still_types_a_video_device() -> None:
    result = identify(_record(_blank_manufacturer(_answer())).observations)
    assert result.device_type == "video_device"
    assert result.manufacturer is None and result.brand is None
    assert result.model == "Mockup Model"
    assert 0.5 <= result.confidence < 0.9  # the answer's kind alone: no maker, so below the firm band


def test_the_answer_kind_is_kept_beside_the_device_information() -> None:
    fields = _record(_blank_manufacturer(_answer())).observations[0].fields
    assert fields["devinfo.answer"] == "onvif-soap"
    assert fields["onvif.device_info.model"] == "Mockup Model"
    assert "onvif.device_info.manufacturer" not in fields


def test_a_named_manufacturer_is_still_the_self_reported_brand_of_a_video_device() -> None:
    result = identify(_record(_answer()).observations)
    assert result.device_type in {"camera", "video_device"}
    assert result.brand == "mockup-manufacturer"  # the self-reported maker camaudit does not know, kept as the brand


def test_the_clients_request_is_no_device_evidence() -> None:
    # A client's GetDeviceInformation request (written here: the operation with an empty body, as ONVIF's
    # devicemgmt.wsdl defines it) declares the same namespaces but is no answer of a device.
    request = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
        'xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><s:Body><tds:GetDeviceInformation/></s:Body></s:Envelope>'
    )
    record = _record(request)
    assert "devinfo.answer" not in record.observations[0].fields
    assert identify(record.observations).device_type not in {"camera", "video_device"}
