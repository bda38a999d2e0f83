"""Coverage-guided fuzzing of every target in ``targets.py`` with atheris (libFuzzer), for ``make fuzz``.

    python -m tests.fuzz.atheris_run [--runs N | --seconds S] [TARGET ...]     (from the repository root)

Bounded by default (``--runs 3000`` inputs per target); longer on demand (``--seconds 600``). Each target runs
in its own process (libFuzzer runs once per process), seeded with the target's real inputs. A crash -- any
exception other than a broken property's ``AssertionError``, which counts too -- is saved under
``tests/fuzz/crashes/<target>/``, where ``test_regressions.py`` replays it in every ``make test`` from then on.
The run ends with the distinct inputs executed per target and in all, and exits non-zero on any crash.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
CRASHES = HERE / "crashes"


def _child(name: str, stats: Path, libfuzzer_args: list[str]) -> None:
    """Inside the per-target process: instrument camaudit, then fuzz one target."""
    import atheris

    with atheris.instrument_imports(include=["camaudit"]):
        from tests.fuzz.targets import TARGETS

    check, _seeds = TARGETS[name]
    seen: set[bytes] = set()

    def one_input(data: bytes) -> None:
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if digest not in seen:
            seen.add(digest)
            # libFuzzer ends the process with exit(): nothing after Fuzz() runs, so keep the count current.
            stats.write_text(str(len(seen)))
        check(data)

    atheris.Setup([sys.argv[0], *libfuzzer_args], one_input)
    atheris.Fuzz()


def _run(name: str, runs: int | None, seconds: int | None, work: Path) -> tuple[int, list[Path]]:
    from tests.fuzz.targets import TARGETS

    corpus, artifacts = work / name / "corpus", work / name / "artifacts"
    corpus.mkdir(parents=True)
    artifacts.mkdir()
    for i, seed in enumerate(TARGETS[name][1]):
        (corpus / f"seed-{i}").write_bytes(seed)
    stats = work / name / "distinct"
    args = [str(corpus), f"-artifact_prefix={artifacts}/", "-max_len=8192", "-timeout=10", "-rss_limit_mb=1024",
            "-print_final_stats=1"]
    args.append(f"-max_total_time={seconds}" if seconds else f"-runs={runs}")
    proc = subprocess.run([sys.executable, "-m", "tests.fuzz.atheris_run", "--child", name, str(stats), "--", *args],
                          capture_output=True, text=True, cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    crashes = sorted(artifacts.iterdir())
    if proc.returncode != 0 and not crashes:
        sys.stderr.write(proc.stderr[-4000:])
        raise SystemExit(f"atheris: target {name} failed to run (exit {proc.returncode})")
    distinct = int(stats.read_text()) if stats.exists() else 0
    return distinct, crashes


def main() -> None:
    if sys.argv[1:2] == ["--child"]:  # --child NAME STATS -- LIBFUZZER_ARGS...
        _child(sys.argv[2], Path(sys.argv[3]), sys.argv[5:])
        return
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("targets", nargs="*", help="targets to fuzz (default: all)")
    parser.add_argument("--runs", type=int, default=3000, help="inputs per target (default 3000)")
    parser.add_argument("--seconds", type=int, help="fuzz each target this long instead of --runs")
    args = parser.parse_args()
    from tests.fuzz.targets import TARGETS

    names = args.targets or sorted(TARGETS)
    unknown = sorted(set(names) - set(TARGETS))
    if unknown:
        raise SystemExit(f"atheris: unknown target(s) {', '.join(unknown)}; known: {', '.join(sorted(TARGETS))}")
    totals: dict[str, int] = {}
    found: list[str] = []
    with tempfile.TemporaryDirectory(prefix="camaudit-fuzz-") as tmp:
        for name in names:
            distinct, crashes = _run(name, args.runs, args.seconds, Path(tmp))
            totals[name] = distinct
            for crash in crashes:
                data = crash.read_bytes()
                keep = CRASHES / name / hashlib.sha1(data).hexdigest()  # noqa: S324 - a file name, not security
                keep.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(crash, keep)
                found.append(str(keep.relative_to(ROOT)))
            print(f"atheris {name}: {distinct} distinct inputs, {len(crashes)} crash(es)", flush=True)
    print(json.dumps({"targets": len(totals), "distinct_inputs": sum(totals.values()), "crashes": found}))
    if found:
        raise SystemExit(f"atheris: {len(found)} crash(es) saved as regression inputs: {', '.join(found)}")


if __name__ == "__main__":
    main()
