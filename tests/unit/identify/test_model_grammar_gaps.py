"""Model-number grammars for makers and lines the coverage audit left without one (helper-153, 2026-12-05).

Panasonic's AW- remote PTZ cameras, Canon's CR-N PTZ cameras, Sony's SNC- PTZ forms, the MOBOTIX MOVE line,
GeoVision's camera forms, PTZ and plate cameras, and DoorBird's door stations after the maker's name. The model
strings are those of the public sources cited in ``layers/models.yaml`` (Companion's camera modules, openHAB's
DoorBird binding, a camera dataset built from the makers' datasheets), in the fields a scan or an import keeps a
model name in; the look-alikes are the same makers' other products and other makers' numbers.
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


def _read_by(identity: Identity, prefix: str) -> bool:
    return any(e.rule_id.startswith(prefix) for e in identity.evidence)


@pytest.mark.parametrize(
    ("field", "text", "maker", "model", "device_type", "capability"),
    [
        # Panasonic's integrated remote cameras, as nmap's own fingerprints and Companion's module name them.
        ("upnp.model_name", "AW-HE40", "panasonic", "AW-HE40", "camera", "ptz"),
        ("onvif.device_info.model", "AW-UE150", "panasonic", "AW-UE150", "camera", "ptz"),
        ("http.title", "Panasonic AW-HN38", "panasonic", "AW-HN38", "camera", "ptz"),
        # Canon's remote PTZ cameras.
        ("upnp.model_name", "CR-N500", "canon", "CR-N500", "camera", "ptz"),
        # Sony's PTZ and rapid-dome forms of the SNC- numbering.
        ("onvif.device_info.model", "SNC-WR630", "sony", "SNC-WR630", "camera", "ptz"),
        ("upnp.model_name", "SNC-RH124", "sony", "SNC-RH124", "camera", "ptz"),
        ("onvif.device_info.model", "SNC-ER580", "sony", "SNC-ER580", "camera", "ptz"),
        # MOBOTIX MOVE: bullets, domes and speed domes; the ALPR bullets read plates.
        ("onvif.device_info.model", "Mx-VB1A-2-IR", "mobotix", "Mx-VB1A-2-IR", "camera", None),
        ("onvif.device_info.model", "Mx-SD1A-330", "mobotix", "Mx-SD1A-330", "camera", "ptz"),
        ("onvif.device_info.model", "Mx-VB1A-2-IR-ALPR", "mobotix", "Mx-VB1A-2-IR-ALPR", "camera",
         "plate_recognition"),
        # GeoVision's camera forms, its PTZ and its plate cameras.
        ("upnp.model_name", "GV-EBD4700", "geovision", "GV-EBD4700", "camera", None),
        ("upnp.model_name", "GV-GPTZ4810", "geovision", "GV-GPTZ4810", "camera", "ptz"),
        ("upnp.model_name", "GV-LPC2211", "geovision", "GV-LPC2211", "camera", "plate_recognition"),
        # Avigilon's H5A numbers without the form letter and its multi-head cameras.
        ("onvif.device_info.model", "4.0-H5A-DC1", "avigilon", "4.0-H5A-DC1", "camera", None),
        ("onvif.device_info.model", "15C-H4A-3MH-180", "avigilon", "15C-H4A-3MH-180", "camera", None),
        # i-PRO's B series and its PTZ class.
        ("onvif.device_info.model", "WV-B51300-F3", "i-pro", "WV-B51300-F3", "camera", None),
        ("onvif.device_info.model", "WV-S65340-Z2N", "i-pro", "WV-S65340-Z2N", "camera", "ptz"),
        # MESSOA's cameras and speed domes, Oncam's fisheye cameras.
        ("upnp.model_name", "BLT020C-ORM0310", "messoa", "BLT020C-ORM0310", "camera", None),
        ("upnp.model_name", "PTZ022W-ORX30X", "messoa", "PTZ022W-ORX30X", "camera", "ptz"),
        ("onvif.device_info.model", "EVO-12-EIP", "oncam", "EVO-12-EIP", "camera", None),
        ("onvif.device_info.model", "C08-IEC1-O", "oncam", "C08-IEC1-O", "camera", None),
        # DoorBird's door stations, named as its own answers write them.
        ("http.title", "DoorBird D2101V", "doorbird", "D2101V", "intercom", "doorbell"),
        ("upnp.model_name", "DoorBird D1101V-S", "doorbird", "D1101V-S", "intercom", "doorbell"),
    ],
)
def test_numbers_name_maker_model_and_class(field: str, text: str, maker: str, model: str, device_type: str,
                                            capability: str | None) -> None:
    identity = _seen({field: text})
    assert maker in (identity.manufacturer, identity.brand), identity.attribution
    assert identity.model == model
    assert _type(identity) == device_type
    if capability is not None:
        assert capability in identity.capabilities


def test_a_number_in_an_onvif_hardware_scope_is_read() -> None:
    identity = _seen({"onvif.scope": "onvif://www.onvif.org/hardware/Mx-SD1A-540-IR-VA"})
    assert identity.manufacturer == "mobotix"
    assert identity.model == "Mx-SD1A-540-IR-VA"
    assert "ptz" in identity.capabilities


@pytest.mark.parametrize(
    ("text", "not_read_by"),
    [
        ("Panasonic AW-HS50", "models.panasonic.aw-ptz"),  # a live video switcher
        ("Panasonic AW-RP150", "models.panasonic.aw-ptz"),  # a remote camera controller
        ("AzureWave AW-NB037H", "models.panasonic.aw-ptz"),  # a Wi-Fi module
        ("Honda CR-V", "models.canon.ptz"),
        ("CR-2032", "models.canon.ptz"),
        ("SONY SNC-CH110", "models.sony.snc-ptz"),  # a fixed camera
        ("SNC-VM630", "models.sony.snc-ptz"),
        ("Sharp MX-M350N", "models.mobotix"),  # a printer
        ("GV-SNVR0811", "models.geovision.camera"),  # a recorder shares the GV- prefix
        ("DoorBird A1081", "models.doorbird"),  # the I/O door controller has no camera
        ("DoCoMo/2.0 D2101V(c100)", "models.doorbird"),  # a FOMA handset's user agent carries the same number
        ("WV-S15500-V3LN", "models.i-pro.ptz"),  # a box camera: its form digit is 1
        ("Samsung EVO-860 SSD", "models.oncam"),  # a disk
        ("Xbox One", "models.messoa"),
        ("PTZ Camera 30X", "models.messoa"),
    ],
)
def test_look_alikes_are_not_read(text: str, not_read_by: str) -> None:
    identity = _seen({"http.title": text})
    assert not _read_by(identity, not_read_by)


def test_a_geovision_recorder_number_stays_a_video_device() -> None:
    # The general GV- grammar still reads it: a GeoVision video device, not a camera.
    identity = _seen({"upnp.model_name": "GV-SNVR0811"})
    assert identity.manufacturer == "geovision"
    assert _type(identity) == "video_device"


def test_a_sony_fixed_camera_claims_no_ptz() -> None:
    identity = _seen({"onvif.device_info.model": "SNC-VB770"})
    assert identity.brand == "sony" or identity.manufacturer == "sony"
    assert "ptz" not in identity.capabilities


def test_oncam_is_a_maker_by_its_name_and_its_old_ieee_block() -> None:
    # "Grandeye Ltd" is the name Oncam's IEEE block (00-11-35) is registered under.
    identity = identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z",
                                     {"mac": "00:11:35:12:34:56", "http.title": "Network Camera"})])
    assert identity.manufacturer == "oncam"


def test_a_bare_doorbird_number_names_nobody() -> None:
    # "D2101V" alone is too plain a string: the maker's name must stand before it.
    identity = _seen({"upnp.model_name": "D2101V"})
    assert not _read_by(identity, "models.doorbird")


_SONY_FIXED_FORMS = [a + b for a in "CDEHVWX" for b in "BHMLX"]


@settings(max_examples=200, deadline=None)
@given(form=st.sampled_from(_SONY_FIXED_FORMS), digits=st.integers(min_value=10, max_value=999),
       suffix=st.sampled_from(["", "B", "R", "RC", "D"]))
def test_sony_fixed_forms_never_claim_ptz(form: str, digits: int, suffix: str) -> None:
    identity = _seen({"onvif.device_info.model": f"SNC-{form}{digits}{suffix}"})
    assert not _read_by(identity, "models.sony.snc-ptz")


@settings(max_examples=200, deadline=None)
@given(line=st.sampled_from(["HE", "UE", "HN", "UN", "HR"]), digits=st.integers(min_value=1, max_value=999),
       before=st.text(max_size=30), after=st.sampled_from(["", " ", " HD Integrated camera", "/1.0", ", "]))
def test_an_aw_camera_number_is_read_whatever_precedes_it(line: str, digits: int, before: str, after: str) -> None:
    model = f"AW-{line}{digits}"
    text = f"{before} {model}{after}"
    identity = _seen({"http.title": text})
    models = {e.asserts.get("model") for e in identity.evidence if e.rule_id == "models.panasonic.aw-ptz"}
    assert model in models


@settings(max_examples=200, deadline=None)
@given(letters=st.from_regex(r"[A-Z]{2}", fullmatch=True).filter(lambda s: s not in {"HE", "UE", "HN", "UN", "HR"}),
       digits=st.integers(min_value=1, max_value=999))
def test_other_aw_lines_are_not_read_as_panasonic_cameras(letters: str, digits: int) -> None:
    identity = _seen({"http.title": f"AW-{letters}{digits}"})
    assert not _read_by(identity, "models.panasonic.aw-ptz")


_GRAMMARS = ("models.panasonic.aw-ptz", "models.canon.ptz", "models.sony.snc-ptz", "models.mobotix.move",
             "models.geovision", "models.doorbird", "models.avigilon", "models.i-pro", "models.messoa", "models.oncam")


@settings(max_examples=300, deadline=None)
@given(text=st.one_of(
    st.text(max_size=400),
    st.from_regex(r"(?:Mx-|GV-|AW-|SNC-|CR-N|DoorBird |WV-B6|EVO-|PTZ0|[0-9]{2}C-H)[A-Za-z0-9 .-]{0,60}",
                  fullmatch=True),
    st.builds(lambda a, b: a * b, st.sampled_from(["Mx-VB1A-2-", "GV-GBLF", "AW-HE", "-IR", "DoorBird D", "4.0-H5A-",
                                                   "BOX020A-", "EVO-12-"]),
              st.integers(min_value=1, max_value=400)),
))
def test_hostile_text_never_raises(text: str) -> None:
    identity = _seen({"http.title": text, "upnp.model_name": text})
    for e in identity.evidence:
        if e.rule_id.startswith(_GRAMMARS):
            model = e.asserts.get("model")
            assert model is None or (0 < len(model) <= 60 and model in text)


@pytest.mark.parametrize(
    ("field", "text", "maker", "model", "device_type", "capability"),
    [
        # Lumens' PTZ and box cameras.
        ("onvif.device_info.model", "VC-A50P", "lumens", "VC-A50P", "camera", "ptz"),
        ("upnp.model_name", "VC-TR1", "lumens", "VC-TR1", "camera", "ptz"),
        ("onvif.device_info.model", "VC-BC301P", "lumens", "VC-BC301P", "camera", None),
        # Akuvox's and BEWARD's door stations, as an operator platform names them.
        ("http.title", "AKUVOX R20A", "akuvox", "R20A", "intercom", "doorbell"),
        ("upnp.model_name", "Akuvox E12", "akuvox", "E12", "intercom", "doorbell"),
        ("http.title", "BEWARD DKS15122", "beward", "DKS15122", "intercom", "doorbell"),
        ("onvif.device_info.model", "DKS977957", "beward", "DKS977957", "intercom", "doorbell"),
    ],
)
def test_door_station_and_conference_camera_numbers(field: str, text: str, maker: str, model: str,
                                                     device_type: str, capability: str | None) -> None:
    identity = _seen({field: text})
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert _type(identity) == device_type
    if capability is not None:
        assert capability in identity.capabilities
    else:
        assert "ptz" not in identity.capabilities


@pytest.mark.parametrize(
    ("text", "not_read_by"),
    [
        ("Canon VC-C50i", "models.lumens"),  # Canon's old PTZ camera shares the VC- prefix
        ("Aiphone VC-K", "models.lumens"),
        ("Akuvox C315", "models.akuvox"),  # an indoor monitor
        ("R20A", "models.akuvox"),  # too short to name a maker alone
        ("DoorKing DKS 1802", "models.beward"),  # a telephone-entry unit numbered with four digits
        ("DKS1837", "models.beward"),
    ],
)
def test_door_station_look_alikes_are_not_read(text: str, not_read_by: str) -> None:
    identity = _seen({"http.title": text})
    assert not _read_by(identity, not_read_by)


def test_an_akuvox_or_beward_block_alone_types_nothing_video() -> None:
    # Akuvox's block sits in its indoor monitors too: alone it names the maker only beside video evidence.
    identity = identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z",
                                     {"mac": "0c:11:05:12:34:56"})])
    assert identity.manufacturer is None
    identity = identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z",
                                     {"mac": "0c:11:05:12:34:56", "http.title": "Network Camera"})])
    assert identity.manufacturer == "akuvox"
    identity = identify([Observation("192.0.2.1", 80, "tcp", "http", "import", "2026-01-01T00:00:00Z",
                                     {"mac": "18:68:82:12:34:56", "http.title": "IP Camera"})])
    assert identity.manufacturer == "beward"


@pytest.mark.parametrize(
    ("model", "maker"),
    [
        ("IPC2231-DN-IR", "kedacom"),
        ("IPC123-EI7N", "kedacom"),
        ("IPC2233-FN-SIR40-Z2712", "kedacom"),
        ("ZN-D2MTP", "ganz"),
        ("ZN1A-B4DMZ52U", "ganz"),
    ],
)
def test_kedacom_and_ganz_numbers_beside_a_camera_word(model: str, maker: str) -> None:
    identity = _seen({"http.title": "Network Camera", "upnp.model_name": model})
    assert maker in (identity.manufacturer, identity.brand), identity.attribution
    assert identity.model == model


@pytest.mark.parametrize("model", ["IPC2231-DN-IR", "ZN-D2MTP"])
def test_kedacom_and_ganz_numbers_alone_name_nobody(model: str) -> None:
    # "IPC" and "ZN-" start other makers' and trades' part numbers: the maker needs other video evidence.
    identity = _seen({"upnp.model_name": model})
    assert identity.manufacturer is None and identity.brand is None


def test_a_uniview_number_is_not_read_as_kedacom() -> None:
    identity = _seen({"http.title": "Network Camera", "upnp.model_name": "IPC3234SR3-DVZ28"})
    assert not _read_by(identity, "models.kedacom")
    assert identity.manufacturer == "uniview"


@pytest.mark.parametrize(
    ("field", "text", "maker", "model", "device_type", "capability"),
    [
        ("onvif.device_info.model", "TN-B2004", "truen", "TN-B2004", "camera", None),
        ("upnp.model_name", "TCAM-4322HBR", "truen", "TCAM-4322HBR", "camera", None),
        ("onvif.device_info.model", "TN-P5236N15", "truen", "TN-P5236N15", "camera", "ptz"),
        ("http.title", "BASIP AA-07BD", "bas-ip", "AA-07BD", "intercom", "doorbell"),
        ("upnp.model_name", "BAS-IP AV-08FB", "bas-ip", "AV-08FB", "intercom", "doorbell"),
    ],
)
def test_truen_and_bas_ip_numbers(field: str, text: str, maker: str, model: str, device_type: str,
                                  capability: str | None) -> None:
    identity = _seen({field: text})
    assert identity.manufacturer == maker, identity.attribution
    assert identity.model == model
    assert _type(identity) == device_type
    if capability is not None:
        assert capability in identity.capabilities


@pytest.mark.parametrize(
    ("text", "not_read_by"),
    [
        ("Brother TN-2420", "models.truen"),  # a toner cartridge
        ("Brother TN-B023", "models.truen"),
        ("BASIP CR-02BD", "models.basip"),  # BAS-IP's card reader has no camera
        ("AA-07BD", "models.basip"),
    ],
)
def test_truen_and_bas_ip_look_alikes(text: str, not_read_by: str) -> None:
    identity = _seen({"http.title": text})
    assert not _read_by(identity, not_read_by)


def test_bas_ip_card_reader_is_no_video_device() -> None:
    # The maker's name alone waits for video evidence: a reader's page names nobody and types nothing video.
    identity = _seen({"http.title": "BASIP CR-02BD"})
    assert identity.manufacturer is None
    assert _type(identity) in (None, "not_camera")
