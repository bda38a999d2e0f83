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


@pytest.mark.parametrize(
    ("model", "maker", "device_type"),
    [
        ("IPM-721W", "amcrest", "camera"),
        ("IP3M-HX2W", "amcrest", "camera"),
        ("RLC-823S2", "reolink", None),
        ("RP-PCT16MD", "reolink", None),
        ("LHV2008", "lorex", None),
        ("QNE-8021R", "hanwha", "camera"),
        ("NVR508-64B", "uniview", "nvr"),
        ("XVR301-04Q", "uniview", "nvr"),
    ],
)
def test_a_catalogue_family_no_grammar_read_before_names_its_maker(
    model: str, maker: str, device_type: str | None
) -> None:
    identity = _upnp(model)
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model
    assert is_video_device(identity.device_type)
    if device_type:
        assert identity.device_type is not None and identity.device_type.value == device_type


@pytest.mark.parametrize(
    ("title", "maker", "model", "capability"),
    [
        ("Reolink TrackMix WiFi", "reolink", "TrackMix WiFi", None),
        ("Reolink E1 Zoom", "reolink", "E1 Zoom", None),
        ("Tapo D230S1", "tp-link", "Tapo D230S1", "doorbell"),
    ],
)
def test_a_product_name_after_the_maker_gives_the_model(
    title: str, maker: str, model: str, capability: str | None
) -> None:
    identity = _title(title)
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model
    if capability:
        assert capability in identity.capabilities


def _with_camera_realm(model: str) -> Identity:
    fields = {"http.title": model, "http.www_authenticate": 'Basic realm="IP Camera"'}
    return identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


@pytest.mark.parametrize(
    ("model", "maker", "capability"),
    [
        ("T8114", "eufy", None),
        ("T8200X", "eufy", "doorbell"),
        ("AD110", "amcrest", "doorbell"),
        ("PT8133", "vivotek", None),
    ],
)
def test_a_short_code_names_its_maker_only_beside_a_camera_sign(model: str, maker: str, capability: str | None) -> None:
    assert _maker(_title(model)) is None
    identity = _with_camera_realm(model)
    # The OEM table takes a relabelling brand (Amcrest) to its maker; the brand stays what the box says.
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model
    if capability:
        assert capability in identity.capabilities


@pytest.mark.parametrize("model", ["T8500", "T8960", "T8910"])
def test_eufy_locks_keypads_and_sensors_are_not_its_cameras(model: str) -> None:
    identity = _with_camera_realm(model)
    assert identity.brand != "eufy" and identity.model is None


@pytest.mark.parametrize(
    ("model", "maker", "device_type"), [("UVC G3 Flex", "ubiquiti", "camera"), ("DHI-IVSS7016DR-4I", "dahua", "nvr")]
)
def test_names_written_with_spaces_or_a_new_recorder_line_name_the_maker(
    model: str, maker: str, device_type: str
) -> None:
    identity = _upnp(model)
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type


@pytest.mark.parametrize("text", ["UVC Camera", "USB UVC G2 webcam"])
def test_usb_video_class_is_not_a_unifi_camera(text: str) -> None:
    identity = _title(text)
    assert _maker(identity) is None and identity.model is None


def test_first_generation_unifi_names_need_a_camera_sign() -> None:
    assert _maker(_title("UVC Pro")) is None
    identity = _with_camera_realm("UVC Pro")
    assert identity.manufacturer == "ubiquiti"
    assert identity.model == "UVC Pro"


@pytest.mark.parametrize(
    ("model", "maker", "device_type"),
    [
        ("IPC-B542-G2/4I", "hiwatch", "camera"),
        ("DS-H216Q", "hiwatch", "dvr"),
        ("TID-600R", "hanwha", "intercom"),
        ("DCS-P6000LH", "d-link", "camera"),
        ("IPCA 62520", "abus", "camera"),
    ],
)
def test_more_catalogue_families_name_their_maker(model: str, maker: str, device_type: str) -> None:
    identity = _upnp(model)
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type


def test_a_hiwatch_generation_mark_is_not_taken_for_uniview() -> None:
    # Uniview's legacy IPC-D122-PF28 and HiWatch's IPC-D082-G2/S share the letters up to the second dash.
    identity = _with_camera_realm("IPC-D082-G2/S")
    assert identity.manufacturer != "uniview"
    assert identity.brand == "hiwatch"


def test_abus_digi_lan_cameras_are_read_after_the_line_name() -> None:
    identity = _title("DIGI-LAN TV7230 V2")
    assert identity.brand == "abus"
    assert identity.model == "TV7230 V2"
    assert _maker(_title("TV7230")) is None


def test_tvt_legal_name_in_a_certificate_names_tvt() -> None:
    identity = identify(
        [
            Observation(
                "192.0.2.1",
                443,
                "tcp",
                "tls",
                "import",
                "2026-01-01T00:00:00Z",
                {"tls.subject": "CN=NVR,O=TVT CO.,LTD"},
            )
        ]
    )
    assert identity.manufacturer == "tvt"
