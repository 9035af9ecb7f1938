# Python binding (cx-python → `import cx`): build into .venv with maturin, then pytest and
# mypy stubtest. Included by the root Makefile.
VENV ?= .venv
VENV_ABS := $(abspath $(VENV))
PY := $(VENV_ABS)/bin/python
PY_ENV := VIRTUAL_ENV=$(VENV_ABS) PATH=$(VENV_ABS)/bin:$$PATH PYO3_PYTHON=$(PY)

TEST_TARGETS += test-python
.PHONY: test-python python-dev bench-python

# Builds the extension in release mode and installs `cx` (editable) into .venv.
python-dev:
	@test -x $(VENV_ABS)/bin/maturin || bash scripts/setup.sh
	@mkdir -p target
	@# flock: concurrent `make test` runs in one work tree would race on maturin's artifact.
	$(PY_ENV) flock target/.cx-python-build.lock maturin develop --release --quiet -m cx-python/Cargo.toml

test-python: python-dev
	rustfmt --edition 2024 --check cx-python/src/lib.rs
	$(PY_ENV) $(CARGO) clippy -p cx-python --all-targets --no-deps -- -D warnings
	$(PY) -m pytest -q -p no:cacheprovider tests/python
	@# The Markov credits the JS builds must match bit for bit (tests/js/markov.test.mjs).
	$(PY) tests/js/data/markov_golden.py --check
	@$(PY) -m mypy.stubtest cx || \
	  { echo "cx-python/python/cx/__init__.pyi has drifted from the package: update the stubs"; exit 1; }
	$(PY) -m mypy examples/python benches/compare/nps_python.py

# cx.nps on 10M scores vs numpy bincount (see benches/compare/nps_python.py).
bench-python: python-dev
	$(PY) benches/compare/nps_python.py
