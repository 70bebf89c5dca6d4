# ictteam: two commands for a newcomer, `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export DEBUG ?= 1

.PHONY: install db run worker static setup test test-fast lint format bench clean debian-deps pdf-deps messages translations

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the project needs beside Python. For the PDFs (`make run`, `make bench`,
# the tests): a font, and HarfBuzz's subsetter, with which WeasyPrint embeds only the
# glyphs a PDF uses (without it WeasyPrint falls back to fontTools: a role description
# took 0.36 s instead of 0.10). For the tests also Chromium, for the browser tests
# (Playwright cannot download its own browser here).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
define debian_install
	@missing=""; \
	if [ "$(1)" = test ]; then test -x /usr/bin/chromium || missing="$$missing chromium"; fi; \
	fc-list 2>/dev/null | grep -qi dejavu || missing="$$missing fonts-dejavu-core"; \
	{ ldconfig -p 2>/dev/null || /sbin/ldconfig -p 2>/dev/null; } | grep -q libharfbuzz-subset || missing="$$missing libharfbuzz-subset0"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing$$missing"; \
	  $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	fi
endef

pdf-deps:
	$(call debian_install,pdf)

debian-deps:
	$(call debian_install,test)

# The database with the catalogue: migrations, then the Appendix 1 workbook.
db: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py import_tasks fixtures/ict-task-overview.xlsx

setup: db
	$(BIN)/python manage.py seed_demo

# The server and, beside it, the worker that runs background jobs (bulk document exports,
# large imports) from the database; stopping the server stops the worker (and the child
# its autoreloader runs). `make run PORT=8080` when 8000 is taken.
PORT ?= 8000
run: setup static pdf-deps
	@$(BIN)/python manage.py db_worker & worker=$$!; \
	trap 'pkill -P $$worker 2>/dev/null; kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# A worker on its own (README, "Deployment"): the database's, or Redis's with
# JOBS_BACKEND=redis.
worker: install
	@if [ "$${JOBS_BACKEND:-database}" = redis ]; then \
	  $(BIN)/python manage.py rqworker --job-class django_tasks_rq.Job default; \
	else \
	  $(BIN)/python manage.py db_worker; \
	fi

# With DEBUG off the pages name the hashed files collectstatic writes: no page renders
# before it has run.
static: install
	$(BIN)/python manage.py collectstatic --noinput -v 0

# In parallel, one worker per core; a test module stays on one worker, so fixtures it
# shares (the demo) are built once.
PYTEST := $(BIN)/python -m pytest -q -n auto --dist loadfile

test: install debian-deps
	$(PYTEST)

test-fast: install
	$(PYTEST) -m "not browser and not slow"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# Translations (README, "Languages"): `make messages` gathers every marked string into
# locale/nl/LC_MESSAGES/django.po; translate what is new or fuzzy there, then
# `make translations` compiles django.mo. Commit both files.
MESSAGES_IGNORE := --ignore=.venv --ignore=tests --ignore=staticfiles --ignore=node_modules
messages: install
	$(BIN)/python manage.py makemessages -l nl --add-location=file $(MESSAGES_IGNORE)

translations: install
	$(BIN)/python manage.py compilemessages -l nl $(MESSAGES_IGNORE)

# A group of 100 schools, 2,000 people and 30,000 assignments, measured page by page
# (README, "Performance"); nothing is kept. Several minutes. Measured as production runs:
# DEBUG off (no query log, the hashed static files collectstatic writes), with a key of
# its own; nothing is served, so the host and the HTTPS redirect are the bench's own.
bench: export DEBUG = 0
bench: export SECRET_KEY = $(shell $(PYTHON) -c 'import secrets; print(secrets.token_urlsafe(50))')
bench: db static pdf-deps
	$(BIN)/python manage.py bench --schools 100 --people 2000 --assignments 30000
	$(BIN)/python -m overview.bench.export --schools 100 --people 2000 --assignments 30000 --workers 2
	$(BIN)/python -m overview.bench.load

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
