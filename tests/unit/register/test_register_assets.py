"""Asset lists: documented columns in any case and order, bad rows counted by reason, non-CSV refused."""

from __future__ import annotations

import pytest
from synthetic import device, result

from camaudit.register.annotations import Notes, annotate
from camaudit.register.assets import AssetFileError, import_assets, parse_assets, reasons
from camaudit.register.db import Register
from camaudit.register.query import list_devices
from camaudit.register.store import store_result

GOOD = (
    "IP Address,MAC,Site,Location,Purpose,Manufacturer,Model,Asset tag\n"
    "10.0.0.1,C4-2F-90-1A-2B-3C,Town Hall,Car park north,Vehicle security,Hikvision,DS-2CD2143G2-I,A-1\n"
    "10.0.0.2,,Library,Reading room,,Axis,P3245-LVE,A-2\n"
)


def test_headers_are_case_insensitive_with_common_spellings() -> None:
    parsed = parse_assets(GOOD.encode())
    assert not parsed.skipped
    first, second = parsed.records
    assert (first.ip, first.mac, first.site, first.make) == ("10.0.0.1", "c4:2f:90:1a:2b:3c", "Town Hall", "Hikvision")
    assert (second.mac, second.purpose, second.model) == (None, None, "P3245-LVE")


def test_bad_rows_are_skipped_and_counted_by_reason() -> None:
    text = (
        "\ufeffip,mac,site\n"  # a spreadsheet's byte-order mark is fine
        "10.0.0.1,,a\n"
        "10.0.0.300,,b\n"
        ",zz:zz,c\n"
        ",,d\n"
        "10.0.0.4,,e,extra\n"
        "10.0.0.1,,again\n"
        "\n"
        "10.0.0.5,,f\n"
    )
    parsed = parse_assets(text.encode())
    assert [r.ip for r in parsed.records] == ["10.0.0.1", "10.0.0.5"]
    assert reasons(parsed) == {
        "bad ip": 1, "bad mac": 1, "no ip or mac": 1, "wrong number of fields": 1, "duplicate ip/mac": 1,
    }
    assert parsed.skipped["bad ip"] == [3]
    assert "1 bad ip (line 3)" in parsed.skipped_summary()


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"name,owner\nx,y\n", "no 'ip' or 'mac' column"),
        ("ip,mac\n10.0.0.1,\xff\n".encode("latin-1"), "not UTF-8"),
        (b"", "empty"),
        (b"ip,ip\n1.2.3.4,1.2.3.4\n", "appears twice"),
    ],
)
def test_a_file_that_is_not_an_asset_list_is_refused_whole(data: bytes, reason: str) -> None:
    with pytest.raises(AssetFileError, match=reason) as info:
        parse_assets(data)
    assert "\n" not in str(info.value)


def test_import_links_assets_to_devices_and_fills_only_missing_notes(register: Register) -> None:
    store_result(register, result(device("10.0.0.9", mac="c4:2f:90:1a:2b:3c"), device("10.0.0.2")))
    annotate(register, "10.0.0.2", Notes(site="Main library"))
    parsed = parse_assets(GOOD.encode())
    summary = import_assets(register, parsed.records, "assets.csv")
    assert (summary.added, summary.updated, summary.linked) == (2, 0, 2)
    notes = {d.last_ip: d.annotation for d in list_devices(register)}
    assert notes["10.0.0.9"] is not None and notes["10.0.0.9"]["location"] == "Car park north"  # matched by MAC
    assert notes["10.0.0.2"] is not None and notes["10.0.0.2"]["site"] == "Main library"  # the user's note wins
    assert notes["10.0.0.2"]["location"] == "Reading room"
    again = import_assets(register, parsed.records, "assets.csv")
    assert (again.added, again.updated) == (0, 2), "re-importing updates rather than duplicates"
