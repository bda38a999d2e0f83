"""Replies are built byte for byte: header order and case as written, lengths filled in."""

from __future__ import annotations

import struct

from camaudit.lab import template, wire
from camaudit.lab.profile import Framed, Reply


def test_reply_keeps_header_order_case_and_spacing() -> None:
    reply = Reply.model_validate(
        {
            "status": 200,
            "headers": [["CONNECTION", "close"], ["Date", " fixed"], ["CONTENT-LENGTH", "{{content_length}}"]],
            "body": "héllo {{who}}",
        }
    )
    data = wire.build_reply(reply, "HTTP/1.1", {"who": "lab"})
    body = "héllo lab".encode()
    assert data == b"HTTP/1.1 200 OK\r\nCONNECTION: close\r\nDate:  fixed\r\nCONTENT-LENGTH: %d\r\n\r\n" % len(body) + body


def test_head_reply_has_no_body_and_rtsp_reasons_exist() -> None:
    reply = Reply.model_validate({"status": 454, "body": "x"})
    assert wire.build_reply(reply, "RTSP/1.0", {}, with_body=False) == b"RTSP/1.0 454 Session Not Found\r\n\r\n"


def test_framed_reply_writes_the_length_where_told() -> None:
    framed = Framed.model_validate({"header_hex": "20000000 44484950" + "00" * 24, "length_at": [16, 24], "body": "{}"})
    data = wire.build_framed(framed, {})
    assert data[:8] == b"\x20\x00\x00\x00DHIP"
    assert struct.unpack_from("<I", data, 16)[0] == struct.unpack_from("<I", data, 24)[0] == 2
    assert data[32:] == b"{}"


def test_templates_fill_known_names_only() -> None:
    assert template.render("{{a}} {{b}} ${x} {c}", {"a": "1"}) == "1 {{b}} ${x} {c}"
    assert len(template.render("{{nonce32}}", {})) == 32
    assert template.render("{{nonce32}}", {}) != template.render("{{nonce32}}", {})
    assert template.render_bytes(b"\xff{{a}}\x00", {"a": "é"}) == b"\xff\xc3\xa9\x00"
    assert template.unknown_names(["{{ip}} {{zzz}} {{cseq}}"], {"ip"}) == {"zzz"}
