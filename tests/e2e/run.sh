#!/bin/sh
# ctest's entry for the browser test: skipped (77) only when Node.js is missing.
command -v node >/dev/null 2>&1 || { echo "SKIPPED: node is not installed"; exit 77; }
exec node "$(dirname "$0")/run.mjs" "$@"
