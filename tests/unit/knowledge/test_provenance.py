"""Every knowledge entry lets a reader check it: a public source (https URL or github:OWNER/REPO/PATH@COMMIT)
and the date it was checked. Team notes (protocols.md, knowledge.md) may be named in addition, never alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from typer.testing import CliRunner

import camaudit.cli.rules  # noqa: F401  (registers the command group)
from camaudit.cli.app import app
from camaudit.knowledge.loader import DATA_DIR
from camaudit.knowledge.provenance import check_source, provenance_problems, public_locators

TODAY = dt.date(2026, 12, 1)


def test_every_packaged_entry_cites_a_public_source_and_a_date() -> None:
    problems = provenance_problems(DATA_DIR)
    assert [str(p) for p in problems] == []


def test_the_check_covers_every_kind_of_knowledge() -> None:
    # A check that silently skipped a file would pass for the wrong reason: each kind must be present.
    files = {p.name for p in DATA_DIR.glob("*.yaml")} | {f"rules/{p.name}" for p in (DATA_DIR / "rules").glob("*.yaml")}
    for needed in ("vendors.yaml", "oems.yaml", "regimes.yaml", "cves.yaml", "clouds.yaml", "rules/http.yaml"):
        assert needed in files


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("protocols.md §2.1 (aiodahua capture)", "only notes a reader cannot open (protocols.md)"),
        ("knowledge.md §2.2; shared/reference/knowledge-draft.yaml", "only notes a reader cannot open"),
        ("nmap nmap-service-probes L9762 (Hikvision IP camera httpd)", "no public locator"),
        ("github:rapid7/recog/xml/http_servers.xml", "no public locator"),  # no commit: not a fixed text
        ("github:rapid7/recog/xml/http_servers.xml@main", "no public locator"),
        ("http://example.org/page", "no public locator"),  # only https is accepted
        ("", "no 'source'"),
    ],
)
def test_sources_a_reader_cannot_open_are_rejected(source: str, problem: str) -> None:
    why = check_source(source)
    assert why is not None and problem in why


@pytest.mark.parametrize(
    "source",
    [
        "github:rapid7/recog/xml/http_servers.xml@14fa1a7211e7 'Hikvision'",
        "https://www.eac.gov/what-section-889-fy-2019-ndaa (Pub. L. 115-232)",
        "protocols.md §4.1 (pre-login by design); https://pypi.org/project/pyHik/0.4.8/",  # notes in addition
    ],
)
def test_public_locators_are_accepted(source: str) -> None:
    assert check_source(source) is None and public_locators(source)


def _knowledge(tmp_path: Path, rule: str) -> Path:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "http.yaml").write_text(f"rules:\n{rule}", encoding="utf-8")
    return tmp_path


def test_entries_without_a_checked_date_or_with_a_future_one_are_reported(tmp_path: Path) -> None:
    data = _knowledge(tmp_path, (
        "  - id: a.no-date\n    source: 'https://example.org/a'\n"
        "  - id: b.future\n    source: 'https://example.org/b'\n    checked: 2031-01-01\n"
        "  - id: c.fine\n    source: 'https://example.org/c'\n    checked: 2026-11-30\n"
        "  - id: d.internal\n    source: 'protocols.md §1'\n    checked: 2026-11-30\n"
    ))
    found = [str(p) for p in provenance_problems(data, TODAY)]
    assert found == [
        "rules/http.yaml: a.no-date: no 'checked: YYYY-MM-DD' date",
        "rules/http.yaml: b.future: 'checked' 2031-01-01 is in the future",
        "rules/http.yaml: d.internal: source names only notes a reader cannot open (protocols.md): add a public locator",
    ]


def test_nested_sources_need_a_locator_and_regime_members_their_own_date(tmp_path: Path) -> None:
    (tmp_path / "cves.yaml").write_text(
        "cves:\n  - id: CVE-1\n    source: 'https://www.cve.org/CVERecord?id=CVE-1'\n    checked: 2026-11-30\n"
        "    cvss: {score: 9.8, source: 'ENISA EUVD (sim0nx/euvdlist)'}\n", encoding="utf-8")
    (tmp_path / "regimes.yaml").write_text(
        "regimes:\n  - id: r1\n    source: 'https://example.org/r1'\n    checked: 2026-11-30\n"
        "    members:\n      - {vendor: hikvision, source: 'https://example.org/m'}\n", encoding="utf-8")
    found = [str(p) for p in provenance_problems(tmp_path, TODAY)]
    assert "cves.yaml: CVE-1.cvss: source has no public locator (an https:// URL or github:OWNER/REPO/PATH@COMMIT)" in found
    assert "regimes.yaml: r1 hikvision: no 'checked: YYYY-MM-DD' date" in found
    assert len(found) == 2


def test_rules_test_command_fails_on_a_rule_without_a_public_source(tmp_path: Path) -> None:
    rule = tmp_path / "x.yaml"
    rule.write_text(
        "rules:\n  - id: test.http.server.thing\n    field: http.server\n    pattern: '^Thing$'\n"
        "    asserts: {manufacturer: hikvision}\n    certainty: 0.5\n    source: 'protocols.md §4.1'\n"
        "    examples: ['Thing']\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["rules", "test", "--rules", str(rule), "--no-redos"])
    assert result.exit_code == 1
    assert "test.http.server.thing: source names only notes a reader cannot open" in result.output
    assert "test.http.server.thing: no 'checked: YYYY-MM-DD' date" in result.output
