"""More pasted forms are read as the device sent them (importers/pasted.py, importers/pasted_dumps.py).

Before, a Hikvision RTSP 401 pasted as ``xxd -g1``, plain ``hexdump``, ``od -x``, ``od -An -tx1``, PowerShell's
``Format-Hex``, ``tcpdump -X``/``-A`` or in a log whose prefix ticks lost its realm and was typed "not a camera"
(bench/perturb.py, "PASTED": 89 to 161 of 161 labelled cameras lost their type in each of those forms). The reply is a
real public capture kept as development data (tests/data/shodan_holdout.jsonl line 1, realm ``IP Camera(J2914)``, from
a public Java RTSP client's comment); the dumps of its first 0x60 bytes below are what ``xxd -g1``, ``hexdump``,
``od -x`` and ``od -An -tx1`` print for them (util-linux 2.39, vim's xxd, GNU coreutils od, run on this machine). The
pastes of tests/data/devreplies_pasted.jsonl are real pastes from public issue threads (its labels name each one).
The tcpdump and Format-Hex texts are constructed: the same bytes written in those tools' documented layouts
(tcpdump's print-ascii.c; Format-Hex's examples in PowerShell's documentation), as the bench renders them.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.bench_module import bench_module

from camaudit.identify import identify
from camaudit.importers import pasted, pasted_dumps, shodan
from camaudit.importers.sniff import sniff
from camaudit.model import Identity, is_video_device

perturb = bench_module("perturb")

ROOT = Path(__file__).resolve().parents[3]




def _banner(corpus: str, number: int) -> dict[str, Any]:
    record: dict[str, Any] = json.loads((ROOT / "tests" / "data" / corpus).read_text(encoding="utf-8").splitlines()[number - 1])
    return record


HIKVISION_RTSP: str = _banner("shodan_holdout.jsonl", 1)["data"]


def _identity(text: str, port: int = 554, module: str = "rtsp-tcp") -> Identity:
    banner = {"ip_str": "192.0.2.7", "port": port, "_shodan": {"module": module}, "data": text}
    return identify(shodan.parse_banner(banner, 1).observations)


# --- each form as the tool printed it ------------------------------------------------------------------------

XXD_G1 = """00000000: 52 54 53 50 2f 31 2e 30 20 34 30 31 20 55 6e 61  RTSP/1.0 401 Una
00000010: 75 74 68 6f 72 69 7a 65 64 0d 0a 43 53 65 71 3a  uthorized..CSeq:
00000020: 20 31 0d 0a 57 57 57 2d 41 75 74 68 65 6e 74 69   1..WWW-Authenti
00000030: 63 61 74 65 3a 20 44 69 67 65 73 74 20 72 65 61  cate: Digest rea
00000040: 6c 6d 3d 22 49 50 20 43 61 6d 65 72 61 28 4a 32  lm="IP Camera(J2
00000050: 39 31 34 29 22 2c 20 6e 6f 6e 63 65 3d 22 66 33  914)", nonce="f3
"""

HEXDUMP = """0000000 5452 5053 312f 302e 3420 3130 5520 616e
0000010 7475 6f68 6972 657a 0d64 430a 6553 3a71
0000020 3120 0a0d 5757 2d57 7541 6874 6e65 6974
0000030 6163 6574 203a 6944 6567 7473 7220 6165
0000040 6d6c 223d 5049 4320 6d61 7265 2861 324a
0000050 3139 2934 2c22 6e20 6e6f 6563 223d 3366
0000060
"""

OD_X = """0000000 5452 5053 312f 302e 3420 3130 5520 616e
0000020 7475 6f68 6972 657a 0d64 430a 6553 3a71
0000040 3120 0a0d 5757 2d57 7541 6874 6e65 6974
0000060 6163 6574 203a 6944 6567 7473 7220 6165
0000100 6d6c 223d 5049 4320 6d61 7265 2861 324a
0000120 3139 2934 2c22 6e20 6e6f 6563 223d 3366
0000140
"""

OD_AN = """ 52 54 53 50 2f 31 2e 30 20 34 30 31 20 55 6e 61
 75 74 68 6f 72 69 7a 65 64 0d 0a 43 53 65 71 3a
 20 31 0d 0a 57 57 57 2d 41 75 74 68 65 6e 74 69
 63 61 74 65 3a 20 44 69 67 65 73 74 20 72 65 61
 6c 6d 3d 22 49 50 20 43 61 6d 65 72 61 28 4a 32
 39 31 34 29 22 2c 20 6e 6f 6e 63 65 3d 22 66 33
"""

# The same bytes logged by a client whose prefix ticks and names two loggers, the request's lines between.
TICKING_LOG = """2024/04/28 06:49:18.101 DEB [path cam] [RTSP source] [c->s] DESCRIBE rtsp://192.0.2.7/ RTSP/1.0
CSeq: 1
2024/04/28 06:49:18.163 DEB [path cam] [RTSP source] [s->c] RTSP/1.0 401 Unauthorized
2024/04/28 06:49:18.164 DEB [path cam] [RTSP conn] [s->c] CSeq: 1
2024/04/28 06:49:18.164 DEB [path cam] [RTSP conn] [s->c] WWW-Authenticate: Digest realm="IP Camera(J2914)"
2024/04/28 06:49:18.170 INF [path cam] [RTSP source] giving up
"""


@pytest.mark.parametrize(("name", "text"), [("xxd -g1", XXD_G1), ("hexdump", HEXDUMP), ("od -x", OD_X),
                                            ("od -An -tx1", OD_AN), ("ticking log", TICKING_LOG)])
def test_a_hikvision_rtsp_401_pasted_so_is_named_hikvision_by_its_realm(name: str, text: str) -> None:
    identity = _identity(text)
    assert identity.manufacturer == "hikvision", name
    assert is_video_device(identity.device_type), name
    assert any(e.field == "rtsp.www_authenticate" for e in identity.evidence), name


def test_the_bench_renders_these_forms_as_the_tools_print_them() -> None:
    reply = HIKVISION_RTSP[:0x60]
    assert perturb.xxd_bytes(reply) == XXD_G1.rstrip("\n")
    assert perturb.hexdump_words(reply) == HEXDUMP.rstrip("\n")
    assert perturb.od_words(reply) == OD_X.rstrip("\n")
    assert perturb.od_bytes_no_offsets(reply) == OD_AN.rstrip("\n")


def test_the_log_keeps_the_devices_side_and_stops_at_the_next_record() -> None:
    reply = pasted.unwrapped(TICKING_LOG)
    assert reply is not None
    assert reply.splitlines() == ["RTSP/1.0 401 Unauthorized", "CSeq: 1",
                                  'WWW-Authenticate: Digest realm="IP Camera(J2914)"']


def test_an_odd_length_word_dump_drops_its_padding_byte() -> None:
    # printf 'HTTP/1.1 200 OK\r\nServer: x\r\n\r\nabc' | hexdump: 33 bytes, the last word 0063.
    dump = ("0000000 5448 5054 312f 312e 3220 3030 4f20 0d4b\n0000010 530a 7265 6576 3a72 7820 0a0d 0a0d 6261\n"
            "0000020 0063                                   \n0000021\n")
    assert pasted.unwrapped(dump) == "HTTP/1.1 200 OK\r\nServer: x\r\n\r\nabc"


TCPDUMP_X = """12:00:00.000001 IP 192.0.2.7.554 > 198.51.100.20.51000: Flags [P.], seq 1:29, ack 1, win 502, length 28
\t0x0000:  4500 0050 1c46 4000 4006 0000 c000 0207  E..P.F@.@.......
\t0x0010:  c633 6414 022a c738 0000 0001 0000 0001  .3d..*.8........
\t0x0020:  8018 01f6 0000 0000 0101 080a 0000 0000  ................
\t0x0030:  0000 0000 5254 5350 2f31 2e30 2032 3030  ....RTSP/1.0.200
\t0x0040:  204f 4b0d 0a43 5365 713a 2032 0d0a 0d0a  .OK..CSeq:.2....
"""


def test_tcpdump_hex_gives_the_tcp_payload() -> None:
    assert pasted.unwrapped(TCPDUMP_X) == "RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n"
    # The same packet behind tcpdump's own notes, as a person pastes the terminal.
    noted = "tcpdump: verbose output suppressed, use -v[v]... for full protocol decode\n" \
            "listening on eth0, link-type EN10MB (Ethernet), snapshot length 262144 bytes\n" + TCPDUMP_X
    assert pasted.unwrapped(noted) == "RTSP/1.0 200 OK\r\nCSeq: 2\r\n\r\n"


def test_tcpdump_text_takes_the_answering_side() -> None:
    text = perturb.tcpdump_ascii(HIKVISION_RTSP)
    assert "DESCRIBE rtsp://" in text  # the request is in the paste ...
    reply = pasted.unwrapped(text)
    assert reply is not None and reply.startswith("RTSP/1.0 401 Unauthorized\nCSeq: 1\n")  # ... but not read
    assert _identity(text).manufacturer == "hikvision"


def test_a_wireshark_line_whose_characters_open_with_a_bar_is_no_hexdump_line() -> None:
    # hexdump -C's bars stand at column 60; a Wireshark line whose 17th byte is "|" shows it at column 61.
    reply = "HTTP/1.1 200 OK\r\n|abc|def|ghi\r\n\r\n"
    assert pasted.unwrapped(perturb.wireshark_hex(reply)) == reply


def test_powershell_format_hex_reads_back() -> None:
    text = perturb.format_hex(HIKVISION_RTSP)
    assert text.splitlines()[1].startswith("   Label: String")
    assert pasted.unwrapped(text) == HIKVISION_RTSP


def test_powershell_5_format_hex_reads_back() -> None:
    # PowerShell 5.1's layout: column heads, then an eight-digit offset, three spaces, the bytes, the characters.
    text = ("           00 01 02 03 04 05 06 07 08 09 0A 0B 0C 0D 0E 0F\n\n"
            "00000000   48 54 54 50 2F 31 2E 31 20 32 30 30 20 4F 4B 0D  HTTP/1.1 200 OK.\n"
            "00000010   0A 53 65 72 76 65 72 3A 20 78 0D 0A 0D 0A        .Server: x....\n")
    assert pasted.unwrapped(text) == "HTTP/1.1 200 OK\r\nServer: x\r\n\r\n"


# --- the development batch's real pastes ---------------------------------------------------------------------

def _pasted_record(number: int) -> tuple[str, int]:
    record = _banner("devreplies_pasted.jsonl", number)
    return record["data"], record["port"]


@pytest.mark.parametrize(("number", "field", "value"), [
    (1, "http.www_authenticate", 'Digest qop="auth", realm="mydomain.com", nonce="1616904362225156047"'),
    (2, "http.server", "Intel(R) Active Management Technology 8.0.3"),
    (7, "http.server", "Tengine"),
])
def test_the_batchs_pastes_are_read_as_the_device_sent_them(number: int, field: str, value: str) -> None:
    # 1: a command line, then curl -v; 2: libcurl's debug callback (request headers bare); 7: Python's http.client
    # debug lines among urllib3's.
    text, port = _pasted_record(number)
    fields: dict[str, str] = {}
    assert sniff(text, fields, port=port) == "http"
    assert fields[field] == value


def test_a_pasted_cloud_api_answer_names_no_maker() -> None:
    # Line 7 is EZVIZ's cloud gateway logging in (the paste names ezvizlife.com): no camera, no maker.
    text, port = _pasted_record(7)
    identity = _identity(text, port, "https")
    assert identity.manufacturer is None and identity.brand is None
    assert not is_video_device(identity.device_type)


# --- what merely looks like these forms is left as it is -------------------------------------------------------

LOOK_ALIKES = {
    "a log with no reply": "2024/04/28 06:49:18 INF [RTSP] [conn 1] opened\n2024/04/28 06:49:19 INF [RTSP] closed\n",
    "a word dump whose offsets skip": HEXDUMP.replace("0000010 ", "0000020 ", 1),
    "a word dump of binary": "0000000 8b1f 0008 0000 0000 0300 cbed 0a5b 5123\n0000010 e814 15a7 9b6c 5fb7 2ed3 1a8a f4c5 "
                             "91f0\n0000020\n",
    "a hash written as spaced bytes": " 3f 9a 0c 51 d2 e4 7b 88 a1 c0 9e 3b 5f 7d 2c 6e\n 8a 9b 0c 1d 2e 3f 40 51 62 73 84 95"
                                      " 00 aa bb cc\n",
    "spaced bytes squeezed by od": OD_AN.replace(" 75 74 68", "*\n 75 74 68", 1),
    "an xxd -g1 line whose characters disagree": XXD_G1.replace("RTSP/1.0 401 Una", "HTTP/1.0 401 Una"),
    "Format-Hex with an offset that skips": perturb.format_hex(HIKVISION_RTSP).replace("0000000000000010", "0000000000000020"),
    "a tcpdump line with nothing after it": "12:00:00.000001 IP 192.0.2.7.554 > 198.51.100.20.51000: Flags [S.], "
                                            "seq 1, ack 1, win 502, length 0\n",
    "prose that opens with a tool's name": "curl is a tool for transferring data\nHTTP/1.1 200 OK\r\n\r\n",
    "a banner naming a user and a host": "admin@camera login: ",
    "http.client lines with no reply": "send: b'GET / HTTP/1.1\\r\\n\\r\\n'\nreply: 'not a status'\n",
}


@pytest.mark.parametrize("name", sorted(LOOK_ALIKES))
def test_text_that_only_looks_like_these_forms_is_not_read_as_them(name: str) -> None:
    found = pasted.unwrapped(LOOK_ALIKES[name])
    assert found is None or "HTTP/1.1 200 OK" in found, found  # the prose's own reply may be read; nothing else


# --- properties -------------------------------------------------------------------------------------------------

_OPENINGS = ("00000000: 52 ", "0000000 5452 ", " 52 54 53 50 2f 31 2e 30 ", "0000000000000000 52 54 ",
             "12:00:00.000001 IP 192.0.2.7.554 > 198.51.100.20.51000: ", "\t0x0000:  4500 0050 ",
             "2024/04/28 06:49:18.101 DEB [x] [s->c] RTSP/1.0 401 Unauthorized\n", "user@host:~$ curl -v x\n",
             "curl -v http://x/\n", "reply: 'HTTP/1.1 200 OK\\r\\n'\nheader: ", "   Label: String\n",
             "tcpdump: x\n", "> POST / HTTP/1.1\n")


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(_OPENINGS), st.text(max_size=400), st.sampled_from(_OPENINGS), st.text(max_size=200))
def test_reading_these_forms_never_raises_on_hostile_text(first: str, middle: str, second: str, rest: str) -> None:
    text = first + middle + "\n" + second + rest
    found = pasted.unwrapped(text)
    assert found is None or isinstance(found, str)
    for reader in (pasted_dumps.word_dump, pasted_dumps.spaced_hex, pasted_dumps.format_hex, pasted_dumps.tcpdump,
                   pasted_dumps.offset_dump):
        assert reader(text) is None or isinstance(reader(text), str)
    sniff(text, {}, port=554)


_TEXT = st.text(st.characters(min_codepoint=0x20, max_codepoint=0x7E, include_characters="\r\n\t"), min_size=16,
                max_size=300)


@settings(max_examples=200, deadline=None)
@given(_TEXT)
def test_any_text_dumped_in_these_forms_reads_back_exactly(text: str) -> None:
    for dump in (perturb.xxd_bytes, perturb.hexdump_words, perturb.od_words, perturb.format_hex, perturb.wireshark_hex):
        assert pasted.unwrapped(dump(text)) == text, dump.__name__


@settings(max_examples=100, deadline=None)
@given(st.text(st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40), _TEXT)
def test_any_answer_captured_by_tcpdump_reads_back_exactly(word: str, text: str) -> None:
    reply = f"HTTP/1.1 200 OK\r\nServer: {word}\r\n\r\n{text}"
    assert pasted.unwrapped(perturb.tcpdump_hex(reply)) == reply
