# Morgue — `make run` serves the archive on http://127.0.0.1:8000, `make test` runs every test.
VENV    ?= .venv
PY      := $(VENV)/bin/python
PYTHON  ?= python3
DATA    ?= data
export MORGUE_DATA_DIR ?= $(abspath $(DATA))
BIND    ?= 127.0.0.1:8000

.PHONY: run test stress test-solr solr schemathesis lint format bench clean setup

# axe-core for the browser tests' accessibility checks (pinned in package-lock.json).
node_modules/axe-core/axe.min.js: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

$(VENV)/.installed: requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed

$(MORGUE_DATA_DIR)/secret_key:
	mkdir -p $(MORGUE_DATA_DIR)
	$(PY) -c "import secrets; print(secrets.token_urlsafe(50))" > $@
	chmod 600 $@

run: $(VENV)/.installed $(MORGUE_DATA_DIR)/secret_key
	$(PY) manage.py migrate --noinput
	$(PY) manage.py collectstatic --noinput --verbosity 0
	$(PY) manage.py import_articles samples/articles/
	$(PY) manage.py reindex --if-needed
	$(PY) manage.py run_indexer --once
	BIND=$(BIND) $(VENV)/bin/gunicorn -c gunicorn.conf.py morgue.wsgi

test: $(VENV)/.installed node_modules/axe-core/axe.min.js
	$(VENV)/bin/pytest

stress: $(VENV)/.installed   # the long runs under tests/stress/ (minutes), not part of `make test`
	$(VENV)/bin/pytest -m stress tests/stress

test-solr: $(VENV)/.installed   # starts a real 2-node SolrCloud (Java 17 + Maven), tests it, stops it
	$(VENV)/bin/pytest -m solr tests/solr

solr: $(VENV)/.installed   # a 2-node SolrCloud, 2 shards x 2 replicas, on 127.0.0.1 until Ctrl-C
	$(PY) -m search.solr $(MORGUE_DATA_DIR)/solrcloud

schemathesis: $(VENV)/.installed   # a seeded schemathesis pass against a server on :8002 (~1 min)
	bash .ci/schemathesis

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

clean:
	rm -rf $(VENV) $(DATA) .pytest_cache test-output search/solr/target node_modules .venv-schemathesis
