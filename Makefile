# Two commands for a fresh machine with Python 3.11 and pip:
#   make run    the app at http://127.0.0.1:8000 with demo data (SQLite, no other server)
#   make test   lint, migration and type checks and the whole test suite (browser tests included)

VENV   ?= .venv
PY     := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)

.PHONY: run test lint style migrations types browser bench clean

# The checks `make test` runs before the suite. CI's second pass (the same suite on PostgreSQL
# and Redis, in .ci/run) sets CHECKS=migrations: style and types do not depend on the database.
CHECKS ?= lint
# Extra pytest arguments (CI's second pass: -m "not browser").
PYTEST_ARGS ?=

$(PY):
	@$(PYTHON) -m venv $(VENV) 2>/dev/null || { $(PYTHON) -m pip install --user -q virtualenv && $(PYTHON) -m virtualenv -q $(VENV); }
	@$(PY) -m pip install -q --upgrade pip

$(VENV)/.run-installed: requirements.txt pyproject.toml | $(PY)
	$(PY) -m pip install -q -r requirements.txt
	$(PY) -m pip install -q --no-deps -e .
	@touch $@

$(VENV)/.dev-installed: requirements-dev.txt pyproject.toml | $(PY)
	$(PY) -m pip install -q -r requirements-dev.txt
	$(PY) -m pip install -q --no-deps -e .
	@touch $@ $(VENV)/.run-installed

run: $(VENV)/.run-installed
	$(VENV)/bin/alongside demo

browser: $(VENV)/.dev-installed
	@bash scripts/browser-deps.sh

lint: style migrations types

style: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

migrations: $(VENV)/.dev-installed
	ALONGSIDE_ENV=test $(PY) manage.py makemigrations --check --dry-run

types: $(VENV)/.dev-installed
	ALONGSIDE_ENV=test $(VENV)/bin/mypy alongside

# worksteal: a process that runs out of tests takes half of the other's queue, so neither waits
# idle behind a long file at the end. Each process still runs its tests in collection order
# (pytest-django's: database tests, then transactional ones, then the rest).
test: $(CHECKS) browser
	ALONGSIDE_ENV=test $(PY) -m pytest -n 2 --dist worksteal -q $(PYTEST_ARGS)

bench: $(VENV)/.dev-installed
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) data
