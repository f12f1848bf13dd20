# Thin aliases: every target creates .venv/ and installs the locked dependencies first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export NO_MKDOCS_2_WARNING := 1

.PHONY: serve test build check clean lock publish

$(STAMP): requirements.lock pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.lock
	$(BIN)/python -m pip install --quiet --no-deps -e .
	# Material prints its end-of-life notice (May 2027, see README) on every `mkdocs` run of this
	# venv, also when called directly: once is in the README, not in every build's output.
	echo 'import os; os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")' \
		> "$$($(BIN)/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')/pst-material-notice.pth"
	touch $(STAMP)

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

# The data (pst check), the types (mypy) and the lint (ruff): all three clean before a push.
check: $(STAMP)
	$(BIN)/pst check
	$(BIN)/mypy
	$(BIN)/ruff check

# Every tier but the bench; the summary gives each tier's time (fast, golden, builds+browser).
test: $(STAMP) browser-deps document-deps
	$(BIN)/python -m pytest

# After an intended change of the markup: rewrite tests/golden/ (review with git diff, commit).
.PHONY: golden bench-smoke
golden: $(STAMP)
	PST_UPDATE_GOLDEN=1 $(BIN)/python -m pytest -m golden -q

# The benchmark at its smallest size, once (the test `make test` leaves out; about a minute).
bench-smoke: $(STAMP)
	$(BIN)/python -m pytest -m bench -q

# Re-pin every dependency (run after changing pyproject.toml, commit requirements.lock).
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet ".[test,dev]"
	.lock-venv/bin/pip freeze --exclude pst-site > requirements.lock
	rm -rf .lock-venv

clean:
	rm -rf site .venv .pytest_cache

publish: $(STAMP) document-deps
	$(BIN)/pst publish

# WeasyPrint (pst document, the PDFs that pst publish adds to the site) draws text with Pango
# and the DejaVu fonts (Debian packages); the tests read the PDFs back with pdftotext.
.PHONY: document-deps
document-deps:
	command -v pdftotext >/dev/null && ldconfig -p | grep -q libpangoft2-1.0 && test -d /usr/share/fonts/truetype/dejavu || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core poppler-utils)

# What the browser and publishing tests need besides .venv: Debian's Chromium and nginx
# (the tested intranet example), and axe-core from the npm registry.
.PHONY: browser-deps
browser-deps:
	command -v chromium >/dev/null && command -v nginx >/dev/null || (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium nginx-light)
	test -d tests/browser/node_modules/axe-core || npm ci --prefix tests/browser --no-audit --no-fund

# Screenshots of the demo site (home, a fiche action, the dashboard, an OS page) for the README: 1280x900 PNGs
# taken by Debian's Chromium in docs/assets/captures/ (commit them after checking them).
.PHONY: screenshots
screenshots: $(STAMP) browser-deps
	$(BIN)/python tests/browser/screenshots.py docs/assets/captures

# Build speed and scale on synthetic plans (see bench/README.md): make bench SIZES=162,1620
.PHONY: bench
bench: $(STAMP)
	SIZES="$(or $(SIZES),162,1620,16200)" $(BIN)/python bench/run.py

# Regenerate what is derived from the sources and committed: the JSON Schemas of the data files
# (from macros/model.py) and the templates of `pst new` (from mkdocs.yml, docs/, overrides/).
.PHONY: generated
generated: $(STAMP)
	$(BIN)/pst schema
	$(BIN)/python -m macros.scaffold --sync
