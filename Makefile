# The proceedings: `make html`, `make test`. Each target sets up .venv itself, once.

# PYTHON empty: tools/find-python picks python3.11, 3.12, 3.13 or python3 (>= 3.11 with venv).
PYTHON      ?=
VENV        := .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
TEST_STAMP  := $(VENV)/.installed-test
# The accessibility tests' tools (axe-core, puppeteer-core, the Nu Html Checker), from npm.
BROWSER_TOOLS := tests/browser-tools
BROWSER_STAMP := $(BROWSER_TOOLS)/node_modules/.installed
SPHINXOPTS  ?= -W --keep-going -n
# Parallel HTML builds: Sphinx writes pages in N-1 worker processes while the main one resolves
# references, so one job more than cores keeps every core busy. Measured by bench/run.py against
# -j 1: never slower at 23, 100, 1,000 talks (34 s against 40 s at 1,000 on 2 cores).
JOBS        ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))
PARALLEL    ?= -j $(JOBS)
SPHINXBUILD := $(BIN)/sphinx-build
SOURCEDIR   := source
BUILDDIR    := build

.PHONY: help venv lock html latexpdf offprints epub livehtml test lint format clean \
	readthedocs-html readthedocs-pdf readthedocs-epub print-parallel

help:
	@echo "make html    build the site into $(BUILDDIR)/html (sets up $(VENV) first)"
	@echo "make latexpdf build the printed book, build/latex/proceedings.pdf"
	@echo "make offprints the book cut into one PDF per talk, under $(BUILDDIR)/pdf/"
	@echo "make offprints html  the site with the book and the offprints linked from every talk"
	@echo "make lock    re-resolve requirements*.txt from pyproject.toml (UPGRADE=1 for newer versions)"
	@echo "make test    run the whole test suite (lint, unit tests, real builds)"
	@echo "make clean   remove $(BUILDDIR)"

# The venv is rebuilt only when the pinned requirements or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || { python="$(PYTHON)"; [ -n "$$python" ] || python=$$(tools/find-python) || exit 2; \
		echo "$$python -m venv $(VENV)"; "$$python" -m venv $(VENV); }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

venv: $(STAMP)

# The lock: one requirements file that resolves on every Python >= 3.11 (uv's universal
# resolution, installed by plain pip). Keeps today's versions unless UPGRADE=1 or pyproject.toml asks.
UV_VERSION := 0.13.9
LOCK := UV_CUSTOM_COMPILE_COMMAND="make lock" $(BIN)/uv pip compile pyproject.toml --quiet --universal \
	--python-version 3.11 --fork-strategy fewest $(if $(UPGRADE),--upgrade)
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	$(LOCK) --extra live -o requirements.txt
	$(LOCK) --extra live --extra test -c requirements.txt -o requirements-test.txt

# The site. Doctrees live outside the published folder. The PDFs made by `make offprints`
# (under $(BUILDDIR)/pdf) are copied in and linked from the talk pages when they exist, and
# only then: a site built without them links no PDF.
html: $(STAMP)
	tools/install-system-packages html
	$(SPHINXBUILD) -b html -c . $(SOURCEDIR) $(BUILDDIR)/html -d $(BUILDDIR)/doctrees-html \
		-D proceedings_pdf_dir=$(abspath $(BUILDDIR))/pdf $(PARALLEL) $(SPHINXOPTS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

# npm's lock pins every package; --ignore-scripts: vnu-jar's would fetch a Java (Debian's is used).
$(BROWSER_STAMP): $(BROWSER_TOOLS)/package.json $(BROWSER_TOOLS)/package-lock.json
	npm ci --prefix $(BROWSER_TOOLS) --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

test: $(TEST_STAMP) lint
	tools/install-system-packages test
	$(MAKE) --no-print-directory $(BROWSER_STAMP)
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(BUILDDIR)

# The printed book: XeLaTeX via latexmk, Debian's TeX Live (installed by tools/ when missing).
# TeX runs paranoid: no shell escape, no reading dot files or absolute paths outside TeX's
# own trees, no writing outside build/latex, at most 15 minutes in all (each pass and the
# index have their own limits, and the extension guards every TeX run the same way:
# src/proceedings/tex_guard.py); build/latex is emptied first; `proceedings tex-report`
# then fails the build on a file TeX wrote or changed that it should not have, and names
# the page of any TeX error.
TEX_GUARD := openin_any=p openout_any=p shell_escape=f timeout 900

latexpdf: $(STAMP)
	tools/install-system-packages pdf
	if LC_ALL=C.UTF-8 grep -rqP '[\x{3040}-\x{30ff}\x{3400}-\x{4dbf}\x{4e00}-\x{9fff}]' $(SOURCEDIR); then \
		tools/install-system-packages cjk; fi
	if grep -qE '^language: *["'"'"']?fr' conference.yaml; then tools/install-system-packages french; fi
	rm -rf $(BUILDDIR)/latex
	$(TEX_GUARD) $(SPHINXBUILD) -M latexpdf $(SOURCEDIR) $(BUILDDIR) -c . $(SPHINXOPTS) \
		|| { $(BIN)/proceedings tex-report $(BUILDDIR)/latex; exit 1; }
	$(BIN)/proceedings tex-report $(BUILDDIR)/latex

# EPUB 3 for e-readers: formulas as SVG pictures (no JavaScript there), checked by epubcheck in the tests.
epub: $(STAMP)
	tools/install-system-packages epub
	$(TEX_GUARD) $(SPHINXBUILD) -b epub -c . $(SOURCEDIR) $(BUILDDIR)/epub -d $(BUILDDIR)/doctrees-epub \
		-D html_math_renderer=imgmath $(SPHINXOPTS)

# Live preview while editing: rebuilds on save and reloads the browser.
livehtml: $(STAMP)
	$(BIN)/sphinx-autobuild -c . $(SOURCEDIR) $(BUILDDIR)/livehtml $(SPHINXOPTS) --watch src

# One PDF per talk cut from the book, and the book itself, under $(BUILDDIR)/pdf/ in the site's
# layout (talks/<talk>.pdf beside each talk page) with offprints.json, the pages each talk
# occupies; `make html` publishes and links them.
offprints: latexpdf
	$(BIN)/proceedings offprints --project . --latex-dir $(BUILDDIR)/latex --out $(BUILDDIR)/pdf

# Read the Docs (.readthedocs.yaml): each format built, then copied where Read the Docs collects
# it, $$READTHEDOCS_OUTPUT/html/, pdf/ (one file) and epub/ (one file). Sphinx's .buildinfo
# (kept in $(BUILDDIR)/html for incremental builds) is not published.
RTD_OUTPUT = $(or $(READTHEDOCS_OUTPUT),$(error READTHEDOCS_OUTPUT is not set: these targets are Read the Docs' build jobs))
readthedocs-html:
	$(MAKE) offprints
	$(MAKE) html
	rm -rf "$(RTD_OUTPUT)/html" && mkdir -p "$(RTD_OUTPUT)/html"
	cp -R $(BUILDDIR)/html/. "$(RTD_OUTPUT)/html/"
	rm -f "$(RTD_OUTPUT)/html/.buildinfo" "$(RTD_OUTPUT)/html/.buildinfo.bak"

readthedocs-pdf:
	test -f $(BUILDDIR)/latex/proceedings.pdf || $(MAKE) latexpdf
	rm -rf "$(RTD_OUTPUT)/pdf" && mkdir -p "$(RTD_OUTPUT)/pdf"
	cp $(BUILDDIR)/latex/proceedings.pdf "$(RTD_OUTPUT)/pdf/"

readthedocs-epub:
	$(MAKE) epub
	rm -rf "$(RTD_OUTPUT)/epub" && mkdir -p "$(RTD_OUTPUT)/epub"
	cp $(BUILDDIR)/epub/*.epub "$(RTD_OUTPUT)/epub/"

# The parallel options `make html` uses, for bench/run.py.
print-parallel:
	@echo $(PARALLEL)
