#!/usr/bin/env bash
# `make fuzz`: runs every cargo-fuzz target in fuzz/fuzz_targets/ for FUZZ_SECONDS each (one
# after the other, one job each), seeded from the committed corpus fuzz/corpus/TARGET/. New
# inputs go to target/fuzz-work/TARGET/ (not committed); a crashing input is written to
# target/fuzz-work/artifacts/TARGET/ and the script fails at the end naming it (commit it to
# fuzz/regressions/TARGET/ with the fix: cx-core/tests/fuzz_regressions.rs replays it).
# Prints executions and seconds per target from libFuzzer's final stats.
#   FUZZ_SECONDS=600 FUZZ_TARGETS="clv_fit journey" bash scripts/fuzz.sh
# FUZZ_KEEP_GOING=1 runs libFuzzer in fork mode and goes on after a crash or a hang, so one
# long run collects every crashing input (each still fails the script).
set -uo pipefail
cd "$(dirname "$0")/.."

secs=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-$(ls fuzz/fuzz_targets | sed 's/\.rs$//')}
work=target/fuzz-work
mkdir -p "$work"
summary="$work/summary.txt"
: >"$summary"
status=0
keep_going=()
[ "${FUZZ_KEEP_GOING:-0}" = 1 ] && keep_going=(-fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1)

for t in $targets; do
  mkdir -p "$work/$t" "$work/artifacts/$t"
  log="$work/$t.log"
  echo "fuzz: $t for ${secs}s (log $log)"
  # -s none: safe Rust needs no AddressSanitizer, and coverage-guided runs are twice as fast
  # without it; -a keeps debug assertions and overflow checks on. -timeout: a run taking
  # longer than 10 s is a hang (inputs are capped in size, fits take milliseconds).
  (cd fuzz && cargo +nightly fuzz run -s none -a --target-dir ../target/fuzz "$t" \
      "../$work/$t" "corpus/$t" -- \
      -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -artifact_prefix="../$work/artifacts/$t/" -print_final_stats=1 "${keep_going[@]}") >"$log" 2>&1
  rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
  took=$(sed -n 's/^Done [0-9]* runs in \([0-9]*\) second.*/\1/p' "$log" | tail -n 1)
  if [ -z "$execs" ]; then # fork mode: the last progress line `#N: ... time: Ss ...`
    execs=$(sed -n 's/^#\([0-9]*\): cov.*/\1/p' "$log" | tail -n 1)
    took=$(sed -n 's/^#[0-9]*: cov.* time: \([0-9]*\)s.*/\1/p' "$log" | tail -n 1)
  fi
  if [ -n "$(ls -A "$work/artifacts/$t")" ]; then
    rc=${rc/#0/1}
  fi
  if [ "$rc" -ne 0 ]; then
    status=1
    line="$t: FAILED (exit $rc) after ${execs:-?} executions; see $log and $work/artifacts/$t/"
  else
    line="$t: ${execs:-?} executions in ${took:-$secs} s, no crash"
  fi
  echo "fuzz: $line"
  echo "$line" >>"$summary"
done

echo "fuzz summary (also in $summary):"
cat "$summary"
exit $status
