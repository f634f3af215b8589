# careerguide: `make run` serves the site, `make test` runs the whole suite.
# Both create .venv with a Python 3.12+ found by running it (see bin/find-python).

PORT ?= 8000
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
# The official wage estimates the product ships (BLS OEWS May 2025, national, state and metro).
OEWS_FILES := fixtures/oews/oews_may2025_national.csv.gz fixtures/oews/oews_may2025_state.csv.gz fixtures/oews/oews_may2025_metro.csv.gz
# BLS Employment Projections 2024-34 (tables 1.2 and 1.12) and the 2018 SOC's definitions.
PROJECTIONS := fixtures/projections/ep_2024_34_table_1_2_projections_and_characteristics.csv.gz
REASONS := fixtures/projections/ep_2024_34_table_1_12_utilization_factors.csv.gz
SOC_DEFINITIONS := fixtures/soc/soc_2018_definitions.csv.gz
# O*NET 30.1: crosswalk, occupations, tasks, titles, technology and tools, job zones, education,
# Bright Outlook, related occupations, interests and work styles; O*NET 29's skills and
# knowledge (30.1's are not available).
ONET := fixtures/onet
ONET_SKILLS := fixtures/onet_skills_29
CLUSTERS := fixtures/onet/career_clusters_legacy_2023.csv.gz

.PHONY: run serve test lint audit check-reliability screenshots backup restore install lock clean

run: $(STAMP)
	DEBUG=True $(PY) manage.py migrate --no-input
	DEBUG=True $(PY) manage.py import_oews --published 2026-05-15 $(OEWS_FILES)
	DEBUG=True $(PY) manage.py import_projections --published 2025-08-28 --reasons $(REASONS) $(PROJECTIONS)
	DEBUG=True $(PY) manage.py import_soc $(SOC_DEFINITIONS)
	DEBUG=True $(PY) manage.py import_onet $(ONET)
	DEBUG=True $(PY) manage.py import_onet_traits $(ONET) $(ONET_SKILLS)
	DEBUG=True $(PY) manage.py import_career_clusters $(CLUSTERS)
	DEBUG=True $(PY) manage.py sync_careers
	DEBUG=True $(PY) manage.py load_guides
	DEBUG=True $(PY) manage.py runserver 127.0.0.1:$(PORT)

# The site as in production: DEBUG off, gunicorn, compressed and hashed static files. Needs
# SECRET_KEY and ALLOWED_HOSTS; uses DATABASE_URL and REDIS_URL when set (see README.md).
serve: export DEBUG := False
serve: $(STAMP)
	$(PY) -m careerguide.production
	$(PY) manage.py migrate --no-input
	$(PY) manage.py import_oews --published 2026-05-15 $(OEWS_FILES)
	$(PY) manage.py import_projections --published 2025-08-28 --reasons $(REASONS) $(PROJECTIONS)
	$(PY) manage.py import_soc $(SOC_DEFINITIONS)
	$(PY) manage.py import_onet $(ONET)
	$(PY) manage.py import_onet_traits $(ONET) $(ONET_SKILLS)
	$(PY) manage.py import_career_clusters $(CLUSTERS)
	$(PY) manage.py sync_careers
	$(PY) manage.py load_guides
	$(PY) manage.py collectstatic --no-input --verbosity 0
	PORT=$(PORT) $(VENV)/bin/gunicorn --config careerguide/gunicorn.py careerguide.wsgi

# The browser tests run on their own: on PostgreSQL, a database connection opened after
# Playwright starts in the same process outlives the test database and blocks its teardown.
# With TEST_REDIS_URL set (redis://127.0.0.1:6379/15), every test's cache is that Redis.
test: $(STAMP)
	$(PY) -m pytest -m "not e2e"
	$(PY) -m pytest -m e2e

# Style and mistakes a linter sees (ruff, configured in pyproject.toml).
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

# Known vulnerabilities in the pinned dependencies (pip-audit); see bin/audit-dependencies.
audit: $(STAMP)
	$(PY) bin/audit-dependencies

# Fault injection (bench/faults.py): under load on gunicorn, Redis is killed, then hung, then
# PostgreSQL restarted, then slowed down (all throwaway, on ports of their own); fails on a 500,
# no recovery, a hang or a cost per request beyond its bounds. CI runs it (.ci/run).
check-reliability: $(STAMP)
	$(PY) bench/faults.py

# Full-page screenshots of every page type: phone and desktop, light and dark (bin/screenshots).
screenshots: $(STAMP)
	$(PY) bin/screenshots --out screenshots/

# A complete copy of the database (DATABASE_URL, else db.sqlite3) in backups/ (see README.md).
backup: $(STAMP)
	$(PY) manage.py backup

# Replace ALL data with a backup's, after asking: make restore FILE=backups/careerguide-....dump
restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/careerguide-<date>.dump" >&2; exit 2; }
	$(PY) manage.py restore "$(FILE)"

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@test -x $(PY) || { python=$$(sh bin/find-python) && "$$python" -m venv $(VENV); }
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

# Pin every dependency (direct and indirect) from pyproject.toml into requirements.lock.
lock: $(STAMP)
	$(PY) -m pip install --quiet pip-tools
	$(PY) -m piptools compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --extra test --output-file requirements.lock pyproject.toml

clean:
	rm -rf $(VENV) staticfiles
