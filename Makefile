# cxkit: one Rust core, thin bindings. `make demo` and `make test` are the quick start.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo

# Each binding adds its suite to TEST_TARGETS (and its tools to scripts/setup.d/) in mk/*.mk.
TEST_TARGETS := test-rust
-include mk/*.mk

.PHONY: help demo setup test test-rust bench fmt lint vectors

help:
	@echo "make demo   - build the core and print a customer-experience report on examples/data"
	@echo "make test   - install what is missing (scripts/setup.sh) and run every suite"
	@echo "make bench  - criterion benchmarks of the core"
	@echo "make fmt    - format all code;  make lint - clippy with -D warnings"
	@echo "make pack   - npm tarballs of cxkit and cxkit-wasm in dist/npm/"

demo:
	$(CARGO) run --release --quiet -p cx-core --example report -- examples/data

setup:
	bash scripts/setup.sh

test: setup
	@for t in $(TEST_TARGETS); do $(MAKE) --no-print-directory $$t || exit 1; done
	@echo "make test: all suites passed ($(TEST_TARGETS))"

test-rust: vectors
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) test
	$(CARGO) test --no-default-features --lib

# Generated files are committed; fail when one drifts from its generator.
vectors:
	@python3 tests/vectors/derive_survey.py --check
	@python3 tests/vectors/derive_journey.py --check
	@python3 scripts/gen_journeys.py --check
	@python3 scripts/gen_survey.py | diff -q - examples/data/survey_responses.csv >/dev/null || \
	  { echo "examples/data/survey_responses.csv is stale: run python3 scripts/gen_survey.py > examples/data/survey_responses.csv"; exit 1; }

bench:
	$(CARGO) bench -p cx-core

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) clippy --all-targets -- -D warnings
