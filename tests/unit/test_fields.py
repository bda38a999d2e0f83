"""The observation-field registry: its docs table, its lookups, and what rule loading does with it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from camaudit.fields import FIELDS, ONE_REPLY_FAMILIES, Kind, field, is_known_field, markdown_table
from camaudit.identify.field_groups import FIELD_GROUPS, group_members
from camaudit.identify.rules import RuleError, load_rules

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "observation-fields.md"
_GENERATED = re.compile(r"<!-- generated: python -m camaudit.fields -->\n(.*)<!-- end generated -->", re.DOTALL)


def test_the_docs_table_is_the_registry() -> None:
    match = _GENERATED.search(DOC.read_text(encoding="utf-8"))
    assert match, "docs/observation-fields.md lost its generated section"
    assert match.group(1) == markdown_table(), "regenerate it: python -m camaudit.fields"
    printed = subprocess.run([sys.executable, "-m", "camaudit.fields"], capture_output=True, text=True, check=True)
    assert printed.stdout == markdown_table()


def test_each_field_is_declared_once_with_a_meaning_and_a_source() -> None:
    names = [f.name for f in FIELDS]
    assert len(names) == len(set(names))
    assert all(f.meaning and f.sources for f in FIELDS)


def test_families_and_unknowns() -> None:
    assert field("sadp.DeviceSN") is field("sadp.Activated") and is_known_field("dhip.Vendor")
    assert field("hik.isapi.device_info.model") is not None and field("hik.isapi.device_info.x") is None
    assert not is_known_field("sadp.") and not is_known_field("http.serverr") and not is_known_field("banner.23")


def test_kinds_and_closed_sets() -> None:
    status, mac, access = field("http.status"), field("mac"), field("onvif.device_info.access")
    assert status and mac and access
    assert status.kind is Kind.INTEGER and status.accepts("200") and not status.accepts("OK")
    assert mac.accepts("00:12:34:ab:cd:ef") and not mac.accepts("00-12-34-AB-CD-EF")
    assert access.accepts("refused") and not access.accepts("maybe")


def test_sources_are_matched_by_name_or_glob() -> None:
    creds, product = field("auth.default.outcome"), field("import.product")
    assert creds and product
    assert creds.filled_by("default-credentials-dahua") and not creds.filled_by("dahua-rpc2")
    assert product.filled_by("import:nmap") and not product.filled_by("http")


def test_one_reply_families_name_declared_fields() -> None:
    for family in ONE_REPLY_FAMILIES:
        assert any(f.name.startswith(family) for f in FIELDS), family


def test_every_rule_reads_a_declared_field() -> None:
    # A rule may name a group (docs/rules.md, "Field groups"): then every member must be declared.
    for rule in load_rules():
        members = group_members(rule.field) if rule.field.startswith("@") else (rule.field,)
        assert members, rule.id
        assert all(_declared(m) for m in members), rule.id


def _declared(member: str) -> bool:
    """A field, or a family prefix (ending in '.') that some declared field belongs to."""
    return is_known_field(member) or (member.endswith(".") and any(f.name.startswith(member) for f in FIELDS))


def test_every_group_member_is_a_declared_field_or_family() -> None:
    for group, members in FIELD_GROUPS.items():
        assert [m for m in members if not _declared(m)] == [], group


def test_a_rule_may_name_a_group_but_not_an_unknown_one(tmp_path: Path) -> None:
    body = (
        "rules:\n- id: x.y\n  field: '{field}'\n  pattern: Foo\n  asserts: {{manufacturer: hikvision}}\n"
        "  certainty: 0.5\n  source: https://example.org checked 2026-01-01\n  examples: [Foo]\n"
    )
    good = tmp_path / "good.yaml"
    good.write_text(body.format(field="@realm"), encoding="utf-8")
    assert [r.field for r in load_rules([good])] == ["@realm"]
    bad = tmp_path / "bad.yaml"
    bad.write_text(body.format(field="@realms"), encoding="utf-8")
    with pytest.raises(RuleError, match="unknown field"):
        load_rules([bad])


def test_a_rule_on_an_undeclared_field_is_refused(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rules:\n- id: x.y\n  field: http.serverr\n  pattern: Foo\n  asserts: {manufacturer: hikvision}\n"
        "  certainty: 0.5\n  source: https://example.org checked 2026-01-01\n  examples: [Foo]\n",
        encoding="utf-8",
    )
    with pytest.raises(RuleError, match=r"unknown field 'http\.serverr'"):
        load_rules([bad])
