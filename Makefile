# Everything installs itself: a private uv in .tools/, the locked environment in .venv/.
PYTHON ?= python3
UV := .tools/bin/uv
RUN := $(UV) run --frozen
WEB := src/crossroute/web
# Debian packages, installed only when missing (as root, else through sudo).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends

.PHONY: demo test test-tiers test-all lint setup docs bench clean chromium npm java

demo: setup
	@$(RUN) python -m compileall -q src
	$(RUN) crossroute demo

# The default tier (untagged tests) on both cores; with CI=true every tier runs after it.
FAST := not slow and not browser and not spark and not e2e
PYTEST := $(RUN) pytest -q -n 2 --dist loadfile

test: setup chromium java lint
	@start=$$(date +%s); status=0; $(PYTEST) -m "$(FAST)" || status=$$?; \
	  echo "default tier (make test): $$(( $$(date +%s) - start )) s"; exit $$status
	@if [ "$${CI:-}" = true ]; then $(MAKE) --no-print-directory test-tiers; fi

# The slow, browser, Spark and end-to-end tiers (CI runs them after the default tier).
test-tiers: setup chromium java
	@start=$$(date +%s); status=0; $(PYTEST) -m "not ($(FAST))" || status=$$?; \
	  echo "other tiers: $$(( $$(date +%s) - start )) s"; exit $$status

test-all: test test-tiers

lint: setup
	$(RUN) ruff check src tests benchmarks
	$(RUN) ruff format --check src tests benchmarks
	$(RUN) mypy

setup: .venv/.synced $(WEB)/node_modules/.package-lock.json

# The web UI's front-end packages, from the npm registry (package-lock.json), never committed.
$(WEB)/node_modules/.package-lock.json: $(WEB)/package.json $(WEB)/package-lock.json | npm
	npm ci --prefix $(WEB) --no-audit --no-fund --loglevel=error
	touch $@

# Java 17 for the Spark engine's tests (Spark in local mode), installed only when missing.
java:
	@command -v java >/dev/null || { $(APT_INSTALL) openjdk-17-jre-headless; }

npm:
	@command -v npm >/dev/null || { $(APT_INSTALL) nodejs npm; }

# Debian's Chromium for the browser tests and `crossroute report --pdf` (Playwright never downloads one).
chromium:
	@test -x /usr/bin/chromium || { $(APT_INSTALL) chromium; }

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

# Bytecode compiled once here: every `crossroute` command starts from it (with PYTHONDONTWRITEBYTECODE
# set, as in some shells and containers, Python would otherwise compile every module on every run).
.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen --all-extras --compile-bytecode
	$(RUN) python -m compileall -q src
	touch $@

docs: setup
	$(RUN) typer crossroute.cli.app utils docs --name crossroute --title "CLI reference" --output docs/cli.md

bench: setup
	$(RUN) python benchmarks/ingest.py

clean:
	rm -rf .venv .tools demo $(WEB)/node_modules test-artifacts
