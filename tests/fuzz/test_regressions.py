"""Every input a fuzzer ever crashed a parser with (``crashes/<target>/<sha1>``), replayed in ``make test``.

``atheris_run.py`` saves each new crash here; once the parser is fixed, the input stays as a regression test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tests.fuzz.targets import TARGETS

CRASHES = Path(__file__).resolve().parent / "crashes"
CASES = sorted(p for p in CRASHES.glob("*/*") if p.is_file())


@pytest.mark.parametrize("case", CASES, ids=[f"{p.parent.name}/{p.name[:12]}" for p in CASES])
def test_a_crash_found_by_fuzzing_stays_fixed(case: Path) -> None:
    check, _seeds = TARGETS[case.parent.name]
    check(case.read_bytes())


# The same crashes written out, so a reader sees what each was (found by atheris in the first bounded run).


def test_xml_naming_an_unknown_encoding_is_unreadable_not_a_crash() -> None:
    import io

    from camaudit.importers import FORMATS
    from camaudit.protocols import sadp
    from camaudit.protocols.discovery import classify

    reply = b'<?xml version="1.0" encoding="UTFTF-8"?><ProbeMatch><MAC>00-11-22-33-44-55</MAC></ProbeMatch>'
    assert sadp.parse_reply(reply) == {"sadp.MAC": "00-11-22-33-44-55", "mac": "00:11:22:33:44:55"}
    assert classify(reply, 37020)[0] == "sadp"  # `discover` died on this before the fix
    (record,) = FORMATS["nmap"](io.BytesIO(b'<?xml version="1.0" encoding="UTFTF-8"?><nmaprun/>'))
    assert record.error is not None and "unknown encoding" in record.error


def test_a_unicode_digit_status_is_not_an_http_reply() -> None:
    from camaudit.scan.http_client import parse_head
    from camaudit.scan.net import ProbeError

    with pytest.raises(ProbeError):
        parse_head("HTTP/1.1 ²00 OK\r\n\r\n".encode("latin-1"))


def test_a_redirect_with_a_carriage_return_is_not_followed() -> None:
    from camaudit.scan.http_client import HttpResponse
    from camaudit.scan.probes.http import redirect_target

    resp = HttpResponse(302, "Found", (("Location", "/a\rInjected: yes"),), "", b"")
    assert redirect_target(resp, "/") is None
    assert redirect_target(HttpResponse(302, "", (("Location", "/a b"),), "", b""), "/") is None
    assert redirect_target(HttpResponse(302, "", (("Location", "/doc/page/login.asp"),), "", b""), "/") == (
        "/doc/page/login.asp"
    )


def test_an_xmeye_host_ip_wider_than_four_bytes_is_kept_as_text_not_made_an_address() -> None:
    from camaudit.protocols import xmeye

    body = b'{ "NetWork.NetCommon" : { "HostIP" : "0x123456789ABCDEF0", "SN" : "x" }, "Ret" : 100 }'
    fields = xmeye.parse_reply(b"\xff\x01\x00\x00" + b"\x00" * 10 + b"\xfb\x05" + b"\x00" * 4 + body)
    assert fields is not None and fields["xmeye.HostIP"] == "0x123456789ABCDEF0"
