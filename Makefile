# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: install run test lint format messages check-messages screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstalls only when the lock file changes.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	touch $@

install: $(VENV)/.installed

run: install
	$(MANAGE) migrate --noinput
	$(MANAGE) compile_translations
	$(MANAGE) load_demo_content
	$(MANAGE) create_dev_admin
	PORT=$(PORT) $(MANAGE) runserver 127.0.0.1:$(PORT)

test: install
	$(MANAGE) compile_translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# Regenerate the .po files from the code and templates (needs GNU gettext).
messages: install
	$(MANAGE) makemessages -l sv -l en --no-obsolete --no-location --ignore=.venv
	$(MANAGE) compile_translations

# Fails if a .po file is out of date, or has untranslated or fuzzy entries.
check-messages: install
	$(BIN)/python scripts/check_translations.py

# Screenshots of every public page type at desktop and mobile width, into screenshots/.
screenshots: install
	$(MANAGE) compile_translations
	SCREENSHOTS_DIR=screenshots $(BIN)/python -m pytest tests/browser/test_screenshots.py -q
