# The README's commands. Each target sets up what it needs on a fresh machine.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# One pytest worker per core (pytest-xdist); `make test PYTEST_WORKERS=` runs in one process.
PYTEST_WORKERS ?= -n auto

.PHONY: up test bench lint install browser clean

up: install ## set up and run the suite (tenant, API, apps); Ctrl-C stops it
	$(BIN)/cookbook up

test: install browser ## set up and run every test tier
	$(BIN)/python -m pytest $(PYTEST_WORKERS) $(PYTEST_ARGS)

bench: install ## print the benchmark figures
	$(BIN)/python -m bench.client_credentials
	$(BIN)/python -m bench.login_flow
	$(BIN)/python -m bench.api_throughput
	$(BIN)/python -m bench.management_search
	$(BIN)/python -m bench.action_overhead

lint: install
	$(BIN)/ruff check .
	$(BIN)/cookbook compose --check

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

browser: install
	scripts/ensure-chromium $(BIN)/python

clean:
	rm -rf $(VENV) .cookbook
