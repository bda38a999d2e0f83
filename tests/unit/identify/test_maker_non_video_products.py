"""A camera maker's products that are not cameras are named but not typed video (helper-144, 2026-12-05).

``layers/models_non_video.yaml`` reads the series numbers of Hikvision's switches (DS-3E), wireless routers (DS-3WR) and
AX PRO / AX Hybrid Pro alarm panels (DS-PWA, DS-PHA), and Dahua's alarm hubs (ARC...-W2) and switches (PFS,
DH-SF/IS/CS): the maker is named (restriction findings apply to its whole catalogue) and the device is not a video
device. A page title calling the device a NAS (``layers/device_words.yaml`` ``not-camera.nas-title``) does the same.
Intercom indoor stations and monitors (Hikvision DS-KH, Dahua VTH and DHIP class ``VTH``) were here until
2026-12-07; they are intercoms now, a video type (helper-249, tests/unit/identify/test_indoor_stations.py).

The model numbers are as the cited manuals and Hikvision's firmware archive print them; the fields around them
(titles, UPnP and ONVIF self-descriptions, an FTP greeting) are written for these tests, not captures. The same
makers' cameras, recorders and door stations are the counter-examples: they must stay video devices.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify, match_fields
from camaudit.model import DeviceType, Observation, is_video_device

_NON_VIDEO_RULES = re.compile(
    r"^models\.(?:hikvision\.(?:network-switch|wireless-router|alarm-panel|card-terminal)"
    r"|dahua\.(?:alarm-hub|network-switch)|axis\.network-switch|hanwha\.ip-audio)"
)


def _obs(fields: dict[str, str], port: int = 80, protocol: str = "http") -> Observation:
    return Observation(
        ip="192.0.2.144",
        port=port,
        transport="tcp",
        protocol=protocol,
        source="import",
        seen_at="2026-12-05T00:00:00Z",
        fields=fields,
    )


# (model number as its maker prints it, maker, the type a user should see)
PRODUCTS = [
    ("DS-3E1528-SI-24T4F", "hikvision", DeviceType.NOT_CAMERA),  # aggregation switch
    ("DS-3E1318P-E", "hikvision", DeviceType.NOT_CAMERA),  # PoE switch
    ("DS-3E0105P-E/M", "hikvision", DeviceType.NOT_CAMERA),  # unmanaged PoE switch
    ("DS-3WR12C", "hikvision", DeviceType.ROUTER),  # wireless router
    ("DS-PWA64-L-WE", "hikvision", DeviceType.NOT_CAMERA),  # AX PRO control panel
    ("DS-PHA64-LP", "hikvision", DeviceType.NOT_CAMERA),  # AX Hybrid Pro panel
    ("DHI-ARC3800H-W2", "dahua", DeviceType.NOT_CAMERA),  # alarm hub
    ("DH-PFS4210-8GT-150", "dahua", DeviceType.NOT_CAMERA),  # managed switch
    ("DH-SF1026LP", "dahua", DeviceType.NOT_CAMERA),  # desktop switch
]


@pytest.mark.parametrize(("model", "maker", "kind"), PRODUCTS)
@pytest.mark.parametrize(
    "where",
    [
        lambda m: [_obs({"http.title": m})],
        lambda m: [_obs({"upnp.manufacturer": "", "upnp.model_name": m}, 1900, "upnp")],
        lambda m: [_obs({"onvif.device_info.manufacturer": "NONE", "onvif.device_info.model": m}, 80, "onvif")],
        lambda m: [_obs({"ftp.banner": f"220 {m} FTP server ready."}, 21, "ftp")],
    ],
    ids=["title", "upnp", "onvif", "ftp"],
)
def test_a_makers_non_camera_product_is_named_and_not_typed_video(
    model: str, maker: str, kind: DeviceType, where: Callable[[str], list[Observation]]
) -> None:
    identity = identify(where(model))
    assert identity.device_type == kind, identity.attribution
    assert maker in {identity.manufacturer, identity.brand}
    assert identity.model == model


@pytest.mark.parametrize(
    ("title", "maker"),
    [
        ("HIKVISION DS-3E1510P-EI", "hikvision"),
        ("Hikvision AX PRO DS-PWA96-M2H-WE", "hikvision"),
        ("Dahua DH-PFS3218-16ET-135", "dahua"),
    ],
)
def test_the_makers_name_beside_the_number_does_not_make_it_a_video_device(title: str, maker: str) -> None:
    # The lexicon types "Hikvision" / "Dahua" alone a video device (0.6); the series number outweighs it and keeps
    # the maker (it names the maker itself, so the outvoted name takes nothing away).
    identity = identify([_obs({"http.title": title})])
    assert not is_video_device(identity.device_type), identity.attribution
    assert identity.manufacturer == maker


@pytest.mark.parametrize(
    ("model", "maker", "kind"),
    [
        ("DS-2CD2143G2-I", "hikvision", DeviceType.CAMERA),
        ("DS-7608NI-K2", "hikvision", DeviceType.NVR),
        ("DS-KV6113-WPE1", "hikvision", DeviceType.INTERCOM),  # the door station: it has the camera
        ("DS-K1T671MF", "hikvision", DeviceType.ACCESS_CONTROL),  # face terminal: a camera for face capture
        ("VTO2000A", "dahua", DeviceType.INTERCOM),
        ("DHI-VTO2202F-P", "dahua", DeviceType.INTERCOM),
        ("DH-NVR4216-4KS2/L", "dahua", DeviceType.NVR),
    ],
)
def test_the_same_makers_cameras_recorders_and_door_stations_stay_video(
    model: str, maker: str, kind: DeviceType
) -> None:
    identity = identify(
        [_obs({"onvif.device_info.manufacturer": "NONE", "onvif.device_info.model": model}, 80, "onvif")]
    )
    assert identity.device_type == kind, identity.attribution
    assert identity.manufacturer == maker
    assert not any(_NON_VIDEO_RULES.match(e.rule_id) for e in identity.evidence)


@pytest.mark.parametrize("title", ["Annke NAS", "Hikvision NAS", "NAS Login", "Network Attached Storage"])
def test_a_title_calling_the_device_a_nas_types_a_nas(title: str) -> None:
    assert identify([_obs({"http.title": title})]).device_type == DeviceType.NAS


@pytest.mark.parametrize("title", ["Câmeras nas ruas - IP Camera", "NASA IP Camera", "Network Camera"])
def test_nas_look_alikes_in_titles_are_not_read_as_a_nas(title: str) -> None:
    assert "words.not-camera.nas-title" not in {e.rule_id for e in match_fields({"http.title": title})}


@pytest.mark.parametrize(
    "text",
    [
        "DS-3E",
        "DS-3EX1510",
        "ADS-3E1510P-EI",
        "DS-PWA64",
        "VTHX",
        "ARC3000H",
        "SF1026LP",
        "CS4218-16ET-135",
        "PFS-3010",
        "DS-KH63",
        "DS-3WR",
    ],
)
def test_near_misses_of_the_series_numbers_match_nothing(text: str) -> None:
    rules = {e.rule_id for e in match_fields({"http.title": text, "upnp.model_name": text})}
    assert not any(_NON_VIDEO_RULES.match(r) for r in rules), rules


_SERIES = st.sampled_from(["DS-3E1510P-EI", "DS-PWA96-M2H-WE", "DH-PFS3010-8ET-65"])
_AROUND = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)


@settings(max_examples=100, deadline=None)
@given(_SERIES, _AROUND, _AROUND)
def test_a_series_number_between_separators_is_read_whatever_surrounds_it(model: str, before: str, after: str) -> None:
    text = f"{before} {model} {after}"
    evidence = [e for e in match_fields({"http.title": text}) if _NON_VIDEO_RULES.match(e.rule_id)]
    assert any(e.asserts.get("model") == model for e in evidence)


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=300))
def test_random_text_is_read_as_a_non_video_series_only_where_a_series_prefix_is(text: str) -> None:
    for ev in match_fields({"http.title": text, "snmp.sysdescr": text}):
        if _NON_VIDEO_RULES.match(ev.rule_id):
            assert re.search(
                r"DS-3E|DS-3WR|DS-P[WH]A|ARC[0-9]|PFS|DHI?-(?:SF|IS|CS)|AXIS[ _-]?T85|SPA-|DS-K1T",
                ev.matched,
                re.I,
            )


_HOSTILE = st.one_of(
    st.builds(lambda n: "DS-3E" + "1" * n, st.integers(0, 5000)),
    st.builds(lambda n: "DS-3E1510P" + "-EI" * n, st.integers(0, 3000)),
    st.builds(lambda n: "DH-PFS3010-" + "8ET" * n, st.integers(0, 3000)),
    st.builds(lambda n: "VTH5221" + "D-" * n, st.integers(0, 3000)),
    st.text(st.sampled_from(list("DS-3EKHPWAVTHRCF0123456789()/ ")), max_size=3000),
)


@settings(max_examples=80, deadline=None)
@given(_HOSTILE)
def test_hostile_text_never_raises(text: str) -> None:
    identity = identify([_obs({"http.title": text, "upnp.model_name": text})])
    assert 0.0 <= identity.confidence <= 1.0


# --- Second landing: Axis's switches, Hanwha's IP audio, SADP (helper-144, 2026-12-05) -----------------------------


@pytest.mark.parametrize(
    ("title", "maker", "model"),
    [
        ("AXIS T8504-E Outdoor PoE Switch", "axis", "T8504-E"),
        ("AXIS T8508 PoE+ Network Switch", "axis", "T8508"),
        ("Wisenet SPA-C100B", "hanwha", "SPA-C100B"),
        ("Hanwha Vision SPA-H100W", "hanwha", "SPA-H100W"),
        ("SPA-D1000", "hanwha", "SPA-D1000"),
    ],
)
def test_axis_switches_and_hanwha_speakers_are_named_and_not_video(title: str, maker: str, model: str) -> None:
    # "AXIS ... Network Switch" tied at 0.7 between the Axis title rule's video device and the switch word: the
    # series breaks the tie; Hanwha's SPA speakers were Hanwha video devices by the Wisenet/Hanwha name.
    identity = identify([_obs({"http.title": title})])
    assert not is_video_device(identity.device_type), identity.attribution
    assert (identity.manufacturer, identity.model) == (maker, model)


@pytest.mark.parametrize("title", ["Linksys SPA-2102", "Cisco SPA504G", "SPA112", "AXIS T8125 Midspan"])
def test_other_makers_spa_adapters_and_axis_midspans_are_not_read_as_these_series(title: str) -> None:
    rules = {e.rule_id for e in match_fields({"http.title": title})}
    assert "models.hanwha.ip-audio" not in rules and "models.axis.network-switch" not in rules


def _sadp(description: str, serial: str | None = None) -> Observation:
    fields = {"sadp.DeviceDescription": description, "sadp.CommandPort": "8000"}
    if serial:
        fields["sadp.DeviceSN"] = serial
    return _obs(fields, 37020, "sadp")


@pytest.mark.parametrize(
    ("description", "serial"),
    [
        ("DS-3E1510P-EI", None),
        ("DS-PWA96-M2H-WE", None),
    ],
)
def test_a_non_camera_answering_sadp_is_hikvisions_and_not_video(description: str, serial: str | None) -> None:
    # Every SADP answer types a video device (its CommandPort, 0.85); the model the device reports outweighs that.
    # The serials are written in the layout of rules/discovery.yaml's DeviceSN examples, not captures.
    identity = identify([_sadp(description, serial)])
    assert identity.device_type == DeviceType.NOT_CAMERA, identity.attribution
    assert (identity.manufacturer, identity.model) == ("hikvision", description)


def test_a_camera_answering_sadp_stays_a_hikvision_camera() -> None:
    identity = identify([_sadp("DS-2CD2320D-I", "DS-2CD2320D-I20180919AACHC52932642")])
    assert identity.device_type == DeviceType.CAMERA
    assert identity.manufacturer == "hikvision"


# --- Third landing: Hikvision's card and fingerprint terminals (helper-144, 2026-12-05) ------------------------------


@pytest.mark.parametrize("model", ["DS-K1T105E/M", "DS-K1T201EF", "DS-K1T200MF"])
def test_a_card_or_fingerprint_terminal_is_hikvisions_without_a_camera_or_face_analytics(model: str) -> None:
    # models.yaml's face-terminal grammar read every DS-K1T number as a face-recognition terminal: a privacy finding
    # for a keypad with a fingerprint sensor. Hikvision's FCC-filed manual lists these series as card/fingerprint
    # terminals, each with a "-C with Camera" variant.
    for fields in ({"http.title": model}, {"upnp.manufacturer": "", "upnp.model_name": model}):
        identity = identify([_obs(fields)])
        assert identity.device_type == DeviceType.NOT_CAMERA, identity.attribution
        assert "face_analytics" not in identity.capabilities
        assert (identity.manufacturer, identity.model) == ("hikvision", model)


@pytest.mark.parametrize("model", ["DS-K1T105E/M-C", "DS-K1T671MF", "DS-K1T341AMF"])
def test_terminals_with_a_camera_stay_access_control(model: str) -> None:
    identity = identify([_obs({"http.title": model})])
    assert identity.device_type == DeviceType.ACCESS_CONTROL
    assert "models.hikvision.card-terminal" not in {e.rule_id for e in identity.evidence}
