"""The result JSON Schema, generated from the model (``python -m camaudit.schema > docs/...``).

Generating it from :class:`camaudit.model.ScanResult` keeps one definition of every result type: a test
fails when the committed ``docs/result.schema.json`` no longer matches the model.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import TypeAdapter

from camaudit.model import SCHEMA_VERSION, ScanResult


def result_schema() -> dict[str, Any]:
    schema: dict[str, Any] = TypeAdapter(ScanResult).json_schema(mode="serialization")
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://camaudit.invalid/schema/result-{SCHEMA_VERSION}.json",
        **schema,
    }
    schema["title"] = "camaudit scan result"
    schema["description"] = (
        "What `camaudit scan`, `camaudit demo` and other result-producing commands write with --json."
    )
    return schema


def render() -> str:
    return json.dumps(result_schema(), indent=2, sort_keys=False) + "\n"


if __name__ == "__main__":
    print(render(), end="")
