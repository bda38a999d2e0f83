"""Confirmed and possibly restricted camera hosts, counted apart per regime and per brand, never added together.

A stored Shodan file with two Lorex cameras, an Amcrest and a KBVision answering ONVIF GetDeviceInformation over HTTP.
The answers have the shape of the agsh/onvif mock server's GetDeviceInformation (``../shared/data/
onvif-mock-responses``); the values are written in here (not captures):

* 192.0.2.10: a Lorex LNB8973B that says nothing else: Lorex's devices were Dahua's from 2018 to November 2022
  and some older ones Hikvision's (oems.yaml); with no date of manufacture, nobody knows which: *possible*;
* 192.0.2.11: a Lorex LNB3143 whose serial has Hikvision's layout, with its date of manufacture (2016-03-01):
  the device names its maker: *confirmed*;
* 192.0.2.12: an Amcrest (a firm Dahua OEM row, 0.9): *confirmed*;
* 192.0.2.13: a KBVision whose only sign is its brand: its one OEM row (Dahua) is graded weak (0.4): *possible*.

Expected counts are written out by hand from oems.yaml and regimes.yaml.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from tests.unit.census.censusdata import census, write_lines

_ENVELOPE = (
    '<?xml version="1.0" encoding="UTF-8"?><SOAP-ENV:Envelope xmlns:SOAP-ENV="http://www.w3.org/2003/05/soap-envelope"'
    ' xmlns:tds="http://www.onvif.org/ver10/device/wsdl"><SOAP-ENV:Body><tds:GetDeviceInformationResponse>{}'
    "</tds:GetDeviceInformationResponse></SOAP-ENV:Body></SOAP-ENV:Envelope>"
)


def _onvif(ip: str, country: str, **info: str) -> dict[str, Any]:
    body = _ENVELOPE.format("".join(f"<tds:{k}>{v}</tds:{k}>" for k, v in info.items()))
    return {"ip_str": ip, "port": 80, "transport": "tcp", "timestamp": "2026-11-01T10:00:00.000000",
            "_shodan": {"module": "http"}, "location": {"country_code": country},
            "data": f"HTTP/1.1 200 OK\r\nContent-Type: application/soap+xml\r\n\r\n{body}"}


RECORDS = [
    _onvif("192.0.2.10", "GB", Manufacturer="Lorex", Model="LNB8973B"),
    _onvif("192.0.2.11", "GB", Manufacturer="Lorex", Model="LNB3143", SerialNumber="LNB314320160301AAWR123456789"),
    _onvif("192.0.2.12", "US", Manufacturer="Amcrest", Model="IP4M-1041B"),
    _onvif("192.0.2.13", "US", Manufacturer="KBVISION"),
]


@pytest.fixture(scope="module")
def outcome(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, Any], Path]:
    folder = tmp_path_factory.mktemp("restricted")
    stored = write_lines(folder / "lorex.json", list(RECORDS))
    out = folder / "out"
    return census([stored], out, by=("brand",), report=True).summary, out


def test_the_identities_say_which_restriction_is_sure_and_which_possible(
    outcome: tuple[dict[str, Any], Path],
) -> None:
    import pyarrow.parquet as pq

    _summary, out = outcome
    rows = {r["ip"]: r for r in pq.read_table(out / "identities").to_pylist()}
    assert (rows["192.0.2.10"]["brand"], rows["192.0.2.10"]["manufacturer"]) == ("lorex", None)
    assert rows["192.0.2.10"]["regimes"] == [] and "us-ndaa-889" in rows["192.0.2.10"]["possible_regimes"]
    assert rows["192.0.2.11"]["manufacturer"] == "hikvision" and "us-ndaa-889" in rows["192.0.2.11"]["regimes"]
    assert rows["192.0.2.11"]["possible_regimes"] == []
    assert rows["192.0.2.13"]["manufacturer"] == "dahua"  # the likeliest maker, from a weak row ...
    assert rows["192.0.2.13"]["regimes"] == []  # ... so no regime is sure
    assert "us-ndaa-889" in rows["192.0.2.13"]["possible_regimes"]


def test_the_summary_counts_confirmed_and_possible_apart(outcome: tuple[dict[str, Any], Path]) -> None:
    summary, out = outcome
    restricted = summary["restricted"]
    assert restricted["policy"] == "all"
    assert (restricted["confirmed"], restricted["possible"]) == (2, 2)
    by_regime = {r["regime"]: (r["confirmed"], r["possible"]) for r in restricted["by_regime"]}
    # Every one of the four makers in play (Hikvision, Dahua) is named by all six regimes.
    assert by_regime == {r: (2, 2) for r in ("au-2023-removals", "uk-2022-sensitive-sites", "us-dod-1260h",
                                              "us-entity-list", "us-fcc-covered-list", "us-ndaa-889")}
    by_brand = {r["brand"]: (r["confirmed"], r["possible"]) for r in restricted["by_brand"]}
    assert by_brand == {"lorex": (1, 1), "amcrest": (1, 0), "kbvision": (0, 1)}
    assert json.loads((out / "summary.json").read_text(encoding="utf-8"))["restricted"] == restricted


def test_the_possible_regime_key_counts_hosts_only_under_what_possibly_covers_them(tmp_path: Path) -> None:
    stored = write_lines(tmp_path / "lorex.json", list(RECORDS))
    rows = census([stored], tmp_path / "out", by=("possible_regime",), policy="uk-school").summary["rows"]
    # uk-school binds the UK direction (medium) and, for information, NDAA 889 and the FCC list.
    assert rows == [
        {"possible_regime": "uk-2022-sensitive-sites", "hosts": 2, "services": 2},
        {"possible_regime": "us-fcc-covered-list", "hosts": 2, "services": 2},
        {"possible_regime": "us-ndaa-889", "hosts": 2, "services": 2},
        {"possible_regime": None, "hosts": 2, "services": 2},  # the two confirmed hosts
    ]


def test_the_report_shows_both_columns_with_the_method_beside_them(outcome: tuple[dict[str, Any], Path]) -> None:
    _summary, out = outcome
    html = (out / "report.html").read_text(encoding="utf-8")
    assert 'id="restricted-by-regime"' in html and 'id="restricted-by-brand"' in html
    assert "<th>Regime</th><th class=\"n\">confirmed</th><th class=\"n\">possible</th>" in html
    assert "<tr><td>us-ndaa-889</td><td class=\"n\">2</td><td class=\"n\">2</td></tr>" in html
    assert "<tr><td>lorex</td><td class=\"n\">1</td><td class=\"n\">1</td></tr>" in html
    assert "The two columns are never added together" in html
    assert "<b>2</b>possibly restricted (maker uncertain)</li>" in html
