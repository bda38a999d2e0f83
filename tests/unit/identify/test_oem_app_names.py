"""Names of the makers' own platforms on relabelled devices (helper-110, 2026-12-04): Hikvision's Guarding Vision
(the neutral-named Hik-Connect of the devices it builds for other brands) and HiLookVision name Hikvision as the
maker; "Swann Security" names Swann beside video evidence. Sources in ``layers/lexicon_pro.yaml`` and
``layers/lexicon_consumer.yaml``; the page titles and realms below are invented around those names.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Identity, Observation


def _http(fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize("title", ["Guarding Vision", "GuardingVision Web", "HiLookVision Station"])
def test_hikvision_oem_platform_names_hikvision(title: str) -> None:
    identity = _http({"http.title": title})
    assert identity.manufacturer == "hikvision", identity.attribution
    assert identity.is_video_device


def test_swann_security_names_swann_beside_a_camera_sign() -> None:
    identity = _http({"http.title": "Swann Security", "http.www_authenticate": 'Basic realm="DVR"'})
    assert identity.brand == "swann", identity.attribution


@pytest.mark.parametrize(
    "fields",
    [
        {"http.title": "Swann Security"},  # alone: Swann also sells sensors and smart-home kits
        {"http.title": "Swann Securities Ltd - investor relations"},
        {"http.title": "Vision Guard insurance"},
        {"http.title": "Guarding the vision statement of our school"},
    ],
)
def test_lookalikes_name_nobody(fields: dict[str, str]) -> None:
    identity = _http(fields)
    assert identity.manufacturer is None and identity.brand is None, identity.attribution
