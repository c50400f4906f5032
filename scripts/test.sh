#!/usr/bin/env bash
# Installs the dependencies, builds garant and runs every test: unit,
# integration (real throwaway PostgreSQL clusters), CLI, HTTP over real sockets
# and browser tests (headless Chromium), high availability (label ha: a
# pg_auto_failover monitor and two nodes on loopback, kill -9 of the primary,
# up to about 140 s); then the unit and integration tests
# again under AddressSanitizer + UndefinedBehaviorSanitizer, and the threaded
# parts' integration tests (core, audit, consent) under ThreadSanitizer.
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
step "tests (debug)" ctest --preset debug --output-on-failure --timeout 900
if [ "${GARANT_TEST_SKIP_SANITIZE:-0}" != "1" ]; then
  step "ASan+UBSan build" ./scripts/build.sh sanitize
  # The preset selects the unit and integration labels.
  step "unit + integration tests (ASan+UBSan)" ctest --preset sanitize --timeout 900
  if [ "${GARANT_TEST_SKIP_TSAN:-0}" != "1" ]; then
    # Builds only the test binaries of the threaded parts (the preset's targets).
    step "TSan build" ./scripts/build.sh tsan
    step "threaded integration tests (TSan)" ctest --preset tsan --timeout 1200
  fi
fi
if [ "${GARANT_TEST_SKIP_FUZZ:-0}" != "1" ]; then
  # Builds the fuzz preset (clang, ASan + UBSan, the fuzzed libraries only),
  # then runs each target from its seeds and regression inputs.
  step "fuzzing (libFuzzer, ${GARANT_FUZZ_SECONDS:-15} s per target)" \
    ./scripts/fuzz.sh "${GARANT_FUZZ_SECONDS:-15}"
fi
echo "==> all tests passed in $SECONDS s"
