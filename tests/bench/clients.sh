#!/bin/sh
# Benchmark of the clients plugin over N clients (default 1,000,000): prints figures, asserts
# nothing. Usage: tests/bench/clients.sh BUILD_DIR [N]
#
# The store is clients_store.sh's (the demo bank and N generated clients). Then, over HTTP with
# wrk (2 threads, 16 keep-alive connections, random requests from a Lua script, after two
# seconds of the same requests to warm the caches), latency p50/p95 of:
#   full-text search (q=, relevance order) as the board, and as an advisor (their scope), and
#   sorted by name as the board
#   caller lookup by phone (written as a caller would: "600 123 456") as a service agent
#   the client 360 view as the board
#   _count of the clients an advisor may see
# and, for reference, a static file served by the same crmd.
set -eu
build=$(cd "${1:?usage: clients.sh BUILD_DIR [N]}" && pwd)
n=${2:-1000000}
dir=$(mktemp -d /tmp/crm-bench-clients-XXXXXX)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT INT TERM
. "$(dirname "$0")/clients_store.sh"

mkdir -p "$dir/www"
echo '{"hello":"static"}' > "$dir/www/static.json"
clients_store_build "$dir" "$build" "$n" "$dir/www"
echo "clients benchmark over $n clients (SQLite store, $(du -m "$dir/crm.db" | cut -f1) MB; loaded with crmd import in $load_seconds s)"
echo "wrk: 2 threads, 16 keep-alive connections, 10 s each, random requests; latency p50 / p95"

crmd_start "$dir" "$build"
board=$(crmd_login board)
anna=$(crmd_login anna.advisor)
agent=$(crmd_login sofia.agent)
curl -s -b "$board" "$base/api/v1/client?limit=500&sort=-id" |
    tr ',' '\n' | sed -n 's/.*"id":"\([0-9a-f]\{24\}\)".*/\1/p' | head -500 > "$dir/ids"

# A Lua script requesting PATTERN with %s replaced by a random entry of LIST (a Lua table
# literal), printing p50 and p95 at the end.
script() { # FILE PATTERN LIST
    cat > "$1" <<LUA
local items = $3
math.randomseed(20261122)
request = function()
    return wrk.format("GET", string.format("$2", items[math.random(#items)]))
end
done = function(summary, latency, requests)
    io.write(string.format("%.2f %.2f %d %d\n", latency:percentile(50) / 1000,
                           latency:percentile(95) / 1000, summary.requests, summary.errors.status))
end
LUA
}
lua_list() { # words on stdin -> {"a","b",...}
    awk 'BEGIN { printf "{" } { printf "%s\"%s\"", (NR > 1 ? "," : ""), $0 } END { printf "}" }'
}
measure() { # LABEL COOKIE SCRIPT (after 2 s of the same requests to warm the caches)
    wrk -t2 -c16 -d2s -H "Cookie: $2" -s "$3" "$base" >/dev/null 2>&1
    out=$(wrk -t2 -c16 -d10s -H "Cookie: $2" -s "$3" "$base" 2>/dev/null | tail -1)
    printf '  %-44s p50 %6s ms   p95 %6s ms   (%s requests, %s errors)\n' "$1" \
        "$(echo "$out" | cut -d' ' -f1)" "$(echo "$out" | cut -d' ' -f2)" \
        "$(echo "$out" | cut -d' ' -f3)" "$(echo "$out" | cut -d' ' -f4)"
}

printf '%s\n' Nowak Kowalski Shevchenko Ivanova Kovalenko Wojcik Mazur Tkachenko |
    awk '{ print $1 int(NR * 7 % 50) }' | lua_list > "$dir/surnames.lua"
script "$dir/search.lua" "/api/v1/client?q=%s&limit=20" "$(cat "$dir/surnames.lua")"
measure "full-text search, board (all clients)" "$board" "$dir/search.lua"
measure "full-text search, advisor (own clients)" "$anna" "$dir/search.lua"
script "$dir/search_name.lua" "/api/v1/client?q=%s&limit=20&sort=display_name" "$(cat "$dir/surnames.lua")"
measure "full-text search sorted by name, board" "$board" "$dir/search_name.lua"

awk -v n="$n" 'BEGIN { srand(7); for (k = 0; k < 500; k++) { i = int(rand() * n); printf "600%%20%03d%%20%03d\n", int(i / 1000) % 1000, i % 1000 } }' |
    head -500 > "$dir/phones"
# "600 123 456" is the national form of +48 600123456: only numbers below 1000000 exist as
# written; the rest miss, as lookups of unknown callers do.
script "$dir/lookup.lua" "/api/v1/clients/lookup?phone=%s" "$(lua_list < "$dir/phones")"
measure "caller lookup by phone, service agent" "$agent" "$dir/lookup.lua"

script "$dir/c360.lua" "/api/v1/clients/%s/360" "$(lua_list < "$dir/ids")"
measure "client 360, board" "$board" "$dir/c360.lua"

script "$dir/count.lua" "/api/v1/client?_count=true&limit=0%s" '{""}'
measure "_count of the clients an advisor may see" "$anna" "$dir/count.lua"

script "$dir/static.lua" "/static.json%s" '{""}'
measure "reference: a static file" "$board" "$dir/static.lua"
echo "  (targets: each p95 under 20 ms)"
