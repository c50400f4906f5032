#!/usr/bin/env bash
# Installs the dependencies, builds garant and runs every test: unit,
# integration (real throwaway PostgreSQL clusters), CLI, HTTP over real sockets
# and browser tests (headless Chromium), high availability (label ha: a
# pg_auto_failover monitor and two nodes on loopback, kill -9 of the primary,
# up to about 140 s), two at a time; then the unit and integration tests
# again under AddressSanitizer + UndefinedBehaviorSanitizer, and under
# ThreadSanitizer the threaded parts' integration tests (core, audit, consent)
# and garantd itself under three e2e suites (docs/testing.md).
# Exits non-zero when any fails. Prints how long each step took.
# Last, every libFuzzer target for a bounded time (scripts/fuzz.sh; a crash or
# a sanitizer report fails).
# GARANT_TEST_SKIP_SANITIZE=1 skips both sanitizer passes (they double the
# build time); GARANT_TEST_SKIP_TSAN=1 skips only the ThreadSanitizer one;
# GARANT_TEST_SKIP_FUZZ=1 skips the fuzzing; GARANT_FUZZ_SECONDS sets each
# target's time (default 15).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# step NAME COMMAND...: runs COMMAND and reports its duration.
step() {
  local name="$1" start=$SECONDS
  shift
  echo "==> $name"
  "$@"
  echo "==> $name: $((SECONDS - start)) s"
}

step "install dependencies" ./scripts/install-deps.sh
step "debug build" ./scripts/build.sh debug

sanitize=$([ "${GARANT_TEST_SKIP_SANITIZE:-0}" != "1" ] && echo 1 || echo 0)
tsan=$([ "$sanitize" = 1 ] && [ "${GARANT_TEST_SKIP_TSAN:-0}" != "1" ] && echo 1 || echo 0)
fuzz=$([ "${GARANT_TEST_SKIP_FUZZ:-0}" != "1" ] && echo 1 || echo 0)

# The other builds (ASan+UBSan, TSan, fuzz) run in the background while the
# debug tests run, at the lowest CPU and I/O priority: the tests spend much of
# their time waiting (sockets, browsers, PostgreSQL's fsync) and the builds
# take only the CPU the tests leave idle. Their output is in
# build-logs/background-builds.log.
background_builds() {
  local presets=() low=(nice -n 19)
  if ionice -c3 true 2>/dev/null; then low+=(ionice -c3); fi
  if [ "$sanitize" = 1 ]; then presets+=(sanitize); fi
  if [ "$tsan" = 1 ]; then presets+=(tsan); fi
  if [ "$fuzz" = 1 ]; then presets+=(fuzz); fi
  for p in "${presets[@]}"; do
    echo "==> background build: $p"
    "${low[@]}" ./scripts/build.sh "$p" || return 1
  done
}
mkdir -p build-logs
set -m  # the background builds get their own process group: stopped whole on exit
background_builds >build-logs/background-builds.log 2>&1 &
builds=$!
set +m
trap 'kill -- "-$builds" 2>/dev/null || true' EXIT

# --timeout: the ctest-wide bound; each suite has its own (tests/CMakeLists.txt).
step "tests (debug)" ctest --preset debug --timeout 900
echo "==> waiting for the background builds"
if ! wait "$builds"; then
  tail -n 60 build-logs/background-builds.log >&2
  echo "==> a background build failed (build-logs/background-builds.log)" >&2
  exit 1
fi
trap - EXIT
if [ "$sanitize" = 1 ]; then
  step "ASan+UBSan build" ./scripts/build.sh sanitize
  # The preset selects the unit and integration labels.
  step "unit + integration tests (ASan+UBSan)" ctest --preset sanitize --timeout 900
fi
if [ "$tsan" = 1 ]; then
  # The threaded parts' integration tests, and garantd and garant under the
  # e2e suites filter, audit and access (the preset's filter).
  step "TSan build" ./scripts/build.sh tsan
  step "threaded tests (TSan)" ctest --preset tsan --timeout 1200
fi
if [ "$fuzz" = 1 ]; then
  # The fuzz preset (clang, ASan + UBSan, the fuzzed libraries only), then each
  # target from its seeds and regression inputs.
  step "fuzzing (libFuzzer, ${GARANT_FUZZ_SECONDS:-15} s per target)" \
    ./scripts/fuzz.sh "${GARANT_FUZZ_SECONDS:-15}"
fi
echo "==> all tests passed in $SECONDS s"
