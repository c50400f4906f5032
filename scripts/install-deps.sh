#!/usr/bin/env bash
# Installs every dependency garant needs, from Debian's packages and npm.
# Idempotent: a second run changes nothing. Must run as root (or through sudo).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

packages=(
  build-essential g++ cmake ninja-build pkg-config git ca-certificates
  python3 python3-yaml
  clang-format clang-tidy
  clang-14 libfuzzer-14-dev
  libpoco-dev libpq-dev libssl-dev libboost-json1.81-dev libspdlog-dev libfmt-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libctemplate-dev libutf8proc-dev
  libqrencode-dev oathtool
  postgresql-15 postgresql-client-15 postgresql-15-auto-failover pg-auto-failover-cli
  chromium chromium-l10n nodejs
  curl procps
  dpkg-dev systemd
  golang-go golang-golang-x-mod-dev
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The Debian postgresql package may start a system cluster; garant never uses it.
# Browser tests: playwright-core drives Debian's chromium (no browser download), in French
# (chromium-l10n: its date inputs show jj/mm/aaaa, tests/e2e/lib/browser.mjs).
# npm install when any dependency of package.json is missing (a new one added).
if ! (cd "$here/tests/e2e" && node -e '
  const deps = Object.keys(require("./package.json").dependencies);
  process.exit(deps.every((d) => require("fs").existsSync("node_modules/" + d)) ? 0 : 1);'); then
  echo "install-deps: npm install (tests/e2e)"
  (cd "$here/tests/e2e" && npm install --no-audit --no-fund --loglevel=error)
fi
echo "install-deps: done"
