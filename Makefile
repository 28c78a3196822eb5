# make demo: build a VPN topology against the bundled emulator, twice, and show that nothing changed.
# make test: every test layer (unit, emulator, SDK, integration, molecule, sanity, lint, docs, build).
# make bench: the performance benchmarks against the emulator (benchmarks/README.md).
# make docs: regenerate the reference documentation (docs/collection) and the README's module table.
# All create the virtual environment they need on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# pytest-xdist workers; each runs its own emulator.
WORKERS ?= 2

.PHONY: all install demo test unit sanity docs bench clean

all: test

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

demo: install
	$(BIN)/python scripts/demo.py

test: install
	$(BIN)/python -m pytest -n $(WORKERS) --dist loadgroup tests

unit: install
	$(BIN)/python -m pytest tests/unit tests/emulator

sanity: install
	$(BIN)/python -m pytest tests/sanity

# Regenerate docs/collection (antsibull-docs) and the README's module table; tests/sanity/test_docs.py fails when
# they are stale.
docs: install
	$(BIN)/python scripts/build_docs.py

# The benchmarks (benchmarks/README.md): a table and JSON in benchmarks/results/.
bench: install
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .build .pytest_cache tests/output
