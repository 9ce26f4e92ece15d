# Two commands for people: `make lab` opens the lessons, `make test` runs every check.
# Everything else here is what those two need. The environment is built from the pins in
# environment.yml (and requirements-dev.txt for the checks) and rebuilt only when they change.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 8888
LAB_ARGS ?=
# JupyterLab refuses to run as root unless told; add the flag only when we are root.
ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root,)
START  := notebooks/00-start-here.ipynb

.PHONY: lab test env env-dev lint unit data nbval browser execute bench links clean help
.PHONY: site handouts site-test book-pdf release-check
.DEFAULT_GOAL := help
# A recipe that fails leaves no half-written target behind (an empty requirements file would
# otherwise look up to date and install nothing).
.DELETE_ON_ERROR:

help:
	@echo "make lab    - set up (first time only) and open the lessons in JupyterLab"
	@echo "make test   - set up (first time only) and run every check"
	@echo "make execute - re-run every notebook in place (after editing a lesson)"
	@echo "make bench  - measure timings and sizes against the budgets"
	@echo "make site   - the website (build/site); make handouts - PDFs, worksheets, answer sheets"
	@echo "make book-pdf - every lesson as one PDF (TEACHERS=1 adds the teachers' pages)"

build/requirements.txt: environment.yml tools/pins.py
	@mkdir -p build
	$(PYTHON) tools/pins.py environment.yml > $@

# Runtime environment: exactly the pins of environment.yml, plus the csto package (editable).
$(VENV)/.runtime.stamp: build/requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "$(PYTHON) is Python $$($(PYTHON) -c 'import platform; print(platform.python_version())'): the lessons need Python 3.11 or newer (run make with PYTHON=python3.11, for example)."; exit 1; }
	@$(BIN)/python -m pip --version >/dev/null 2>&1 || { rm -rf $(VENV); $(PYTHON) -m venv $(VENV); } || { rm -rf $(VENV); echo "Could not create $(VENV): install Python 3.11+ with the venv module (Debian: apt-get install python3-venv)."; exit 1; }
	@echo "Setting up .venv (first time, or the pins changed): installing the $$(wc -l < build/requirements.txt) pinned packages of environment.yml (about 420 MB; 1-3 minutes, less from a cache)..."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r build/requirements.txt
	@echo "Installing the csto helper package (editable) ..."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	@# pip compiles the packages it installs, but not an editable one: compile csto too, so that
	@# kernels start from bytecode even where PYTHONDONTWRITEBYTECODE is set.
	$(BIN)/python -m compileall -q lib
	@# JupyterLab starts the lessons' kernel by itself, so Run All right after opening a lesson
	@# never stops at a "Select Kernel" dialog.
	@mkdir -p $(VENV)/share/jupyter/lab/settings
	cp tools/jupyterlab-overrides.json $(VENV)/share/jupyter/lab/settings/overrides.json
	@touch $@
	@echo "Set-up done. Check it any time with: $(BIN)/python -m csto.doctor"

# Check tools (linters, validators, browser driver): never installed on Binder.
$(VENV)/.dev.stamp: $(VENV)/.runtime.stamp requirements-dev.txt
	@echo "Installing the check tools of requirements-dev.txt (linters, validators, browser driver; about 1 minute)..."
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt -r build/requirements.txt
	@touch $@

# Every kernel of the environment loads csto.kernel (tools/ipython_kernel_config.py): a cell
# run before the imports cell, or a date typed without quotes, gets a sentence saying what to do.
KERNEL_CONFIG := $(VENV)/etc/ipython/ipython_kernel_config.py
$(KERNEL_CONFIG): tools/ipython_kernel_config.py | $(VENV)/.runtime.stamp
	@mkdir -p $(@D)
	cp $< $@

# The server's settings (tools/jupyter_server_config.json): no start-up lines that read like
# errors. Kernel websockets time out on pong as they ping (30 s), so tornado does not warn that
# the timeout (90 s) exceeds the interval; no language server is looked for (none is installed,
# and the list of those skipped is long).
SERVER_CONFIG := $(VENV)/etc/jupyter/jupyter_server_config.json
$(SERVER_CONFIG): tools/jupyter_server_config.json | $(VENV)/.runtime.stamp
	@mkdir -p $(@D)
	cp $< $@

env: $(VENV)/.runtime.stamp $(KERNEL_CONFIG) $(SERVER_CONFIG)
env-dev: $(VENV)/.dev.stamp $(KERNEL_CONFIG) $(SERVER_CONFIG)

# JupyterLab serves the whole repository (so links to data/ and teachers/ open) and lands on
# lesson 00. The project's own notebooks are marked trusted, so saved maps show at once.
lab: env
	@$(BIN)/jupyter trust notebooks/*.ipynb > /dev/null
	@echo "Starting JupyterLab on port $(PORT) (change it with: make lab PORT=8890). It opens $(START);"
	@echo "the file browser on the left shows the whole repository. Stop the server with Ctrl+C, then y."
	$(BIN)/jupyter lab $(ROOT_FLAG) --port=$(PORT) --ServerApp.root_dir=. \
	  --LabApp.default_url=/lab/tree/$(START) $(LAB_ARGS)

test: env-dev
	$(MAKE) --no-print-directory release-check lint unit data nbval browser site-test

lint: env-dev
	$(BIN)/ruff check lib tests tools notebooks benchmarks

unit: env-dev
	$(BIN)/python -m pytest -q -m "not browser" --doctest-modules lib tests

data: env-dev
	cd data && ../$(BIN)/frictionless validate datapackage.json

# One version, one release date and the right licences in every file that describes a release
# (see "Cutting a release" in CONTRIBUTING.md).
release-check: env-dev
	$(BIN)/python tools/release_check.py

nbval: env-dev
	$(BIN)/python tools/run_nbval.py

browser: env-dev
	$(BIN)/python tools/run_browser.py

# Re-execute every lesson in place so that the stored outputs come from a real run.
execute: env
	$(BIN)/python tools/execute_notebooks.py

links:
	$(PYTHON) tools/links.py

bench: env
	$(BIN)/python benchmarks/bench.py $(BENCH_ARGS)

# The website: Jupyter Book 1 builds build/site from the outputs stored in the notebooks (nothing
# is executed); the scripts it serves come from npm at build time (site/package.json).
SITE_SOURCES := README.md glossary.md accessibility.md data/README.md data/sources.csv pyproject.toml tools/site.py \
  tools/links.py $(wildcard notebooks/[0-9][0-9]-*.ipynb teachers/*.md site/* site/*/*)

# The JupyterHub of the lesson pages' launch button is kept in site/_config.yml
# (launch_buttons: jupyterhub_url); build for another hub with: make site HUB_URL=https://...
HUB_URL ?=
site: env-dev
	HUB_URL="$(HUB_URL)" $(BIN)/python tools/site.py build

build/site/index.html: $(SITE_SOURCES) | $(VENV)/.dev.stamp
	HUB_URL="$(HUB_URL)" $(BIN)/python tools/site.py build

# One PDF per lesson and per teachers' page, printed from the site by headless Chromium, and
# per lesson a worksheet and a teacher's answer sheet (tools/worksheets.py).
handouts: build/site/index.html
	$(BIN)/python tools/site.py handouts

# The whole collection as one PDF (build/site/csto-collection.pdf, linked from every page):
# the lessons in order with a table of contents; the teachers' pages too with TEACHERS=1.
TEACHERS ?=
book-pdf: build/site/index.html
	$(BIN)/python tools/site.py book-pdf $(if $(TEACHERS),--teachers,)

build/site/csto-collection.pdf: build/site/index.html | $(VENV)/.dev.stamp
	$(BIN)/python tools/site.py book-pdf

# The site in Chromium: offline, maps and explorers drawn, links, axe-core (builds it if needed).
site-test: env-dev build/site/index.html build/site/csto-collection.pdf
	$(BIN)/python tools/site.py assets
	$(BIN)/python -m pytest -q -m site tests/website

clean:
	rm -rf $(VENV) build
