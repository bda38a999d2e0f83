"""A maker's own suffix names it alone; a number's series says its class; a camera maker's switch is not a camera.

helper-236 (2026-12-07), written from makers' lists and not from the blind list bench/models.py measures them on
(tests/data/devmodels_blind2.jsonl): VIVOTEK's affected-models list of its 2017 httpd advisory (exploit-db 44001),
Reolink's firmware index (renaudallard/reolink_firmwares), D-Link's switches in Zabbix's community templates and in
NAV's add-ons. A device whose only sign is its model field (UPnP ``modelName``) is identified as a user would see it.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation, is_video_device


def _alone(model: str, **more: str) -> Identity:
    fields = {"upnp.model_name": model, **more}
    return identify([Observation("192.0.2.1", 1900, "tcp", "upnp", "import", "2026-01-01T00:00:00Z", fields)])


def _type(identity: Identity) -> str | None:
    return identity.device_type.value if identity.device_type is not None else None


# Numbers of the advisory's list (no blind-list number among them).
@pytest.mark.parametrize(
    "model", ["FD9171-HT", "FD836BA-EHTV", "CD8371-HNVF2", "IP9171-HP", "IZ9361-EH", "MD8563-EHF2", "IB9381-EHT"]
)
def test_a_vivotek_number_with_its_own_suffix_names_vivotek_alone(model: str) -> None:
    identity = _alone(model)
    assert identity.manufacturer == "vivotek"
    assert identity.model == model
    assert _type(identity) == "camera"


@pytest.mark.parametrize("model", ["FD8166A", "FD8182-F1", "IB8382-ET", "FE9391-EV"])
def test_a_vivotek_number_without_the_h_suffix_still_asks_for_other_video_evidence(model: str) -> None:
    assert _alone(model).manufacturer is None
    assert _alone(model, **{"http.title": "Network Camera"}).manufacturer == "vivotek"


@pytest.mark.parametrize("model", ["SD6370-HN", "SD59225U-HNI", "DH-SD49825GB-HNR"])
def test_dahua_speed_domes_ending_in_hn_never_name_vivotek(model: str) -> None:
    assert _alone(model).manufacturer != "vivotek"
    assert _alone(model, **{"http.title": "Network Camera"}).manufacturer != "vivotek"


@settings(max_examples=150, deadline=None)
@given(
    series=st.sampled_from(["IB", "FD", "IP", "MD", "FE", "IZ", "CC", "CD", "MS", "IT", "FB"]),
    digits=st.integers(min_value=6000, max_value=9999),
    tail=st.sampled_from(["N", "NI", "NR", "NX", "N1"]),
)
def test_an_h_suffix_with_a_bare_n_never_names_vivotek(series: str, digits: int, tail: str) -> None:
    # Dahua writes -HN, -HNI, -HNR after its numbers; VIVOTEK's N is always followed by T or V (-HNTV, -HNVF2).
    assert _alone(f"{series}{digits}-H{tail}").manufacturer != "vivotek"


@pytest.mark.parametrize(
    ("model", "device_type"),
    [
        ("RLC-410", "camera"),
        ("RLC-823S2", "camera"),
        ("RLC-1240A", "camera"),
        ("RLN8-410", "nvr"),
        ("RLN16-410", "nvr"),
    ],
)
def test_a_reolink_number_says_camera_or_recorder(model: str, device_type: str) -> None:
    identity = _alone(model)
    assert identity.brand == "reolink"
    assert identity.model == model
    assert _type(identity) == device_type


def test_reolinks_rp_pct_line_stays_a_video_device_of_no_narrower_class() -> None:
    identity = _alone("RP-PCT16MD")
    assert identity.brand == "reolink"
    assert _type(identity) == "video_device"


@pytest.mark.parametrize(
    "model", ["DES-1210-28", "DGS-1100-10/ME", "DES-1210-28P/C2", "DGS-1210-10/ME/A1", "DXS-1210-28", "DES-3026"]
)
def test_a_d_link_switch_is_not_a_camera_and_names_no_maker(model: str) -> None:
    identity = _alone(model)
    assert _type(identity) == "not_camera"
    assert identity.model == model
    # A maker named on a device that is not a camera is a false maker claim (bench/accuracy.py).
    assert identity.brand is None and identity.manufacturer is None


@pytest.mark.parametrize("model", ["DCS-932L", "DCS-8000LH", "DNR-322L"])
def test_d_links_cameras_and_recorders_stay_video(model: str) -> None:
    identity = _alone(model)
    assert identity.brand == "d-link"
    assert is_video_device(identity.device_type)


@settings(max_examples=150, deadline=None)
@given(
    series=st.sampled_from(["DES", "DGS", "DXS", "DWS"]),
    number=st.integers(min_value=100, max_value=9999),
    ports=st.integers(min_value=5, max_value=52),
    line=st.sampled_from(["", "P", "MP", "X", "TS", "ME", "XMP"]),
)
def test_no_d_link_switch_number_is_taken_for_a_video_device(series: str, number: int, ports: int, line: str) -> None:
    identity = _alone(f"{series}-{number}-{ports:02d}{line}")
    assert not is_video_device(identity.device_type)
