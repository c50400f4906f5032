#!/usr/bin/env bash
# Builds the libFuzzer targets (CMake preset "fuzz": clang, ASan + UBSan) and
# runs each for a bounded time, starting from its seed corpus (fuzz/corpus/)
# and its regression inputs (fuzz/regressions/, inputs that once failed).
# usage: scripts/fuzz.sh [seconds-per-target] [target...]   (default 20 s, all)
# Exits non-zero when a target crashes, leaks, trips a sanitizer or a
# FUZZ_CHECK: the failing input is in build-fuzz/artifacts/<target>/. Prints
# the executions per target (docs/security.md records them).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
seconds="${1:-20}"
shift || true
all=(json form norm leaf note tlog_proof tile exclusion_list filter_record)
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then targets=("${all[@]}"); fi

./scripts/build.sh fuzz
out=build-fuzz
failed=()
summary=()
for t in "${targets[@]}"; do
  bin="$out/fuzz/${t}_fuzz"
  if [ ! -x "$bin" ]; then
    echo "fuzz: unknown target $t (known: ${all[*]})" >&2
    exit 2
  fi
  work="$out/corpus/$t"   # new inputs found in this run (not committed)
  artifacts="$out/artifacts/$t"
  mkdir -p "$work" "$artifacts"
  dirs=("$work" "fuzz/corpus/$t")
  if [ -d "fuzz/regressions/$t" ]; then dirs+=("fuzz/regressions/$t"); fi
  log="$out/$t.log"
  echo "==> fuzz $t (${seconds} s)"
  status=0
  # -max_len: the largest input a target sees (exclusion lists and streams
  # need more than the 4 KiB default); -timeout: one input taking longer is a
  # finding (a hang); -rss_limit_mb: so is memory growth past 2 GiB.
  ASAN_OPTIONS="detect_leaks=1:abort_on_error=1" UBSAN_OPTIONS="print_stacktrace=1" \
    "$bin" -max_total_time="$seconds" -max_len=16384 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1 -artifact_prefix="$artifacts/" "${dirs[@]}" >"$log" 2>&1 || status=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo "?")
  if [ "$status" -ne 0 ]; then
    failed+=("$t")
    echo "fuzz: $t FAILED (exit $status); the input is in $artifacts/:" >&2
    grep -E 'ERROR|FUZZ_CHECK|runtime error|SUMMARY|Test unit written' "$log" | head -20 >&2 || true
  fi
  summary+=("$(printf '%-16s %10s executions in %s s' "$t" "$runs" "$seconds")")
done
echo "==> fuzz summary"
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: ${#targets[@]} targets, no finding"
