"""Model grammars widened to what a maker's own catalogue lists: a model number alone, as a device reports it,
names the maker, the model and the device type; the same maker's non-video products stay unnamed and untyped.

The catalogues are cited in ``layers/models.yaml`` (the "Catalogue round" entries and the ``supports`` of the
widened ones): Hikvision's firmware download centre as archived by JoeyGE0/hikvision-fw-archive, Reolink's
firmware index (renaudallard/reolink_firmwares), eufy-security-client's device list, the UniFi Video client's
model table (yuppity/unifi-video-api), users' camera tables (Strix, homebridge-camera-ffmpeg) and makers' sites.
"""

from __future__ import annotations

import pytest

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device

CAMERA_REALM = 'Basic realm="IP Camera"'


def _seen(protocol: str, port: int, fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", fields)])


def _upnp(model: str) -> Identity:
    """What a UPnP description with a blank manufacturer says about itself."""
    return _seen("upnp", 1900, {"upnp.model_name": model})


def _title(title: str, realm: str | None = None) -> Identity:
    fields = {"http.title": title, "http.server": "nginx"}
    if realm:
        fields["http.www_authenticate"] = realm
    return _seen("http", 80, fields)


def _maker(identity: Identity) -> str | None:
    return identity.manufacturer or identity.brand


@pytest.mark.parametrize(
    ("model", "maker", "device_type", "capability"),
    [
        # Hikvision's download centre: families the grammars did not read.
        ("DS-2XC6046G0-LIS(316L)", "hikvision", "camera", None),
        ("IDS-2CD7046G0-H-AP", "hikvision", "camera", None),
        ("DS-2DP3D404IWG1-E/36", "hikvision", "camera", "ptz"),
        ("DS-2ST4C420MWG-E/14(PA)", "hikvision", "camera", "ptz"),
        ("DS-96128NI-H16R", "hikvision", "nvr", None),
        ("DS-E04NI-Q1/4P", "hikvision", "nvr", None),
        ("DS-E04HGHI-XD", "hikvision", "dvr", None),
        ("DS-KIS705EY", "hikvision", "intercom", "doorbell"),
        ("DS-K1T8003EF", "hikvision", "access_control", None),
        ("DVR-204Q-M1", "hilook", "dvr", None),
        ("PTZ-N2404I-DE3", "hilook", "camera", "ptz"),
        ("IPC-B160HA-LU", "hilook", "camera", None),
        ("HM-TD1228-2", "hikmicro", "thermal_camera", "thermal"),
        ("IPC-B542-G2/4I", "hiwatch", "camera", None),
        ("DS-H216Q", "hiwatch", "dvr", None),
        # Other makers' catalogues.
        ("IPM-721W", "amcrest", "camera", None),
        ("IP3M-HX2W", "amcrest", "camera", None),
        ("RLC-823S2", "reolink", None, None),
        ("RP-PCT16MD", "reolink", None, None),
        ("LHV2008", "lorex", None, None),
        ("QNE-8021R", "hanwha", "camera", None),
        # TID-600R (Hanwha intercom) names Hanwha only beside video evidence: test_single_source_makers.py (helper-228).
        ("NVR508-64B", "uniview", "nvr", None),
        ("XVR301-04Q", "uniview", "dvr", None),  # a hybrid recorder: a DVR (helper-115)
        ("UVC G3 Flex", "ubiquiti", "camera", None),
        ("DHI-IVSS7016DR-4I", "dahua", "nvr", None),
        ("DCS-P6000LH", "d-link", "camera", None),
        ("IPCA 62520", "abus", "camera", None),
        ("IPC-T5442TM-AS", "dahua", "camera", None),
    ],
)
def test_a_catalogue_model_alone_names_maker_model_and_type(
    model: str, maker: str, device_type: str | None, capability: str | None
) -> None:
    identity = _upnp(model)
    # The OEM table takes a value or relabelling brand (HiLook, Amcrest) to its maker; the brand stays.
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model
    if device_type:
        assert identity.device_type is not None and identity.device_type.value == device_type
    else:
        assert is_video_device(identity.device_type)
    if capability:
        assert capability in identity.capabilities


@pytest.mark.parametrize(
    "model",
    [
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


@pytest.mark.parametrize(
    ("model", "device_type"),
    [
        ("DS-3E1510P-EI", "not_camera"),  # Hikvision PoE switch
        ("DS-3WR12C", "router"),  # Hikvision Wi-Fi router
    ],
)
def test_a_camera_makers_switch_and_router_series_name_the_maker_not_a_video_device(
    model: str, device_type: str
) -> None:
    # Since 2026-12-05 the switch and router series are read (layers/models_non_video.yaml): Hikvision's, and not video.
    identity = _upnp(model)
    assert identity.device_type is not None and identity.device_type.value == device_type
    assert (identity.manufacturer, identity.model) == ("hikvision", model)


@pytest.mark.parametrize(
    "title",
    [
        "DVR-2040-M1 manual",
        "PTZ-Control panel",
        "HM-T100 heater",
        "UVC Camera",
        "USB UVC G2 webcam",
        "TV7230",
        "AVN726E",
    ],
)
def test_look_alike_numbers_name_nobody(title: str) -> None:
    identity = _title(title)
    assert _maker(identity) is None and identity.model is None


@pytest.mark.parametrize(
    ("title", "maker", "model", "capability"),
    [
        ("Reolink TrackMix WiFi", "reolink", "TrackMix WiFi", None),
        ("Reolink E1 Zoom", "reolink", "E1 Zoom", None),
        ("Tapo D230S1", "tp-link", "Tapo D230S1", "doorbell"),
        ("DIGI-LAN TV7230 V2", "abus", "TV7230 V2", None),
        ("Foscam DBW5", "foscam", "DBW5", "doorbell"),
    ],
)
def test_a_product_name_after_the_maker_or_line_gives_the_model(
    title: str, maker: str, model: str, capability: str | None
) -> None:
    identity = _title(title)
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model
    if capability:
        assert capability in identity.capabilities


@pytest.mark.parametrize(
    ("model", "maker", "capability"),
    [
        ("T8114", "eufy", None),
        ("T8200X", "eufy", "doorbell"),
        ("AD110", "amcrest", "doorbell"),
        ("PT8133", "vivotek", None),
        ("UVC Pro", "ubiquiti", None),
        ("AVN801", "avtech", None),
    ],
)
def test_a_short_code_names_its_maker_only_beside_a_camera_sign(model: str, maker: str, capability: str | None) -> None:
    assert _maker(_title(model)) is None
    identity = _title(model, CAMERA_REALM)
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model
    if capability:
        assert capability in identity.capabilities


@pytest.mark.parametrize("model", ["T8500", "T8960", "T8910"])
def test_eufy_locks_keypads_and_sensors_are_not_its_cameras(model: str) -> None:
    identity = _title(model, CAMERA_REALM)
    assert identity.brand != "eufy" and identity.model is None


def test_a_hiwatch_generation_mark_is_not_taken_for_uniview() -> None:
    # Uniview's legacy IPC-D122-PF28 and HiWatch's IPC-D082-G2/S share the letters up to the second dash.
    identity = _title("IPC-D082-G2/S", CAMERA_REALM)
    assert identity.manufacturer != "uniview"
    assert identity.brand == "hiwatch"


def test_tvt_legal_name_in_a_certificate_names_tvt() -> None:
    identity = _seen("tls", 443, {"tls.subject": "CN=NVR,O=TVT CO.,LTD"})
    assert identity.manufacturer == "tvt"


def test_an_axis_video_encoder_is_typed_an_encoder_not_a_camera() -> None:
    # A UPnP model name says no more than the number: the number alone must tell an encoder from a camera.
    identity = _upnp("AXIS Q7401")
    assert identity.manufacturer == "axis"
    assert identity.model == "Q7401"
    assert identity.device_type is not None and identity.device_type.value == "video_encoder"
