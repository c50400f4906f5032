#!/usr/bin/env bash
# Configures and builds garant with a CMake preset (debug by default).
# usage: scripts/build.sh [debug|release|sanitize|tsan]
# (tsan builds only the targets listed in its build preset: CMakePresets.json)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
preset="${1:-debug}"
cmake --preset "$preset" >/dev/null
cmake --build --preset "$preset"
