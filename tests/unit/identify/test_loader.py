"""The knowledge loader: vendor aliases and validation of vendors.yaml / oems.yaml."""

from __future__ import annotations

from pathlib import Path

import pytest

from camaudit.knowledge.loader import (
    KnowledgeError,
    OemsFile,
    VendorsFile,
    canonical_vendor,
    load_file,
    oem_relations,
    vendor,
)
from camaudit.knowledge.vendors import normalise_name


def test_aliases_fold_case_punctuation_and_corporate_suffixes() -> None:
    assert canonical_vendor("Hangzhou Hikvision Digital Technology Co.,Ltd.") == "hikvision"
    assert canonical_vendor("HIKVISION") == "hikvision"
    assert canonical_vendor("Zhejiang Dahua Technology Co., Ltd.") == "dahua"
    assert canonical_vendor("amcrest") == "amcrest"
    assert canonical_vendor("Axis Communications AB") == "axis"


def test_no_substring_matching() -> None:
    assert canonical_vendor("Shanghai Dahua Scale Factory") is None
    assert canonical_vendor("General") is None
    assert normalise_name("  Foo, Inc. ") == "foo"


def test_vendor_and_oem_rows() -> None:
    assert vendor("hikvision").is_maker
    assert not vendor("annke").is_maker
    lorex = oem_relations("lorex")
    assert any(r.manufacturer == "dahua" and r.until is not None for r in lorex)
    with pytest.raises(KeyError):
        vendor("nosuchvendor")


def test_bad_vendor_file(tmp_path: Path) -> None:
    path = tmp_path / "vendors.yaml"
    path.write_text("vendors:\n  - {id: acme, name: Acme, aliases: []}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"vendors\.yaml: vendor 'acme': missing 'source'"):
        load_file(VendorsFile, path)
    path.write_text("vendors:\n  - {id: Acme Corp, name: A, source: s}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="lower-case"):
        load_file(VendorsFile, path)


def test_bad_oem_file(tmp_path: Path) -> None:
    path = tmp_path / "oems.yaml"
    path.write_text("oems:\n  - {brand: annke, manufacturer: nosuch, confidence: 0.5, source: s}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"oems\.yaml: oem row 'annke/nosuch': 'manufacturer': 'nosuch' is not a vendor id"):
        load_file(OemsFile, path)
    path.write_text("oems:\n  - {brand: annke, manufacturer: hikvision, confidence: 5, source: s}\n", encoding="utf-8")
    with pytest.raises(KnowledgeError, match="confidence"):
        load_file(OemsFile, path)
    path.write_text(
        "oems:\n  - {brand: annke, manufacturer: hikvision, confidence: 0.5, source: s, since: 2020-01-01,"
        " until: 2019-01-01}\n",
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError, match="before"):
        load_file(OemsFile, path)
