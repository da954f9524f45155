# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 5000
FLASK := $(BIN)/flask --app app

.PHONY: run test install install-test translations bench lint migration messages clean assets

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstall only when the dependency list changes.
$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

install: $(VENV)/.installed translations

install-test: $(VENV)/.installed-test translations

# Catalogues are compiled at install time, never committed as binaries.
translations: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d juror_app/translations

run: install
	$(FLASK) db upgrade
	$(FLASK) demo --if-empty
	@echo ""
	@echo "  Juror app: http://127.0.0.1:$(PORT)"
	@$(FLASK) demo --logins
	@echo ""
	@# Mails go out from a thread of this process (printed here without JUROR_MAIL_HOST).
	JUROR_MAIL_THREAD=$${JUROR_MAIL_THREAD:-true} $(FLASK) run --host 127.0.0.1 --port $(PORT)

test: install-test node_modules/.package-lock.json
	node --test tests/js/*.test.js
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# The offline outbox's unit tests run in node with fake-indexeddb (package-lock.json).
node_modules/.package-lock.json: package-lock.json
	npm ci --no-audit --no-fund

# The offline app's bundle (static/dist/, esbuild from npm) is committed, so `make run` and a
# server need no node; after editing static/js or static/css run this and commit the result
# (tests/pwa/test_bundle.py fails while it is stale).
assets: node_modules/.package-lock.json
	npm run -s build

bench: install-test
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/lint-imports

# Autogenerate a migration after a model change: make migration m="what changed"
migration: install
	$(FLASK) db migrate -m "$(m)"

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache

# Refresh the English catalogue after marking new strings (msgids are Polish).
# Keywords: _ gettext ngettext N_ are Babel defaults (N_ from juror_app/core/text.py), plus the
# lazy ones. The template is a by-product in a private temp file (two runs at once must
# not share one), never committed.
messages: install
	@pot=$$(mktemp "$${TMPDIR:-/tmp}/juror_app-messages.XXXXXX") && \
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k N_ \
		-k _l -k lazy_gettext -k lazy_ngettext:1,2 --no-wrap --sort-by-file \
		--project juror-app -o $$pot . && \
	$(BIN)/pybabel update -i $$pot -d juror_app/translations -l en --no-wrap --ignore-obsolete; \
	status=$$?; rm -f $$pot; exit $$status
	$(BIN)/pybabel compile --statistics -d juror_app/translations
