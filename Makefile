# One command each: `make deck` (environment + lecture deck), `make test`.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

# Debian packages: fonts the themes name (or metric-compatible equivalents),
# a CJK font, emoji fonts (Symbola's outlines draw in LibreOffice's PDFs and in
# charts; Noto Color Emoji for viewers that draw colour), LibreOffice Impress for
# previews (with its Python bridge, which `deckgen serve` drives), poppler for PNG pages,
# Chromium and its driver for the browser tests of `deckgen serve`, pandoc for the benchmarks
# and the import tests.
FONT_PKGS := libcairo2 fontconfig fonts-dejavu-core fonts-liberation2 fonts-crosextra-carlito \
             fonts-crosextra-caladea fonts-noto-cjk fonts-noto-color-emoji fonts-symbola
RENDER_PKGS := libreoffice-impress python3-uno poppler-utils libcairo2
BROWSER_PKGS := chromium chromium-driver
BENCH_PKGS := pandoc

.PHONY: deck test lint bench preview env system-fonts system-render system-browser system-bench \
        clean

deck: env system-fonts
	$(BIN)/deckgen build content/lecture/deck.yaml -o build/lecture.pptx

env: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

# apt only when something is missing, so a prepared machine is not slowed down.
system-fonts:
	@fc-list 2>/dev/null | grep -q Carlito && fc-list | grep -q 'Noto Sans CJK' \
	  && fc-list | grep -q Caladea && fc-list | grep -q 'Liberation Sans' \
	  && fc-list | grep -q 'Noto Color Emoji' && fc-list | grep -q Symbola \
	  || ./.ci/apt-install $(FONT_PKGS)

system-render: system-fonts
	@command -v soffice >/dev/null && command -v pdftoppm >/dev/null \
	  && /usr/bin/python3 -c 'import uno' 2>/dev/null \
	  || ./.ci/apt-install $(RENDER_PKGS)

system-browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null \
	  || ./.ci/apt-install $(BROWSER_PKGS)

system-bench:
	@command -v pandoc >/dev/null || ./.ci/apt-install $(BENCH_PKGS)

lint: env
	$(BIN)/ruff check deckgen tests benchmarks

test: env system-render system-browser system-bench lint
	$(BIN)/deckgen build content/lecture/deck.yaml -o build/lecture.pptx --strict
	$(BIN)/python -m pytest -n 2 -q

bench: env system-render system-bench
	$(BIN)/python benchmarks/run.py

preview: env system-render
	$(BIN)/deckgen preview content/lecture/deck.yaml -o build/preview

clean:
	rm -rf build .pytest_cache .ruff_cache
