#!/usr/bin/env bash
# Installs the dependencies, builds garant and starts garantd with the embedded
# database and demo data on http://localhost:8080 (Ctrl-C stops it cleanly).
# The data (database, dev secrets) stays in .data/demo for the next start.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/install-deps.sh
./scripts/build.sh debug
# GARANT_DEMO_DIR is this script's own setting: garantd refuses unknown GARANT_*
# variables in its environment, so it is passed as a flag and not inherited.
data_dir="${GARANT_DEMO_DIR:-.data/demo}"
unset GARANT_DEMO_DIR
exec ./build/bin/garantd --dev --demo --demo-accesses --port "${PORT:-8080}" --data-dir "$data_dir"
