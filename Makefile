# The proceedings: `make html`, `make test`. Each target sets up .venv itself, once.

PYTHON      ?= python3.11
VENV        := .venv
BIN         := $(VENV)/bin
STAMP       := $(VENV)/.installed
TEST_STAMP  := $(VENV)/.installed-test
SPHINXOPTS  ?= -W --keep-going -n
SPHINXBUILD := $(BIN)/sphinx-build
SOURCEDIR   := source
BUILDDIR    := build

.PHONY: help venv html latexpdf offprints epub livehtml system-packages test lint format clean

help:
	@echo "make html    build the site into $(BUILDDIR)/html (sets up $(VENV) first)"
	@echo "make latexpdf build the printed book, build/latex/proceedings.pdf"
	@echo "make offprints the book cut into one PDF per talk, under build/html/pdf/"
	@echo "make test    run the whole test suite (lint, unit tests, real builds)"
	@echo "make clean   remove $(BUILDDIR)"

# The venv is rebuilt only when the pinned requirements or the package metadata change.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

$(TEST_STAMP): $(STAMP) requirements-test.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	touch $@

venv: $(STAMP)

html: $(STAMP)
	$(SPHINXBUILD) -b html -c . $(SOURCEDIR) $(BUILDDIR)/html $(SPHINXOPTS)

lint: $(TEST_STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

test: $(TEST_STAMP) system-packages lint
	$(BIN)/python -m pytest $(PYTEST_ARGS)

clean:
	rm -rf $(BUILDDIR)

# The printed book: XeLaTeX via latexmk, Debian's TeX Live (installed by tools/ when missing).
# TeX runs paranoid: no shell escape, no reading dot files or absolute paths outside TeX's
# own trees, no writing outside build/latex, at most 15 minutes; and build/latex is
# emptied first, so nothing a page made TeX write survives into the next build.
TEX_GUARD := openin_any=p openout_any=p shell_escape=f timeout 900

latexpdf: $(STAMP) system-packages
	rm -rf $(BUILDDIR)/latex
	$(TEX_GUARD) $(SPHINXBUILD) -M latexpdf $(SOURCEDIR) $(BUILDDIR) -c . $(SPHINXOPTS)

# EPUB 3 for e-readers: formulas as SVG pictures (no JavaScript there), checked by epubcheck in the tests.
epub: $(STAMP) system-packages
	$(SPHINXBUILD) -b epub -c . $(SOURCEDIR) $(BUILDDIR)/epub -d $(BUILDDIR)/doctrees-epub \
		-D html_math_renderer=imgmath $(SPHINXOPTS)

# Live preview while editing: rebuilds on save and reloads the browser.
livehtml: $(STAMP)
	$(BIN)/sphinx-autobuild -c . $(SOURCEDIR) $(BUILDDIR)/livehtml $(SPHINXOPTS) --watch src

system-packages:
	tools/install-system-packages

# One PDF per talk, cut from the book, and the book itself, under build/html/pdf/ (linked from every talk page).
offprints: latexpdf
	$(BIN)/proceedings offprints --project . --latex-dir $(BUILDDIR)/latex --out $(BUILDDIR)/html/pdf
