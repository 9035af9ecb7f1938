# `make bench-compare`: cx against the Python peers, task by task in one run, written to
# BENCHMARKS.md (benches/compare/suite.py). The peers live in their own venv, .venv-bench
# (git-ignored, created here when missing; never a dependency of cx): lifetimes, lifelines,
# pandas, numpy, polars and ChannelAttribution from PyPI, and cx from the wheel `make dist`
# builds. QUICK=1 runs small sizes (a smoke test in a minute; the report goes to
# target/BENCHMARKS-quick.md).
# ONLY=rfm,nps runs some tasks. Not part of `make test`.
BENCH_VENV ?= .venv-bench
BENCH_PY := $(BENCH_VENV)/bin/python
BENCH_PEERS := lifetimes==0.11.3 lifelines pandas numpy polars ChannelAttribution
BENCH_OUT := $(if $(QUICK),target/BENCHMARKS-quick.md,BENCHMARKS.md)
BENCH_ARGS := $(if $(QUICK),--quick) $(if $(ONLY),--only $(ONLY))

.PHONY: bench-compare bench-venv
bench-venv: dist
	@test -x $(BENCH_PY) || python3 -m venv $(BENCH_VENV)
	@$(BENCH_PY) -c 'import lifetimes, lifelines, pandas, numpy, polars, ChannelAttribution' \
	  2>/dev/null || $(BENCH_PY) -m pip install $(PIP_QUIET) $(BENCH_PEERS)
	$(BENCH_PY) -m pip install $(PIP_QUIET) --force-reinstall --no-deps dist/cxkit-*.whl

bench-compare: bench-venv
	@mkdir -p target
	$(BENCH_PY) benches/compare/suite.py $(BENCH_ARGS) --out $(BENCH_OUT)
