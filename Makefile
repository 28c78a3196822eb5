# make demo: build a VPN topology against the bundled emulator, twice, and show that nothing changed.
# make test: every test layer (unit, emulator, SDK, integration, molecule, sanity, lint, docs, build; real tunnels
# when root).
# make bench: the performance benchmarks against the emulator (benchmarks/README.md).
# make docs: regenerate the reference documentation (docs/collection) and the README's module table.
# All create the virtual environment they need on first use.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# pytest-xdist workers, each with its own emulator: two more than the cores, since many tests spend part of their
# time waiting (on the emulator's status transitions, retries after 429 or 5xx, tunnels coming up) rather than
# computing, and the extra workers fill those gaps. On 2 cores, one extra worker still left about 5 % of the CPU
# idle (1070 s of CPU in 566 s); a second one cut the suite to 544 s for the same CPU. Four more (6 workers) did
# worse on a fresh clone: 1125 s and 2321 s of CPU against 933 s and 1798 s with 4 (floor 17.2 s against 15.7 s).
WORKERS ?= $(shell echo $$(( $$(nproc) + 2 )))
# Python's bytecode cache, even where the environment turns it off: without it pytest rewrites and compiles every
# test module again in each of its processes (the controller and each worker: 5.6 s of CPU each instead of 2.3 s
# on the 2-core machines), and each emulator compiles its sources again. The caches (__pycache__) are ignored by git.
unexport PYTHONDONTWRITEBYTECODE

.PHONY: all install dataplane-packages demo test unit sanity docs bench clean

all: test

install: $(VENV)/.installed

$(VENV)/.installed: requirements.txt requirements-test.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-test.txt
	touch $@

# The data-plane tests' strongSwan, OpenVPN and ping, installed with apt when root on a Debian-like system (where
# those tests run); elsewhere one line says why not and the tests skip with their reason.
dataplane-packages: install
	$(BIN)/python scripts/dataplane_packages.py

demo: install
	$(BIN)/python scripts/demo.py

test: install dataplane-packages
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
