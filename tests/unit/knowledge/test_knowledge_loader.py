"""The one knowledge loader: every file kind validates, and a bad edit is one line naming file, entry and field."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

from camaudit.knowledge import loader
from camaudit.knowledge.entries import KnowledgeFile
from camaudit.knowledge.loader import (
    DATA_DIR,
    MAX_FILE_BYTES,
    RULES_DIR,
    CloudsFile,
    CvesFile,
    DefaultsFile,
    FirmwareFile,
    KnowledgeError,
    OemsFile,
    PoliciesFile,
    RegimesFile,
    RulesFile,
    VendorsFile,
    load_file,
)
from camaudit.knowledge.schema import SCHEMAS, knowledge_schema

ROOT = Path(__file__).resolve().parents[3]

CVE = """cves:
  - id: CVE-2099-0001
    vendor: hikvision
    title: t
    summary: s
    source: s
    affected:
      - {models: ['DS-2CD'], examples: [DS-2CD2032], basis: version, last: %s}
"""
RULE = """rules:
  - id: acme.http.server.x
    field: http.server
    pattern: '^X$'
    asserts: {manufacturer: hikvision}
    certainty: 0.9
    source: s
    examples: [X]
"""


def _load(tmp_path: Path, model: type[KnowledgeFile], body: str) -> str:
    path = tmp_path / DATA_DIR.joinpath(model.file).name.replace("*", "test")
    path.write_text(body, encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_file(model, path)
    message = str(caught.value)
    assert "\n" not in message
    return message


@pytest.mark.parametrize(
    ("model", "body", "expected"),
    [
        (VendorsFile, "vendors:\n  - {id: acme, name: Acme}\n", "vendors.yaml: vendor 'acme': missing 'source'"),
        (VendorsFile, "vendors:\n  - {id: acme, name: Acme, source: s, colour: red}\n",
         "vendors.yaml: vendor 'acme': unknown key 'colour'"),
        (VendorsFile, "vendors:\n  - {id: acme, name: A, source: s, makes: [toaster]}\n",
         "vendors.yaml: vendor 'acme': 'makes[1]': 'toaster' is not one of 'camera'"),
        (VendorsFile, "vendors:\n  - {id: a, name: A, source: s}\n  - {id: a, name: B, source: s}\n",
         "vendors.yaml: vendor 'a': duplicate id"),
        (OemsFile, "oems:\n  - {brand: annke, manufacturer: hikvision, confidence: 2, source: s}\n",
         "oems.yaml: oem row 'annke/hikvision': 'confidence': Input should be less than or equal to 1 (got 2)"),
        (RegimesFile, "regimes:\n  - {id: x}\n", "regimes.yaml: regime 'x': missing 'name'"),
        (PoliciesFile, "policies:\n  - {name: all, description: d, regimes: {us-nope: high}}\n",
         "policies.yaml: policy 'all': 'regimes': unknown regime 'us-nope'"),
        (PoliciesFile, "policies:\n  - {name: strict, description: d, all_regimes: true}\n",
         "policies.yaml: the default policy 'all' is missing"),
        (CvesFile, CVE % "'V5.4.0 build 160530'" + "    cwe: CWE-x\n",
         "cves.yaml: cve 'CVE-2099-0001': 'cwe': String should match pattern"),
        (CvesFile, CVE % "'not a version'",
         "cves.yaml: cve 'CVE-2099-0001': 'affected': range #1: 'last' 'not a version' does not parse as hikvision"),
        (CloudsFile, "clouds:\n  - {id: c, name: C, vendor: nosuch, hosts: [a.example], source: s}\n",
         "clouds.yaml: cloud 'c': 'vendor': 'nosuch' is not a vendor id in vendors.yaml"),
        (DefaultsFile, "defaults:\n  - {vendor: axis, check: telnet, username: root, password: p, source: s}\n",
         "default_credentials.yaml: default 'axis/root': 'check': 'telnet' is not one of 'hikvision'"),
        (FirmwareFile, "grammars:\n  - id: g\n    fallback: true\n    source: s\n    forms: [{pattern: '^(?P<version>\\d+)'}]\n"
         "    examples: [{value: '7', version: [8]}]\n",
         "firmware.yaml: grammar 'g': example '7' reads as version (7,), build None, build date None; expected (8,)"),
        (RulesFile, RULE.replace("certainty: 0.9", "certainty: 0.9\n    checked: 2026-13-01"),
         "test.yaml: rule 'acme.http.server.x': 'checked': Input should be a valid date"),
    ],
)
def test_a_bad_entry_is_one_line_naming_file_entry_and_field(
    tmp_path: Path, model: type[KnowledgeFile], body: str, expected: str
) -> None:
    assert _load(tmp_path, model, body).startswith(expected)


def test_source_and_checked_are_accepted_on_every_entry(tmp_path: Path) -> None:
    # Each packaged file, with `checked` (and `source` where it is optional) added to every entry of every
    # list in it, still loads: provenance can be recorded anywhere.
    for name, model in SCHEMAS.items():
        files = sorted(RULES_DIR.glob("*.yaml"))[:1] if name == "rules" else [DATA_DIR / model.file]
        for original in files:
            doc = yaml.safe_load(original.read_text(encoding="utf-8"))

            def stamp(node: object) -> None:
                if isinstance(node, list):
                    for item in node:
                        if isinstance(item, dict) and not {"value", "expect"} >= set(item):
                            item.setdefault("checked", dt.date(2026, 12, 1))
                            item.setdefault("source", "https://example.org/checked")
                        stamp(item)
                elif isinstance(node, dict):
                    for value in node.values():
                        stamp(value)

            # A date the file already gives stays (setdefault); the check is that every entry keeps one.
            given = next(iter(doc.values()))[0].get("checked")
            stamp(doc)
            path = tmp_path / original.name
            path.write_text(yaml.safe_dump(doc, allow_unicode=True), encoding="utf-8")
            loaded = load_file(model, path)
            first = next(iter(loaded.model_dump().values()))[0]
            assert first["checked"] == (given or dt.date(2026, 12, 1)), name


def test_files_that_are_not_knowledge_are_one_line_errors(tmp_path: Path) -> None:
    assert _load(tmp_path, VendorsFile, "- just\n- a list\n") == "vendors.yaml: expected a mapping with 'vendors'"
    assert _load(tmp_path, VendorsFile, "vendors: {a: 1}\n") == "vendors.yaml: expected a list under 'vendors'"
    assert _load(tmp_path, VendorsFile, "vendors: [\n").startswith("vendors.yaml: not valid YAML:")
    assert _load(tmp_path, VendorsFile, "# " + "x" * MAX_FILE_BYTES) == "vendors.yaml: larger than 4 MiB"
    with pytest.raises(KnowledgeError, match="cannot read"):
        load_file(VendorsFile, tmp_path / "missing.yaml")


def test_packaged_knowledge_loads_once(monkeypatch: pytest.MonkeyPatch) -> None:
    first = loader.packaged(CvesFile)

    def fail(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("read again")

    monkeypatch.setattr(loader, "read_yaml", fail)
    assert loader.packaged(CvesFile) is first


@pytest.mark.parametrize(
    ("vendor", "grammar"),
    [("hikvision", "hikvision"), ("ezviz", "hikvision"), ("hilook", "hikvision"), ("hiwatch", "hikvision"),
     ("annke", "hikvision"), ("amcrest", "dahua"), ("imou", "dahua"), ("lorex", "dahua"), ("axis", "generic"),
     (None, "generic"), ("nosuchvendor", "generic")],
)
def test_a_brand_writes_firmware_the_way_its_manufacturer_does(vendor: str | None, grammar: str) -> None:
    # oems.yaml: ezviz/hilook/hiwatch/annke -> hikvision, amcrest/imou/lorex -> dahua; Axis makes its own.
    assert loader.firmware_grammar(vendor).id == grammar


@pytest.mark.parametrize("name", sorted(SCHEMAS))
def test_committed_schema_matches_the_models(name: str) -> None:
    committed = json.loads((ROOT / "docs" / "schema" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert committed == json.loads(json.dumps(knowledge_schema(name))), "run `make schema` and commit docs/schema/"


def test_every_packaged_rule_file_is_valid_against_the_published_schema() -> None:
    schema = knowledge_schema("rules")
    for path in sorted(RULES_DIR.glob("*.yaml")):
        doc = json.loads(json.dumps(yaml.safe_load(path.read_text(encoding="utf-8")), default=str))
        jsonschema.validate(doc, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"rules": [{"id": "a.b", "colour": "red"}]}, schema)
