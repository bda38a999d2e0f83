"""OEM rows for the product lines of brands that had none: Honeywell's Performance Series (Dahua's) and Night Owl's
Wi-Fi kits (on JUAN's firmware).

What a user sees: a Honeywell Performance camera is Dahua-made and restricted, with the line in the finding's chain,
though the lexicon reads "Honeywell" as a maker (Honeywell builds other products itself); Honeywell's 35 Series stays
Honeywell's. A Night Owl Wi-Fi recorder is JUAN's; Night Owl's other products, which no row covers, get no maker at all
(before, a brand whose rows were all for one line fell back on those rows for every device). Model numbers in these
tests come from the rows' sources (HBW4PER2K and H2D2PR1 from Honeywell datasheets as a public camera dataset copies
them; WNVR-WNIP2 and WNVR-BTWN8-V2 from the Night Owl write-up and its issue thread); HC35W45R3 and CAM-FTN8-BU are
the same dataset's 35 Series and wired Night Owl cameras.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import example, given
from hypothesis import strategies as st

from camaudit.audit import build_device
from camaudit.identify import identify, resolve
from camaudit.knowledge.loader import maker_of, oem_relations
from camaudit.knowledge.vendors import rows_for_line
from camaudit.model import Device, Evidence, Identity, Observation, Service
from camaudit.scan.engine import HostReport


def _onvif(manufacturer: str, model: str | None) -> Identity:
    """What a device's own ONVIF GetDeviceInformation answer makes of it (the public identify API)."""
    fields = {"onvif.device_info.manufacturer": manufacturer}
    if model is not None:
        fields["onvif.device_info.model"] = model
    return identify([Observation("127.0.0.9", 80, "tcp", "onvif", "scan", "2026-12-05T03:00:00Z", fields)])


def _device(manufacturer: str, model: str) -> Device:
    fields = {"onvif.device_info.manufacturer": manufacturer, "onvif.device_info.model": model}
    answer = Observation("127.0.0.9", 80, "tcp", "onvif", "scan", "2026-12-05T03:00:00Z", fields)
    device = build_device(HostReport("127.0.0.9", observations=[answer], services=[Service(80, "tcp", "http")]))
    assert device is not None
    return device


# --- Honeywell's Performance Series ------------------------------------------------------------------------------


def test_a_honeywell_performance_camera_is_dahua_made_though_the_lexicon_names_honeywell() -> None:
    for model in ("HBW4PER2K", "H2D2PR1"):
        camera = _onvif("Honeywell", model)
        assert (camera.brand, camera.manufacturer) == ("honeywell", "dahua"), model
        assert any("product line Honeywell Performance Series" in a and f"model {model} matches it" in a
                   for a in camera.attribution)
        # The brand's own name is not dropped: it is kept as the losing value.
        assert any(c.attribute == "manufacturer" and c.other == "honeywell" for c in camera.conflicts)


def test_honeywell_s_other_series_stay_honeywell_s() -> None:
    # The 35 Series has no line row; the lexicon's "Honeywell" stands, the weak general Dahua row stays a conflict.
    camera = _onvif("Honeywell", "HC35W45R3")
    assert camera.manufacturer == "honeywell"
    assert not any("product line" in a for a in camera.attribution)
    assert _onvif("Honeywell", None).manufacturer == "honeywell"


def test_the_performance_row_holds_until_honeywell_stopped_buying_the_dahua_models() -> None:
    rows = oem_relations("honeywell")
    assert rows_for_line(rows, "HBW4PER2K", None, made=dt.date(2021, 6, 1))[1]
    chosen, by_line = rows_for_line(rows, "HBW4PER2K", None, made=dt.date(2023, 6, 1))
    assert not by_line and all(not r.by_line for r in chosen)


def test_a_honeywell_performance_camera_gets_restriction_findings_naming_the_line() -> None:
    device = _device("Honeywell", "HBW4PER2K")
    ndaa = next(f for f in device.findings if f.kind == "restricted" and f.regime == "us-ndaa-889")
    assert ndaa.chain is not None
    assert ndaa.chain.startswith("brand Honeywell -> product line Honeywell Performance Series")
    assert ndaa.chain.endswith("made by Dahua -> named in US NDAA FY2019 Section 889")
    assert ndaa.details["maker_from"] == "oem-table" and "ipvm.com" in ndaa.details["oem_row"]["source"]
    other = _device("Honeywell", "HC35W45R3")
    assert not [f for f in other.findings if f.kind == "restricted"]


def test_a_graded_l_line_row_does_not_outrank_the_brand_s_own_name() -> None:
    # ABUS's Vivotek row for TVIP7204 is graded L (0.4): the lexicon's ABUS stands, the row stays a conflict.
    camera = _onvif("ABUS", "TVIP7204")
    assert camera.manufacturer == "abus"
    assert any(c.other == "vivotek" and c.other_rule_id == "oem-table" for c in camera.conflicts)


def test_a_firmware_marker_of_another_maker_still_beats_a_line_row() -> None:
    evidence = [
        Evidence("t.self", "onvif.device_info.manufacturer", "Honeywell",
                 {"brand": "honeywell", "manufacturer": "honeywell", "model": "HBW4PER2K"}, 0.9, "t"),
        Evidence("t.fw", "http.server", "x", {"manufacturer": "hikvision", "device_type": "camera"}, 0.95, "t"),
    ]
    identity = resolve(evidence)
    assert identity.manufacturer == "hikvision"


# --- Night Owl's Wi-Fi kits --------------------------------------------------------------------------------------


def test_a_night_owl_wifi_recorder_is_juan_s() -> None:
    for model in ("WNVR-WNIP2", "WNVR-BTWN8-V2"):
        recorder = _onvif("Night Owl SP", model)
        assert (recorder.brand, recorder.manufacturer) == ("night-owl", "juan"), model
        assert any("product line Night Owl Wi-Fi NVR kits" in a for a in recorder.attribution)


def test_night_owl_s_other_products_get_no_maker_from_a_row_for_another_line() -> None:
    for model in ("CAM-FTN8-BU", None):
        camera = _onvif("Night Owl SP", model)
        assert camera.brand == "night-owl" and camera.manufacturer is None
        assert any("each for one product line" in a for a in camera.attribution)
    # Nor does the knowledge base's "who makes this brand" (used for CVE lookups) take the Wi-Fi kits' maker.
    assert maker_of("night-owl") is None
    assert maker_of("swann") == "raysharp" and maker_of("annke") == "hikvision"


def test_a_brand_with_only_line_rows_gives_a_device_of_no_line_no_rows() -> None:
    rows = oem_relations("night-owl")
    assert rows and all(r.by_line for r in rows)
    assert rows_for_line(rows, "CAM-FTN8-BU", None) == ((), False)
    assert rows_for_line(rows, None, None) == ((), False)
    assert rows_for_line(rows, "WNVR-WNIP2", None) == (rows, True)


@given(st.text(max_size=40))
@example("WNVR-WNIP2")
@example("WNVR")
@example("wnip-2lta-bs")
def test_night_owl_is_juan_s_exactly_when_its_line_row_selects_the_model(model: str) -> None:
    (row,) = oem_relations("night-owl")
    identity = resolve([Evidence("t.self", "onvif.device_info.manufacturer", "Night Owl",
                                 {"brand": "night-owl", "device_type": "nvr", "model": model}, 0.9, "t")])
    shown = identity.model or ""
    assert identity.manufacturer == ("juan" if shown and row.fits(shown, None) else None)


# --- Hiseeu: its PoE cameras on Xiongmai's firmware, its Wi-Fi kits on JUAN's ------------------------------------


def test_hiseeu_s_poe_cameras_are_xiongmai_s_and_its_wifi_kits_juan_s() -> None:
    # HSY-HB612-P and HB613-P: the motionEye and alarmserver threads; K8216-W6: the go2rtc thread.
    for model in ("HSY-HB612-P", "HB613-P"):
        camera = _onvif("Hiseeu", model)
        assert (camera.brand, camera.manufacturer) == ("hiseeu", "xiongmai"), model
        assert any("product line Hiseeu PoE IP cameras" in a for a in camera.attribution)
    kit = _onvif("Hiseeu", "K8216-W6")
    assert (kit.brand, kit.manufacturer) == ("hiseeu", "juan")
    assert any("product line Hiseeu Wi-Fi NVR kits" in a for a in kit.attribution)


def test_a_hiseeu_device_of_neither_line_gets_no_maker() -> None:
    for model in ("FH2B", None):  # FH2B: an invented number of no known line
        device = _onvif("Hiseeu", model)
        assert device.brand == "hiseeu" and device.manufacturer is None
    assert maker_of("hiseeu") is None
