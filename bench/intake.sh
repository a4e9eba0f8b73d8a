#!/usr/bin/env bash
# Intake benchmark (issue 4, "Speed"): reports over HTTP through the whole pipeline, on SQLite and/or PostgreSQL.
# For each database: a fresh demo database, the web host started in Release with the API rate limit lifted (bench
# configuration only), then Fengqiao.Bench measures in the same run
#   - noop-max:   a no-op POST of the same bodies on an in-process Kestrel endpoint (HTTP baseline),
#   - intake-max: POST /api/v1/reports, closed loop (64 concurrent callers): the sustained rate, measured after
#                 WARMUP (30) seconds of the same load — a fresh host spends its first tens of seconds of load
#                 re-compiling its hot methods in the background (tiered JIT), which is start-up, not intake,
#   - intake-open-R: the same at a fixed rate R (open loop): p50/p99 latency,
#   - raw-insert: the same rows (case, timeline, tier step, audit entry, outbox message) written straight to the
#                 database in 100-row transactions (the physical limit).
# Usage: bench/intake.sh [sqlite|postgres|both] [seconds] [open-loop rates, comma-separated]
# ONLY=max (or noop,max,open — the default) runs a subset of the HTTP loads. BODIES=N (4,000) distinct request bodies:
# with the default they repeat at the same points and most reports become possible duplicates; 100000 keeps them fresh.
# Each open loop also reports the machine under it (Linux), sampled every 50 ms: the storage under the database (the
# block device's writes and flushes, the kernel's I/O pressure), the kernel's CPU pressure and the CPU time the
# hypervisor took; its stalls; and for each slow episode how late the generator sent its requests, how much of it tasks
# waited for a CPU, and which stalls it overlapped (RESULT …-machine).
# After the loads the script waits until the host is idle (three quiet seconds, longer than the outbox poll) and
# prints how many outbox rows are still undelivered, and what the indicator roll-up refresh worked during the run
# (RESULT intake-refresh: the rounds' time, rests excluded, from the host's Debug log of each refresh).
# PostgreSQL: FENGQIAO_BENCH_PG, by default Host=127.0.0.1;Username=postgres;Password=postgres;SSL Mode=Disable (the
# server runs on the same host; Debian's PostgreSQL offers TLS on loopback, which Npgsql takes by default and which
# showed in 17 % of the host's thread-time samples under intake load — a same-host deployment would use loopback
# without TLS or a Unix socket). A scratch database fengqiao_bench_intake is created and dropped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
which=${1:-both}
seconds=${2:-20}
rates=${3:-1000}
port=5180
pg=${FENGQIAO_BENCH_PG:-Host=127.0.0.1;Username=postgres;Password=postgres;SSL Mode=Disable}
dotnet build src/Fengqiao.Web -c Release -v quiet -nologo >/dev/null
dotnet build bench/Fengqiao.Bench -c Release -v quiet -nologo >/dev/null
app=src/Fengqiao.Web/bin/Release/net10.0/Fengqiao.Web.dll
bench=bench/Fengqiao.Bench/bin/Release/net10.0/Fengqiao.Bench.dll
messages=$(realpath ../shared/data/complaints/messages-with-likes.csv 2>/dev/null || echo /work/shared/data/complaints/messages-with-likes.csv)
work=$(mktemp -d)
pid=
# KEEP_LOG=FILE keeps the last host's log (the refreshes' Debug lines with their times) for a closer look.
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; [ -n "${KEEP_LOG:-}" ] && cp "$work/log" "$KEEP_LOG"; rm -rf "$work"; }
trap cleanup EXIT

refresh_summary() { # $1 = host log: the indicator roll-up refreshes during warm-up, loads and the wait for idle
  { grep -o 'Indicator roll-up refresh: [0-9]* buckets in [0-9]* rounds, [0-9.]* ms of work' "$1" || true; } \
    | awk '{ print $9, $4 }' | sort -n \
    | awk '{ w[++n] = $1; t += $1; b += $2 } END {
        if (n == 0) { print "RESULT intake-refresh: no refresh logged"; exit }
        printf "RESULT intake-refresh: %d refreshes, %d buckets; work %.1f s in all, median %.0f ms, max %.0f ms\n", n, b, t / 1000, w[int((n + 1) / 2)], w[n] }'
}

run() { # $1 = sqlite|postgres
  local provider=$1 cs data
  rm -rf "$work/data"; mkdir -p "$work/data"
  if [ "$provider" = postgres ]; then
    cs="$pg;Database=fengqiao_bench_intake"
    PGPASSWORD=postgres psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS fengqiao_bench_intake" -c "CREATE DATABASE fengqiao_bench_intake" >/dev/null
    export Database__Provider=PostgreSql Database__ConnectionString="$cs"
    data=$(PGPASSWORD=postgres psql -tA -h 127.0.0.1 -U postgres -c "SHOW data_directory")
  else
    cs="Data Source=$work/data/fengqiao.db"
    export Database__Provider=Sqlite; unset Database__ConnectionString
    data=$work/data
  fi
  # Bench configuration only: the per-client API limit (300/min by default) would cap the run at 5 requests/s.
  # The roll-up refresher logs each refresh's work at Debug: summarised after the loads.
  ASPNETCORE_ENVIRONMENT=Development Database__DataDirectory="$work/data" Api__RateLimit__PermitsPerMinute=100000000 \
    Serilog__MinimumLevel__Default=Warning Logging__LogLevel__Default=Warning \
    env "Serilog__MinimumLevel__Override__Fengqiao.Cases.Indicators.Rollups=Debug" \
    dotnet "$app" --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Fengqiao.Web" >"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    curl -s -o /dev/null "http://127.0.0.1:$port/health/ready" && grep -q '^admin ' "$work/log" && break
    sleep 0.1
  done
  local password
  password=$(awk '$1 == "admin" {print $2; exit}' "$work/log")
  [ -n "$password" ] || { echo "host did not start:" >&2; cat "$work/log" >&2; exit 1; }
  echo "== $provider ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ))"
  dotnet "$bench" intake --server-pid "$pid" --url "http://127.0.0.1:$port" --password "$password" --messages "$messages" --seconds "$seconds" --rate "$rates" --warmup "${WARMUP:-30}" --only "${ONLY:-noop,max,open}" --bodies "${BODIES:-4000}" \
    --storage-device "$(findmnt -no MAJ:MIN --target "$data" 2>/dev/null || true)"
  if [ "$provider" = postgres ]; then
    echo "outbox rows (all, undelivered): $(PGPASSWORD=postgres psql -tA -h 127.0.0.1 -U postgres -d fengqiao_bench_intake -c 'select count(*), count(*) filter (where "ProcessedAt" is null and "FailedAt" is null) from outbox')"
  else
    echo "outbox rows (all, undelivered): $(sqlite3 "$work/data/fengqiao.db" 'select count(*), sum(ProcessedAt is null and FailedAt is null) from outbox')"
  fi
  refresh_summary "$work/log"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  dotnet "$bench" raw-insert --provider "$provider" --connection-string "$cs" --seconds "$seconds"
  if [ "$provider" = postgres ]; then
    PGPASSWORD=postgres psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS fengqiao_bench_intake" >/dev/null
  fi
}

case $which in
  sqlite|postgres) run "$which" ;;
  both) run sqlite; run postgres ;;
esac
