"""Model grammars widened to what a maker's own catalogue lists: a model number alone, as a device reports it,
names the maker, the model and the device type; the same maker's non-video products stay unnamed and untyped.

The catalogues are cited in ``layers/models.yaml`` (the "Catalogue round" entries and the ``supports`` of the
widened ones): Hikvision's firmware download centre as archived by JoeyGE0/hikvision-fw-archive, Reolink's
firmware index (renaudallard/reolink_firmwares) ...
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device


def _upnp(model: str) -> Identity:
    """What a UPnP description with a blank manufacturer says about itself."""
    return identify(
        [Observation("192.0.2.1", 1900, "udp", "upnp", "import", "2026-01-01T00:00:00Z", {"upnp.model_name": model})]
    )


def _title(title: str) -> Identity:
    return identify(
        [
            Observation(
                "192.0.2.1",
                80,
                "tcp",
                "http",
                "import",
                "2026-01-01T00:00:00Z",
                {"http.title": title, "http.server": "nginx"},
            )
        ]
    )


def _maker(identity: Identity) -> str | None:
    return identity.manufacturer or identity.brand


@pytest.mark.parametrize(
    ("model", "maker", "device_type", "capability"),
    [
        ("DS-2XC6046G0-LIS(316L)", "hikvision", "camera", None),
        ("IDS-2CD7046G0-H-AP", "hikvision", "camera", None),
        ("DS-2DP3D404IWG1-E/36", "hikvision", "camera", "ptz"),
        ("DS-2ST4C420MWG-E/14(PA)", "hikvision", "camera", "ptz"),
        ("DS-96128NI-H16R", "hikvision", "nvr", None),
        ("DS-E04NI-Q1/4P", "hikvision", "nvr", None),
        ("DS-E04HGHI-XD", "hikvision", "dvr", None),
        ("DS-KIS705EY", "hikvision", "intercom", "doorbell"),
        ("DVR-204Q-M1", "hikvision", "dvr", None),
        ("PTZ-N2404I-DE3", "hikvision", "camera", "ptz"),
        ("HM-TD1228-2", "hikmicro", "thermal_camera", "thermal"),
    ],
)
def test_a_catalogue_model_alone_names_maker_model_and_type(
    model: str, maker: str, device_type: str, capability: str | None
) -> None:
    identity = _upnp(model)
    # The OEM table takes a value brand (HiLook) to its maker; either names the right company.
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type
    if capability:
        assert capability in identity.capabilities


def test_hilook_numbers_keep_their_letters_after_the_h() -> None:
    identity = _upnp("IPC-B160HA-LU")
    assert identity.brand == "hilook"
    assert identity.model == "IPC-B160HA-LU"


def test_a_four_digit_face_terminal_is_not_cut_short() -> None:
    identity = _upnp("DS-K1T8003EF")
    assert identity.model == "DS-K1T8003EF"
    assert identity.device_type is not None and identity.device_type.value == "access_control"


@pytest.mark.parametrize(
    "model",
    [
        "DS-3E1510P-EI",  # Hikvision PoE switch
        "DS-3WR12C",  # Hikvision Wi-Fi router
        "DS-3WAP521-SI",  # Hikvision access point
        "DS-K3G200X",  # Hikvision turnstile
        "DS-K2602T",  # Hikvision door controller
        "DS-K1105EDB",  # Hikvision card reader
    ],
)
def test_a_camera_makers_network_and_door_products_are_not_video_devices(model: str) -> None:
    identity = _upnp(model)
    assert not is_video_device(identity.device_type)
    assert identity.model is None


@pytest.mark.parametrize("title", ["DVR-2040-M1 manual", "PTZ-Control panel", "HM-T100 heater"])
def test_look_alike_numbers_name_nobody(title: str) -> None:
    identity = _title(title)
    assert _maker(identity) is None and identity.model is None
