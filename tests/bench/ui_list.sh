#!/bin/sh
# The web UI over a million clients, measured in a real browser: prints figures, asserts
# nothing. Usage: tests/bench/ui_list.sh BUILD_DIR [N]
#
# The store is clients_store.sh's (the demo bank and N generated clients, default 1,000,000),
# served by the build's crmd with the UI. ui_list.mjs then drives Debian's chromium with
# playwright-core, as a branch director and as an advisor: the dashboard's first load, a 50-row
# page of the clients list, the next page, a full-text search, the list sorted by another
# column, and for reference a static file and /healthz from the same crmd. CRM_BENCH_STORE=DIR
# keeps the store in DIR and uses it again on the next run (building one takes minutes).
set -eu
build=$(cd "${1:?usage: ui_list.sh BUILD_DIR [N]}" && pwd)
n=${2:-1000000}
here=$(cd "$(dirname "$0")" && pwd)
command -v node >/dev/null 2>&1 && [ -x /usr/bin/chromium ] ||
    { echo "UI benchmark skipped: node or /usr/bin/chromium is missing (scripts/deps.sh)"; exit 0; }
pid=""
if [ -n "${CRM_BENCH_STORE:-}" ]; then
    dir=$CRM_BENCH_STORE
    mkdir -p "$dir"
    cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; true; }
else
    dir=$(mktemp -d /tmp/crm-bench-ui-XXXXXX)
    cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
fi
trap cleanup EXIT INT TERM
. "$here/clients_store.sh"

if [ -s "$dir/crm.db" ] && [ "$(cat "$dir/clients.n" 2>/dev/null)" = "$n" ]; then
    password=$(sed -n 's/^  password: //p' "$dir/demo-logins.txt")
    echo "web UI benchmark over $n clients (the store kept in $dir)"
else
    rm -f "$dir/crm.db" "$dir/crm.db-wal" "$dir/crm.db-shm" "$dir/demo-logins.txt"
    clients_store_build "$dir" "$build" "$n" "$here/../../core/www"
    echo "$n" > "$dir/clients.n"
    echo "web UI benchmark over $n clients (SQLite store, $(du -m "$dir/crm.db" | cut -f1) MB; loaded in $load_seconds s)"
fi
crmd_start "$dir" "$build"
node "$here/ui_list.mjs" "$base" "$password"
