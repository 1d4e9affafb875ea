# The two commands of the README: `make run` and `make test`. Each sets itself up on a fresh machine.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup seed bench eval
setup: $(STAMP)

# torch first, from the pinned CPU build: any looser requirement pulls a multi-GB CUDA build.
$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "needs $(PYTHON) (set PYTHON=...)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[dev]'
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/provenance migrate
	$(BIN)/provenance serve --seed --host 127.0.0.1 --port 8000

# Browser tests drive Debian's Chromium; the script installs it when it can and never fails the run.
test: $(STAMP)
	@sh scripts/ensure-chromium.sh
	$(BIN)/python -m pytest

seed: $(STAMP)
	$(BIN)/provenance seed
