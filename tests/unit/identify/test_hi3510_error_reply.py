"""The white-label hi3510 CGI's failure answer with its error code (``layers/api_bodies.yaml``
``hi3510.set-reply``, widened): ``[Error]<what failed>! errcode is 0x<8 hex digits>`` as the whole answer types a
camera and names nobody; the same words in a driver's log line, inside other text or cut short type nothing.

The guide's answer is Dericam's CGI manual's printed example (tests/data/devreplies_guides.jsonl line 2 keeps it as a
development record); the other answers are written to its form, not captures.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.unit.identify.shodan_banner import identify_banner

from camaudit.identify import match_fields
from camaudit.model import is_video_device

_IP = "192.0.2.73"
_TEXT_HEAD = "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\n"
_RULE = "answers.hi3510.set-reply"
#: https://manualshive.com/ru/manual/dericam/cgi/2485365?page=6 -- the guide's example of a failed command's answer.
GUIDE_ANSWER = "[Error]Get video attribution error! errcode is 0xa10e6008\r\n"


@pytest.mark.parametrize("with_head", [True, False])
def test_the_guides_failure_answer_is_a_camera_of_no_named_maker(with_head: bool) -> None:
    identity = identify_banner((_TEXT_HEAD if with_head else "") + GUIDE_ANSWER, 80, _IP)
    assert identity.device_type is not None and identity.device_type.value == "camera"
    assert identity.manufacturer is None and identity.brand is None
    assert identity.confidence <= 0.5  # one short line of a board every reseller ships


@pytest.mark.parametrize("answer", [
    # Firmware and driver log lines of the code corpus's kind (written here), the code cut short, words after the code,
    # the answer behind a log prefix or quoted in prose, another bracket word.
    "spi_flash_cmd Failed!ErrCode is 0x00000005!\n",
    "DRV_CasScSend() HI_UNF_SCI_Send ErrCode is 0x80000001\n",
    "[Error]Get video attribution error! errcode is 0xa10e\r\n",
    "[Error]Get video attribution error! errcode is 0xa10e6008 (retry)\r\n",
    "2026-12-05 cgi: [Error]Get video attribution error! errcode is 0xa10e6008\n",
    "The camera returns [Error]Get video attribution error! errcode is 0xa10e6008\n",
    "[Warning]Get video attribution error! errcode is 0xa10e6008\n",
])
def test_look_alikes_type_nothing(answer: str) -> None:
    identity = identify_banner(_TEXT_HEAD + answer, 80, _IP)
    assert not is_video_device(identity.device_type)
    assert _RULE not in {e.rule_id for e in match_fields({"http.body": answer})}


_WORDS = st.text(st.characters(codec="ascii", categories=("L", "N", "Zs")), min_size=0, max_size=60)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"), _WORDS,
       st.integers(0, 0xFFFFFFFF), st.booleans())
def test_any_failure_with_an_eight_digit_code_is_read(first: str, words: str, code: int, upper: bool) -> None:
    digits = f"{code:08X}" if upper else f"{code:08x}"
    answer = f"[Error]{first}{words}! errcode is 0x{digits}\r\n"
    assert _RULE in {e.rule_id for e in match_fields({"http.body": answer})}


@settings(max_examples=200, deadline=None)
@given(st.text(st.characters(codec="ascii", categories=("L", "N", "P", "S")), min_size=1, max_size=40))
def test_text_before_the_answer_is_never_read(prefix: str) -> None:
    # Printable text only: a leading byte-order mark or NUL is what a collector adds, and the readers drop it on purpose
    # (docs/identification/http.md, "Replies a collection stored in another form").
    answer = f"{prefix}[Error]Get video attribution error! errcode is 0xa10e6008\r\n"
    assert _RULE not in {e.rule_id for e in match_fields({"http.body": answer})}


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=300))
def test_any_text_reads_without_raising_and_the_entry_claims_only_a_camera(text: str) -> None:
    for evidence in match_fields({"http.body": "[Error]" + text}):
        if evidence.rule_id == _RULE:
            assert evidence.asserts.get("manufacturer") is None and evidence.asserts.get("brand") is None
            assert evidence.asserts.get("device_type") == "camera"
