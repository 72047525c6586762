# Every target sets up what it needs: `make run` and `make test` work on a fresh machine.
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
ASSETS := static/vendor/.installed
CHROMIUM ?= /usr/bin/chromium

.PHONY: setup bytecode run test lint format bench basemap browser clean

setup: $(STAMP) $(ASSETS) bytecode

# This machine sets PYTHONDONTWRITEBYTECODE, so Python would compile the project's modules
# again in every process (about 70 ms of the print CLI's start): write them once here (only
# what changed), and every later process reads them.
bytecode: $(STAMP)
	@$(PY) -m compileall -q -j 0 app.py harness layers render scripts ui

$(STAMP): requirements.txt requirements-dev.txt pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt -r requirements-dev.txt
	$(PY) -m pip install --quiet --no-deps -e .
	touch $@

node_modules/.package-lock.json: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error

$(ASSETS): node_modules/.package-lock.json render/assets.py geodata/basemap_countries.geojson $(STAMP)
	$(PY) -m render.assets install
	touch $@

# Browser tests drive Debian's Chromium; install it when we can (root), else say how.
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && apt-get install -y -qq chromium >/dev/null; \
	  else echo "Chromium is missing: sudo apt-get install chromium"; exit 1; fi; \
	fi

run: setup
	$(VENV)/bin/streamlit run app.py

lint: setup
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

format: setup
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

test: setup browser lint
	$(PY) -m pytest

bench: setup browser
	$(PY) -m bench

# The reference geography (basemap, context, lakes, rivers, places, labels) in geodata/. Its
# source packages are build-only (requirements-build.txt), installed here and nowhere else.
basemap: setup
	$(PY) -m pip install --quiet -r requirements-build.txt
	$(PY) -m scripts.refgeo

clean:
	rm -rf $(VENV) node_modules static/vendor static/data .pytest_cache .ruff_cache
