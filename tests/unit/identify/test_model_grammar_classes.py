"""What a maker's model number says beyond "a camera": the product class and capability its numbering encodes
(helper-110, 2026-12-04).

Axis numbers its PTZ and thermal series apart (Q60/Q61/Q62/Q86/P55/P56/M50/M55/V59 PTZ; Q19 and the Q86 PT
thermal cameras), Uniview its thermal cameras (TIC...) and PTZ domes (IPC6/IPC7 with an X<zoom> code), Milesight
its cameras (MS-C) and recorders (MS-N), UniFi its doorbells (UVC-G4-Doorbell). The model strings are the makers'
own, quoted by the sources in ``layers/models.yaml``; the look-alikes are other makers' parts and products.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.model import Identity, Observation


def _seen(field: str, text: str, protocol: str = "upnp", port: int = 1900) -> Identity:
    return identify([Observation("192.0.2.1", port, "tcp", protocol, "import", "2026-01-01T00:00:00Z", {field: text})])


@pytest.mark.parametrize(
    ("field", "text", "maker", "model", "device_type", "capabilities"),
    [
        # An Axis page title and an FTP-style product name, as the cameras write them.
        ("http.title", "AXIS Q1942-E PT Mount Thermal Network Camera", "axis", "Q1942-E", "thermal_camera", {"thermal"}),
        ("upnp.model_name", "AXIS Q1941-E", "axis", "Q1941-E", "thermal_camera", {"thermal"}),
        ("upnp.model_name", "AXIS Q8641-E PT Thermal", "axis", "Q8641-E", "thermal_camera", {"thermal", "ptz"}),
        ("upnp.model_name", "AXIS Q6075-E", "axis", "Q6075-E", "camera", {"ptz"}),
        ("http.title", "AXIS M5013-V PTZ Dome Network Camera", "axis", "M5013-V", "camera", {"ptz"}),
        ("upnp.model_name", "AXIS M5525-E", "axis", "M5525-E", "camera", {"ptz"}),
        ("upnp.model_name", "AXIS Q6135-LE", "axis", "Q6135-LE", "camera", {"ptz"}),
        ("upnp.model_name", "TIC2621SR-F3-4F4AC-VD", "uniview", "TIC2621SR-F3-4F4AC-VD", "thermal_camera", {"thermal"}),
        ("onvif.scope", "onvif://www.onvif.org/hardware/TIC3612SA-F7-4F6AC-I1", "uniview", "TIC3612SA-F7-4F6AC-I1",
         "thermal_camera", {"thermal"}),
        ("upnp.model_name", "IPC6424SR-X25-VF-B", "uniview", "IPC6424SR-X25-VF-B", "camera", {"ptz"}),
        ("upnp.model_name", "IPC7628EL-L-X41-VH1", "uniview", "IPC7628EL-L-X41-VH1", "camera", {"ptz"}),
        ("upnp.model_name", "MS-C2963-PB", "milesight", "MS-C2963-PB", "camera", set()),
        ("upnp.model_name", "MS-N5008-UPC", "milesight", "MS-N5008-UPC", "nvr", set()),
        ("upnp.model_name", "UVC-G4-Doorbell", "ubiquiti", "UVC-G4-Doorbell", "intercom", {"doorbell"}),
        ("upnp.model_name", "UVC G4 Doorbell Pro", "ubiquiti", "UVC G4 Doorbell Pro", "intercom", {"doorbell"}),
    ],
)
def test_the_number_gives_class_and_capability(
    field: str, text: str, maker: str, model: str, device_type: str, capabilities: set[str]
) -> None:
    identity = _seen(field, text)
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert identity.device_type is not None and identity.device_type.value == device_type
    assert set(identity.capabilities) == capabilities


@pytest.mark.parametrize(
    ("text", "device_type"),
    [
        # Axis's multi-view cameras sit on a Q60 PTZ but do not move themselves (developer.axis.com).
        ("AXIS Q6000-E", "camera"),
        ("AXIS Q6100-E", "camera"),
        # Fixed cameras of the same maker.
        ("AXIS P3245-LVE", "camera"),
        ("IPC2122LR3-PF40-A", "camera"),
        ("UVC-G4-Bullet", "camera"),
    ],
)
def test_fixed_cameras_get_no_ptz_or_thermal(text: str, device_type: str) -> None:
    identity = _seen("upnp.model_name", text)
    assert identity.device_type is not None and identity.device_type.value == device_type
    assert not {"ptz", "thermal", "doorbell"} & set(identity.capabilities)


CLASS_RULES = {
    "models.axis.ptz",
    "models.axis.thermal",
    "models.uniview.thermal",
    "models.uniview.ptz",
    "models.milesight",
    "models.milesight.nvr",
    "models.ubiquiti.doorbell",
}


@pytest.mark.parametrize(
    "text",
    [
        "TIC106D",  # Texas Instruments thyristor
        "TIC226M triac",  # (invented part-list line around a real TI part number)
        "Taxis Q6075-E",  # the maker's name must stand as a word
        "MS-NET adapter",
        "UVC-G4-Doorbells",
    ],
)
def test_lookalikes_claim_nothing(text: str) -> None:
    evidence = match_fields({"http.title": text})
    claims = {e.rule_id for e in evidence} & CLASS_RULES
    assert not claims


@settings(deadline=None)
@given(digits=st.integers(100, 999), tail=st.sampled_from(["", "A", "D", "M", "N", "B"]), rest=st.text(max_size=20))
def test_three_digit_tic_parts_are_never_uniview_thermal(digits: int, tail: str, rest: str) -> None:
    # TI's TIC power parts: three digits and a letter; Uniview's thermal numbers carry four characters and a dash.
    evidence = match_fields({"http.title": f"TIC{digits}{tail} {rest}"[:60]})
    assert "models.uniview.thermal" not in {e.rule_id for e in evidence}


@settings(deadline=None)
@given(
    series=st.sampled_from(["P32", "P14", "M30", "M31", "Q16", "Q35", "P37", "M42"]),
    digits=st.integers(0, 99),
    suffix=st.sampled_from(["", "-E", "-LE", "-LVE", "-V", "-PLVE"]),
)
def test_axis_fixed_series_never_claim_ptz_or_thermal(series: str, digits: int, suffix: str) -> None:
    evidence = match_fields({"http.title": f"AXIS {series}{digits:02d}{suffix} Network Camera"})
    claimed = {c for e in evidence for c in e.asserts.get("capabilities", "").split(",") if c}
    assert not claimed & {"ptz", "thermal"}
