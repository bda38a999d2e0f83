"""bench/perturb.py, loaded once for the importer tests that write replies in its pasted forms (the bench is a script,
not a package: it is loaded from its file, under one module name, so its dataclasses find their module)."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[3]
_NAME = "camaudit_bench_perturb_for_importer_tests"


def _load() -> Any:
    if _NAME in sys.modules:
        return sys.modules[_NAME]
    spec = importlib.util.spec_from_file_location(_NAME, ROOT / "bench" / "perturb.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[_NAME] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


perturb = _load()
