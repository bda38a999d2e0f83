# Two entry points, both from a fresh clone: `make demo` and `make test`.
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test lint typecheck layers unit schema clean fuzz

$(STAMP): pyproject.toml scripts/bootstrap.sh scripts/apt-packages.txt
	./scripts/bootstrap.sh
	touch $(STAMP)

demo: $(STAMP)
	@echo "demo: starting the lab (emulated cameras on 127.77.0.x, loopback only) and scanning it, then writing demo-report.html: about 15 s"
	$(BIN)/camaudit demo --json demo-result.json --report demo-report.html

# The unit tests touch no network and share nothing between files, so they run on two processes
# (pytest-xdist, one per core of the CI machine); the lab, network-namespace, register and end-to-end tests
# run after them in one process, one at a time, as their timing bounds assume. Both runs always happen; the
# target fails if either did.
#
# NONUNIT_WORKERS=2 runs the second part on two processes as well, in groups that never overlap: tests naming
# the same loopback addresses, the shared audit register or network namespaces run one after another on one
# worker (tests/xdist_groups.py, scheduled by tests/conftest.py for --dist loadgroup); the tests marked
# `timing`, whose assertions need an otherwise idle machine, then run alone. On by default since
# 2026-12-03: two clean full runs by helper-55, the third is the lead's final suite on a fresh clone.
# NONUNIT_WORKERS=0 restores the one-process run.
TEST_WORKERS ?= 2
NONUNIT_WORKERS ?= 2
test: $(STAMP) lint typecheck layers
	@status=0; \
	$(BIN)/python -m pytest -q -n $(TEST_WORKERS) --dist worksteal tests/unit || status=$$?; \
	if [ "$(NONUNIT_WORKERS)" -gt 0 ]; then \
	  $(BIN)/python -m pytest -q -n $(NONUNIT_WORKERS) --dist loadgroup -m "not timing" --ignore=tests/unit || status=$$?; \
	  $(BIN)/python -m pytest -q -m timing --ignore=tests/unit || status=$$?; \
	else \
	  $(BIN)/python -m pytest -q --ignore=tests/unit || status=$$?; \
	fi; \
	exit $$status

lint: $(STAMP)
	$(BIN)/ruff check src tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

# The layer contracts in pyproject.toml ([tool.importlinter]): e.g. identify never imports scan.
layers: $(STAMP)
	$(BIN)/lint-imports --no-cache

# Coverage-guided fuzzing of every parser (tests/fuzz/targets.py) with atheris: bounded by default
# (FUZZ_RUNS inputs per target); `make fuzz FUZZ_SECONDS=600` fuzzes each target for that long instead.
# Crashes are saved under tests/fuzz/crashes/ and replayed by `make test` from then on.
FUZZ_RUNS ?= 3000
fuzz: $(STAMP)
	$(BIN)/python -m pip install -q --disable-pip-version-check 'atheris>=2.3'
	$(BIN)/python -m tests.fuzz.atheris_run $(if $(FUZZ_SECONDS),--seconds $(FUZZ_SECONDS),--runs $(FUZZ_RUNS))

schema: $(STAMP)
	$(BIN)/python -m camaudit.schema > docs/result.schema.json
	$(BIN)/python -m camaudit.knowledge.schema docs/schema

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache demo-result.json demo-report.html
