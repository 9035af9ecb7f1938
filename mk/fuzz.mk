# Fuzzing and leak checks (nightly; not part of `make test`, which replays the committed fuzz
# seeds on stable through cx-core/tests/fuzz_regressions.rs). Included by the root Makefile.
#   make fuzz                   every target for FUZZ_SECONDS (60) each, then LeakSanitizer
#   make fuzz FUZZ_SECONDS=600  longer runs;  FUZZ_TARGETS="clv_fit" to pick targets
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?=
.PHONY: fuzz fuzz-run fuzz-leaks

fuzz:
	CX_SETUP_FUZZ=1 bash scripts/setup.sh
	$(MAKE) --no-print-directory fuzz-run
	$(MAKE) --no-print-directory fuzz-leaks

fuzz-run:
	FUZZ_SECONDS=$(FUZZ_SECONDS) FUZZ_TARGETS="$(FUZZ_TARGETS)" bash scripts/fuzz.sh

# cx-core's unit and integration tests under LeakSanitizer: any leak fails the run. Its own
# target directory, so the instrumented build never mixes with the normal one.
fuzz-leaks:
	RUSTFLAGS=-Zsanitizer=leak $(CARGO) +nightly test -p cx-core --lib --tests \
	  --target x86_64-unknown-linux-gnu --target-dir target/lsan
	@echo "fuzz-leaks: cx-core tests ran under LeakSanitizer with no leak reported"
