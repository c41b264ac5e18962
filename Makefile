# Everything installs itself: a private uv in .tools/, the locked environment in .venv/.
PYTHON ?= python3
UV := .tools/bin/uv
RUN := $(UV) run --frozen

.PHONY: demo test lint setup docs bench clean

demo: setup
	$(RUN) crossroute demo

test: setup lint
	$(RUN) pytest -q

lint: setup
	$(RUN) ruff check src tests benchmarks
	$(RUN) ruff format --check src tests benchmarks
	$(RUN) mypy

setup: .venv/.synced

$(UV):
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet uv

.venv/.synced: $(UV) pyproject.toml uv.lock
	$(UV) sync --frozen
	touch $@

docs: setup
	$(RUN) typer crossroute.cli.app utils docs --name crossroute --title "CLI reference" --output docs/cli.md

bench: setup
	$(RUN) python benchmarks/ingest.py

clean:
	rm -rf .venv .tools demo
