# Claimdesk: two commands for a newcomer.
#   make run    set up .venv on first use, then open the app on the default project
#   make test   same set-up, then lint, type check, layer check and the whole test suite
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test setup system-deps lint typecheck layers unit gui bench screenshots clean

run: setup
	@packaging/system_deps.sh check window
	$(BIN)/claimdesk $(PROJECT)

test: setup
	@packaging/system_deps.sh check offscreen
	$(BIN)/ruff check desktop tests bench docs
	$(BIN)/mypy
	$(BIN)/lint-imports
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "Claimdesk needs Python 3.11 or newer ($(PYTHON) is older)."; exit 1; }
	@$(PYTHON) -c 'import ensurepip, venv' 2>/dev/null || packaging/system_deps.sh venv
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[formats,test,dev]'
	@touch $(STAMP)

# Installs the Debian/Ubuntu packages Qt needs (run as root, e.g. `sudo make system-deps`).
system-deps:
	packaging/system_deps.sh install window

lint: setup
	$(BIN)/ruff check desktop tests bench docs

typecheck: setup
	$(BIN)/mypy

layers: setup
	$(BIN)/lint-imports

unit: setup
	$(BIN)/pytest tests/core tests/store tests/formats tests/assist tests/cli

gui: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest tests/ui

bench: setup
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/import_annotated_bench.py
	$(BIN)/python bench/export_bench.py
	$(BIN)/python bench/assist_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/workspace_bench.py

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_screenshots.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_dialog_screenshots.py

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache .mypy_cache .ruff_cache
