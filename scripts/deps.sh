#!/bin/sh
# Installs the Debian packages the build, the tests and `make run` need, if any is missing.
set -eu
pkgs="build-essential cmake pkg-config libbson-dev libmongoc-dev libconfig-dev libcivetweb-dev
libcmocka-dev libsodium-dev libsqlite3-dev sqlite3 libcsv-dev libssl-dev libxlsxwriter-dev libhpdf-dev wrk unzip poppler-utils fonts-liberation2"
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
# shellcheck disable=SC2086
$sudo apt-get install -y -qq --no-install-recommends $missing
