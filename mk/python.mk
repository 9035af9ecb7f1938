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
	$(PY) tests/js/data/portable_golden.py --check
	@$(PY) -m mypy.stubtest cx || \
	  { echo "cx-python/python/cx/__init__.pyi has drifted from the package: update the stubs"; exit 1; }
	$(PY) -m mypy examples/python benches/compare/nps_python.py
	@# The notebook tour: committed without outputs, run top to bottom (its cells assert numbers).
	@$(PY) -c 'import nbclient, nbformat, ipykernel' 2>/dev/null || bash scripts/setup.sh
	MPLBACKEND=Agg $(PY) scripts/check_notebook.py examples/python/cx_tour.ipynb

# cx.nps on 10M scores vs numpy bincount (see benches/compare/nps_python.py).
bench-python: python-dev
	$(PY) benches/compare/nps_python.py

# cx vs lifetimes 0.11.3 on the same simulated customers (benches/compare/clv_lifetimes.py).
# lifetimes lives in its own venv outside the repository (created here when missing, never a
# dependency of cx); cx goes into it from a freshly built wheel. Not part of `make test`.
# Pass script options with ARGS, e.g. `make bench-compare-clv ARGS="--n 100000"`.
REF_VENV_LIFETIMES ?= $(abspath $(CURDIR)/..)/ref-venv-lifetimes
.PHONY: bench-compare-clv
bench-compare-clv:
	@test -x $(VENV_ABS)/bin/maturin || bash scripts/setup.sh
	@test -x $(REF_VENV_LIFETIMES)/bin/python || python3 -m venv $(REF_VENV_LIFETIMES)
	@$(REF_VENV_LIFETIMES)/bin/python -c 'import lifetimes' 2>/dev/null || \
	  $(REF_VENV_LIFETIMES)/bin/pip install --quiet --disable-pip-version-check lifetimes==0.11.3
	rm -rf target/wheels-bench
	$(PY_ENV) maturin build --release --quiet -m cx-python/Cargo.toml --out target/wheels-bench
	$(REF_VENV_LIFETIMES)/bin/pip install --quiet --disable-pip-version-check --force-reinstall \
	  --no-deps target/wheels-bench/cxkit-*.whl
	$(REF_VENV_LIFETIMES)/bin/python benches/compare/clv_lifetimes.py $(ARGS)
