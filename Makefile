# Two commands for a fresh machine: `make serve` and `make test`.
# Dependencies come pinned, with hashes, from requirements/*.txt (`make lock` re-pins them):
# `make serve` installs the runtime set only; `make test` adds the test tools.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
INSTALL := VENV=$(VENV) PYTHON=$(PYTHON) bash requirements/install.sh

.PHONY: serve test check lint bench bench-install load system-deps clean fuzz lock screenshots

$(VENV)/.runtime: pyproject.toml requirements/runtime.txt requirements/nodeps.txt
	$(INSTALL) runtime
	touch $@

$(VENV)/.test: pyproject.toml requirements/test.txt requirements/nodeps.txt
	$(INSTALL) test
	touch $@

serve: $(VENV)/.runtime
	$(BIN)/mathforai serve

# Re-pin every dependency after editing pyproject.toml or requirements/nodeps.in.
lock:
	PYTHON=$(PYTHON) bash requirements/lock.sh

# Programs the tests drive (chromium, redis-server, PostgreSQL): installed when we are root.
system-deps:
	@bash .ci/system-deps

lint: $(VENV)/.test
	$(BIN)/ruff check src tests bench

check: $(VENV)/.test
	$(BIN)/mathforai check

test: $(VENV)/.test system-deps lint check
	$(BIN)/python -m pytest -q -n 2

# Longer fuzzing than `make test`: schemathesis over every API route, the CLI and answer parsers.
FUZZ_EXAMPLES ?= 200
fuzz: $(VENV)/.test
	MATHFORAI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) MATHFORAI_FUZZ_TEXT_EXAMPLES=$$(( $(FUZZ_EXAMPLES) * 4 )) \
		$(BIN)/python -m pytest -q -n 2 -p no:cacheprovider tests/web/test_fuzz.py

bench: $(VENV)/.test
	$(BIN)/python bench/run_all.py

# From a fresh clone with empty package caches: `make serve` to the first page, the serve-only
# venv's size, and `make test`'s duration (BENCH_INSTALL_ARGS=--no-test to skip that).
bench-install:
	$(PYTHON) bench/bench_install.py $(BENCH_INSTALL_ARGS)

# 200 simulated learners, on SQLite and on PostgreSQL (about 5 minutes: not part of `bench`);
# then the soak: 2 minutes of the worst inputs mixed with 80 learners (bench/load/soak.py).
load: $(VENV)/.test
	$(BIN)/python -m bench.load
	$(BIN)/python -m bench.load.soak

# Every page at 1280 and 390 px, light and dark, into screenshots/ (git-ignored) for review.
screenshots: $(VENV)/.test
	$(BIN)/python bench/screenshots.py $(PAGES)

clean:
	rm -rf $(VENV) .tools .cache .pytest_cache .ruff_cache .hypothesis
