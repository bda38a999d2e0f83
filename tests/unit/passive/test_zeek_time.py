"""Zeek's times read one way for every log (passive/zeek_time.py): epoch seconds for flows and queries, the
``tls.not_*`` text for certificates, from the spellings Zeek's writers use; hostile values are no time.

Real values: the ASCII writer's ``1670687517.000000`` and ``1724346530.000000`` (the zeek/zeek btest baseline of the
Amazon RDS session, tests/unit/passive/test_zeek_certificates.py); the JSON writer's numbers ``1607353272.79572`` and
``1602434171`` (Zeek's documentation of an RDP session, the same file); the JSON writer's ISO 8601 times with
``JSON::TS_ISO8601`` and the moments they were written from (github:zeek/zeek testing/btest/scripts/base/frameworks/
logging/ascii-json-iso-timestamps.zeek@1e57e3f02644 and its baseline ssh.log@30df2c58c0fe: 16:13:30 UTC on 9 July 2008
plus 0.0054321 s, the epoch minus 0.4 s and minus 99 s); ``zeek-cut -d``'s default format ``%Y-%m-%dT%H:%M:%S%z``
(github:zeek/zeek-aux zeek-cut/zeek-cut.c@117e8a550de1), local time with its offset. The epoch seconds below were
checked with ``date -u -d @<seconds>``.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from camaudit.passive import zeek_time
from camaudit.passive.localnet import LocalNets
from camaudit.passive.run import PassiveOptions, analyse

#: 2008-07-09T16:13:30Z as epoch seconds.
BTEST_SECOND = 1215620010
TEXT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")


@pytest.mark.parametrize(("value", "seconds", "text"), [
    ("1670687517.000000", 1670687517.0, "2022-12-10T15:51:57Z"),  # ASCII writer, x509.log
    ("1724346530.000000", 1724346530.0, "2024-08-22T17:08:50Z"),
    (1607353272.79572, 1607353272.79572, "2020-12-07T15:01:12Z"),  # JSON writer, ssl.log ts
    (1602434171, 1602434171.0, "2020-10-11T16:36:11Z"),  # JSON writer, x509 not_valid_before
])
def test_epoch_seconds_as_zeeks_writers_print_them(value: object, seconds: float, text: str) -> None:
    assert zeek_time.seconds(value) == seconds  # as written: no round trip through a date
    assert zeek_time.utc_text(value) == text


@pytest.mark.parametrize(("value", "seconds", "text"), [
    ("2008-07-09T16:13:30.005432Z", BTEST_SECOND + 0.005432, "2008-07-09T16:13:30Z"),
    ("1969-12-31T23:59:59.600000Z", -0.4, "1969-12-31T23:59:59Z"),
    ("1969-12-31T23:59:58.500000Z", -1.5, "1969-12-31T23:59:58Z"),
    ("1969-12-31T23:58:21.000000Z", -99.0, "1969-12-31T23:58:21Z"),
])
def test_iso_times_of_zeeks_json_writer(value: str, seconds: float, text: str) -> None:
    assert zeek_time.seconds(value) == pytest.approx(seconds, abs=1e-6)
    assert zeek_time.utc_text(value) == text


def test_an_ascii_time_before_1970_is_the_same_moment_as_its_iso_spelling() -> None:
    # The ASCII writer's "%.6f" of the btest's epoch minus 0.4 s (the spelling is the format's, not a capture).
    assert zeek_time.seconds("-0.400000") == -0.4
    assert zeek_time.utc_text("-0.400000") == zeek_time.utc_text("1969-12-31T23:59:59.600000Z") == "1969-12-31T23:59:59Z"


def test_zeek_cut_times_are_read_with_their_offset() -> None:
    assert zeek_time.utc_text("2022-12-10T15:51:57+0000") == "2022-12-10T15:51:57Z"  # zeek-cut -u
    assert zeek_time.utc_text("2022-12-10T16:51:57+0100") == "2022-12-10T15:51:57Z"  # zeek-cut -d in Paris
    assert zeek_time.seconds("2022-12-10T10:51:57-05:00") == 1670687517.0
    assert zeek_time.seconds("2022-12-10T15:51:57") == 1670687517.0  # no offset: UTC, as Zeek's own times are


@pytest.mark.parametrize("value", [
    "nan", "NaN", "inf", "-inf", "Infinity", "1e400", "1e9", float("nan"), float("inf"), float("-inf"), 10**400,
    "99999999999999999999", "1607353272795", 1607353272795,  # beyond year 9999 (a count of milliseconds)
    "-", "", "   ", "(empty)", "T", True, False, None, [1670687517], {"ts": 1670687517},
    "١٦٧٠٦٨٧٥١٧", "１６７０６８７５１７", "1_670_687_517", "+1670687517", "0x63949e1d",  # not Zeek's digits
    "2022-02-30T00:00:00Z", "2022-12-10T25:00:00Z", "2022-12-10", "2022-12-10 15:51:57", "0001-01-01T00:30:00+01:00",
    "2022-12-10T15:51:57Z" + " " * 60, "1" * 5000, "2022-12-10T15:51:57Z\x00",
])
def test_hostile_and_foreign_values_are_no_time(value: object) -> None:
    assert zeek_time.seconds(value) is None
    assert zeek_time.utc_text(value) is None


@settings(max_examples=400, deadline=None)
@given(st.one_of(
    st.text(max_size=80), st.floats(allow_nan=True, allow_infinity=True), st.integers(), st.booleans(), st.none(),
    st.from_regex(r"-?[0-9]{1,14}(\.[0-9]{0,10})?", fullmatch=True),
    st.from_regex(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,9})?(Z|[+-][0-9]{2}:?[0-9]{2})?",
                  fullmatch=True),
))
def test_any_value_is_read_safely_and_both_forms_name_one_moment(value: object) -> None:
    number, text = zeek_time.seconds(value), zeek_time.utc_text(value)
    assert (number is None) == (text is None)
    if number is not None and text is not None:
        assert math.isfinite(number) and TEXT.fullmatch(text)
        assert zeek_time.utc_text(number) == text  # the seconds name the moment the text spells


# --- what a hostile time did to a whole analysis -------------------------------------------------------------------

_HEAD = ("#separator \\x09\n#set_separator\t,\n#empty_field\t(empty)\n#unset_field\t-\n#path\tconn\n"
         "#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_bytes\tresp_bytes\n"
         "#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tinterval\tcount\tcount\n")


@pytest.mark.parametrize("ts", ["nan", "inf", "1e400", "-inf"])
def test_a_conn_record_with_a_time_that_is_no_time_is_skipped_and_counted(tmp_path: Path, ts: str) -> None:
    # Invented records around the hostile value: before, float() took it, and the flow's NaN or infinite time made
    # the whole analysis raise (ValueError, OverflowError) when minutes were counted.
    log = tmp_path / "conn.log"
    log.write_text(_HEAD + f"{ts}\tC1\t192.168.10.20\t50000\t203.0.113.7\t443\ttcp\t5.0\t1000\t2000\n"
                   "1670687517.000000\tC2\t192.168.10.20\t50001\t203.0.113.7\t443\ttcp\t5.0\t1000\t2000\n")
    result = analyse([log], PassiveOptions(LocalNets.default()))
    assert [e.message for e in result.errors] == ["1 × Zeek conn records with unreadable addresses or numbers (skipped)"]
    assert [d.addresses[0].ip for d in result.devices] == ["192.168.10.20"]  # from the record that is readable
