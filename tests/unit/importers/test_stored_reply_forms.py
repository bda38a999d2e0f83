"""A stored reply read the same whatever form a collection wrote it in (bench/perturb.py measures each form).

A byte-order mark before the reply: a Windows tool that wrote the reply as a UTF-8 text file puts U+FEFF first.
Before, sniffing stopped at it, so an RTSP or HTTP head behind it was kept as a plain banner and lost its realm,
server and headers (57 of the 137 development records that name their maker lost it; bench/perturb.py
"leading-bom"). The replies are development captures: tests/data/shodan_holdout.jsonl and shodan_captures.jsonl
(Shodan banners), each with the mark put in front here.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.identify import identify
from camaudit.importers import shodan
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, is_video_device

DATA = Path(__file__).resolve().parents[2] / "data"
BOM = "\ufeff"


def _banner(corpus: str, number: int) -> dict[str, Any]:
    banner: dict[str, Any] = json.loads((DATA / corpus).read_text(encoding="utf-8").splitlines()[number - 1])
    return banner


def _identity(banner: dict[str, Any], lead: str = "") -> Identity:
    changed = {**banner, "data": lead + banner["data"]}
    return identify(shodan.parse_banner(changed, 1).observations)


def test_a_hikvision_rtsp_answer_behind_a_byte_order_mark_keeps_its_realm() -> None:
    banner = _banner("shodan_holdout.jsonl", 1)
    assert 'realm="IP Camera(J2914)"' in banner["data"]
    record = shodan.parse_banner({**banner, "data": BOM + banner["data"]}, 1)
    assert record.observations[0].protocol == "rtsp"
    assert "IP Camera(J2914)" in record.observations[0].fields["rtsp.www_authenticate"]
    assert _identity(banner, BOM).manufacturer == "hikvision"


def test_an_axis_ftp_greeting_behind_a_byte_order_mark_names_axis() -> None:
    banner = _banner("shodan_captures.jsonl", 2)
    assert banner["data"].startswith("220 AXIS 207 Network Camera")
    result = _identity(banner, BOM)
    assert result.manufacturer == "axis"
    assert result.model == _identity(banner).model


def test_a_byte_order_mark_before_another_servers_greeting_names_nobody() -> None:
    banner = _banner("shodan_captures.jsonl", 13)
    assert "Microsoft FTP Service" in banner["data"]
    result = _identity(banner, BOM)
    assert result.manufacturer is None and result.brand is None
    assert not is_video_device(result.device_type)


def test_a_byte_order_mark_inside_a_reply_is_no_leading_one() -> None:
    fields: dict[str, str] = {}
    assert sniff("x" + BOM + "RTSP/1.0 200 OK\r\nCSeq: 1\r\n\r\n", fields, port=554) is None
    assert "rtsp.status" not in fields


_REPLY_START = st.sampled_from(["RTSP/1.0 200 OK\r\n", "HTTP/1.1 401 Unauthorized\r\n", "220 ", "SSH-2.0-", "<?xml",
                                "{", "Server: ", ""])


@settings(max_examples=300, deadline=None)
@given(start=_REPLY_START, rest=st.text(max_size=400), lead=st.text(alphabet="\r\n\t \x00", max_size=3))
def test_a_leading_byte_order_mark_changes_nothing_read(start: str, rest: str, lead: str) -> None:
    text = start + rest
    plain: dict[str, str] = {}
    marked: dict[str, str] = {}
    protocol = sniff(lead + text, plain, port=554, hint="")
    assert sniff(BOM + lead + text, marked, port=554, hint="") == protocol
    assert marked == plain
