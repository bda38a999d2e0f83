"""JSON Schemas of the knowledge files, generated from their models (``python -m camaudit.knowledge.schema DIR``).

One schema per file kind (``rules.schema.json`` for ``rules/*.yaml``, ``vendors.schema.json`` ...), so an
editor can check a YAML file as it is written. Generated, never hand-written: a test fails when the
committed ``docs/schema/`` no longer matches the models. Checks that need other files (is this a vendor
id? does this regex backtrack?) are the loader's, not the schema's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from camaudit.knowledge.catalogues import CataloguesFile
from camaudit.knowledge.clouds import CloudsFile
from camaudit.knowledge.credentials import DefaultsFile
from camaudit.knowledge.cves import CvesFile
from camaudit.knowledge.entries import KnowledgeFile
from camaudit.knowledge.firmware import FirmwareFile
from camaudit.knowledge.firmware_certificates import FirmwareCertificatesFile
from camaudit.knowledge.regimes import PoliciesFile, RegimesFile
from camaudit.knowledge.rules import RulesFile
from camaudit.knowledge.vendors import OemsFile, VendorsFile

#: Schema file name → the model of the knowledge file it describes.
SCHEMAS: dict[str, type[KnowledgeFile]] = {
    "rules": RulesFile,
    "vendors": VendorsFile,
    "oems": OemsFile,
    "regimes": RegimesFile,
    "policies": PoliciesFile,
    "cves": CvesFile,
    "clouds": CloudsFile,
    "default_credentials": DefaultsFile,
    "firmware": FirmwareFile,
    "catalogues": CataloguesFile,
    "firmware_certificates": FirmwareCertificatesFile,
}


def knowledge_schema(name: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of the knowledge file kind ``name`` (a key of :data:`SCHEMAS`)."""
    model = SCHEMAS[name]
    schema = model.model_json_schema(mode="validation")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://camaudit.invalid/schema/{name}.schema.json",
        **schema,
        "title": f"camaudit knowledge file: {model.file}",
        "description": f"The shape of src/camaudit/knowledge/data/{model.file}, generated from "
        f"{model.__module__}.{model.__name__}.",
    }


def render(name: str) -> str:
    """The schema of ``name`` as committed: indented JSON with a final newline."""
    return json.dumps(knowledge_schema(name), indent=2, ensure_ascii=False) + "\n"


def write_all(directory: Path) -> list[Path]:
    """Write every schema to ``directory`` (created if needed); return the files written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name in SCHEMAS:
        path = directory / f"{name}.schema.json"
        path.write_text(render(name), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for written_path in write_all(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/schema")):
        print(written_path)
