# Two commands for a fresh machine with Python 3.11 and pip:
#   make run    the app at http://127.0.0.1:8000 with demo data (SQLite, no other server)
#   make test   lint, migration and type checks and the whole test suite (browser tests included)

VENV   ?= .venv
PY     := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)

.PHONY: run test lint browser bench clean

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

lint: $(VENV)/.dev-installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	ALONGSIDE_ENV=test $(PY) manage.py makemigrations --check --dry-run
	ALONGSIDE_ENV=test $(VENV)/bin/mypy alongside

test: lint browser
	ALONGSIDE_ENV=test $(PY) -m pytest -n 2 --dist loadfile -q

bench: $(VENV)/.dev-installed
	$(PY) -m bench.run

clean:
	rm -rf $(VENV) data
