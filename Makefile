# The two commands: `make run` starts the demo, `make test` runs everything CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
PORT ?= 8000
# Base of the links in e-mails: the address `make run` serves on, unless set in the environment.
SITE_URL ?= http://127.0.0.1:$(PORT)
# mypy checks all application code (configured in pyproject.toml; migrations excluded).
TYPED := werkcoach cases trajecten rapportage uitwisseling api privacy demo scripts
# Production-like environment for `check --deploy` (values only for the check, never used to serve).
DEPLOY_ENV := DJANGO_ENV=production ALLOWED_HOSTS=werkcoach.example \
	SECRET_KEY=check-deploy-only-0123456789abcdefghijklmnopqrstuvwxyz-ABCDEFGHIJ

.PHONY: run test security install lint format migrate demo worker beat lock clean system-packages

$(BIN)/.installed: requirements.lock
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --disable-pip-version-check -r requirements.lock
	touch $@

install: $(BIN)/.installed

system-packages:
	./scripts/system-packages.sh

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py demo_data

run: demo
	@echo "werkcoach draait op http://127.0.0.1:$(PORT)/ (stoppen met Ctrl+C)"
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy $(TYPED)
	$(PY) scripts/lagen.py
	$(PY) scripts/omvang.py

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

test: install system-packages lint security
	$(PY) manage.py makemigrations --check --dry-run
	$(DEPLOY_ENV) $(PY) manage.py check --deploy --fail-level WARNING
	$(BIN)/pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory test-klok

# The suite again with the clock at the edges where dates break: New Year's Eve 23:30, New
# Year's night, and the nights the clocks go forward and back in Europe/Amsterdam (local times;
# the clock ticks on from there). Browser, worker and production tests run once, above.
KLOK_RANDEN ?= 2026-12-31T23:30 2027-01-01T00:30 2027-03-28T02:30 2026-10-25T02:30
# Each run spreads the tests over this many processes (pytest-xdist; each has its own test
# database), so the four runs take about half as long on the two-core CI machines.
KLOK_PROCESSEN ?= 2
.PHONY: test-klok
test-klok: install
	@for klok in $(KLOK_RANDEN); do \
	  echo "== pytest met de klok op $$klok"; \
	  WERKCOACH_TEST_KLOK=$$klok $(BIN)/pytest -q -n $(KLOK_PROCESSEN) \
	    -m "not browser and not integration and not productie" || exit 1; \
	done

# Known vulnerabilities in the pinned dependencies (pip-audit: a known vulnerability fails the
# build) and in our code (bandit: medium and high severity fail; configured in pyproject.toml).
# Not --strict: where PyPI's per-release JSON API cannot be reached (as on the development
# machines' package mirror) pip-audit lists the packages it could not check instead of failing.
security: install
	$(BIN)/pip-audit --progress-spinner off --no-deps --disable-pip -r requirements.lock
	$(BIN)/bandit -q -c pyproject.toml -r . --severity-level medium

worker: install
	$(BIN)/celery -A werkcoach worker --loglevel=INFO

beat: install
	$(BIN)/celery -A werkcoach beat --loglevel=INFO

# Re-pin every dependency after changing pyproject.toml.
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet --disable-pip-version-check '.[dev]'
	.lockenv/bin/pip freeze --exclude-editable | grep -v '^werkcoach' > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# Latency and throughput of the main pages on a throw-away database (see benchmarks/README.md).
# RESIDENTS=5000 for a bigger data set; BENCH_ARGS="--database-url postgres://..." for PostgreSQL.
RESIDENTS ?= 500
.PHONY: bench
bench: install
	$(PY) benchmarks/pages.py --residents $(RESIDENTS) $(BENCH_ARGS)

# Regional scale (issue 12; see benchmarks/README.md): fill a PostgreSQL database with 100,000
# residents over five gemeenten, then measure it next to a small one through gunicorn.
# DATABASE_URL names the server; FILL_ARGS="--inwoners 2000 --naam ..." for a smaller fill.
.PHONY: bench-fill bench-scale
bench-fill: install
	$(PY) benchmarks/vullen.py $(FILL_ARGS)
bench-scale: install
	$(PY) benchmarks/schaal.py $(SCALE_ARGS)
