"""Importers never let a bad address count: a camera record whose address is HTML, a name, ``999.1.1.1``,
an RLO-prefixed value or a zone-id trick is rejected with its reason in every format, and never counted."""

from __future__ import annotations

import io
import ipaddress
import json
import re
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import quoteattr

import pytest

from camaudit.cli.identify import run
from camaudit.importers import FORMATS
from camaudit.importers.base import RecordError, valid_ip

DATA = Path(__file__).resolve().parents[2] / "data" / "importers"

BAD_ADDRESSES = [
    "<script>alert(1)</script>",
    "not-an-ip",
    "999.1.1.1",
    "\u202e1.2.3.4",  # right-to-left override before a real address
    "1.2.3.4\u202e",
    "fe80::1%<img src=x onerror=alert(1)>",  # a zone id is free text
    " 192.0.2.1",
    "",
]


def _json_lines(name: str, keep: Callable[[str], bool], ip: str, bad: str) -> str:
    lines = [ln for ln in (DATA / name).read_text().splitlines() if keep(ln)]
    return "\n".join(ln.replace(json.dumps(ip), json.dumps(bad)) for ln in lines) + "\n"


def _nmap(bad: str) -> str:
    text = (DATA / "nmap_cameras.xml").read_text()
    first = re.search(r"<host\b.*?</host>", text, re.S)
    assert first is not None and 'addr="192.0.2.64"' in first.group()
    host = first.group().replace('addr="192.0.2.64"', f"addr={quoteattr(bad)}")
    return f'<?xml version="1.0"?>\n<!DOCTYPE nmaprun>\n<nmaprun scanner="nmap">\n{host}\n</nmaprun>\n'


#: format -> (one camera record of the fixtures with its address replaced by ``bad``)
CAMERA_RECORD: dict[str, Callable[[str], str]] = {
    "shodan": lambda bad: _json_lines("shodan_banners.jsonl", lambda ln: '"ip_str": "192.0.2.65", "port": 80' in ln,
                                      "192.0.2.65", bad),
    "censys": lambda bad: _json_lines("censys_hosts.jsonl", lambda ln: '"198.51.100.7"' in ln, "198.51.100.7", bad),
    "nmap": _nmap,
    "masscan": lambda bad: _json_lines("masscan_oD.ndjson", lambda ln: '"198.51.100.20"' in ln, "198.51.100.20", bad),
    "zgrab2": lambda bad: _json_lines("zgrab2_results.jsonl", lambda ln: '"192.0.2.64"' in ln and '"data"' in ln,
                                      "192.0.2.64", bad),
    "jsonl": lambda bad: _json_lines("observations.jsonl", lambda ln: '"192.0.2.64", "port": 80,' in ln,
                                     "192.0.2.64", bad),
}
REAL_ADDRESS = {"shodan": "192.0.2.65", "censys": "198.51.100.7", "nmap": "192.0.2.64", "masscan": "198.51.100.20",
                "zgrab2": "192.0.2.64", "jsonl": "192.0.2.64"}


def _identify(fmt: str, text: str) -> tuple[list[dict[str, object]], object]:
    out = io.BytesIO()
    summary = run(FORMATS[fmt](io.BytesIO(text.encode("utf-8"))), out)
    return [json.loads(line) for line in out.getvalue().splitlines()], summary


@pytest.mark.parametrize("fmt", sorted(CAMERA_RECORD))
def test_the_template_record_is_a_camera_with_its_real_address(fmt: str) -> None:
    lines, summary = _identify(fmt, CAMERA_RECORD[fmt](REAL_ADDRESS[fmt]))
    assert summary.video == 1 and summary.unreadable == 0  # type: ignore[attr-defined]
    assert {line["ip"] for line in lines} == {REAL_ADDRESS[fmt]}


@pytest.mark.parametrize("bad", BAD_ADDRESSES, ids=ascii)
@pytest.mark.parametrize("fmt", sorted(CAMERA_RECORD))
def test_a_bad_address_is_rejected_with_its_reason_and_never_counted(fmt: str, bad: str) -> None:
    lines, summary = _identify(fmt, CAMERA_RECORD[fmt](bad))
    assert summary.video == 0, f"{fmt}: {bad!r} counted as a camera"  # type: ignore[attr-defined]
    assert lines and all(line["error"] for line in lines), lines
    assert all(line["device_type"] is None and line["manufacturer"] is None for line in lines)
    reasons = " ".join(str(line["error"]) for line in lines)
    assert "not an IP address" in reasons or "no ip" in reasons or "without an IPv4/IPv6 address" in reasons, reasons
    assert "\u202e" not in reasons  # the reason quotes the value escaped (ascii), never raw


@pytest.mark.parametrize("fmt", sorted(CAMERA_RECORD))
def test_every_address_that_comes_out_of_an_importer_is_a_real_one(fmt: str) -> None:
    for bad in BAD_ADDRESSES:
        for record in FORMATS[fmt](io.BytesIO(CAMERA_RECORD[fmt](bad).encode("utf-8"))):
            for value in {record.ip, *(o.ip for o in record.observations)} - {None}:
                assert str(ipaddress.ip_address(value)) == value


@pytest.mark.parametrize("port", ["99999", "-1", "0", "80<script>", "eighty"])
def test_a_bad_port_is_rejected_too(port: str) -> None:
    line = json.dumps({"ip_str": "192.0.2.9", "port": port, "data": "HTTP/1.1 200 OK\r\nServer: App-webs/\r\n\r\n"})
    (record,) = FORMATS["shodan"](io.BytesIO(line.encode()))
    assert record.error is not None and "port" in record.error
    nmap = _nmap("192.0.2.64").replace('portid="80"', f"portid={quoteattr(port)}", 1)
    (host,) = FORMATS["nmap"](io.BytesIO(nmap.encode()))
    assert host.error is not None and "port" in host.error


@pytest.mark.parametrize(
    "value",
    ["01.2.3.4", "1.2.3", "1", "256.1.1.1", " 1.2.3.4", "1.2.3.4 ", "1.2.3.4\n", "1.2.3.4\x00", "1.2.3.\u0664",
     "0x1.2.3.4", "1.2.3.4.5", "1..2.3", "fe80::1%eth0", "<b>1.2.3.4</b>", "1.2.3.4\u202e"],
)
def test_an_address_that_is_not_canonical_dotted_ipv4_or_ipv6_is_refused(value: str) -> None:
    with pytest.raises(RecordError):
        valid_ip(value)


@pytest.mark.parametrize(
    ("value", "canonical"),
    [("192.0.2.9", "192.0.2.9"), ("0.0.0.0", "0.0.0.0"), ("255.255.255.255", "255.255.255.255"),
     ("2001:DB8:0:0::1", "2001:db8::1")],
)
def test_addresses_come_out_in_canonical_form(value: str, canonical: str) -> None:
    assert valid_ip(value) == canonical
