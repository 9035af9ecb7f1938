# cxkit: one Rust core, thin bindings. `make demo` and `make test` are the quick start.
SHELL := /bin/bash
.DEFAULT_GOAL := help
CARGO ?= cargo

# Each binding adds its suite to TEST_TARGETS (and its tools to scripts/setup.d/) in mk/*.mk.
TEST_TARGETS := test-rust
-include mk/*.mk

.PHONY: help demo setup test test-rust publish-check version versions bench fmt lint vectors

help:
	@echo "make demo   - build the core and print a customer-experience report on examples/data"
	@echo "make test   - install what is missing (scripts/setup.sh) and run every suite"
	@echo "make bench  - criterion benchmarks of the core"
	@echo "make bench-compare - cx against lifetimes, lifelines, numpy, pandas, polars, ChannelAttribution -> BENCHMARKS.md"
	@echo "make fmt    - format all code;  make lint - clippy with -D warnings"
	@echo "make pack   - npm tarballs of cxkit and cxkit-wasm in dist/npm/"
	@echo "make dist   - build the Python wheel (abi3) into dist/"
	@echo "make docs   - draw the figures and build the docs site (MkDocs) into target/docs-site/"
	@echo "make version V=X.Y.Z - set one version in every package manifest"

demo:
	$(CARGO) run --release --quiet -p cx-core --example report -- examples/data

setup:
	bash scripts/setup.sh

test: setup
	@for t in $(TEST_TARGETS); do $(MAKE) --no-print-directory $$t || exit 1; done
	@echo "make test: all suites passed ($(TEST_TARGETS))"

test-rust: vectors versions
	$(CARGO) fmt --all -- --check
	$(CARGO) clippy --all-targets -- -D warnings
	$(CARGO) test
	$(CARGO) test --no-default-features --lib
	@for e in survey clv retention journey; do \
	  $(CARGO) run --quiet -p cx-core --example $$e >/dev/null || exit 1; done
	$(MAKE) --no-print-directory publish-check

# cx-core as crates.io would get it: docs without a warning (every feature on, as docs.rs
# builds them), then `cargo publish --dry-run`, which packs the crate and builds the packed
# copy alone. A fresh clone is clean; a work tree with uncommitted cx-core changes needs
# --allow-dirty, which only skips cargo's "all files committed" check.
publish-check:
	RUSTDOCFLAGS="-D warnings" $(CARGO) doc --quiet -p cx-core --no-deps --all-features
	$(CARGO) publish --dry-run --quiet -p cx-core \
	  $(if $(shell git status --porcelain -- cx-core Cargo.toml Cargo.lock LICENSE-MIT LICENSE-APACHE),--allow-dirty)

# Generated files are committed; fail when one drifts from its generator.
vectors:
	@python3 tests/vectors/derive_survey.py --check
	@python3 tests/vectors/derive_journey.py --check
	@python3 tests/vectors/derive_offers.py --check
	@python3 tests/vectors/derive_sentiment.py --check
	@python3 scripts/gen_shop.py --check
	@python3 tests/vectors/derive_bad_inputs.py --check
	@python3 scripts/gen_journeys.py --check
	@python3 scripts/gen_survey.py | diff -q - examples/data/survey_responses.csv >/dev/null || \
	  { echo "examples/data/survey_responses.csv is stale: run python3 scripts/gen_survey.py > examples/data/survey_responses.csv"; exit 1; }

# One version for every package: `make version V=0.2.0` rewrites them all (scripts/version.py);
# `make versions` (part of test-rust) fails when any file disagrees, and bumps a scratch copy to
# check that only version strings change.
version:
	@test -n "$(V)" || { echo "usage: make version V=0.2.0"; exit 2; }
	python3 scripts/version.py $(V)
	$(CARGO) metadata --locked --format-version 1 >/dev/null

versions:
	@python3 scripts/version.py
	@python3 scripts/version.py --self-test

bench:
	$(CARGO) bench -p cx-core

fmt:
	$(CARGO) fmt --all

lint:
	$(CARGO) clippy --all-targets -- -D warnings
