"""Shared importer machinery: bounded lines, gzip, JSON arrays, header and name parsing."""

from __future__ import annotations

import gzip
import io
import json
import random

from tests.load import held_call

from camaudit.importers import jsonstream
from camaudit.importers.base import iso_utc, iter_lines, open_binary
from camaudit.importers.text import dn_from_mapping, dn_reversed, head_fields, html_title


def records(data: bytes, max_bytes: int = 1 << 20) -> list[tuple[int, object, str | None]]:
    return list(jsonstream.iter_json(io.BytesIO(data), max_bytes))


class TestLines:
    def test_over_long_line_is_one_error_and_reading_goes_on(self) -> None:
        data = b'{"a": 1}\n' + b"x" * 5000 + b"\n" + b'{"b": 2}\n'
        assert list(iter_lines(io.BytesIO(data), max_bytes=100)) == [
            (1, b'{"a": 1}'),
            (2, None),
            (3, b'{"b": 2}'),
        ]

    def test_blank_lines_are_not_records_but_keep_line_numbers(self) -> None:
        got = records(b'{"a":1}\n\n  \n{"b":2}\n')
        assert [(p, v) for p, v, _ in got] == [(1, {"a": 1}), (4, {"b": 2})]

    def test_non_json_and_non_utf8_lines_are_reported(self) -> None:
        got = records(b'nope\n{"a": "\xff"}\n')
        assert [e.split(":")[0] for _, _, e in got if e] == ["not JSON", "not UTF-8 text"]


class TestGzip:
    def test_gzip_is_recognised_by_content_not_name(self) -> None:
        stream, owned = open_binary(io.BytesIO(gzip.compress(b'{"a":1}\n')))
        assert not owned
        assert stream.read() == b'{"a":1}\n'

    def test_truncated_gzip_keeps_records_before_it_and_ends_with_one_error(self) -> None:
        rng = random.Random(7)
        lines = b"".join(json.dumps({"i": i, "r": rng.random()}).encode() + b"\n" for i in range(3000))
        packed = gzip.compress(lines)
        got = records(packed[: len(packed) // 2])
        assert all(error is None for _, _, error in got[:-1])
        assert [v["i"] for _, v, _ in got[:-1]] == list(range(len(got) - 1))  # type: ignore[index]
        assert len(got) > 1000
        assert got[-1][2] is not None and "truncated gzip" in got[-1][2]

    def test_garbage_after_gzip_magic_is_an_error_not_a_crash(self) -> None:
        got = records(b"\x1f\x8b" + b"\x00" * 40)
        assert len(got) == 1 and got[0][2] is not None


class TestJsonArray:
    def test_elements_are_split_across_chunk_boundaries(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        monkeypatch.setattr(jsonstream, "_CHUNK", 5)
        items = [{"a": 'x\\"y}]', "b": [1, {"c": "{"}]}, {"z": "\\\\"}, {"e": "é"}]
        got = records(json.dumps(items, indent=2).encode())
        assert [v for _, v, _ in got] == items

    def test_oversized_element_is_skipped_and_the_next_is_read(self, monkeypatch) -> None:  # type: ignore[no-untyped-def]
        monkeypatch.setattr(jsonstream, "_CHUNK", 16)
        data = json.dumps([{"a": 1}, {"big": "q" * 500}, {"c": 3}]).encode()
        got = records(data, max_bytes=100)
        assert [(p, v) for p, v, _ in got] == [(1, {"a": 1}), (2, None), (3, {"c": 3})]
        assert got[1][2] is not None and "longer than 100 bytes" in got[1][2]

    def test_truncated_array_keeps_complete_elements(self) -> None:
        data = json.dumps([{"a": 1}, {"b": 2}, {"c": 3}]).encode()[:-6]
        got = records(data)
        assert [v for _, v, _ in got[:2]] == [{"a": 1}, {"b": 2}]
        assert got[2][2] is not None and "truncated" in got[2][2]

    def test_data_after_the_array_is_reported_not_ignored(self) -> None:
        got = records(b'[{"a": 1}]\n{"b": 2}\n')
        assert got[0][1] == {"a": 1}
        assert got[1][2] is not None and "data after the end of the JSON array" in got[1][2]

    def test_array_of_scalars_is_refused(self) -> None:
        got = records(b"[1, 2]")
        assert got[0][2] is not None and "not an object" in got[0][2]


class TestText:
    def test_head_fields_split_headers_and_keep_repeats(self) -> None:
        fields: dict[str, str] = {}
        rest = head_fields(
            'HTTP/1.1 401 Unauthorized\r\nServer: App-webs/\r\nWWW-Authenticate: Digest realm="a"\r\n'
            'WWW-Authenticate: Basic realm="b"\r\nLocation: /x\r\n\r\n<html>',
            "http",
            fields,
        )
        assert fields["http.status"] == "401"
        assert fields["http.server"] == "App-webs/"
        assert fields["http.www_authenticate"] == 'Digest realm="a"\nBasic realm="b"'
        assert fields["http.location"] == "/x"
        assert fields["http.headers"].startswith("Server: App-webs/\n")
        assert rest == "<html>"

    def test_rtsp_head(self) -> None:
        fields: dict[str, str] = {}
        head_fields(
            "RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: Rtsp Server/3.0\r\nPublic: OPTIONS, PLAY\r\n",
            "rtsp",
            fields,
        )
        assert fields == {
            "rtsp.status": "200",
            "rtsp.reason": "OK",
            "rtsp.headers": "CSeq: 1\nServer: Rtsp Server/3.0\nPublic: OPTIONS, PLAY",
            "rtsp.server": "Rtsp Server/3.0",
            "rtsp.public": "OPTIONS, PLAY",
        }

    def test_title_is_folded_and_unescaped(self) -> None:
        assert html_title("<TITLE>\n  NVR &amp; DVR\n login </TITLE>") == "NVR & DVR login"
        assert html_title("<html>no title</html>") is None

    def test_title_is_the_first_one_and_needs_its_closing_tag(self) -> None:
        assert html_title('<title lang="en"\n>A</title><title>B</title>') == "A"
        assert html_title("<title>never closed") is None
        assert html_title("<title") is None

    def test_title_of_a_hostile_page_is_found_in_linear_time(self) -> None:
        # A regex that restarts at every "<title" spent 13 s on the first of these.
        for page in ("<title>" * 9_000, "<title" * 10_000, "<title>" * 9_000 + "</title>"):
            held_call(lambda page=page: html_title(page), 0.5, f"the title of {page[:20]!r}...")

    def test_names_match_cryptography_rfc4514_order(self) -> None:
        shodan = {"C": "CN", "ST": "ZJ", "L": "HZ", "O": "Hikvision, Inc", "OU": "IPC", "CN": "cam"}
        assert dn_from_mapping(shodan) == "CN=cam,OU=IPC,O=Hikvision\\, Inc,L=HZ,ST=ZJ,C=CN"
        nmap = {"commonName": "cam", "organizationName": "Axis", "countryName": "SE"}
        assert dn_from_mapping(nmap) == "CN=cam,O=Axis,C=SE"

    def test_zcrypto_dn_is_reversed(self) -> None:
        assert dn_reversed("C=US, O=Google Trust Services, CN=WR2") == "CN=WR2,O=Google Trust Services,C=US"
        assert dn_reversed("C=US, O=Example, Inc., CN=ca") == "CN=ca,O=Example\\, Inc.,C=US"
        assert dn_reversed("C=CN, O=Dahua\\, Ltd., CN=x") == "CN=x,O=Dahua\\, Ltd.,C=CN"

    def test_timestamps(self) -> None:
        assert iso_utc("1717000000") == "2024-05-29T16:26:40Z"
        assert iso_utc("2024-05-06T10:00:00.123456") == "2024-05-06T10:00:00.123456Z"
        assert iso_utc("2024-10-27T14:44:01.811676766Z") == "2024-10-27T14:44:01.811676766Z"
        assert iso_utc(None) == ""
