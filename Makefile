# Two commands do everything: `make run` and `make test`. Other targets are helpers for developers.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
export DJANGO_SETTINGS_MODULE := config.settings

.PHONY: run test install install-test lint format check messages bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Re-install only when pyproject.toml changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet ".[test]"
	touch $(VENV)/.installed $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

# Links in emails and the calendar feed point at this server: honcho gives each process a PORT
# of its own, so SITE_URL passes the web server's on.
run: export DEBUG ?= true
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo_data
	$(BIN)/python manage.py prepare_broker
	@echo
	@echo "  Kommune-IT runs at http://localhost:$${PORT:-8000}/app/  (Wagtail admin: /cms/, Django admin: /django-admin/)"
	@echo "  Ctrl-C stops the web server, the Celery worker and beat."
	@echo
	PORT=$${PORT:-8000} SITE_URL=$${SITE_URL:-http://localhost:$${PORT:-8000}} \
		$(BIN)/honcho start -f config/Procfile -d .

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-test
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: install-test
	$(BIN)/python manage.py check --fail-level WARNING
	$(BIN)/python manage.py makemigrations --check --dry-run
	DEBUG=false SECURE=true SECRET_KEY=$$($(BIN)/python -c 'import secrets;print(secrets.token_urlsafe(50))') \
		ALLOWED_HOSTS=kommune-it.example.dk SITE_URL=https://kommune-it.example.dk \
		$(BIN)/python manage.py check --deploy --fail-level WARNING

test: lint check
	$(BIN)/python -m pytest

# Developers with GNU gettext: refresh the catalogues after changing translatable strings.
messages: install-test
	$(BIN)/python manage.py makemessages -l da -l en --ignore=.venv --ignore=var
	$(BIN)/python manage.py compilemessages --ignore=.venv

bench: install-test
	@for script in bench/*.py; do echo "== $$script"; $(BIN)/python $$script || exit 1; done

clean:
	rm -rf $(VENV) var
