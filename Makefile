# Two commands on a fresh machine with Python 3.11 and make:
#   make run    — the main job on the bundled Acts
#   make test   — lint, type-check and the whole test-suite
# Each creates .venv itself on first use.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
OUT    ?= out

.PHONY: run test lint check bench fuzz clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --upgrade pip
	@$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	@$(BIN)/statute run --out $(OUT)

test: $(STAMP)
	@$(BIN)/ruff check statute tests benchmarks
	@$(BIN)/mypy
	@$(BIN)/python -m pytest -q

check: $(STAMP)
	@$(BIN)/statute check

bench: $(STAMP)
	@$(BIN)/python benchmarks/run.py --quick

fuzz: $(STAMP)
	@$(BIN)/python benchmarks/fuzz.py --seconds 600

clean:
	rm -rf $(VENV) $(OUT) build dist .pytest_cache .ruff_cache
