# The team's vocabulary: `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# `make run PORT=8001` (or PORT=8001 in the environment) serves on another port.
PORT ?= 8000

.PHONY: install run test test-postgres lint format migrations-check dump-fixtures lighthouse screenshots bench clean

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

install: $(VENV)/.installed

run: install
	DJANGO_DEBUG=1 $(PY) manage.py migrate --no-input
	DJANGO_DEBUG=1 $(PY) manage.py seed
	DJANGO_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	DJANGO_SECRET_KEY=$${DJANGO_SECRET_KEY:-insecure-test-key} DJANGO_SECURE_SSL_REDIRECT=0 $(BIN)/pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	DJANGO_DEBUG=1 $(PY) manage.py makemigrations --check --dry-run

# Topics go through our TaggedTerm model, so foreign keys are dumped as natural keys (slugs, names).
dump-fixtures: install
	DJANGO_DEBUG=1 $(PY) manage.py dumpdata terms.topic terms.term terms.taggedterm terms.faq \
		terms.relatedlink terms.alias --natural-foreign --indent 2 --output fixtures/dump.json

# Front-end checks against a throwaway seeded copy of the site (DEBUG off, collected static),
# with Debian's Chromium; Lighthouse 12 comes from npm into tools/node_modules.
tools/node_modules/.installed: tools/package.json
	npm install --prefix tools --no-audit --no-fund --silent
	touch $@

lighthouse: install tools/node_modules/.installed
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) -m tools.lighthouse

screenshots: install
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(PY) -m tools.screenshots

# Production serving under load (needs PostgreSQL and Debian's wrk); writes docs/benchmarks.md.
bench: install
	$(PY) -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) .pytest_cache staticfiles
