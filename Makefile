# Two commands on a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000
WORKERS ?= 1
# make load LOAD_SECONDS=10 for a smoke run
LOAD_SECONDS ?= 60
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
CHROMIUM ?= /usr/bin/chromium

.PHONY: run test install install-test chromium nginx npm vendor lock bench bench-api bench-browser lighthouse fuzz load hostile clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Stamp files re-run the install when pyproject.toml or a lock file changes. The lock files
# pin every dependency to the versions that were tested (refresh them with `make lock`).
$(VENV)/.installed: pyproject.toml requirements.lock | $(BIN)/python
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements.lock -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml requirements-test.lock $(VENV)/.installed
	$(BIN)/pip install --quiet --disable-pip-version-check -c requirements-test.lock -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

run: install vendor
	$(BIN)/backprop-explorer --host $(HOST) --port $(PORT) --workers $(WORKERS)

# Playwright drives Debian's Chromium; its own browser download does not work here.
chromium:
	@if [ ! -x $(CHROMIUM) ]; then \
		echo "Installing Debian's chromium"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium; \
	fi

# tests/test_nginx.py runs Debian's nginx with deploy/nginx.conf in front of two processes.
nginx:
	@if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then \
		echo "Installing Debian's nginx"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nginx; \
	fi

# npm fetches the vendored browser code (scripts/vendor.py); node runs the page-module tests.
npm:
	@if ! command -v npm >/dev/null || ! command -v node >/dev/null; then \
		echo "Installing Debian's nodejs and npm"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm; \
	fi

test: install-test chromium nginx vendor
	$(BIN)/python -m pytest

bench: install-test
	$(BIN)/python benchmarks/engine.py

bench-api: install-test
	$(BIN)/python benchmarks/api.py

bench-browser: install-test chromium
	$(BIN)/python benchmarks/browser.py

# Lighthouse 12 (npm, mobile, simulated throttling) on / and /embed; LIGHTHOUSE_RUNS per page.
LIGHTHOUSE_RUNS ?= 1
lighthouse: install chromium npm vendor
	CHROME_PATH=$(CHROMIUM) $(BIN)/python benchmarks/lighthouse.py --runs $(LIGHTHOUSE_RUNS)

# A long schemathesis run over /openapi.json (the suite runs a short one); FUZZ_EXAMPLES per operation.
FUZZ_EXAMPLES ?= 1000
fuzz: install-test
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest -q -p no:cacheprovider --timeout=3600 tests/test_api_fuzz.py

# 300 WebSocket trainers + a REST stream against 2 workers (see benchmarks/load.py).
load: install-test
	$(BIN)/python benchmarks/load.py --seconds $(LOAD_SECONDS)

# 50 clients sending the largest legal requests, 10 sockets that never read, 1 flooding socket;
# prints /healthz and cheap-step p50/p99 meanwhile (see benchmarks/hostile.py).
hostile: install-test
	$(BIN)/python benchmarks/hostile.py

# Third-party browser code (Swagger UI for /docs) at a pinned version, checked by its hash.
vendor: $(BIN)/python npm
	$(BIN)/python scripts/vendor.py

# Re-pin the lock files to what a fresh install resolves today (then run `make test`).
lock: $(BIN)/python
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock && .venv-lock/bin/pip install --quiet .
	{ echo "# Runtime dependencies as tested (pip freeze of a fresh 'pip install .'); refresh with 'make lock'."; \
	  .venv-lock/bin/pip freeze --exclude backprop-explorer; } > requirements.lock
	.venv-lock/bin/pip install --quiet '.[test]'
	{ echo "# Runtime + test dependencies as tested (pip freeze of the test venv); refresh with 'make lock'."; \
	  .venv-lock/bin/pip freeze --exclude backprop-explorer; } > requirements-test.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) .pytest_cache test-artifacts
