"""The census: count cameras across internet-scan files, on one machine or a Dask cluster.

Public API::

    run_census(CensusOptions(...), progress=None) -> CensusOutcome   # what `camaudit census` runs
    run_query(folder, sql) -> (columns, rows)                         # `camaudit census query`, read-only
    synth.write(path, records, seed) -> SynthStats                     # `camaudit census synth`

Stages: plan.py (inputs -> tasks), worker.py (a task: read, identify, assess, write Parquet; the same on
every engine), engines.py (this process, a process pool, Dask), aggregate.py (the counting rules as DuckDB
views), run.py (one run end to end, summary.json), report.py (report.html), state.py (--resume).
Counting rules: docs/census.md.
"""
