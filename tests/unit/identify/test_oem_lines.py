"""OEM rows for one product line: a relabelling brand that sells several makers' lines is answered by the line.

A row with ``models`` (or ``firmware``) holds only for the devices whose model (firmware version) its selector
matches, and such a row answers before the brand's general rows. What a user sees: a Swann NHD-818 camera is
Reolink's (the row for that line), another Swann stays Raysharp's (the general row), a Lorex E891AB is Dahua's
even with no date of manufacture, two matching lines of different makers name no maker, and a model no row knows
falls back on the general rows exactly as before.
"""

from __future__ import annotations

import datetime as dt
import importlib
import re
from collections.abc import Callable, Iterator

import pytest
from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import ValidationError
from tests.conftest import require

from camaudit.identify import hyperscan_db, identify, resolve
from camaudit.identify.regex_check import pattern_problems
from camaudit.knowledge.loader import oem_relations, packaged
from camaudit.knowledge.vendors import SELECTOR_READS, OemRelation, OemsFile, rows_for_line
from camaudit.model import Evidence, Identity, Observation

resolve_module = importlib.import_module("camaudit.identify.resolve")


def _device(brand: str, model: str | None = None, firmware: str | None = None, made: str | None = None) -> Identity:
    asserts = {"brand": brand, "device_type": "camera"}
    if model is not None:
        asserts["model"] = model
    if firmware is not None:
        asserts["firmware"] = firmware
    if made is not None:
        asserts["made"] = made
    return resolve([Evidence("t.self", "onvif.device_info.manufacturer", brand, asserts, 0.9, "test")])


def _onvif(manufacturer: str, model: str) -> Identity:
    """What a device's own ONVIF GetDeviceInformation answer makes of it (the public identify API)."""
    fields = {"onvif.device_info.manufacturer": manufacturer, "onvif.device_info.model": model}
    return identify([Observation("127.0.0.9", 80, "tcp", "onvif", "scan", "2026-12-05T03:00:00Z", fields)])


def _line_rows() -> list[OemRelation]:
    return [r for r in packaged(OemsFile).oems if r.by_line]


# --- the packaged rows ---------------------------------------------------------------------------------------


def test_a_swann_camera_of_the_bc_line_is_reolink_s_and_the_others_stay_raysharp_s() -> None:
    # Model numbers from neolink issue 250 (the row's source); DVR-4580 is no model that source names.
    bc = _onvif("Swann", "NHD-818")
    assert (bc.brand, bc.manufacturer) == ("swann", "reolink")
    assert any("product line" in a and "model NHD-818 matches it" in a for a in bc.attribution)
    other = _onvif("Swann", "DVR-4580")
    assert (other.brand, other.manufacturer) == ("swann", "raysharp")
    assert any("most confident row" in a for a in other.attribution)


def test_a_lorex_of_the_e8_line_is_dahua_s_with_no_date_and_other_lorex_models_still_wait_for_one() -> None:
    assert _onvif("Lorex", "E891AB").manufacturer == "dahua"
    assert _device("lorex", model="E896AB").manufacturer == "dahua"
    # The line row holds from 2018: a date before it sends the device back to the dated general rows.
    assert _device("lorex", model="E896AB", made="20160301").manufacturer == "hikvision"
    # An NVR number no line row knows: the dated rows decide, as before (no date, no maker).
    recorder = _device("lorex", model="LNR6100")
    assert recorder.manufacturer is None
    assert any("depends on the date of manufacture" in a for a in recorder.attribution)


def test_a_line_row_whose_dates_do_not_cover_the_device_gives_way_to_the_general_rows() -> None:
    row = OemRelation(
        brand="lorex", manufacturer="hikvision", confidence=0.7, until=dt.date(2018, 1, 1), models="LNR",
        products="test line", examples=("LNR6100",), source="invented for this test",
    )
    rows = (row, *oem_relations("lorex"))
    assert rows_for_line(rows, "LNR6100", None, made=None) == ((row,), True)
    assert rows_for_line(rows, "LNR6100", None, made=dt.date(2017, 1, 1)) == ((row,), True)
    chosen, by_line = rows_for_line(rows, "LNR6100", None, made=dt.date(2020, 1, 1))
    assert not by_line and row not in chosen


def test_annke_ip_cameras_of_the_i_line_are_hikvision_s_through_their_line_row() -> None:
    camera = _device("annke", model="I91BY")
    assert camera.manufacturer == "hikvision"
    assert any("product line Annke IP cameras" in a for a in camera.attribution)
    # The line row is surer than the brand's general one (0.7 against 0.6), and the confidence says so.
    assert camera.confidence > _device("annke").confidence


def test_a_firmware_selector_reads_the_firmware_version() -> None:
    amcrest = _device("amcrest", firmware="V2.420.AC00.18.R")
    assert amcrest.manufacturer == "dahua"
    assert any("firmware V2.420.AC00.18.R matches it" in a for a in amcrest.attribution)
    assert not any("product line" in a for a in _device("amcrest", firmware="V5.7.3 build 220112").attribution)


def test_brands_without_line_rows_and_devices_without_a_model_are_unchanged() -> None:
    assert _device("annke").manufacturer == "hikvision"
    assert any("most confident row" in a for a in _device("annke").attribution)
    assert _device("swann").manufacturer == "raysharp"
    assert _device("lorex").manufacturer is None
    assert _device("honeywell", model="HEN28104").manufacturer == "dahua"


def test_direct_evidence_still_beats_a_line_row_which_is_kept_as_a_conflict() -> None:
    evidence = [
        Evidence("t.self", "onvif.device_info.manufacturer", "Swann", {"brand": "swann", "model": "NHD-818"}, 0.9, "t"),
        Evidence("t.fw", "rtsp.server", "x", {"manufacturer": "hikvision", "device_type": "camera"}, 0.9, "t"),
    ]
    identity = resolve(evidence)
    assert identity.manufacturer == "hikvision"
    assert any(c.other_rule_id == "oem-table" and c.other == "reolink" for c in identity.conflicts)


# --- two lines of different makers -------------------------------------------------------------------------------

_INVENTED = (  # invented rows: no brand in the packaged table has two lines of different makers that overlap
    OemRelation(
        brand="annke", manufacturer="hikvision", confidence=0.7, models="X1", products="line A",
        examples=("X100",), source="invented",
    ),
    OemRelation(
        brand="annke", manufacturer="dahua", confidence=0.6, models="X10", products="line B",
        examples=("X100",), source="invented",
    ),
    OemRelation(brand="annke", manufacturer="hikvision", confidence=0.6, source="invented general row"),
)


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[str, tuple[OemRelation, ...]], None]]:
    """Let a test give one brand invented rows; the resolver's per-brand cache is emptied before and after."""

    def give(brand: str, rows: tuple[OemRelation, ...]) -> None:
        monkeypatch.setattr(resolve_module, "oem_relations", lambda wanted: rows if wanted == brand else ())
        resolve_module._general_rows.cache_clear()

    yield give
    monkeypatch.undo()
    resolve_module._general_rows.cache_clear()


def test_two_matching_lines_of_different_makers_name_no_maker_and_say_why(table: Callable[..., None]) -> None:
    table("annke", _INVENTED)
    both = _device("annke", model="X100")
    assert both.manufacturer is None
    assert any("different makers" in a and "hikvision: line A" in a and "dahua: line B" in a for a in both.attribution)
    one = _device("annke", model="X199")  # only line A's selector matches
    assert one.manufacturer == "hikvision"
    assert _device("annke", model="Z9").manufacturer == "hikvision"  # no line: the general row


def test_withheld_lines_do_not_let_a_self_making_brand_name_itself(table: Callable[..., None]) -> None:
    rows = tuple(r.model_copy(update={"brand": "honeywell"}) for r in _INVENTED[:2])
    table("honeywell", rows)
    identity = _device("honeywell", model="X100")  # Honeywell makes some of its own devices (vendors.yaml)
    assert identity.manufacturer is None


# --- the schema ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"models": "(", "products": "p", "examples": ("x",)}, "bad regex"),
        ({"models": "A?", "products": "p", "examples": ("A",)}, "matches an empty value"),
        ({"models": "E8", "examples": ("E891AB",)}, "must say which line"),
        ({"models": "E8", "products": "p"}, "needs 'examples'"),
        ({"models": "E8", "products": "p", "examples": ("LNR6100",)}, "does not select its example"),
        ({"models": "E8", "products": "p", "examples": ("E891AB",), "counter_examples": ("E8",)}, "counter-example"),
        ({"examples": ("E891AB",)}, "belong to a row with"),
    ],
)
def test_the_loader_refuses_a_bad_line_row(extra: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=re.escape(message)):
        OemRelation.model_validate({"brand": "lorex", "manufacturer": "dahua", "confidence": 0.5, "source": "s", **extra})


def test_a_line_row_less_sure_than_the_general_row_for_the_same_maker_is_refused() -> None:
    general = {"brand": "lts", "manufacturer": "hikvision", "confidence": 0.7, "source": "s"}
    line = {**general, "confidence": 0.5, "models": "CMIP", "products": "p", "examples": ["CMIP7342W"]}
    with pytest.raises(ValidationError, match="less sure than the brand's general row"):
        OemsFile.model_validate({"oems": [general, line]})
    assert OemsFile.model_validate({"oems": [general, {**line, "confidence": 0.8}]}).oems[1].by_line


def test_every_packaged_selector_passes_the_redos_checks_and_compiles_for_hyperscan() -> None:
    # A row's examples are values of its first selector: models when it has them, else firmware versions.
    selectors = [(row, row.models or row.firmware or "") for row in _line_rows()]
    assert len(selectors) >= 5
    for _, pattern in selectors:
        assert pattern_problems(pattern, re.IGNORECASE) == [], pattern
    require(hyperscan_db.available(), "the hyperscan package is not installed or does not work on this CPU")
    databases = hyperscan_db.PatternDatabases([(pattern, re.IGNORECASE) for _, pattern in selectors])
    for index, (row, _) in enumerate(selectors):
        for value in row.examples:  # Hyperscan finds (a superset of) what re finds
            assert index in databases.candidates(value), (row.brand, value)


def test_every_packaged_line_row_names_its_line_and_selects_its_examples() -> None:
    for row in _line_rows():
        assert row.products and row.examples, row
        assert all(row.fits(value, value) for value in row.examples), row
        assert not any(row.fits(value, value) for value in row.counter_examples), row


# --- hostile text ------------------------------------------------------------------------------------------------

_HOSTILE = st.one_of(
    st.text(max_size=300),
    st.text(alphabet="E8NHDVR-ITVIP0123456789AB._", max_size=4000),
    st.builds(lambda n: "E8" + "9" * n, st.integers(0, 5000)),
)


@given(_HOSTILE, _HOSTILE)
@example("E891AB" + "\x00" * 10_000, "V2.420." + "A" * 100_000)
@example("", "")
def test_selectors_never_raise_and_read_only_the_start_of_a_value(model: str, firmware: str) -> None:
    for row in _line_rows():
        fits = row.fits(model, firmware)
        assert isinstance(fits, bool)
        # Only the first SELECTOR_READS characters count: what follows them never changes the answer.
        if len(model.strip()) >= SELECTOR_READS and len(firmware.strip()) >= SELECTOR_READS:
            assert row.fits(model + "Z" * 50, firmware + "Z" * 50) == fits


@given(st.text(max_size=60), st.one_of(st.none(), st.text(max_size=60)))
@example("NHD-818", None)
@example("E891AB", "V2.420.AC00.18.R")
def test_the_rows_for_a_line_are_always_the_brand_s_own(model: str, firmware: str | None) -> None:
    for brand in ("swann", "lorex", "annke", "abus", "amcrest", "honeywell"):
        rows = oem_relations(brand)
        chosen, by_line = rows_for_line(rows, model, firmware)
        assert chosen and set(chosen) <= set(rows)
        # Rows chosen by the line are line rows the device fits; otherwise a line row never rides along with
        # general ones.
        assert all(r.fits(model, firmware) for r in chosen) if by_line else (
            all(not r.by_line for r in chosen) or all(r.by_line for r in rows)
        )


# --- the model and firmware the table reads are the ones the identity shows -------------------------------------
# Model numbers and firmware versions below are the line rows' own examples and counter-examples (oems.yaml).


def _said(rule_id: str, port: int, certainty: float, **asserts: str) -> Evidence:
    return Evidence(rule_id, "onvif.device_info.model", rule_id, asserts, certainty, "test", port, "onvif")


def test_a_conflicting_model_and_a_line_row_keep_every_conflict_in_a_fixed_order() -> None:
    identity = resolve(
        [
            _said("t.onvif", 80, 0.9, brand="Swann", device_type="camera", model="NHD-818", firmware="190823"),
            _said("t.upnp", 49152, 0.6, brand="Swann", model="NHD-819", firmware="V2.420.AC00.18.R"),
            _said("t.label", 8000, 0.4, brand="Lorex", device_type="nvr"),
            _said("t.marker", 554, 0.9, manufacturer="hikvision"),
        ]
    )
    assert (identity.brand, identity.manufacturer, identity.model, identity.firmware) == (
        "swann", "hikvision", "NHD-818", "190823",
    )
    # The result JSON lists conflicts in this order: type, brand, manufacturer (the OEM row the device's own maker
    # overruled), then model and firmware.
    assert [(c.attribute, c.chosen, c.other, c.other_rule_id) for c in identity.conflicts] == [
        ("device_type", "camera", "nvr", "t.label"),
        ("brand", "Swann", "Lorex", "t.label"),
        ("manufacturer", "hikvision", "reolink", "oem-table"),
        ("model", "NHD-818", "NHD-819", "t.upnp"),
        ("firmware", "190823", "V2.420.AC00.18.R", "t.upnp"),
    ]


@pytest.mark.parametrize(
    ("line", "other", "maker"),
    [("NHD-818", "DVR-4580", "reolink"), ("DVR-4580", "NHD-818", "raysharp")],
)
def test_the_model_that_wins_the_conflict_is_the_one_the_oem_table_reads(line: str, other: str, maker: str) -> None:
    identity = resolve(
        [
            _said("t.onvif", 80, 0.9, brand="Swann", device_type="camera", model=line),
            _said("t.upnp", 49152, 0.6, model=other),
        ]
    )
    assert (identity.model, identity.manufacturer) == (line, maker)
    assert [(c.attribute, c.other) for c in identity.conflicts] == [("model", other)]


@pytest.mark.parametrize(
    ("firmware", "other", "line_row"),
    [("V2.420.AC00.18.R", "V5.7.3 build 220112", True), ("V5.7.3 build 220112", "V2.420.AC00.18.R", False)],
)
def test_the_firmware_that_wins_the_conflict_is_the_one_the_oem_table_reads(
    firmware: str, other: str, line_row: bool
) -> None:
    identity = resolve(
        [
            _said("t.onvif", 80, 0.9, brand="Amcrest", device_type="camera", firmware=firmware),
            _said("t.http", 8080, 0.6, firmware=other),
        ]
    )
    assert (identity.firmware, identity.manufacturer) == (firmware, "dahua")
    assert any(f"firmware {firmware} matches it" in a for a in identity.attribution) is line_row
    assert [(c.attribute, c.other) for c in identity.conflicts] == [("firmware", other)]
