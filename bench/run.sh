#!/usr/bin/env bash
# Measures the chat on this machine and writes the results into docs/benchmarks.md.
# The API (Release, embedded SQLite) runs pinned to one core and the load generator to another; all
# traffic stays on loopback. Sizes can be set through the environment, e.g. RATES=5000,10000 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

PAIRS=${PAIRS:-100}
RATES=${RATES:-2500,5000,7500,10000,12500,15000}
DURATION=${DURATION:-10}
CONNECTIONS=${CONNECTIONS:-19500}
CONNECTION_USERS=${CONNECTION_USERS:-200}
CONNECT_RATE=${CONNECT_RATE:-2000}
MISSED=${MISSED:-10000}
SCENARIOS=${SCENARIOS:-s1 s3 s2 s1pg s0}
API_CORE=${API_CORE:-0}
LOAD_CORE=${LOAD_CORE:-1}

dotnet build ChatBot.sln -c Release --nologo -v q -p:TreatWarningsAsErrors=true > /dev/null
work=$(mktemp -d)
api_pid=""
stop_api() { if [ -n "$api_pid" ]; then kill "$api_pid" 2>/dev/null || true; wait "$api_pid" 2>/dev/null || true; api_pid=""; fi; }
trap 'stop_api; rm -rf "$work"' EXIT

database="$work/chat.db"
ConnectionStrings__chatdb="Data Source=$database" dotnet ChatBot.MigrationWorker/bin/Release/net10.0/ChatBot.MigrationWorker.dll > "$work/migrations.log"

# start_api <port> [NAME=value ...]: the API on one core, with the send quota and sign-in limits out of the way.
start_api() {
    local port=$1; shift
    # exec all the way down (env, taskset): $! is the API's own process, for its memory and CPU.
    (cd ChatBot.ApiService && exec env ASPNETCORE_URLS="http://127.0.0.1:$port" ConnectionStrings__chatdb="Data Source=$database" \
        RateLimits__SendPermitsPerSecond=1000000 RateLimits__SendBurst=1000000 \
        RateLimits__SignInsPerClientPerMinute=1000000 RateLimits__SignInsPerMinute=1000000 Logging__LogLevel__Default=Warning "$@" \
        taskset -c "$API_CORE" dotnet bin/Release/net10.0/ChatBot.ApiService.dll > "$work/api-$port.log" 2>&1) &
    api_pid=$!
    for _ in $(seq 1 150); do
        curl -sf "http://127.0.0.1:$port/health" > /dev/null && return
        sleep 0.2
    done
    echo "The API did not start; its log:" >&2
    cat "$work/api-$port.log" >&2
    exit 1
}

load() { taskset -c "$LOAD_CORE" dotnet bench/ChatBot.LoadTest/bin/Release/net10.0/ChatBot.LoadTest.dll "$@" --output "$work/results.md"; }

runs() { [[ " $SCENARIOS " == *" $1 "* ]]; }

start_api 5701
runs s1 && load --api http://127.0.0.1:5701 --scenario s1 --pairs "$PAIRS" --rates "$RATES" --duration "$DURATION" --database "Data Source=$database"
runs s3 && load --api http://127.0.0.1:5701 --scenario s3 --messages "$MISSED"
runs s2 && load --api http://127.0.0.1:5701 --scenario s2 --connections "$CONNECTIONS" --users "$CONNECTION_USERS" \
    --connect-rate "$CONNECT_RATE" --server-pid "$api_pid"
stop_api

# S1 again with the API on PostgreSQL (Debian's, its defaults: fsync and synchronous commit on). Its
# processes share the API's core: the server side still has one core in all.
if runs s1pg; then
    pg_bin=$(pg_config --bindir)
    as_postgres=()
    mkdir -p "$work/postgres"
    if [ "$(id -u)" -eq 0 ]; then
        chown postgres: "$work/postgres"
        as_postgres=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    fi
    "${as_postgres[@]}" "$pg_bin/initdb" -D "$work/postgres/data" -U postgres --auth=trust -E UTF8 --locale=C > "$work/initdb.log"
    taskset -c "$API_CORE" "${as_postgres[@]}" "$pg_bin/postgres" -D "$work/postgres/data" -p 5703 -k "$work/postgres" \
        -c listen_addresses=127.0.0.1 > "$work/postgres.log" 2>&1 &
    pg_pid=$!
    until "$pg_bin/pg_isready" -q -h 127.0.0.1 -p 5703; do sleep 0.2; done
    postgres="Host=127.0.0.1;Port=5703;Username=postgres;Database=chat"
    ConnectionStrings__chatdb="$postgres" dotnet ChatBot.MigrationWorker/bin/Release/net10.0/ChatBot.MigrationWorker.dll > "$work/migrations-pg.log"
    start_api 5704 ConnectionStrings__chatdb="$postgres"
    load --api http://127.0.0.1:5704 --scenario s1 --label "S1 on PostgreSQL: one-to-one, persisted" --pairs "$PAIRS" --rates "$RATES" \
        --duration "$DURATION" --database "$postgres"
    stop_api
    kill -INT "$pg_pid"; wait "$pg_pid" 2>/dev/null || true
fi

if runs s0; then
    start_api 5702 Benchmark__VolatileMessages=true
    load --api http://127.0.0.1:5702 --scenario s0 --pairs "$PAIRS" --rates "$RATES" --duration "$DURATION"
    stop_api
fi

# The SQLite the API runs: the library bundled with Microsoft.Data.Sqlite, not the system's.
sqlite_version() {
    python3 -c 'import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]); lib.sqlite3_libversion.restype = ctypes.c_char_p; print(lib.sqlite3_libversion().decode())' \
        "$(find ChatBot.ApiService/bin/Release -path "*/linux-$(uname -m | sed 's/x86_64/x64/;s/aarch64/arm64/')/*" -name libe_sqlite3.so | head -n 1)" 2>/dev/null || echo "(bundled)"
}

# The results, with what they were measured on, between the markers of docs/benchmarks.md.
{
    echo "<!-- results:start -->"
    echo "Measured $(date -u +%Y-%m-%d) at commit $(git rev-parse --short HEAD) by \`bench/run.sh\`."
    echo
    echo "- Machine: $(nproc) × $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(free -g | awk '/Mem:/ {print $2}') GiB; $(. /etc/os-release && echo "$PRETTY_NAME"), Linux $(uname -r)"
    echo "- .NET SDK $(dotnet --version); runtime $(dotnet --list-runtimes | awk '/Microsoft.AspNetCore.App/ {print $2}' | tail -n 1); SQLite $(sqlite_version)"
    echo "- The API on core $API_CORE, the load generator on core $LOAD_CORE (taskset); Release builds; SQLite in WAL mode, synchronous=FULL; the send quota lifted"
    echo
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
