"""Load a script of ``bench/`` as a module for the tests (``bench/`` is not a package): one loader for every test.

The module is registered in ``sys.modules`` under ``camaudit_bench_<name>`` before it runs (the scripts' dataclasses
look their module up by name) and loaded once per test process, so two test files that read the same benchmark share
one module object.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType

BENCH = Path(__file__).resolve().parent.parent / "bench"


def bench_module(name: str) -> ModuleType:
    """``bench/<name>.py`` as a module (loaded on the first call, the same object afterwards)."""
    key = f"camaudit_bench_{name}"
    if key in sys.modules:
        return sys.modules[key]
    spec = importlib.util.spec_from_file_location(key, BENCH / f"{name}.py")
    assert spec is not None and spec.loader is not None, f"no benchmark script bench/{name}.py"
    module = importlib.util.module_from_spec(spec)
    sys.modules[key] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        del sys.modules[key]
        raise
    return module
