#!/usr/bin/env bash
# Measures the chat on this machine and writes the results, with the targets beside them, into
# docs/benchmarks.md. The server side (the API; with it the web front end, the bare hub or PostgreSQL where a
# scenario has them) runs pinned to one core, the load generator to the other; all traffic stays on loopback.
# Sizes and scenarios can be set through the environment, e.g. RATES=4000,8000 SCENARIOS="s1 bare" bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS=${PAIRS:-100}
# The targets compare the rates held directly, through the front end and by the bare hub: one grid, fine where they part.
RATES=${RATES:-2000,3000,4000,5000,6000,8000,10000,12000,16000}
WEB_RATES=${WEB_RATES:-2000,3000,4000,5000,6000,8000}
GROUPS_OF_10=${GROUPS_OF_10:-20}
GROUP_RATES=${GROUP_RATES:-500,1000,2000,3000}
DURATION=${DURATION:-10}
FIRST_WARMUP=${FIRST_WARMUP:-30}
CONNECTIONS=${CONNECTIONS:-19500}
# The front end holds two sockets per forwarded connection (the browser's and its own to the API).
WEB_CONNECTIONS=${WEB_CONNECTIONS:-9500}
CONNECTION_USERS=${CONNECTION_USERS:-200}
CONNECT_RATE=${CONNECT_RATE:-2000}
MISSED=${MISSED:-10000}
SEARCHED=${SEARCHED:-1000000}
FRESH_RATE=${FRESH_RATE:-2000}
FILES=${FILES:-200}
SCENARIOS=${SCENARIOS:-s1 s1mix s1mp s4 s3 s2 s1fresh web s2web bare s1pg s5 s5pg s6 s6pg s6folder}
SERVER_CORE=${SERVER_CORE:-0}
LOAD_CORE=${LOAD_CORE:-1}

dotnet build ChatBot.sln -c Release --nologo -v q -p:TreatWarningsAsErrors=true > /dev/null
work=$(mktemp -d)
servers=()
# Last started, first stopped: the API lets go of PostgreSQL before PostgreSQL is asked to stop. SIGTERM, as
# a script's background processes ignore SIGINT.
stop_servers() {
    for ((i = ${#servers[@]} - 1; i >= 0; i--)); do
        kill -TERM "${servers[i]}" 2>/dev/null || true
        wait "${servers[i]}" 2>/dev/null || true
    done
    servers=()
}
trap 'stop_servers; rm -rf "$work"' EXIT
runs() { [[ " $SCENARIOS " == *" $1 "* ]]; }

# The servers run as they are deployed: published for this machine's platform, so compiled ahead of time (ReadyToRun).
rid=linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')
for project in ChatBot.ApiService ChatBot.Web bench/ChatBot.BareHub; do
    dotnet publish "$project" -c Release -r "$rid" --self-contained false --nologo -v q -p:TreatWarningsAsErrors=true \
        -o "$work/published/$(basename "$project")" > /dev/null
done

# start <name> <project folder> <port> <path answering 200 once up> [NAME=value ...]: a server, as published, on the
# server's core, with the per-person limits out of the way; its PID is in $started (exec all the way down).
start() {
    local name=$1 project=$2 port=$3 ready=$4; shift 4
    (cd "$work/published/$(basename "$project")" && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ConnectionStrings__chatdb="$database" \
        RateLimits__SendPermitsPerSecond=1000000 RateLimits__SendBurst=1000000 RateLimits__MaxConnectionsPerPerson=1000000 \
        RateLimits__SignInsPerClientPerMinute=1000000 RateLimits__SignInsPerMinute=1000000 \
        RateLimits__HubMethods__EditMessage__PermitsPerSecond=1000000 RateLimits__HubMethods__EditMessage__Burst=1000000 \
        RateLimits__HubMethods__DeleteMessage__PermitsPerSecond=1000000 RateLimits__HubMethods__DeleteMessage__Burst=1000000 \
        RateLimits__HubMethods__ToggleReaction__PermitsPerSecond=1000000 RateLimits__HubMethods__ToggleReaction__Burst=1000000 \
        RateLimits__RestRoutes__CreateGroup__PermitsPerSecond=1000000 RateLimits__RestRoutes__CreateGroup__Burst=1000000 \
        RateLimits__RestRoutes__SearchMessages__PermitsPerSecond=1000000 RateLimits__RestRoutes__SearchMessages__Burst=1000000 \
        RateLimits__RestRoutes__UploadFile__PermitsPerSecond=1000000 RateLimits__RestRoutes__UploadFile__Burst=1000000 Files__QuotaBytes=100000000000 \
        Logging__LogLevel__Default=Warning "$@" \
        taskset -c "$SERVER_CORE" dotnet "$(basename "$project").dll" > "$work/$name.log" 2>&1) &
    started=$!
    servers+=("$started")
    for _ in $(seq 1 150); do
        curl -sf "http://127.0.0.1:$port$ready" > /dev/null && return
        sleep 0.2
    done
    echo "$name did not start; its log:" >&2
    cat "$work/$name.log" >&2
    exit 1
}

# A scenario that fails (the contract broken, connections refused) is reported in its table and fails the
# run at the end; the other scenarios still run.
failed=0
load() {
    taskset -c "$LOAD_CORE" dotnet bench/ChatBot.LoadTest/bin/Release/net10.0/ChatBot.LoadTest.dll "$@" \
        --output "$work/results.md" --summary "$work/summary.jsonl" || failed=1
}

s1() { load --scenario s1 --pairs "$PAIRS" --first-warmup "$FIRST_WARMUP" --duration "$DURATION" "$@"; }

# fresh <scenario> [VAR=value …]: stops the servers before it and starts an API of its own on a new database
# (with those settings too), so that one scenario's overload (its backlog, its grown log) stays out of the next
# one's figures.
api_url=http://127.0.0.1:5701
fresh() {
    stop_servers
    database="Data Source=$work/$1.db"
    ConnectionStrings__chatdb="$database" dotnet ChatBot.MigrationWorker/bin/Release/net10.0/ChatBot.MigrationWorker.dll > "$work/migrations-$1.log"
    start "api-$1" ChatBot.ApiService 5701 /health "${@:2}"
    api=$started
}

runs s1 && fresh s1 && s1 --key s1 --api $api_url --rates "$RATES" --server-pid $api --database "$database"
# The same rates, a fifth of the actions changing messages: replies' and reactions' cost beside plain sends.
runs s1mix && fresh s1mix && s1 --key s1mix --scenario s1mix --api $api_url --rates "$RATES" --server-pid $api --database "$database"
runs s1mp && fresh s1mp && s1 --key s1mp --api $api_url --rates "$RATES" --server-pid $api --protocol messagepack \
    --database "$database" --label "S1 with MessagePack: one-to-one, persisted"
runs s4 && fresh s4 && load --key s4 --api $api_url --scenario s4 --groups "$GROUPS_OF_10" --group-size 10 --rates "$GROUP_RATES" \
    --first-warmup "$FIRST_WARMUP" --duration "$DURATION" --server-pid $api --database "$database"
runs s3 && fresh s3 && load --key s3 --api $api_url --scenario s3 --messages "$MISSED"
runs s5 && fresh s5 && load --key s5 --api $api_url --scenario s5 --messages "$SEARCHED" --first-warmup "$FIRST_WARMUP" \
    --label "S5: search over a big history, SQLite"
runs s6 && fresh s6 && load --key s6 --api $api_url --scenario s6 --files "$FILES" --server-pid $api --label "S6: files, SQLite"
runs s6folder && fresh s6folder "Files__Folder=$work/files-s6folder" && load --key s6folder --api $api_url --scenario s6 --files "$FILES" \
    --server-pid $api --label "S6: files in a folder (Files:Folder), SQLite"
runs s2 && fresh s2 && load --key s2 --api $api_url --scenario s2 --connections "$CONNECTIONS" --users "$CONNECTION_USERS" \
    --connect-rate "$CONNECT_RATE" --server-pid $api

# A freshly started API under steady load, as a restart or a deploy meets it: the pairs are made through one API
# process, which then stops, and the load starts on a new one over the same database as soon as it answers.
if runs s1fresh; then
    fresh s1fresh
    load --scenario fresh --api $api_url --pairs "$PAIRS" --accounts "$work/s1fresh.json" > /dev/null
    stop_servers
    start api-s1fresh-restarted ChatBot.ApiService 5701 /health
    load --key s1fresh --scenario fresh --api $api_url --pairs "$PAIRS" --rates "$FRESH_RATE" --accounts "$work/s1fresh.json" --server-pid $started
fi

# Through the web front end, as browsers connect: signed in with a session cookie, forwarded to the API.
fresh_with_web() {
    fresh "$1"
    start web ChatBot.Web 5702 /alive services__apiservice__http__0=$api_url
    web=$started
}
runs web && fresh_with_web web && s1 --key web --api $api_url --web http://127.0.0.1:5702 --rates "$WEB_RATES" --server-pid "$api,$web" \
    --database "$database" --label "S1 through the web front end: one-to-one, persisted"
runs s2web && fresh_with_web s2web && load --key s2web --api $api_url --web http://127.0.0.1:5702 --scenario s2 --connections "$WEB_CONNECTIONS" \
    --users "$CONNECTION_USERS" --connect-rate "$CONNECT_RATE" --server-pid "$api,$web" --label "S2 through the web front end: idle connections"

# The bound: the same traffic against a bare SignalR hub (bench/ChatBot.BareHub), accounts from the API.
if runs bare; then
    fresh bare
    start bare bench/ChatBot.BareHub 5703 /alive
    s1 --key bare --api $api_url --hub http://127.0.0.1:5703 --rates "$RATES" --server-pid $started \
        --label "The bound: a bare SignalR hub, nothing stored"
fi
stop_servers

# The API on PostgreSQL (Debian's, its defaults: fsync and synchronous commit on), started afresh for each
# scenario; its processes share the server's core with the API. Sets $database, $postgres_pid and $api.
fresh_postgres() {
    stop_servers
    local data="$work/postgres-$1"
    pg_bin=$(pg_config --bindir)
    as_postgres=()
    mkdir -p "$data"
    chmod o+x "$work"   # the postgres account reaches its data folder through it
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$data"
        as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    fi
    "${as_postgres[@]}" "$pg_bin/initdb" -D "$data/data" -U postgres --auth=trust -E UTF8 --locale=C > "$work/initdb-$1.log"
    taskset -c "$SERVER_CORE" "${as_postgres[@]}" "$pg_bin/postgres" -D "$data/data" -p 5704 -k "$data" \
        -c listen_addresses=127.0.0.1 > "$work/postgres-$1.log" 2>&1 &
    servers+=("$!")
    postgres_pid=$!
    until "$pg_bin/pg_isready" -q -h 127.0.0.1 -p 5704; do sleep 0.2; done
    database="Host=127.0.0.1;Port=5704;Username=postgres;Database=chat"
    ConnectionStrings__chatdb="$database" dotnet ChatBot.MigrationWorker/bin/Release/net10.0/ChatBot.MigrationWorker.dll > "$work/migrations-$1.log"
    start "api-$1" ChatBot.ApiService 5705 /health
    api=$started
}

runs s1pg && fresh_postgres s1pg && s1 --key s1pg --api http://127.0.0.1:5705 --rates "$RATES" --server-pid "$api,$postgres_pid" \
    --database "$database" --label "S1 on PostgreSQL: one-to-one, persisted"
runs s5pg && fresh_postgres s5pg && load --key s5pg --api http://127.0.0.1:5705 --scenario s5 --messages "$SEARCHED" --first-warmup "$FIRST_WARMUP" \
    --label "S5: search over a big history, PostgreSQL"
runs s6pg && fresh_postgres s6pg && load --key s6pg --api http://127.0.0.1:5705 --scenario s6 --files "$FILES" --server-pid "$api,$postgres_pid" \
    --label "S6: files, PostgreSQL"
stop_servers

# The SQLite the API runs: the library bundled with Microsoft.Data.Sqlite, not the system's.
sqlite_version() {
    python3 -c 'import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]); lib.sqlite3_libversion.restype = ctypes.c_char_p; print(lib.sqlite3_libversion().decode())' \
        "$work/published/ChatBot.ApiService/libe_sqlite3.so" 2>/dev/null || echo "(bundled)"
}

# The results, with what they were measured on, between the markers of docs/benchmarks.md.
{
    echo "<!-- results:start -->"
    echo "Measured $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD) by \`bench/run.sh\`."
    echo
    echo "- Machine: $(nproc) × $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(free -g | awk '/Mem:/ {print $2}') GiB; $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
    echo "- .NET SDK $(dotnet --version); runtime $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {print $2}' | tail -n 1); SQLite $(sqlite_version); PostgreSQL $("$(pg_config --bindir)/postgres" --version 2>/dev/null | awk '{print $3}')"
    echo "- The server side on core $SERVER_CORE, the load generator on core $LOAD_CORE (taskset); Release, published for $rid (ReadyToRun); SQLite in WAL mode, synchronous=FULL; the per-person limits lifted; no telemetry export"
    echo
    echo "### Targets"
    echo
    taskset -c "$LOAD_CORE" dotnet bench/ChatBot.LoadTest/bin/Release/net10.0/ChatBot.LoadTest.dll --scenario targets --summary "$work/summary.jsonl"
    cat "$work/results.md"
    echo "<!-- results:end -->"
} > "$work/section.md"
python3 - "$work/section.md" <<'PY'
import re, sys
section = open(sys.argv[1]).read().strip()
path = "docs/benchmarks.md"
text = open(path).read()
text = re.sub(r"<!-- results:start -->.*<!-- results:end -->", lambda _: section, text, flags=re.S)
open(path, "w").write(text)
PY
echo "Results written to docs/benchmarks.md"
exit "$failed"
