"""The learned layers' tokeniser (identify/learned/tokens.py): what it reads of a reply, and that it stays capped and
linear on hostile text. The fixtures are written here to show one behaviour each (no captured reply)."""

from __future__ import annotations

import re
import time

from hypothesis import given
from hypothesis import strategies as st

from camaudit.identify.learned.tokens import (
    MAX_CJK_RUN,
    MAX_FIELD_CHARS,
    MAX_TOKENS,
    MAX_WORD,
    TEXT_FIELDS,
    reply_tokens,
)

_TOKEN_SHAPE = re.compile(
    r"(?:h:[a-z0-9-]{1,40}|f:[a-z0-9_-]{1,40}\.[a-z]{2,6}|[a-z0-9]{2,24}"
    "|[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]{2})"
)


def test_a_camera_page_gives_its_words_file_names_and_header_names() -> None:
    tokens = set(
        reply_tokens(
            {
                "http.headers": "Server: GoAhead-Webs\r\nContent-Type: text/html\r\nConnection: close",
                "http.server": "GoAhead-Webs",
                "http.body": '<html><a href="/plugin/WebComponents.exe">Download plugin</a> Live View | Playback | PTZ '
                '<script src="js/jquery-1.8.2.min.js"></script><form action="/cgi-bin/login.cgi">',
            }
        )
    )
    expected = {"h:server", "goahead", "webs", "live", "view", "playback", "ptz"}
    assert expected | {"plugin", "download", "f:webcomponents.exe", "f:min.js", "f:login.cgi", "cgi", "bin"} <= tokens


def test_a_page_gives_its_text_and_attribute_values_not_its_markup_code_or_header_values() -> None:
    tokens = set(
        reply_tokens(
            {
                "http.headers": "Date: Tue, 01 Apr 2025 10:00:00 GMT\r\nConnection: close\r\nContent-Type: text/html",
                "http.body": "<!DOCTYPE html><html><head><style>body { margin: 0; padding: 0 }</style>"
                '<script src="js/preview.js">var player = function() { document.write("x") }</script></head>'
                '<body><div class="ptzPanel" id="channel">Snapshot &nbsp; Record</div></body></html>',
            }
        )
    )
    assert {"f:preview.js", "ptzpanel", "channel", "snapshot", "record"} <= tokens
    # Tag and attribute names, the code of script and style blocks, entities and header values are not read.
    assert not tokens & {
        "div",
        "class",
        "html",
        "doctype",
        "body",
        "margin",
        "padding",
        "var",
        "player",
        "function",
        "document",
        "nbsp",
        "tue",
        "apr",
        "gmt",
        "close",
        "text",
        "content",
    }


def test_an_unclosed_script_block_hides_the_rest_of_the_page_but_not_its_file_names() -> None:
    tokens = set(reply_tokens({"http.body": "<html><p>Playback</p><script>var ptz = 1; load('live.cgi')"}))
    assert {"playback", "f:live.cgi"} <= tokens and "ptz" not in tokens


def test_a_body_that_is_no_page_gives_all_its_words() -> None:
    tokens = set(reply_tokens({"http.body": "<DeviceInfo><deviceName>Camera 01</deviceName></DeviceInfo>"}))
    assert {"deviceinfo", "devicename", "camera"} <= tokens


def test_digits_are_folded_and_identifiers_dropped() -> None:
    tokens = set(
        reply_tokens(
            {
                "http.body": "channel CH01 codec H264 serial DS2CD2032F20140101AAWR401 session 739ee6c7ea93532ef87d5f31 "
                "ip 192.168.1.64 date 20261205 mac 44:19:b6:00:11:22",
            }
        )
    )
    assert {"ch0", "h0", "channel", "codec", "serial", "session", "ip", "date", "mac"} <= tokens
    # Serials, session ids, addresses, dates: none of them is a token, whole or in part.
    assert not any(t in tokens for t in ("ds0cd0f0aawr0", "ee0c0ea0ef0d0f0", "192", "20261205", "0"))
    assert all(not t.isdigit() for t in tokens)


def test_another_scanners_conclusions_and_identifiers_are_not_read() -> None:
    assert reply_tokens({"import.product": "Hikvision IP Camera", "tls.sha256": "ab" * 32, "mac": "44:19:b6"}) == ()


def test_tokens_come_in_order_of_first_appearance_each_once() -> None:
    assert reply_tokens({"http.title": "Web Camera", "http.body": "<title>Web Camera</title> camera web login"}) == (
        "web",
        "camera",
        "login",
    )


def test_a_huge_reply_is_capped_in_tokens_and_time() -> None:
    words = " ".join(f"w{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}{chr(97 + i // 676 % 26)}" for i in range(200_000))
    started = time.thread_time()
    tokens = reply_tokens({"http.body": words, "http.title": "x" * 10_000_000, "banner": "<" * 1_000_000})
    assert time.thread_time() - started < 2.0
    assert len(tokens) == MAX_TOKENS


@given(st.dictionaries(st.sampled_from(TEXT_FIELDS), st.text(max_size=400), max_size=6))
def test_any_text_gives_bounded_well_shaped_tokens(fields: dict[str, str]) -> None:
    tokens = reply_tokens(fields)
    assert len(tokens) == len(set(tokens)) <= MAX_TOKENS
    for token in tokens:
        assert _TOKEN_SHAPE.fullmatch(token), token
        word = token.partition(":")[2] if token[:2] in ("h:", "f:") else token
        assert len(word) <= 40 and (token[:2] in ("h:", "f:") or len(word) <= MAX_WORD)
        # Every digit run was folded to one 0.
        assert re.search(r"[1-9]|00", word) is None, token


@given(st.text(alphabet="aA0 .:/-_<>\"'=\r\n\t\u00e9\u200b\x00", max_size=2_000), st.integers(1, 40))
def test_hostile_text_and_small_limits_are_respected(text: str, limit: int) -> None:
    tokens = reply_tokens({"http.headers": text, "http.body": text, "banner": text}, limit=limit)
    assert len(tokens) <= limit
    lowered = text.lower()
    for token in tokens:
        said = token[2:] if token[:2] in ("h:", "f:") else token
        # What a token says is in the text, each folded 0 standing for a run of digits.
        assert re.search(re.escape(said).replace("0", "[0-9]+"), lowered), token


# CJK text (helper-194, 2026-12-05): a Chinese, Japanese or Korean page has no spaces between its words, so each pair
# of neighbouring characters of a run is a token; other scripts stay unread.
_CJK = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


def test_a_chinese_camera_page_gives_its_two_character_words() -> None:
    # Written here after the CVITEK reference camera's and a GoAhead camera's menus (devreplies_pages.jsonl).
    tokens = set(
        reply_tokens(
            {
                "http.title": "网络摄像机",
                "http.body": "<html><body><a href='live.asp'>视频预览</a> <a>回放</a> 通道1 <span>云台控制</span>"
                "<script>// 处理升级\nvar x = '登录';</script></body></html>",
            }
        )
    )
    assert {"网络", "摄像", "像机", "视频", "预览", "回放", "通道", "云台", "控制", "f:live.asp"} <= tokens
    # One character alone is no token, nor is a run that crosses a digit, nor the words of a script block.
    assert not tokens & {"网", "通道1", "道1", "处理", "升级", "登录"}


def test_japanese_and_korean_runs_give_pairs_and_other_scripts_nothing() -> None:
    tokens = reply_tokens({"http.body": "おめでとう! 로그인 Поздравляю Γειά"})
    assert tokens == ("おめ", "めで", "でと", "とう", "로그", "그인")


def test_a_long_cjk_run_is_read_up_to_its_cap() -> None:
    run = "".join(chr(0x4E00 + i) for i in range(100))
    tokens = reply_tokens({"http.body": run})
    # Runs of at most MAX_CJK_RUN characters: each gives its neighbouring pairs, the pair across a cut is not read.
    assert len(tokens) == 100 - 100 // MAX_CJK_RUN - (1 if 100 % MAX_CJK_RUN else 0)
    assert tokens[0] == run[:2] and run[MAX_CJK_RUN - 1 : MAX_CJK_RUN + 1] not in tokens


def test_a_huge_cjk_reply_is_capped_in_tokens_and_time() -> None:
    text = "".join(chr(0x4E00 + (i * 7919) % 20_000) for i in range(MAX_FIELD_CHARS * 2))
    started = time.thread_time()
    tokens = reply_tokens({"http.body": text, "http.title": text, "banner": "预" * 1_000_000})
    assert time.thread_time() - started < 2.0
    assert len(tokens) == MAX_TOKENS


@given(st.text(alphabet=st.sampled_from("预览回放通道云台网络摄像机おめでとう로그인a1 <>\"'=\n\u00e9"), max_size=600))
def test_every_cjk_token_is_two_neighbouring_characters_of_the_text(text: str) -> None:
    tokens = reply_tokens({"http.body": text, "banner": text})
    assert len(tokens) == len(set(tokens)) <= MAX_TOKENS
    for token in tokens:
        if _CJK.match(token):
            assert len(token) == 2 and _CJK.fullmatch(token[1]) and token in text, token
        else:
            assert token.isascii(), token


@given(st.text(max_size=400))
def test_ascii_text_gives_no_cjk_token_and_cjk_tokens_need_cjk_text(text: str) -> None:
    tokens = reply_tokens({"http.body": text})
    if not _CJK.search(text):
        assert all(token.isascii() for token in tokens)
