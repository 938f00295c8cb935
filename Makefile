# The few commands people run. `make help` lists them.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
lang   ?= en
lesson ?= 01-gradient-descent

.PHONY: help setup start test lint format build check-drift course site bench clean

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: $(VENV)/.installed  ## create .venv and install everything (once)

$(VENV)/.installed: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install --no-deps -e .
	@# JupyterHub's proxy (backprop hub), pinned, from npm, run by the system's Node.
	if command -v npm >/dev/null; then npm install --prefix build/node --no-audit --no-fund \
	  configurable-http-proxy@5.3.0; else echo "no npm: backprop hub needs apt-get install nodejs npm"; fi
	touch $@

start: setup  ## open JupyterLab on a lesson (lang=en|zh, lesson=01-gradient-descent)
	$(BIN)/jupyter lab lessons/$(lang)/$(lesson).ipynb

test: setup  ## run the whole test suite
	$(BIN)/python -m pytest

lint: setup  ## ruff: lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup  ## ruff: fix what can be fixed and format
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

build: setup  ## regenerate solutions/ and lessons/ from content/
	$(BIN)/python -m autograder build

check-drift: setup  ## fail if solutions/ or lessons/ differ from content/
	$(BIN)/python -m autograder check-drift

course: setup  ## create an nbgrader course directory in ./course (or dir=PATH)
	$(BIN)/python -m autograder init $(or $(dir),course)

site: setup  ## build the course website into build/site/ (open build/site/index.html)
	$(BIN)/python -m autograder site

bench: setup  ## benchmarks: NumPy MLP vs PyTorch (lesson 04); autograding a class of 300
	$(BIN)/python benchmarks/mlp_throughput.py
	$(BIN)/python benchmarks/autograde_class.py

clean:  ## remove the environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache build
