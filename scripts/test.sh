#!/usr/bin/env bash
# The test command (`npm test`): installs what is missing on a fresh machine (npm packages, Debian's Chromium),
# then type-checks, lints, runs the unit tests, builds the site and opens every page in Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules/@observablehq/framework ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "== installing npm packages"
  npm ci --no-audit --no-fund
fi

if [ -z "${PERFSPEC_CHROMIUM:-}" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "== installing Debian's chromium (browser tests)"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
fi

echo "== type check"
npx tsc --noEmit -p .
echo "== lint and format"
npm run --silent lint
echo "== unit tests"
npm run --silent test:unit
echo "== build"
npm run --silent build
echo "== browser tests"
npm run --silent test:browser
