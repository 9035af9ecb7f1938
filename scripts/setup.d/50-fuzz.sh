# Fuzzing (`make fuzz` only): cargo-fuzz and the rustup nightly it drives (libFuzzer needs
# nightly's -Z flags; LeakSanitizer too). `make test` does not fuzz (it replays the committed
# seeds on stable, cx-core/tests/fuzz_regressions.rs), so this step does nothing unless
# `make fuzz` asks for it with CX_SETUP_FUZZ=1.
# Sourced by scripts/setup.sh (which provides need_cmd).
if [ "${CX_SETUP_FUZZ:-0}" = 1 ]; then
  rustup toolchain list | grep -q '^nightly' || rustup toolchain install nightly --profile minimal
  if ! need_cmd cargo-fuzz; then
    echo "setup: cargo install cargo-fuzz (about 1 minute)"
    cargo install --quiet cargo-fuzz --version 0.13.2
  fi
fi
