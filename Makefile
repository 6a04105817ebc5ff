# Claimdesk: two commands for a newcomer.
#   make run    set up .venv on first use, then open the app on the default project
#   make test   same set-up, then lint, type check, layer check and the whole test suite
#               (with every optional format package: a test that would skip fails instead)
#               except the slow tests
#   make test-slow   the slow tests: real damage (SIGKILL in streams of edits, restores and
#               backups killed half-way, a 2 GB zip bomb), longer property runs
#   make test-minimal   the test suite on a minimal install (.venv-min, no formats extra)
# Packaging (docs/packaging.md):
#   make wheel         wheel and sdist in dist/
#   make package       stand-alone one-folder bundle dist/claimdesk/ and the Linux tarball
#   make test-package  builds the bundle, then the wheel and bundle smoke tests
#   make guide         the user guide as HTML in site/ (warnings are errors)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
PKG_STAMP := $(VENV)/.installed-package
MIN_VENV  ?= .venv-min
MIN_STAMP := $(MIN_VENV)/.installed

.PHONY: run test test-slow test-minimal setup system-deps lint typecheck layers unit gui bench \
	bench-scale screenshots clean setup-package wheel package icons appimage test-package guide

run: setup
	@packaging/system_deps.sh check window
	$(BIN)/claimdesk $(PROJECT)

test: setup
	@packaging/system_deps.sh check offscreen
	$(BIN)/ruff check desktop tests bench docs packaging
	$(BIN)/mypy
	$(BIN)/lint-imports
	CLAIMDESK_REQUIRE_EXTRAS=1 QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m "not slow"

# Root (CI) does the damage for real with chattr and tmpfs mounts; as a user those tests use
# chmod or skip (see tests/helpers/damage.py).
test-slow: setup
	@packaging/system_deps.sh check offscreen
	CLAIMDESK_REQUIRE_EXTRAS=1 QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m "slow and not package"

# Without the optional `formats` extra (spaCy, datasets, pyarrow, trafilatura): the tests that
# need them are skipped, everything else must pass.
test-minimal: $(MIN_STAMP)
	@packaging/system_deps.sh check offscreen
	QT_QPA_PLATFORM=offscreen $(MIN_VENV)/bin/pytest -m "not slow"

$(MIN_STAMP): pyproject.toml
	$(PYTHON) -m venv $(MIN_VENV)
	$(MIN_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(MIN_VENV)/bin/python -m pip install --quiet -e '.[test,dev]'
	@touch $(MIN_STAMP)

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
	$(BIN)/ruff check desktop tests bench docs packaging

typecheck: setup
	$(BIN)/mypy

layers: setup
	$(BIN)/lint-imports

unit: setup
	CLAIMDESK_REQUIRE_EXTRAS=1 $(BIN)/pytest tests/core tests/store tests/formats tests/quality \
		tests/assist tests/suggesting tests/cli

gui: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest tests/ui

bench: setup
	$(BIN)/python bench/import_bench.py
	$(BIN)/python bench/import_annotated_bench.py
	$(BIN)/python bench/export_bench.py
	$(BIN)/python bench/agreement_bench.py
	$(BIN)/python bench/team_bench.py
	$(BIN)/python bench/assist_bench.py
	$(BIN)/python bench/backup_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/undo_journal_bench.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/workspace_bench.py

# Projects of 10k, 100k and 1M documents (about 25 GB of cache outside the repository; the
# first run generates them, which takes a while).
bench-scale: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python bench/scale_bench.py --sizes 10000,100000,1000000
	$(BIN)/python bench/import_bench.py --memory 10000,50000,100000,1000000
	$(BIN)/python bench/import_annotated_bench.py --memory 10000,50000,100000,1000000
	$(BIN)/python bench/export_bench.py --memory 10000,50000

screenshots: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_screenshots.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_dialog_screenshots.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_team_screenshots.py
	QT_QPA_PLATFORM=offscreen $(BIN)/python docs/make_safety_screenshots.py

# -- packaging ------------------------------------------------------------------------------
setup-package: $(PKG_STAMP)

$(PKG_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[formats,test,dev,package]'
	@touch $(PKG_STAMP)

wheel: setup-package
	rm -rf build/lib
	$(BIN)/python -m build --outdir dist .

icons: setup
	QT_QPA_PLATFORM=offscreen $(BIN)/python packaging/make_icons.py build/icons

package: setup-package icons
	@packaging/system_deps.sh check package
	$(BIN)/pyinstaller --noconfirm --log-level WARN --distpath dist \
		--workpath build/pyinstaller packaging/claimdesk.spec
	packaging/linux/build_tarball.sh

appimage: package
	packaging/linux/build_appimage.sh

test-package: package
	CLAIMDESK_PACKAGE_TESTS=1 QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m package tests/packaging

guide: setup
	$(BIN)/mkdocs build --strict --site-dir site

clean:
	rm -rf $(VENV) $(MIN_VENV) build dist site *.egg-info .pytest_cache .mypy_cache \
		.ruff_cache
