# Two commands do everything: `make serve` (service on the seed articles) and `make test`.
# Both install into .venv first. torch==2.13.0 goes in before anything else: it is the CPU wheel
# on this machine's disk, while a bare `torch` requirement would pull a multi-GB CUDA build.
VENV ?= .venv
PYTHON ?= python3
BIN = $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: install serve test bench
install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install torch==2.13.0
	$(BIN)/python -m pip install -e '.[dev]'
	touch $@

serve: install
	$(BIN)/newsdesk serve --host $(HOST) --port $(PORT)

# The tests also run a real Ray cluster (issue 13): they need the optional `cluster` extra.
$(VENV)/.cluster: $(VENV)/.installed
	$(BIN)/python -m pip install -e '.[cluster]'
	touch $@

test: install $(VENV)/.cluster
	$(BIN)/python -m pytest

bench: install
	$(BIN)/newsdesk bench
