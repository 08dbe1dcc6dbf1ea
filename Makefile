# Two commands: `make run` serves the forum, `make test` runs its tests. Both set up what they need.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The worker for the configured task queue: RQ's with REDIS_URL, else the database queue's.
WORKER ?= $(if $(REDIS_URL),rqworker default --with-scheduler,db_worker --no-reload)

.PHONY: run serve test lint format migrations-check bench install clean

$(STAMP): pyproject.toml
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "$(PYTHON) not found; run: make PYTHON=python3 $(MAKECMDGOALS)"; exit 1; }
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_seed
	$(BIN)/python manage.py render_pieces
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	@echo "To moderate: DJANGO_DEBUG=1 $(BIN)/python manage.py demo_accounts prints a moderator's and a reader's"
	@echo "  passwords (once); the moderator logs in at http://$(HOST):$(PORT)/admin/ (see README: Moderation)."
	@echo "Serving on http://$(HOST):$(PORT)/  (Ctrl-C stops it; the task worker stops with it)"
	@# The background worker (notifications, email) runs beside gunicorn and is stopped when gunicorn exits.
	export DJANGO_SECURE=$${DJANGO_SECURE:-0}; \
	$(BIN)/python manage.py $(WORKER) & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn forum.wsgi --config gunicorn.conf.py --bind $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: $(STAMP)
	$(BIN)/python manage.py makemigrations --check --dry-run

# A few minutes; not part of `make test`. DATABASE_URL=postgres://... measures PostgreSQL (in a scratch database).
$(VENV)/.bench-installed: $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,bench]'
	touch $@

bench: $(VENV)/.bench-installed
	@command -v wrk >/dev/null 2>&1 || echo "wrk not found (apt-get install wrk): the HTTP figures use a small Python client"
	$(BIN)/python -m bench.run $(BENCH_ARGS)
	$(BIN)/python -m bench.search

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
