# Python binding (cx-python → `import cx`): build into .venv with maturin (editable, for
# stubtest and mypy), build the abi3 wheel from the same compiled extension, and run pytest
# against that wheel installed in a fresh venv. Included by the root Makefile.
VENV ?= .venv
VENV_ABS := $(abspath $(VENV))
PY := $(VENV_ABS)/bin/python
PY_ENV := VIRTUAL_ENV=$(VENV_ABS) PATH=$(VENV_ABS)/bin:$$PATH PYO3_PYTHON=$(PY)

# Recreated by every `make test-wheel`: holds the wheel and its dependencies, nothing else.
WHEEL_VENV := target/wheel-venv
PIP_QUIET := --quiet --disable-pip-version-check

TEST_TARGETS += test-python
.PHONY: test-python test-wheel python-dev dist bench-python

# Builds the extension in release mode and installs `cx` (editable) into .venv.
python-dev:
	@test -x $(VENV_ABS)/bin/maturin || bash scripts/setup.sh
	@mkdir -p target
	@# flock: concurrent `make test` runs in one work tree would race on maturin's artifact.
	$(PY_ENV) flock target/.cx-python-build.lock maturin develop --release --quiet -m cx-python/Cargo.toml

# The abi3 wheel (distribution `cxkit`, one file for CPython 3.10+) in dist/. After
# python-dev this reuses its release build: cargo has nothing left to compile.
dist:
	@test -x $(VENV_ABS)/bin/maturin || bash scripts/setup.sh
	@mkdir -p target
	rm -f dist/cxkit-*.whl
	$(PY_ENV) flock target/.cx-python-build.lock maturin build --release --quiet -m cx-python/Cargo.toml --out dist

# pytest on the wheel as a user gets it: a fresh venv, the wheel from dist/ only (--no-index,
# so an unrelated `cxkit` on PyPI can never stand in), then its declared dependencies with both
# extras, pytest, polars (examples/polars, tested by tests/python/test_polars_example.py),
# hypothesis (test_properties.py) and mpmath (test_extremes.py)
# from PyPI. `python -I` keeps the working directory off sys.path, and
# tests/python/test_install.py checks that `cx` loads from the venv.
test-wheel: dist
	rm -rf $(WHEEL_VENV)
	python3 -m venv $(WHEEL_VENV)
	$(WHEEL_VENV)/bin/python -m pip install $(PIP_QUIET) --no-index --no-deps --find-links dist cxkit
	$(WHEEL_VENV)/bin/python -m pip install $(PIP_QUIET) --find-links dist \
	  "cxkit[plot,pandas]==$$(python3 scripts/version.py --print)" pytest polars hypothesis mpmath
	CX_TEST_INSTALLED=1 $(WHEEL_VENV)/bin/python -I -m pytest -q -p no:cacheprovider tests/python

test-python: python-dev
	rustfmt --edition 2024 --check cx-python/src/lib.rs
	$(PY_ENV) $(CARGO) clippy -p cx-python --all-targets --no-deps -- -D warnings
	$(MAKE) --no-print-directory test-wheel
	@# The Markov credits the JS builds must match bit for bit (tests/js/markov.test.mjs).
	$(PY) tests/js/data/markov_golden.py --check
	$(PY) tests/js/data/portable_golden.py --check
	@$(PY) -m mypy.stubtest cx || \
	  { echo "cx-python/python/cx/__init__.pyi has drifted from the package: update the stubs"; exit 1; }
	$(PY) -m mypy examples/python examples/polars benches/compare/nps_python.py
	@# The notebook tour: committed without outputs, run top to bottom (its cells assert numbers).
	@$(PY) -c 'import nbclient, nbformat, ipykernel' 2>/dev/null || bash scripts/setup.sh
	MPLBACKEND=Agg $(PY) scripts/check_notebook.py examples/python/cx_tour.ipynb

# cx.nps on 10M scores vs numpy bincount (see benches/compare/nps_python.py).
bench-python: python-dev
	$(PY) benches/compare/nps_python.py

# cx vs lifetimes 0.11.3 on the same simulated customers (benches/compare/clv_lifetimes.py).
# lifetimes lives in its own venv outside the repository (created here when missing, never a
# dependency of cx); cx goes into it from the wheel `make dist` builds. Not part of `make test`.
# Pass script options with ARGS, e.g. `make bench-compare-clv ARGS="--n 100000"`.
REF_VENV_LIFETIMES ?= $(abspath $(CURDIR)/..)/ref-venv-lifetimes
.PHONY: bench-compare-clv
bench-compare-clv: dist
	@test -x $(REF_VENV_LIFETIMES)/bin/python || python3 -m venv $(REF_VENV_LIFETIMES)
	@$(REF_VENV_LIFETIMES)/bin/python -c 'import lifetimes' 2>/dev/null || \
	  $(REF_VENV_LIFETIMES)/bin/pip install --quiet --disable-pip-version-check lifetimes==0.11.3
	$(REF_VENV_LIFETIMES)/bin/pip install --quiet --disable-pip-version-check --force-reinstall \
	  --no-deps dist/cxkit-*.whl
	$(REF_VENV_LIFETIMES)/bin/python benches/compare/clv_lifetimes.py $(ARGS)

# examples/spark in PySpark local[2] on generated customers (CX_SPARK_CUSTOMERS, see
# tests/spark/test_spark_example.py): tallies, RFM + compression, driver fit and mapInPandas
# scoring checked equal to one machine. pyspark, pyarrow and Java come from scripts/setup.sh.
TEST_TARGETS += test-spark
.PHONY: test-spark
test-spark: python-dev
	@$(PY) -c 'import pyspark, pyarrow' 2>/dev/null && command -v java >/dev/null || bash scripts/setup.sh
	$(PY) -m pytest -q -s -p no:cacheprovider -W ignore::FutureWarning -W ignore::DeprecationWarning tests/spark
