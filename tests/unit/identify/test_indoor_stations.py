"""Intercom indoor stations are intercoms: a video type, their maker named, every finding an auditor needs kept.

The decision (helper-249, 2026-12-07; docs/identification/models-and-lexicon.md, "Indoor stations: the decision"):
a Hikvision DS-KH indoor station or a Dahua VTH indoor monitor is typed ``intercom`` like its door station. Typed
``not_camera`` (helper-144's choice) it kept its restriction findings, but lost the findings camaudit gives only
video devices -- factory-fresh, clear-text Telnet and HTTP, weak certificates, cloud -- and dropped out of the
report's "cameras and recorders by manufacturer" counts, for a device that receives the door station's video and
holds its credentials. The model numbers are as the cited manuals print them; the replies around them are written
for these tests (documentation addresses), not captures.
"""

from __future__ import annotations

import pytest

from camaudit.assess import assess
from camaudit.identify import identify
from camaudit.identify.facts import device_facts
from camaudit.model import DeviceType, Observation


def _obs(fields: dict[str, str], port: int, protocol: str, transport: str = "tcp") -> Observation:
    return Observation("192.0.2.49", port, transport, protocol, "discover", "2026-12-07T00:00:00Z", fields)


def _station(answer: Observation) -> list[Observation]:
    """The station's discovery answer, with the clear-text web and Telnet services a scan would also find."""
    return [
        answer,
        _obs({"http.status": "200", "http.server": "webs"}, 80, "http"),
        _obs({"telnet.banner": "login:"}, 23, "telnet"),
    ]


STATIONS = [
    pytest.param(
        _obs(
            {"sadp.DeviceDescription": "DS-KH6320-WTE1", "sadp.CommandPort": "8000", "sadp.Activated": "false"},
            37020,
            "sadp",
            "udp",
        ),
        "hikvision",
        "DS-KH6320-WTE1",
        id="hikvision-sadp",
    ),
    pytest.param(
        _obs({"http.title": "Hikvision DS-KH8520-WTE1"}, 80, "http"),
        "hikvision",
        "DS-KH8520-WTE1",
        id="hikvision-title",
    ),
    pytest.param(
        _obs({"upnp.manufacturer": "", "upnp.model_name": "VTH5221D"}, 1900, "upnp", "udp"),
        "dahua",
        "VTH5221D",
        id="dahua-upnp",
    ),
    pytest.param(_obs({"dhip.DeviceClass": "VTH"}, 37810, "dhip", "udp"), "dahua", None, id="dahua-dhip"),
]


@pytest.mark.parametrize(("answer", "maker", "model"), STATIONS)
def test_an_indoor_station_is_its_makers_intercom(answer: Observation, maker: str, model: str | None) -> None:
    identity = identify([answer])
    assert identity.device_type == DeviceType.INTERCOM, identity.attribution
    assert identity.manufacturer == maker
    assert identity.model == model
    assert "doorbell" not in identity.capabilities  # the call button is the door station's


@pytest.mark.parametrize(("answer", "maker", "model"), STATIONS)
def test_an_indoor_station_keeps_its_restriction_and_exposure_findings(
    answer: Observation, maker: str, model: str | None
) -> None:
    seen = _station(answer)
    kinds = {(f.kind, f.regime) for f in assess(identify(seen), facts=device_facts(seen), policy="us-federal")}
    assert {("restricted", "us-ndaa-889"), ("restricted", "us-fcc-covered-list")} <= kinds
    assert {("exposure-telnet", None), ("exposure-http", None)} <= kinds


def test_an_unactivated_hikvision_indoor_station_is_reported_factory_fresh() -> None:
    seen = _station(STATIONS[0].values[0])
    kinds = {f.kind for f in assess(identify(seen), facts=device_facts(seen), policy="us-federal")}
    assert "factory-fresh" in kinds


@pytest.mark.parametrize("title", ["Indoor Station", "Indoor Monitor", "Weather Station Indoor Monitor"])
def test_the_words_indoor_station_alone_type_nothing(title: str) -> None:
    # Weather stations and air-quality monitors have indoor units too: the words name no maker and no type.
    identity = identify([_obs({"http.status": "200", "http.title": title}, 80, "http")])
    assert identity.device_type in (None, DeviceType.NOT_CAMERA) and identity.confidence <= 0.3, identity.attribution
    assert identity.manufacturer is None


def test_the_makers_switches_and_panels_stay_non_video() -> None:
    # The decision is for indoor stations only: a switch or an alarm panel of the same maker has no video at all.
    for model in ("DS-3E1510P-EI", "DS-PWA96-M2H-WE"):
        identity = identify([_obs({"sadp.DeviceDescription": model, "sadp.CommandPort": "8000"}, 37020, "sadp", "udp")])
        assert identity.device_type == DeviceType.NOT_CAMERA, identity.attribution
        assert identity.manufacturer == "hikvision"
