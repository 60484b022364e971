# The two commands of the README's quick start, and a few more for contributors.
# Each target sets up its own virtual environment (.venv) first.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ADDRESS ?= 127.0.0.1:8000

# MNIST: NN_TUTORIAL_DATA if set; else a pre-filled copy beside the project, if there
# is one; else the package downloads it into the per-user cache on first use.
NN_TUTORIAL_DATA ?= $(abspath $(wildcard ../shared/data/mnist))
export NN_TUTORIAL_DATA
export NO_MKDOCS_2_WARNING := 1

.PHONY: help serve build test bench clean

help:
	@echo "make serve  build the site and serve it at http://$(ADDRESS)/nn-tutorial/ (rebuilds on edit)"
	@echo "make test   run the whole test suite (snippets, package, site build, browser)"
	@echo "make build  build the site into site/ with --strict"
	@echo "make bench  run the benchmarks: training speed, and the learn page in the browser"

$(BIN)/activate:
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: pyproject.toml | $(BIN)/activate
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

# After the first full build, --dirty rebuilds only the pages you edit, in a second or
# two: figure blocks whose inputs did not change come from .cache/blocks (as in every
# build: docs/_hooks/block_cache.py), and the notebook page is shown without running
# it (docs/_hooks/serve.py). `make build` and the tests build every page with --strict.
serve: $(VENV)/.installed
	NN_TUTORIAL_EXECUTE_NOTEBOOKS=false $(BIN)/mkdocs serve --dirty --dev-addr $(ADDRESS)

build: $(VENV)/.installed
	$(BIN)/mkdocs build --strict

test: $(VENV)/.installed
	$(BIN)/pytest

bench: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test,bench]'
	@# both run even if the first misses a goal; the exit status says if either did
	status=0; \
	$(BIN)/python benchmarks/train_speed.py || status=1; \
	$(BIN)/python benchmarks/learn_speed.py || status=1; \
	exit $$status

clean:
	rm -rf site .cache .pytest_cache build dist
