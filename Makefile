# Two commands on a fresh machine:
#   make test    create .venv, build, run every test (C plain + sanitizers + aarch64,
#                Python, Python against the sanitized extension); the same result
#                on every run (Hypothesis derandomized: the "ci" profile)
#   make bench   create .venv, build, run the NumPy comparison (the main job)
# and, locally, `make test-random`: the Python suite on fresh random examples.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
BUILD  := build/editable
SUITE  ?= 2d
BENCH_ARGS ?=
# Hypothesis profile of the test targets (tests/python/conftest.py): "ci" draws
# the same examples on every run and keeps no example database.
HYPOTHESIS_PROFILE ?= ci
# The reruns under other kernel/thread settings need only the library's tests
# (the thread tests set RAPTORS_THREADS in their own subprocesses).
LIBRARY_ONLY := --ignore=tests/python/test_bench.py --ignore=tests/python/test_profile_tools.py \
	--ignore=tests/python/test_ufunc_threads.py --ignore=tests/python/test_reduce_threads.py

.PHONY: all venv build test test-c test-python test-asan test-random bench clean

all: test

$(VENV)/.deps: requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -r requirements-dev.txt
	touch $@

venv: $(VENV)/.deps

# Editable install: later imports rebuild what changed, in $(BUILD).
build: venv
	$(PY) -m pip install -q --no-build-isolation -e . -Cbuild-dir=$(BUILD)
	$(PY) -c "import raptors, sys; print('raptors', raptors.__version__, raptors.simd_info())"

test-c:
	bash scripts/test_c.sh all

test-python: build
	HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(PY) -m pytest tests/python
	RAPTORS_SIMD=0 HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(PY) -m pytest tests/python -x $(LIBRARY_ONLY)
	RAPTORS_THREADS=1 HYPOTHESIS_PROFILE=$(HYPOTHESIS_PROFILE) $(PY) -m pytest tests/python -x $(LIBRARY_ONLY)

# The Python suite against the extension built with ASan+UBSan, in its own
# build directory and venv (build/python-asan); see the script for the subset.
test-asan: venv
	PY=$(PY) bash scripts/test_python_asan.sh

# Fresh random examples (failures are kept in .hypothesis/ and replayed).
test-random: build
	HYPOTHESIS_PROFILE=random $(PY) -m pytest tests/python

test: build test-c test-python test-asan

bench: build
	$(PY) -m raptors.bench --suite $(SUITE) --output-json bench-$(SUITE).json $(BENCH_ARGS)

clean:
	rm -rf build $(VENV)

# `make fuzz MINUTES=10 [SEED=n] [JOBS=1]`: the differential fuzzer against NumPy
# (docs/fuzzing.md); reproducers of what it finds land in fuzz-findings/.
MINUTES ?= 5
JOBS    ?= 1
SEED    ?=
.PHONY: fuzz
fuzz: build
	$(PY) -m tests.fuzz --minutes $(MINUTES) --jobs $(JOBS) --out fuzz-findings $(if $(SEED),--seed $(SEED))
