# The few commands people run. `make help` lists them.
# The Python versions the course supports (pyproject's requires-python says the same; a test
# checks): setup takes the first one found, or PYTHON=/path/to/python given on the command line.
SUPPORTED := 3.11 3.12 3.13
# (A name that is found but does not run, such as a pyenv shim of a version not selected, is
# passed over.)
PYTHON ?= $(shell for v in $(SUPPORTED); do python$$v -c "" 2>/dev/null && command -v python$$v && break; done)
VENV   := .venv
BIN    := $(VENV)/bin
lang   ?= en
lesson ?= 01-gradient-descent
# A worker per core. The whole suite sends each group of tests to one worker (a module, or a
# module's tests of one lesson: tests/schedule.py), so that their fixtures (a graded course per
# lesson) are built once, the longest groups first; the fast tests' fixtures are cheap, so
# idle workers take tests from busy ones.
PARALLEL := -n auto --dist loadfile
FAST     := -n auto --dist worksteal
# One thread per worker: torch's and OpenBLAS's thread pools would otherwise fight over the
# same cores (the sandbox grades with one thread too).
test test-fast test-lesson: export OMP_NUM_THREADS := 1
test test-fast test-lesson: export OPENBLAS_NUM_THREADS := 1
test test-fast test-lesson: export MKL_NUM_THREADS := 1
NO_PYTHON_EN := this course needs Python $(SUPPORTED): install one, or name it: make setup PYTHON=/path/to/python3.12
NO_PYTHON_ZH := 本课程需要Python $(SUPPORTED)之一：请先安装，或用 make setup PYTHON=/path/to/python3.12 指定

.PHONY: help setup start test test-fast test-lesson typecheck lint format build check-drift \
	course site bench clean labextension

help:  ## list the commands
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

setup: $(VENV)/.installed  ## create .venv and install everything (once)

$(VENV)/.installed: requirements.txt pyproject.toml labextension/pyproject.toml \
		labextension/backprop_grading/labextension/package.json autograder/student/labview.py
	@$(if $(PYTHON),,printf '%s\n' "$(NO_PYTHON_EN)" "$(NO_PYTHON_ZH)" >&2; exit 1)
	@$(PYTHON) -c 'import sys; sys.exit("%d.%d" % sys.version_info[:2] not in "$(SUPPORTED)".split())' \
	|| { printf '$(PYTHON): %s\n' "$(NO_PYTHON_EN)" "$(NO_PYTHON_ZH)" >&2; exit 1; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --upgrade pip
	$(BIN)/python -m pip install -r requirements.txt
	$(BIN)/python -m pip install --no-deps -e .
	# The course's JupyterLab extension, prebuilt (no Node needed): labextension/.
	$(BIN)/python -m pip install --no-deps ./labextension
	# A student's JupyterLab: none of nbgrader's instructor tools (autograder/student/labview.py).
	$(BIN)/python -m autograder.student.labview student
	@# JupyterHub's proxy (backprop hub), pinned, from npm, run by the system's Node.
	if command -v npm >/dev/null; then npm install --prefix build/node --no-audit --no-fund \
	  configurable-http-proxy@5.3.0; else echo "no npm: backprop hub needs apt-get install nodejs npm"; fi
	touch $@

start: setup  ## open JupyterLab on a lesson (lang=en|zh, lesson=01-gradient-descent)
	$(BIN)/jupyter lab lessons/$(lang)/$(lesson).ipynb

test: setup typecheck  ## run the whole test suite and the type check
	$(BIN)/python -m pytest $(PARALLEL)

test-fast: setup  ## every module's fast tests (under a minute): the loop while you work
	$(BIN)/python -m pytest $(FAST) -m "not slow and not browser"

test-lesson: setup  ## one lesson's tests, slow ones included (lesson=04 or lesson=04-mlp)
	$(BIN)/python -m pytest $(PARALLEL) --lesson $(lesson)

typecheck: setup  ## mypy on autograder/
	$(BIN)/python -m mypy

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

labextension: setup  ## rebuild the JupyterLab extension from labextension/src (needs Node and npm)
	PYTHON=$(BIN)/python labextension/scripts/build
	$(BIN)/python -m pip install --no-deps ./labextension

clean:  ## remove the environment and caches
	rm -rf $(VENV) .pytest_cache .ruff_cache .mypy_cache build
