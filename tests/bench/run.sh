#!/bin/sh
# Benchmarks: prints figures, asserts nothing. Usage: tests/bench/run.sh BUILD_DIR [RECORDS]
#  1. GET /api/v1/prospect/<id> against a static file of the same size, same crmd, keep-alive
#  2. import of RECORDS (default 1,000,000) records against raw SQLite (bench_import)
#  3. idle resident memory of crmd with the example plugin
#  4. the same GET with a session cookie against authentication disabled
#  5. a report over RECORDS prospects against hand-written SQL (bench_report)
#  6. the clients plugin over RECORDS clients: search, caller lookup, 360, scoped count
#     (clients.sh)
#  7. the web UI over RECORDS clients in chromium: dashboard, list pages, search, sort
#     (ui_list.sh)
#  8. the retail plugin's sales dynamics over RECORDS opportunities against hand-written SQL
#     (bench_sales)
set -eu
build=$(cd "${1:?usage: run.sh BUILD_DIR [RECORDS]}" && pwd)
records=${2:-1000000}
dir=$(mktemp -d /tmp/crm-bench-http-XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT INT TERM

# Two configurations on one store: authentication disabled, and enabled.
write_config() { # FILE AUTH_ENABLED
    cat > "$1" <<CFG
server = { listen = "127.0.0.1:0"; www = "$dir/www"; threads = 8; };
store = { driver = "sqlite"; path = "$dir/crm.db"; };
plugins = { dir = "$build/plugins"; enabled = ["example"]; };
log = { level = "warn"; };
auth = { enabled = $2; };
CFG
}
. "$(dirname "$0")/clients_store.sh" # crmd_start, crmd_stop
start_crmd() { crmd_start "$dir" "$build" "$1"; } # CONFIG
write_config "$dir/open.cfg" false
write_config "$dir/auth.cfg" true
mkdir -p "$dir/www"
start_crmd "$dir/open.cfg"

# --- 3. idle memory, measured first, before any load ---
sleep 1
rss_kb=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
echo "idle memory of crmd (example plugin, SQLite store): $((rss_kb / 1024)).$(( (rss_kb % 1024) * 10 / 1024 )) MB RSS (target < 20 MB)"

# --- 1. GET by id vs a static file of the same size ---
base="http://127.0.0.1:$port"
body='{"name":"Benchmark Prospect","email":"bench@example.com","segment":"affluent","expected_amount":{"amount":1234567,"currency":"PLN"},"score":70,"tags":["mortgage","deposit"],"address":{"city":"Krakow"},"notes":"A prospect record of a realistic size for the GET benchmark."}'
id=$(curl -s -X POST -H 'Content-Type: application/json' -d "$body" "$base/api/v1/prospect" |
     sed -n 's/^{"id":"\([0-9a-f]*\)".*/\1/p')
[ -n "$id" ] || { echo "could not create the benchmark record"; exit 1; }
curl -s "$base/api/v1/prospect/$id" > "$dir/www/same.json"
size=$(wc -c < "$dir/www/same.json")
echo "GET of a $size-byte record vs a $size-byte static file, wrk: 2 threads, 32 keep-alive connections, 10 s each"
run_wrk() { wrk -t2 -c32 -d10s --latency "$1" 2>/dev/null; }
figures() {
    rps=$(printf '%s\n' "$1" | awk '/Requests\/sec/ {print $2}')
    p50=$(printf '%s\n' "$1" | awk '$1 == "50%" {print $2}')
    p99=$(printf '%s\n' "$1" | awk '$1 == "99%" {print $2}')
    printf '  %-28s %10s req/s   p50 %-8s p99 %s\n' "$2" "$rps" "$p50" "$p99"
}
api=$(run_wrk "$base/api/v1/prospect/$id")
static=$(run_wrk "$base/same.json")
figures "$api" "GET /api/v1/prospect/<id>"
figures "$static" "GET /same.json (static)"
api_rps=$(printf '%s\n' "$api" | awk '/Requests\/sec/ {print $2}')
static_rps=$(printf '%s\n' "$static" | awk '/Requests\/sec/ {print $2}')
awk -v a="$api_rps" -v s="$static_rps" 'BEGIN { printf "  ratio entity/static: %.2f (target >= 0.5)\n", a / s }'
crmd_stop

# --- 4. the same GET as a logged-in user ---
password="Bench-Passphrase-$(date +%s)"
printf '%s\n' "$password" | "$build/crmd" user add loadtest --role admin -c "$dir/auth.cfg" >/dev/null 2>&1
start_crmd "$dir/auth.cfg"
base="http://127.0.0.1:$port"
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
         -d "{\"username\":\"loadtest\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
         sed -n 's/^Set-Cookie: \(crm_session=[^;]*\).*/\1/p')
[ -n "$cookie" ] || { echo "could not log in for the benchmark"; exit 1; }
authed=$(wrk -t2 -c32 -d10s --latency -H "Cookie: $cookie" "$base/api/v1/prospect/$id" 2>/dev/null)
echo "GET by id as a logged-in user (session cookie) vs authentication disabled, same store"
figures "$authed" "GET, session cookie"
figures "$api" "GET, authentication off"
authed_rps=$(printf '%s\n' "$authed" | awk '/Requests\/sec/ {print $2}')
awk -v a="$authed_rps" -v o="$api_rps" 'BEGIN { printf "  ratio authenticated/unauthenticated: %.2f (target >= 0.85)\n", a / o }'
crmd_stop

# --- 2. import ---
[ "${SKIP_IMPORT:-}" = 1 ] || "$build/bench/bench_import" "$build" "$records"

# --- 5. report ---
[ "${SKIP_REPORT:-}" = 1 ] || "$build/bench/bench_report" "$build" "$records"

# --- 6. clients ---
[ "${SKIP_CLIENTS:-}" = 1 ] || sh "$(dirname "$0")/clients.sh" "$build" "$records"

# --- 7. the web UI ---
[ "${SKIP_UI:-}" = 1 ] || sh "$(dirname "$0")/ui_list.sh" "$build" "$records"

# --- 8. sales dynamics ---
[ "${SKIP_SALES:-}" = 1 ] || "$build/bench/bench_sales" "$build" "$records"
