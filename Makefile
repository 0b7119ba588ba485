# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
MANAGE := $(BIN)/python manage.py

.PHONY: install run serve test lint format messages check-messages bench bench-quick \
	backup restore loadtest faulttest screenshots

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

# The production configuration (gunicorn, WhiteNoise, PostgreSQL) on loopback.
SERVE_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/kp
SERVE_ENV = DJANGO_SETTINGS_MODULE=icld_site.settings.production \
	DATABASE_URL=$${DATABASE_URL:-$(SERVE_DATABASE_URL)} \
	SECRET_KEY=$${SECRET_KEY:-local-serve-$$(hostname)-not-for-the-internet} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} \
	SECURE_SSL_REDIRECT=0 SECURE_COOKIES=0 \
	EMAIL_BACKEND=$${EMAIL_BACKEND:-django.core.mail.backends.console.EmailBackend}
# The mail worker runs beside gunicorn and stops with it.
serve: install
	psql -h 127.0.0.1 -U postgres -tc "SELECT 1 FROM pg_database WHERE datname='kp'" | grep -q 1 \
		|| psql -h 127.0.0.1 -U postgres -c "CREATE DATABASE kp"
	$(SERVE_ENV) $(MANAGE) migrate --noinput
	$(SERVE_ENV) $(MANAGE) compile_translations
	$(SERVE_ENV) $(MANAGE) collectstatic --noinput -v0
	$(SERVE_ENV) $(MANAGE) load_demo_content
	$(SERVE_ENV) $(MANAGE) db_worker --backend mail --no-reload & worker=$$!; \
		trap 'kill $$worker' EXIT; \
		$(SERVE_ENV) $(BIN)/gunicorn icld_site.wsgi -c gunicorn.conf.py

test: install
	$(MANAGE) compile_translations
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check templates
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .
	$(BIN)/djhtml templates

# Regenerate the .po files from the code and templates (needs GNU gettext).
messages: install
	$(MANAGE) makemessages -l sv -l en --no-obsolete --no-location --ignore=.venv \
		--ignore=node_modules --ignore=staticfiles --ignore=media
	$(MANAGE) makemessages -d djangojs -l sv -l en --no-obsolete --no-location --ignore=.venv \
		--ignore=node_modules --ignore=staticfiles --ignore=media
	$(MANAGE) compile_translations

# Fails if a .po file is out of date, or has untranslated or fuzzy entries.
check-messages: install
	$(BIN)/python scripts/check_translations.py

# Throughput, latency, SQL queries, page weight and worker memory of the production
# configuration with 10,000 and 100,000 synthetic partnerships (about 15 minutes). Installs
# nothing: needs PostgreSQL, Redis and wrk (see the README). Figures in bench/results.json.
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# A smoke run of the same: small data, 2 seconds per page.
bench-quick: install
	$(BIN)/python bench/run.py --quick $(BENCH_ARGS)

# PostgreSQL dump (custom format) and a tar of MEDIA_ROOT into backups/<UTC timestamp>/.
backup:
	DATABASE_URL=$${DATABASE_URL:-$(SERVE_DATABASE_URL)} scripts/backup.sh backup $(BACKUP)

# Into the EMPTY database named by DATABASE_URL (required), then the media into MEDIA_ROOT.
restore:
	@test -n "$(BACKUP)" || { echo "usage: DATABASE_URL=postgres://... make restore BACKUP=backups/<timestamp>"; exit 2; }
	@test -n "$$DATABASE_URL" || { echo "make restore: set DATABASE_URL to an empty database"; exit 2; }
	scripts/backup.sh restore $(BACKUP)

# The production configuration under load (not part of `make test`); see scripts/loadtest.sh.
loadtest: install
	PYTHON=$(BIN)/python scripts/loadtest.sh

# The production configuration under load while Redis, then PostgreSQL, is cut off for 10 s
# each (not part of `make test`; needs PostgreSQL, Redis and wrk); see scripts/faulttest.py.
faulttest: install
	$(MANAGE) compile_translations
	PYTHON=$(BIN)/python $(BIN)/python scripts/faulttest.py

# Screenshots of every public page type at desktop and mobile width, into screenshots/.
screenshots: install
	$(MANAGE) compile_translations
	SCREENSHOTS_DIR=screenshots $(BIN)/python -m pytest tests/browser/test_screenshots.py -q
