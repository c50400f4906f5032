#!/usr/bin/env bash
# Installs the dependencies, builds garant and starts garantd with the embedded
# database and demo data on http://localhost:8080 (Ctrl-C stops it cleanly).
# The data (database, dev secrets) stays in .data/demo for the next start.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/install-deps.sh
./scripts/build.sh debug
exec ./build/bin/garantd --dev --demo --demo-accesses --port "${PORT:-8080}" --data-dir "${GARANT_DEMO_DIR:-.data/demo}"
