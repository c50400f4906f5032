#!/usr/bin/env bash
# Builds the Debian 12 package of garant: build/garant_<version>_<arch>.deb
# (CPack DEB, cmake/package.cmake; docs/operations.md, "Debian package").
# usage: scripts/package.sh [BUILD_DIR]
#   BUILD_DIR: a configured build tree (default: build). For a production
#   package use a release tree: scripts/build.sh release && scripts/package.sh build-release
# The binaries are stripped; their shared libraries become the package's
# Depends (dpkg-shlibdeps).
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-build}"
case "$build" in /*) ;; *) build="$repo/$build" ;; esac
if [ ! -f "$build/CPackConfig.cmake" ]; then
  echo "package.sh: $build is not a configured build tree (run scripts/build.sh first)" >&2
  exit 2
fi
out="$repo/build"
mkdir -p "$out"
cmake --build "$build" --target garantd garant
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
(cd "$work" && cpack -G DEB --config "$build/CPackConfig.cmake" -B "$work" >"$work/cpack.log" 2>&1) || {
  cat "$work/cpack.log" >&2
  exit 1
}
deb="$(ls "$work"/garant_*.deb)"
mv -f "$deb" "$out/"
echo "$out/$(basename "$deb")"
