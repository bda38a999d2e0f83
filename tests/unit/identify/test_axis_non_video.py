"""Axis products without a camera are not typed video devices (rules/http.yaml ``axis.text.non-video-product``).

AXIS OS runs Axis's network speakers (C-series), door controllers (A1xxx), readers (A4xxx) and I/O relays
(A9xxx) as well as its cameras, and they name themselves the cameras' way ("AXIS C1410 Network Mini Speaker",
help.axis.com). Before 2026-12-03 the title rule and the AXIS OS header rules typed them ``video_device``. Axis's
video door stations (A8xxx) and video intercoms (I8016-LVE) are video and stay ``intercom``.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Observation, is_video_device


def _obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation(ip="192.0.2.90", port=port, transport="tcp", protocol=protocol, source="import",
                       seen_at="2026-12-03T00:00:00Z", fields=fields)


@pytest.mark.parametrize("name", ["AXIS C1410 Network Mini Speaker", "AXIS C1310-E Network Horn Speaker",
                                  "AXIS C8110 Network Audio Bridge", "AXIS A1610 Network Door Controller",
                                  "AXIS A4020-E Reader"])
def test_an_axis_speaker_door_controller_or_reader_is_not_a_video_device(name: str) -> None:
    for observations in (
        [_obs({"http.title": name})],
        [_obs({"http.title": name, "http.headers": "Server: Apache\nAxis-Setup: vapix"})],
        [_obs({"ftp.banner": f"220 {name} 11.0.89 (2023) ready."}, 21, "ftp")],
    ):
        identity = identify(observations)
        assert not is_video_device(identity.device_type), (name, identity.attribution)
        assert identity.brand == "axis"
        assert identity.model == name.split()[1]


@pytest.mark.parametrize(("name", "kind"), [("AXIS I8016-LVE Network Video Intercom", "intercom"),
                                            ("AXIS A8105-E Network Video Door Station", "intercom"),
                                            ("AXIS P3245-LVE Network Camera", "camera")])
def test_axis_video_door_stations_intercoms_and_cameras_stay_video(name: str, kind: str) -> None:
    identity = identify([_obs({"http.title": name})])
    assert identity.device_type == kind and identity.manufacturer == "axis"
