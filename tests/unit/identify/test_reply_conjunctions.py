"""Rules that need two signs of one reply (``requires:``, docs/rules.md "Rules that need two signs of one reply").

A conjunction rule stands only when every sign it requires matched a field of the same observation (one reply of one
port). The matcher checks that after its one pass per field, from the hits it already has; these tests hold it to the
plain reading of the YAML -- each regex run by hand on each field (``rules.fires_on``, which uses no matcher) -- on
both engines, on the naive loop, and on random and hostile text. The small rule files below are invented to exercise
the loader; the packaged rule's replies are nmap's Dahua lines (rules/http.yaml).
"""

from __future__ import annotations

import functools
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from camaudit.identify import hyperscan_db, identify, ruleset, ruleset_of
from camaudit.identify.matcher import RuleMatcher
from camaudit.identify.rules import RuleError, check_rules, fires_on, load_rules
from camaudit.identify.ruleset_cache import decode, encode
from camaudit.model import Observation

DAHUA = "dahua.http.body.bom-page-beside-capital-headers"
CAPITAL_HEAD = "CONNECTION: close\nCONTENT-LENGTH: 634\nCONTENT-TYPE: text/html"
MIXED_HEAD = "Connection: close\nContent-Length: 634\nContent-Type: text/html"
BOM_PAGE = '\ufeff<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN">\r\n<html> \r\n<head>\r\n<title></title>'

_RULE = """\
  - id: {id}
    field: {field}
    pattern: '{pattern}'
    asserts: {{manufacturer: hikvision}}
    certainty: 0.6
    source: "https://example.invalid/{id} (invented for a loader test)"
    checked: 2026-12-05
    examples: ['{example}']
"""


def _file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "test.yaml"
    path.write_text("rules:\n" + body, encoding="utf-8")
    return path


def _rule(
    rid: str, *, field: str = "http.body", pattern: str = "^Thing", example: str = "Thing", extra: str = ""
) -> str:
    return _RULE.format(id=rid, field=field, pattern=pattern, example=example) + textwrap.indent(extra, "    ")


_WITH_SIGN = """\
requires:
  - field: http.server
    pattern: '^Webs$'
    examples: ['Webs']
    counter_examples: ['GoAhead-Webs']
replies:
  - {http.server: Webs, http.body: Thing page}
counter_replies:
  - {http.server: nginx, http.body: Thing page}
"""


def _error(path: Path) -> str:
    with pytest.raises(RuleError) as info:
        load_rules([path])
    message = str(info.value)
    assert "\n" not in message
    assert message.startswith("test.yaml")
    return message


# --- the loader ----------------------------------------------------------------------------------------------------


def test_a_sign_of_its_own_loads_as_a_rule_that_asserts_nothing(tmp_path: Path) -> None:
    rules = {r.id: r for r in load_rules([_file(tmp_path, _rule("test.http.thing", extra=_WITH_SIGN))])}
    assert set(rules) == {"test.http.thing", "test.http.thing.requires.1"}
    assert rules["test.http.thing"].requires == ("test.http.thing.requires.1",)
    sign = rules["test.http.thing.requires.1"]
    assert sign.sign_of == "test.http.thing"
    assert sign.field == "http.server"
    assert dict(sign.asserts) == {}
    # Left out and kept with its rule by leave-one-source-out.
    assert sign.source == rules["test.http.thing"].source


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            _rule("test.a", extra="requires: [test.nosuch]\nreplies: [{http.body: Thing}]\n"),
            "requires unknown rule 'test.nosuch'",
        ),
        (_rule("test.a", extra="requires: [test.a]\nreplies: [{http.body: Thing}]\n"), "requires itself"),
        (
            _rule("test.a", extra="requires: [test.b]\nreplies: [{http.body: Thing}]\n")
            + _rule("test.b", extra="requires: [test.a]\nreplies: [{http.body: Thing}]\n"),
            "requires forms a cycle: test.a -> test.b -> test.a",
        ),
        (_rule("test.a", extra="requires: [test.b]\n") + _rule("test.b"), "lists at least one of 'replies'"),
        (_rule("test.a", extra="replies: [{http.body: Thing}]\n"), "belong to rules with 'requires'"),
        (
            _rule("test.a", extra="requires: [test.b]\nreplies: [{http.bodyy: Thing}]\n") + _rule("test.b"),
            "'http.bodyy', which is not an observation field",
        ),
        (_rule("test.a", extra=_WITH_SIGN.replace("'^Webs$'", "'^(a+)+$'")), "catastrophic backtracking"),
        (_rule("test.a", extra=_WITH_SIGN.replace("field: http.server", "field: http.serverr")), "unknown field"),
        (_rule("test.a", extra=_WITH_SIGN.replace("examples: ['Webs']", "examples: []")), "at least 1 item"),
    ],
)
def test_a_bad_requirement_is_one_line_naming_file_and_rule(tmp_path: Path, body: str, expected: str) -> None:
    message = _error(_file(tmp_path, body))
    assert expected in message
    assert "rule 'test." in message


def test_rules_test_checks_replies_and_counter_replies(tmp_path: Path) -> None:
    broken = _WITH_SIGN.replace("{http.server: Webs, http.body: Thing page}", "{http.server: Webs2, http.body: Thing}")
    broken = broken.replace("{http.server: nginx, http.body: Thing page}", "{http.server: Webs, http.body: Thing}")
    problems = [p.problem for p in check_rules(load_rules([_file(tmp_path, _rule("test.a", extra=broken))]))]
    assert problems == [
        "does not fire on reply {'http.server': 'Webs2', 'http.body': 'Thing'}",
        "fires on counter-reply {'http.server': 'Webs', 'http.body': 'Thing'}",
    ]


def test_the_packaged_conjunctions_pass_their_own_replies() -> None:
    rules = ruleset().rules
    joined = [r for r in rules if r.requires]
    assert DAHUA in {r.id for r in joined}
    assert [p for p in check_rules(joined + [r for r in rules if r.sign_of], redos=False)] == []


def test_the_rule_cache_keeps_requirements_signs_and_replies() -> None:
    rules = tuple(r for r in ruleset().rules if r.id.startswith(DAHUA))
    back = decode(encode(rules))
    assert back is not None
    assert [(r.id, r.requires, r.sign_of, r.replies, r.counter_replies) for r in back] == [
        (r.id, r.requires, r.sign_of, r.replies, r.counter_replies) for r in rules
    ]


# --- the matcher ---------------------------------------------------------------------------------------------------


def _engines() -> list[str]:
    return ["re", "hyperscan"] if hyperscan_db.available() else ["re"]


@pytest.fixture(scope="module", params=_engines())
def matcher(request: pytest.FixtureRequest) -> RuleMatcher:
    return RuleMatcher(ruleset().rules, engine=request.param)


def _ids(evidence: list[object]) -> set[str]:
    return {e.rule_id for e in evidence}  # type: ignore[attr-defined]


def test_both_signs_in_one_reply_name_dahua_and_show_both_halves(matcher: RuleMatcher) -> None:
    found = matcher.match({"http.headers": CAPITAL_HEAD, "http.body": BOM_PAGE}, port=80, protocol="http")
    assert {DAHUA, f"{DAHUA}.requires.1", f"{DAHUA}.requires.2"} <= _ids(found)
    assert [dict(e.asserts) for e in found if e.rule_id == DAHUA] == [{"manufacturer": "dahua"}]


@pytest.mark.parametrize(
    "fields",
    [
        # A collector that upper-cased every header name of another server's answer: the server's order is kept.
        {"http.headers": "DATE: Tue, 01 Mar 2022 10:00:00 GMT\nSERVER: nginx\n" + CAPITAL_HEAD, "http.body": BOM_PAGE},
        {"http.headers": CAPITAL_HEAD, "http.body": "<html><body>Not Found</body></html>"},
        {"http.headers": MIXED_HEAD, "http.body": BOM_PAGE},
        {"http.headers": "CONNECTION: close\nContent-Type: text/html", "http.body": BOM_PAGE},
        {"http.body": BOM_PAGE},
        {"http.headers": CAPITAL_HEAD},
    ],
)
def test_one_sign_alone_leaves_no_evidence_at_all(matcher: RuleMatcher, fields: dict[str, str]) -> None:
    # Neither the rule nor a lone sign: a sign asserts nothing and is shown only beside the rule it serves.
    assert not {r for r in _ids(matcher.match(fields)) if r.startswith(DAHUA)}
    assert matcher.match(fields) == matcher.match_naive(fields)


def test_signs_in_two_replies_of_one_host_do_not_join() -> None:
    # The page on port 80 and the capital head on port 8080: two replies, no conjunction.
    page = Observation(
        "192.0.2.7", 80, "tcp", "http", "import", "", {"http.headers": MIXED_HEAD, "http.body": BOM_PAGE}
    )
    head = Observation("192.0.2.7", 8080, "tcp", "http", "import", "", {"http.headers": CAPITAL_HEAD})
    identity = identify([page, head])
    assert not {e.rule_id for e in identity.evidence if e.rule_id.startswith(DAHUA)}
    assert identity.manufacturer is None


HIK = "hikvision.http.location.index-asp-beside-webs"


def _http(port: int, fields: dict[str, str]) -> Observation:
    return Observation("192.0.2.8", port, "tcp", "http", "import", "", fields)


def test_webs_redirecting_to_index_asp_is_a_hikvision_recorder() -> None:
    # nmap's "Hikvision DVR web UI" line: a 302 from a server calling itself just "Webs", to /index.asp.
    identity = identify(
        [_http(80, {"http.status": "302", "http.server": "Webs", "http.location": "http://192.0.2.8/index.asp"})]
    )
    assert identity.manufacturer == "hikvision"
    assert identity.is_video_device
    assert {HIK, f"{HIK}.requires.1"} <= {e.rule_id for e in identity.evidence}


@pytest.mark.parametrize(
    "fields",
    [
        # Another maker's camera with the same Server header, whose GoAhead sends the browser to default.asp.
        {"http.status": "302", "http.server": "Webs", "http.location": "http://NC-227WF-HD-720P:50628/default.asp"},
        {"http.status": "302", "http.server": "GoAhead-Webs", "http.location": "http://192.0.2.8/index.asp"},
        {"http.status": "302", "http.server": "lighttpd", "http.location": "http://192.0.2.8/index.asp"},
    ],
)
def test_either_half_beside_something_else_names_nobody(fields: dict[str, str]) -> None:
    identity = identify([_http(80, fields)])
    assert identity.manufacturer is None
    assert not {e.rule_id for e in identity.evidence if e.rule_id.startswith(HIK)}


def test_webs_on_one_port_and_the_redirect_on_another_do_not_join() -> None:
    webs = _http(80, {"http.status": "200", "http.server": "Webs"})
    redirect = _http(
        8080, {"http.status": "302", "http.server": "nginx", "http.location": "http://192.0.2.8/index.asp"}
    )
    assert identify([webs, redirect]).manufacturer is None


VIVOTEK = "vivotek.http.body.protected-object-beside-network-camera-server"
PROTECTED = "<HTML>\n<HEAD>\n<TITLE>Protected Object</TITLE></HEAD><BODY>\n<H1>Protected Object</H1>This object is protected.<P>\n</BODY></HTML>"


def test_a_network_camera_server_s_protected_object_page_is_vivotek_s() -> None:
    # nmap's "Vivotek 3102 Camera http config": Server and realm "Network Camera", the 401 page "Protected Object".
    fields = {
        "http.status": "401",
        "http.server": "Network Camera",
        "http.www_authenticate": 'Basic realm="Network Camera"',
        "http.body": PROTECTED,
    }
    identity = identify([_http(80, fields)])
    assert identity.manufacturer == "vivotek"
    assert identity.device_type is not None and identity.device_type.value == "camera"


@pytest.mark.parametrize(
    "server", ["Allegro-Software-RomPager/4.07", "PowerAlert HTTP server, powered by Allegro-Software-RomPager"]
)
def test_the_same_page_behind_a_rompager_that_names_itself_names_nobody(server: str) -> None:
    identity = identify([_http(80, {"http.status": "401", "http.server": server, "http.body": PROTECTED})])
    assert identity.manufacturer is None
    assert identity.brand is None


def test_a_rule_set_without_the_required_sign_never_fires_the_rule() -> None:
    # Leave-one-source-out may keep a rule and drop what it requires: the rule then stands on nothing.
    rules = tuple(r for r in ruleset().rules if r.id != f"{DAHUA}.requires.2")
    found = ruleset_of(rules).match_fields({"http.headers": CAPITAL_HEAD, "http.body": BOM_PAGE})
    assert not {r for r in _ids(found) if r.startswith(DAHUA)}


def test_a_chain_falls_from_its_end(tmp_path: Path) -> None:
    # test.top requires the named rule test.mid, which requires a sign of its own (a Server header).
    top = "requires: [test.mid]\nreplies: [{http.server: Webs, http.title: Top, http.body: Thing}]\n"
    body = _rule("test.top", field="http.title", pattern="^Top", example="Top", extra=top)
    body += _rule("test.mid", extra=_WITH_SIGN)
    rules = load_rules([_file(tmp_path, body)])
    for engine in _engines():
        matcher = RuleMatcher(rules, engine=engine)
        reply = {"http.server": "Webs", "http.title": "Top", "http.body": "Thing"}
        assert _ids(matcher.match(reply)) == {"test.top", "test.mid", "test.mid.requires.1"}
        assert _ids(matcher.match({**reply, "http.server": "nginx"})) == set()
        assert _ids(matcher.match({**reply, "http.title": "Other"})) == {"test.mid", "test.mid.requires.1"}
        assert matcher.match(reply) == matcher.match_naive(reply)


# --- property tests ------------------------------------------------------------------------------------------------


@functools.cache
def _matchers() -> dict[str, RuleMatcher]:
    return {engine: RuleMatcher(ruleset().rules, engine=engine) for engine in _engines()}


_PIECES = st.sampled_from(
    [
        "CONNECTION: close",
        "CONTENT-TYPE: text/html",
        "Content-Type: text/html",
        "CONTENT-LENGTH: 12",
        "\ufeff<!DOCTYPE html>",
        "<!DOCTYPE html>",
        "\ufeff",
        "\r",
        "\n",
        "\x00",
        "\u202e",
        "\ud800",
        "<" * 40,
    ]
)
_TEXT = st.lists(st.one_of(_PIECES, st.text(max_size=30)), max_size=8).map("".join)


@settings(max_examples=250, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(headers=_TEXT, body=_TEXT)
def test_the_rule_stands_exactly_when_both_signs_are_in_the_reply(headers: str, body: str) -> None:
    by_id = {r.id: r for r in ruleset().rules}
    fields = {"http.headers": headers, "http.body": body}
    want = fires_on(by_id[DAHUA], fields, by_id)
    for engine, matcher in _matchers().items():
        assert (DAHUA in _ids(matcher.match(fields))) == want, engine
    assert (DAHUA in _ids(_matchers()["re"].match_naive(fields))) == want


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(head_text=_TEXT, page_text=_TEXT)
def test_signs_of_two_hosts_never_join(head_text: str, page_text: str) -> None:
    # One host answered with the capital head, another with the BOM page; random text around both. Matched one reply
    # at a time (as identify and the census do), neither reply carries the conjunction unless it holds both signs.
    head = {"http.headers": f"{CAPITAL_HEAD}\n{head_text}", "http.body": page_text.replace("\ufeff", "")}
    page = {"http.headers": head_text.upper().replace("CONNECTION", "Connection"), "http.body": BOM_PAGE + page_text}
    by_id = {r.id: r for r in ruleset().rules}
    for fields in (head, page):
        found = ruleset().match_fields(fields)
        assert (DAHUA in _ids(found)) == fires_on(by_id[DAHUA], fields, by_id)
        assert DAHUA not in _ids(found) or "CONNECTION: close" in fields["http.headers"]
