"""Model-number grammars filled from the coverage audit (helper-145, 2026-12-05).

Hanwha's Wisenet T series was read as thermal whatever the number said, though the suffix after the digits tells
a thermal module (T) from an explosion-proof optical camera (E); VIVOTEK's TB thermal cameras and SD speed domes
were plain cameras; Provision-ISR and Sunell had no grammar (first landing). Second landing: FLIR's thermal and
visible lines, LILIN, Illustra, TVT's thermal and speed-dome classes, Pelco's Spectra Enhanced 7 PTZ domes, Bosch's
NHT thermal and NDP PTZ numbers, Dallmeier, Vicon and EverFocus. The
model strings are those of the public camera dataset cited in ``layers/models.yaml`` (ch-bas/cctv-camera-database,
built from the makers' datasheets) or of the maker's manual cited there (Pelco), in the fields a scan or an import
keeps a model name in; the look-alikes are other products' numbers.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.model import Identity, Observation


def _seen(fields: dict[str, str]) -> Identity:
    return identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z", fields)])


def _type(identity: Identity) -> str | None:
    return identity.device_type.value if identity.device_type is not None else None


@pytest.mark.parametrize(
    ("model", "device_type", "capabilities", "not_capabilities"),
    [
        ("TNO-4030T", "thermal_camera", {"thermal"}, {"ptz"}),
        ("TNM-3620TDY", "thermal_camera", {"thermal"}, {"ptz"}),
        ("TNU-4041T", "thermal_camera", {"thermal", "ptz"}, set()),
        # The same series' explosion-proof optical cameras: no thermal module.
        ("TNO-6320E", "camera", set(), {"thermal"}),
        ("TNU-6320E", "camera", {"ptz"}, {"thermal"}),
    ],
)
def test_hanwha_t_series_suffix_says_thermal_or_optical(model: str, device_type: str, capabilities: set[str],
                                                        not_capabilities: set[str]) -> None:
    identity = _seen({"upnp.model_name": model})
    assert identity.manufacturer == "hanwha", identity.attribution
    assert identity.model == model
    assert _type(identity) == device_type
    assert capabilities <= set(identity.capabilities)
    assert not (not_capabilities & set(identity.capabilities))


@pytest.mark.parametrize(
    ("title", "model", "device_type", "capability"),
    [
        # Beside other video evidence only: the page's "Network Camera" settles the type, the number adds the
        # maker, the model and what the camera can do.
        ("VIVOTEK TB9331-E Network Camera", "TB9331-E", "camera", "thermal"),
        ("VIVOTEK SD9364-EHL Network Camera", "SD9364-EHL", "camera", "ptz"),
    ],
)
def test_vivotek_thermal_and_speed_dome_classes(title: str, model: str, device_type: str, capability: str) -> None:
    identity = _seen({"http.title": title})
    assert identity.manufacturer == "vivotek", identity.attribution
    assert identity.model == model
    assert _type(identity) == device_type
    assert capability in identity.capabilities


def test_vivotek_numbers_alone_claim_nothing() -> None:
    # "TB" + digits is a capacity or a part number elsewhere: the class needs other video evidence.
    for text in ("TB9331-E", "SD9364-EHL"):
        identity = _seen({"upnp.model_name": text})
        assert identity.manufacturer is None
        assert "thermal" not in identity.capabilities


def test_dahua_ptz_numbers_are_not_read_as_vivotek_speed_domes() -> None:
    identity = _seen({"http.title": "Dahua SD59225U-HNI PTZ Network Camera"})
    assert identity.manufacturer == "dahua"
    assert not any(e.rule_id.startswith("models.vivotek") for e in identity.evidence)


@pytest.mark.parametrize(
    ("model", "maker"),
    [
        ("I4-340IPEN-36", "provision-isr"),
        ("DI-380IPSN-28-V3", "provision-isr"),
        ("DAI-320IPEN-28-V4", "provision-isr"),
        ("BX-341IPEN", "provision-isr"),
        ("SN-IPR5321KABN-B", "sunell"),
        ("SN-IPC8045HAN-FT", "sunell"),
        ("SN-CHP8650CDN-K-Z30-SS", "sunell"),
    ],
)
def test_provision_isr_and_sunell_numbers_name_the_maker(model: str, maker: str) -> None:
    identity = _seen({"onvif.device_info.model": model})
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert _type(identity) == "camera"


@pytest.mark.parametrize(
    "text",
    [
        "D-Link DI-524UP Wireless Router",  # D-Link's DI- routers carry no IP letters
        "DI-604",
        "DI-320A-28",  # Provision-ISR's analogue dome: never on a network
        "IPC8045HAN-F",  # a bare IPC number: Uniview numbers its cameras IPC + digits too
        "SN-1234567",
    ],
)
def test_look_alikes_name_neither_maker(text: str) -> None:
    identity = _seen({"http.title": text})
    assert identity.manufacturer not in {"provision-isr", "sunell"}
    assert not any(e.rule_id.startswith(("models.provision-isr", "models.sunell")) for e in identity.evidence)


@settings(max_examples=200, deadline=None)
@given(
    form=st.sampled_from(["TNO", "TNU", "TNM", "TNV"]),
    digits=st.integers(min_value=0, max_value=9999),
    suffix=st.from_regex(r"[A-SU-Z][0-9A-Z]{0,4}", fullmatch=True),
)
def test_a_t_series_number_without_the_t_suffix_is_never_read_as_thermal(form: str, digits: int,
                                                                           suffix: str) -> None:
    identity = _seen({"upnp.model_name": f"{form}-{digits:04d}{suffix}"})
    assert "thermal" not in identity.capabilities
    assert not any(e.rule_id.startswith("models.hanwha.thermal") for e in identity.evidence)


@settings(max_examples=200, deadline=None)
@given(
    prefix=st.sampled_from(["DI", "DL", "BX", "I4", "DAI"]),
    digits=st.integers(min_value=100, max_value=999),
    letters=st.from_regex(r"[A-HJ-Z][A-Z]{0,4}", fullmatch=True),
)
def test_provision_style_numbers_without_ip_letters_name_no_maker(prefix: str, digits: int, letters: str) -> None:
    identity = _seen({"http.title": f"{prefix}-{digits}{letters}"})
    assert not any(e.rule_id.startswith("models.provision-isr") for e in identity.evidence)


@pytest.mark.parametrize(
    ("title", "model", "capability"),
    [
        ("Honeywell HC25C42R1 Network Camera", "HC25C42R1", None),
        ("Honeywell HC10W42R1 IP Camera", "HC10W42R1", None),
        ("Honeywell HC20WZ2R25 Network Camera", "HC20WZ2R25", "ptz"),
        ("Honeywell HC35TB5R1JT07 Network Camera", "HC35TB5R1JT07", "thermal"),
        ("Honeywell HBW4PER2K Network Camera", "HBW4PER2K", None),
        ("Honeywell H2D2PR1 IP Camera", "H2D2PR1", None),
    ],
)
def test_honeywell_series_numbers_beside_a_camera_word(title: str, model: str, capability: str | None) -> None:
    identity = _seen({"http.title": title})
    assert identity.brand == "honeywell", identity.attribution
    assert identity.model == model
    if capability is not None:
        assert capability in identity.capabilities


def test_honeywell_numbers_alone_name_nobody() -> None:
    # Honeywell builds far more than cameras: its numbers count only beside other video evidence.
    for text in ("HC25C42R1", "HBW4PER2K", "HC35TB5R1JT07"):
        identity = _seen({"upnp.model_name": text})
        assert identity.brand is None and identity.manufacturer is None


@pytest.mark.parametrize(
    ("field", "text", "maker", "model", "device_type", "capability"),
    [
        # FLIR's thermal security cameras and its Ariel/Quasar visible cameras.
        ("upnp.model_name", "FC-332-ID", "flir", "FC-332-ID", "thermal_camera", "thermal"),
        ("onvif.device_info.model", "FB-632-ID", "flir", "FB-632-ID", "thermal_camera", "thermal"),
        ("upnp.model_name", "CM-3304-11-I", "flir", "CM-3304-11-I", "camera", None),
        ("upnp.model_name", "CP-6408-21-IA", "flir", "CP-6408-21-IA", "camera", "ptz"),
        # LILIN's IP cameras; Illustra's order codes in both forms.
        ("onvif.device_info.model", "IPR2122ES43", "lilin", "IPR2122ES43", "camera", None),
        ("onvif.device_info.model", "IPD6222ES2", "lilin", "IPD6222ES2", "camera", None),
        ("onvif.device_info.model", "IFS02-B12-OIB4", "illustra", "IFS02-B12-OIB4", "camera", None),
        ("onvif.device_info.model", "IPS02D2OCWIT", "illustra", "IPS02D2OCWIT", "camera", None),
        # Bosch's thermal DINION and numbered AUTODOME PTZ cameras.
        ("onvif.device_info.model", "NHT-8000-F07QF", "bosch", "NHT-8000-F07QF", "thermal_camera", "thermal"),
        ("onvif.device_info.model", "NDP-5512-Z30", "bosch", "NDP-5512-Z30", "camera", "ptz"),
    ],
)
def test_professional_makers_numbers_name_maker_model_and_class(field: str, text: str, maker: str, model: str,
                                                                 device_type: str, capability: str | None) -> None:
    identity = _seen({field: text})
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert _type(identity) == device_type
    if capability is not None:
        assert capability in identity.capabilities


@pytest.mark.parametrize(
    ("title", "maker", "model", "capability"),
    [
        ("LILIN IPS5204 Network Camera", "lilin", "IPS5204", "ptz"),
        ("TVT TD-5433E1-VT Network Camera", "tvt", "TD-5433E1-VT", "thermal"),
        ("TVT TD-8423IS-A Network Camera", "tvt", "TD-8423IS-A", "ptz"),
        ("Pelco S7230L-PW PTZ Camera", "pelco", "S7230L-PW", "ptz"),
    ],
)
def test_needs_video_classes_add_the_capability_beside_a_camera_word(title: str, maker: str, model: str,
                                                                     capability: str) -> None:
    identity = _seen({"http.title": title})
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert capability in identity.capabilities


@pytest.mark.parametrize(
    "text",
    [
        "IPS5204",  # "IPS" names display panels too: LILIN's speed domes need other video evidence
        "TD-8423IS-A",  # Brother numbers label printers TD- too
        "FC-332",  # without its line's suffix
        "Brother TD-4550DNWB label printer",
        "IPC2122ES43",  # an IPC number is not LILIN's
        "S7230L-PW",  # Pelco's Spectra numbers are short and plain: other video evidence first
    ],
)
def test_plain_or_shared_numbers_name_no_maker(text: str) -> None:
    identity = _seen({"upnp.model_name": text})
    assert identity.manufacturer is None, identity.attribution


@pytest.mark.parametrize(
    ("model", "maker", "device_type", "capability"),
    [
        ("DF5200HD-DN", "dallmeier", "camera", None),
        ("RDF5120DN-E", "dallmeier", "camera", None),
        ("DDZ5232HD", "dallmeier", "camera", "ptz"),
        ("V2005D-W313MIR", "vicon", "camera", None),
        ("V2008B-W310LPR", "vicon", "camera", "plate_recognition"),
        ("V2005PTZ-40XIR-B", "vicon", "camera", "ptz"),
        # EZN1250 (EverFocus) names EverFocus only beside video evidence: test_single_source_makers.py (helper-228).
    ],
)
def test_dallmeier_vicon_and_everfocus_numbers(model: str, maker: str, device_type: str,
                                               capability: str | None) -> None:
    identity = _seen({"onvif.device_info.model": model})
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert _type(identity) == device_type
    if capability is not None:
        assert capability in identity.capabilities


@pytest.mark.parametrize("text", ["EZA2580", "EBA1241", "V2005D", "DF5200", "DDZ5232"])
def test_analogue_lines_and_bare_series_name_nobody(text: str) -> None:
    # EverFocus's analogue cameras (A, not N) never answer on a network; a series without its suffix is too plain.
    identity = _seen({"upnp.model_name": text})
    assert identity.manufacturer is None, identity.attribution


@settings(max_examples=200, deadline=None)
@given(
    form=st.sampled_from("BFHMZ"),
    line=st.sampled_from("ACDEGKLPRSTUVWXY"),
    digits=st.integers(min_value=0, max_value=9999),
)
def test_everfocus_style_numbers_without_the_network_letter_name_nobody(form: str, line: str, digits: int) -> None:
    identity = _seen({"upnp.model_name": f"E{form}{line}{digits:04d}"})
    assert not any(e.rule_id.startswith("models.everfocus") for e in identity.evidence)
