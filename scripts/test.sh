#!/usr/bin/env bash
# Installs the dependencies, builds garant and runs every test: unit,
# integration (real throwaway PostgreSQL clusters), HTTP over real sockets and
# browser tests (headless Chromium), then the unit tests again under
# AddressSanitizer + UndefinedBehaviorSanitizer. Exits non-zero when any fails.
# GARANT_TEST_SKIP_SANITIZE=1 skips the sanitizer pass (it doubles the build time).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/install-deps.sh
./scripts/build.sh debug
ctest --preset debug --output-on-failure --timeout 900
if [ "${GARANT_TEST_SKIP_SANITIZE:-0}" != "1" ]; then
  ./scripts/build.sh sanitize
  ctest --preset sanitize --output-on-failure --timeout 900 -L unit
fi
