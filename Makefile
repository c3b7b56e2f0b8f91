# Two commands do all the set-up on a fresh machine with Python 3.11+ and make:
#   make serve   - create .venv, install, and serve the site with live reload
#   make test    - create .venv, install, and run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

# Reproducible builds: the sitemap's dates come from the last commit, not the clock.
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null)
ifneq ($(strip $(SOURCE_DATE_EPOCH)),)
export SOURCE_DATE_EPOCH
endif

.PHONY: serve test test-all build deploy validate new-meeting schema clean lock lock-upgrade i18n-update i18n-status

# The site's languages: English at the root (mkdocs.yml), the others under /<code>/ (mkdocs.<code>.yml).
LANGUAGES := ja ru
LOCALES   := hooks/cajd/locale

# Installs exactly the versions in requirements.txt (the lock file, with hashes), then this
# project itself without touching them. pyproject.toml says what we need; `make lock` pins it.
$(STAMP): pyproject.toml requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

# `make lock` after editing the dependencies in pyproject.toml: pins what changed, keeps the rest;
# `make lock-upgrade` moves every package to its newest version that pyproject.toml allows.
PIP_COMPILE = CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/pip-compile --quiet --generate-hashes \
	--allow-unsafe --extra test --build-deps-for editable --strip-extras \
	--no-emit-index-url --no-emit-find-links -o requirements.txt pyproject.toml
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(PIP_COMPILE)
lock-upgrade: $(STAMP)
	$(BIN)/python -m pip install --quiet pip-tools
	$(PIP_COMPILE) --upgrade

# `make serve` serves English; `make serve LANG=ja` (or ru) serves that language alone, at /cajd-site/ja/.
# SERVE_ADDR=127.0.0.1:8001 serves on another port.
SERVE_ADDR ?= 127.0.0.1:8000
# MkDocs serves from a temporary folder whose every file a rebuild deletes and writes again: in memory (/dev/shm) where
# there is one, which a busy disk does not slow down. SERVE_TMPDIR= (empty) keeps the system's temporary folder.
SERVE_TMPDIR ?= $(shell test -d /dev/shm -a -w /dev/shm && echo /dev/shm)
serve: $(STAMP)
	$(if $(SERVE_TMPDIR),TMPDIR=$(SERVE_TMPDIR) )$(BIN)/mkdocs serve --livereload --dev-addr $(SERVE_ADDR) $(if $(filter $(LANGUAGES),$(LANG)),-f mkdocs.$(LANG).yml)

# On every core (pytest-xdist), tests handed out one by one (--dist worksteal: each worker starts on its share of the
# files in order; one that runs out takes half of what another has left), so the cores end together. What several
# tests read is made once per run whichever worker asks first (tests/conftest.py made_once). A line per test file.
test: $(STAMP)
	$(BIN)/python -m pytest -n auto --dist worksteal

# The same, with the checks that depend on a page's template (axe, the layout at 375 px, English text on translated
# pages) on every page of every site instead of one page of every kind (EVERY_PAGE in tests/conftest.py).
test-all: $(STAMP)
	CAJD_TEST_ALL=1 $(BIN)/python -m pytest -n auto --dist worksteal

# All three languages into site/, site/ja/ and site/ru/, built side by side (python -m cajd build-all).
build: $(STAMP)
	$(BIN)/python -m cajd build-all

# Builds the site and pushes it to the gh-pages branch (GitHub Pages without Actions).
deploy: $(STAMP)
	$(BIN)/mkdocs gh-deploy --strict

validate: $(STAMP)
	$(BIN)/python -m cajd validate

# make new-meeting DATE=2026-05-20 CITY=Astana COUNTRY=kz [KIND=summit|special] [FORMAT=video]
new-meeting: $(STAMP)
	$(BIN)/python -m cajd new-meeting --date "$(DATE)" --country "$(COUNTRY)" \
		$(if $(CITY),--city "$(CITY)") $(if $(KIND),--kind "$(KIND)") $(if $(FORMAT),--format "$(FORMAT)")

# Writes data/schema/ again from the models.
schema: $(STAMP)
	$(BIN)/python -m cajd schema

# Bring the interface catalogs up to date with the code and templates (babel.cfg says where the text is):
# new messages arrive untranslated and the build stops until they are translated.
i18n-update: $(STAMP)
	$(BIN)/pybabel extract -F babel.cfg -k N_ --add-location=file --sort-by-file --no-wrap \
		--project=cajd-site --msgid-bugs-address=https://github.com/cajd/cajd-site/issues -o $(LOCALES)/messages.pot .
	for lang in $(LANGUAGES); do \
		$(BIN)/pybabel update -i $(LOCALES)/messages.pot -d $(LOCALES) -l $$lang --init-missing --no-wrap --ignore-obsolete --no-fuzzy-matching || exit 1; \
	done

# How much of data/ each language translates, per file.
i18n-status: $(STAMP)
	$(BIN)/python -m cajd i18n-status

clean:
	rm -rf site $(VENV)
