# Sourced by the benchmarks that need a store of many clients (clients.sh, ui_list.sh):
#   clients_store_build DIR BUILD N WWW   a store of N clients in DIR (crmd.cfg, crm.db,
#                                          demo-logins.txt), crmd serving static files from WWW
#   crmd_start DIR BUILD [CONFIG]          serves DIR's store (DIR/crmd.cfg, or CONFIG) in the
#                                          background, logging to DIR/crmd.log: sets pid, port,
#                                          base
#   crmd_stop                              stops it
#   crmd_login USERNAME                    prints the session cookie (password: $password)
#
# The demo bank's org tree and staff come from `crmd seed-demo --clients 1`; N generated
# clients (two phones each, names drawn from fixed lists) are loaded with `crmd import`. Anna
# (anna.advisor) has a realistic portfolio, one client in 500 (2000 of a million: a bank of a
# million clients has hundreds of advisors); the other six demo advisors share the rest.

crmd_start() { # DIR BUILD [CONFIG]
    "$2/crmd" serve -c "${3:-$1/crmd.cfg}" 2>"$1/crmd.log" &
    pid=$!
    port=""
    for _ in $(seq 1 400); do
        port=$(sed -n 's/^crmd is serving on http:\/\/[^:]*:\([0-9]*\)\/.*/\1/p' "$1/crmd.log" 2>/dev/null)
        [ -n "$port" ] && break
        sleep 0.05
    done
    [ -n "$port" ] || { echo "crmd did not start:"; cat "$1/crmd.log"; exit 1; }
    base="http://127.0.0.1:$port"
}

crmd_stop() {
    [ -n "${pid:-}" ] || return 0
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    pid=""
}

crmd_login() { # USERNAME -> cookie
    curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
         -d "{\"username\":\"$1\",\"password\":\"$password\"}" "$base/api/v1/auth/login" |
        sed -n 's/^Set-Cookie: \(crm_session=[^;]*\).*/\1/p'
}

clients_store_build() { # DIR BUILD N WWW
    cat > "$1/crmd.cfg" <<CFG
server = { listen = "127.0.0.1:0"; www = "$4"; threads = 8; };
store = { driver = "sqlite"; path = "$1/crm.db"; };
plugins = { dir = "$2/plugins"; enabled = ["clients"]; };
log = { level = "warn"; };
auth = { enabled = true; cache_seconds = 10; };
CFG
    "$2/crmd" seed-demo --clients 1 -c "$1/crmd.cfg" > "$1/seed.out"
    password=$(sed -n 's/^  password: //p' "$1/demo-logins.txt")

    # The advisors' ids and units, from the users list.
    crmd_start "$1" "$2"
    admin=$(crmd_login admin)
    curl -s -b "$admin" "$base/api/v1/admin/users?limit=100" |
        tr '{' '\n' | grep '"advisor"' |
        sed -n 's/.*"id":"\([0-9a-f]*\)","username":"\([a-z.]*\)".*"org_unit":"\([0-9a-f]*\)".*/\1 \3 \2/p' > "$1/advisors"
    crmd_stop
    [ -s "$1/advisors" ] || { echo "no advisors found"; exit 1; }

    # N clients as NDJSON: names from fixed lists, two phones, one owner each.
    t0=$(date +%s.%N)
    awk -v n="$3" -v adv="$1/advisors" 'BEGIN {
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
    }' > "$1/clients.ndjson"
    "$2/crmd" import -c "$1/crmd.cfg" --batch 5000 client "$1/clients.ndjson" > "$1/import.out" 2>&1 ||
        { echo "import failed:"; tail -5 "$1/import.out"; exit 1; }
    rm -f "$1/clients.ndjson"
    t1=$(date +%s.%N)
    load_seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", b - a }')
}
