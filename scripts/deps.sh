#!/bin/sh
# Installs the Debian packages the build, the tests and `make run` need, if any is missing,
# then the browser-test driver (playwright-core, from package-lock.json) with `npm ci`.
set -eu
pkgs="build-essential cmake pkg-config libbson-dev libmongoc-dev libconfig-dev libcivetweb-dev
libcmocka-dev libsodium-dev libsqlite3-dev sqlite3 libcsv-dev libssl-dev libxlsxwriter-dev libhpdf-dev wrk unzip poppler-utils fonts-liberation2
libjs-chart.js chromium"
# Node.js and npm run the browser tests; Debian's packages unless another Node.js is installed.
command -v npm >/dev/null 2>&1 || pkgs="$pkgs nodejs npm"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "installing:$missing"
    if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    # shellcheck disable=SC2086
    $sudo apt-get install -y -qq --no-install-recommends $missing
fi
# The browser tests drive Debian's chromium with playwright-core (no browser download).
cd "$(dirname "$0")/.."
if [ -f package-lock.json ] && { [ ! -d node_modules/playwright-core ] ||
    [ package-lock.json -nt node_modules/.package-lock.json ]; }; then
    npm ci --no-audit --no-fund --loglevel=error
fi
