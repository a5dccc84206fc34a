#!/bin/sh
# Benchmark of the clients plugin over N clients (default 1,000,000): prints figures, asserts
# nothing. Usage: tests/bench/clients.sh BUILD_DIR [N]
#
# The demo bank's org tree and staff come from `crmd seed-demo --clients 1`; N generated
# clients (two phones each, names drawn from fixed lists) are loaded with `crmd import`. Anna
# (anna.advisor) has a realistic portfolio, one client in 500 (2000 of a million: a bank of a
# million clients has hundreds of advisors); the other six demo advisors share the rest. Then, over HTTP with wrk (2 threads, 16 keep-alive connections,
# random requests from a Lua script), latency p50/p95 of:
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

mkdir -p "$dir/www"
echo '{"hello":"static"}' > "$dir/www/static.json"
cat > "$dir/crmd.cfg" <<CFG
server = { listen = "127.0.0.1:0"; www = "$dir/www"; threads = 8; };
store = { driver = "sqlite"; path = "$dir/crm.db"; };
plugins = { dir = "$build/plugins"; enabled = ["clients"]; };
log = { level = "warn"; };
auth = { enabled = true; cache_seconds = 10; };
CFG

"$build/crmd" seed-demo --clients 1 -c "$dir/crmd.cfg" > "$dir/seed.out"
password=$(sed -n 's/^  password: //p' "$dir/demo-logins.txt")

start_crmd() {
    "$build/crmd" serve -c "$dir/crmd.cfg" 2>"$dir/crmd.log" &
    pid=$!
    port=""
    for _ in $(seq 1 200); do
        port=$(sed -n 's/^crmd is serving on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$dir/crmd.log" 2>/dev/null)
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { echo "crmd did not start:"; cat "$dir/crmd.log"; exit 1; }
    base="http://127.0.0.1:$port"
}
login() { # USERNAME -> cookie
    curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
         -d "{\"username\":\"$1\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
        sed -n 's/^Set-Cookie: \(crm_session=[^;]*\).*/\1/p'
}

# The advisors' ids and units, from the users list.
start_crmd
admin=$(login admin)
curl -s -b "$admin" "$base/api/v1/admin/users?limit=100" |
    tr '{' '\n' | grep '"advisor"' |
    sed -n 's/.*"id":"\([0-9a-f]*\)","username":"\([a-z.]*\)".*"org_unit":"\([0-9a-f]*\)".*/\1 \3 \2/p' > "$dir/advisors"
kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
[ -s "$dir/advisors" ] || { echo "no advisors found"; exit 1; }

# N clients as NDJSON: names from fixed lists, two phones, one owner each.
t0=$(date +%s.%N)
awk -v n="$n" -v adv="$dir/advisors" 'BEGIN {
    a = 0
    while ((getline line < adv) > 0) {
        split(line, f, " "); owner[a] = f[1]; unit[a] = f[2]
        if (f[3] == "anna.advisor") anna = a
        a++
    }
    split("Anna Maria Piotr Jan Olena Ivan Katarzyna Tomasz Natalia Marek Sofia Andrii", first, " ")
    split("Nowak Kowalski Shevchenko Wisniewski Ivanova Zielinski Kovalenko Wojcik Petrenko Kaminski Lewandowska Bondarenko Mazur Tkachenko Krawczyk Grabowski", last, " ")
    for (i = 0; i < n; i++) {
        h = (i * 2654435761) % 4294967296
        printf "{\"kind\":\"individual\",\"status\":\"active\",\"first_name\":\"%s\",\"last_name\":\"%s%d\",", first[1 + h % 12], last[1 + int(h / 16) % 16], int(h / 4096) % 50
        o = i % 500 == 0 ? anna : (i % (a - 1) < anna ? i % (a - 1) : i % (a - 1) + 1)
        printf "\"phones\":[\"+48 5%08d\",\"+48 6%08d\"],\"cbs_id\":\"B%d\",\"owner_id\":\"%s\",\"org_unit\":\"%s\"}\n", i, i, i, owner[o], unit[o]
    }
}' > "$dir/clients.ndjson"
"$build/crmd" import -c "$dir/crmd.cfg" --batch 5000 client "$dir/clients.ndjson" > "$dir/import.out" 2>&1 || { echo "import failed:"; tail -5 "$dir/import.out"; exit 1; }
t1=$(date +%s.%N)
echo "clients benchmark over $n clients (SQLite store, $(du -m "$dir/crm.db" | cut -f1) MB; loaded with crmd import in $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }') s)"
echo "wrk: 2 threads, 16 keep-alive connections, 10 s each, random requests; latency p50 / p95"

start_crmd
board=$(login board)
anna=$(login anna.advisor)
agent=$(login sofia.agent)
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
