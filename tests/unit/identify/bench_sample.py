"""Field values of the benchmark mix as the matcher meets them: the sample the matcher's cost guards measure on.

The first records of bench/identify.py's Shodan mix (bench/shodan_corpus.py), read by the real Shodan importer, at
most a number of non-empty values of each observed field. Used by test_entry_cost.py (the ``re`` work a rule causes in
vain) and test_entry_cost_literals.py (which fields carry long values).
"""

from __future__ import annotations

import io

import orjson
from tests.bench_module import bench_module

from camaudit.importers import shodan


def sample_values(records: int, per_field: int) -> dict[str, list[str]]:
    """Field name -> at most ``per_field`` non-empty values from the first ``records`` records of the mix."""
    banners = bench_module("shodan_corpus").banners(records)
    lines = b"".join(orjson.dumps(banner, option=orjson.OPT_APPEND_NEWLINE) for banner, _camera in banners)
    values: dict[str, list[str]] = {}
    for record in shodan.read(io.BytesIO(lines)):
        for observation in record.observations:
            for name, value in observation.fields.items():
                kept = values.setdefault(name, [])
                if value and len(kept) < per_field:
                    kept.append(value)
    return values
