#!/usr/bin/env bash
# Queue and indicator benchmark over 1,000,000 cases (issue 4, "Speed", second bullet: ≤ 50 ms p95).
# For each database: a fresh demo database, the web host started in Release (API rate limit lifted, bench only), one
# report posted through the API (the template row), then Fengqiao.Bench
#   - scale-seed 10,000 cases (multi-row INSERT on SQLite, binary COPY on PostgreSQL) and scale-queries: the baseline,
#   - scale-seed 990,000 more cases and scale-queries again: the figures at 1,000,000 cases,
# both timing GET /health/live, the first queue page of a street officer and a grid worker (all, to dispatch, mine,
# overdue, counts) and the street's indicators for one month and one quarter, one request at a time, 10 warm-up then
# N measured requests each (p50/p95/max). The query plans of the queue and indicator queries are printed at the end.
# Usage: bench/scale.sh [sqlite|postgres|both] [requests per call, default 60] [cases, default 1000000]
# PostgreSQL: FENGQIAO_BENCH_PG, by default Host=127.0.0.1;Username=postgres;Password=postgres;SSL Mode=Disable (same
# host: no TLS on loopback, as in bench/intake.sh). A scratch database fengqiao_bench_scale is created and dropped.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
which=${1:-both}
requests=${2:-60}
total=${3:-1000000}
port=5181
pg=${FENGQIAO_BENCH_PG:-Host=127.0.0.1;Username=postgres;Password=postgres;SSL Mode=Disable}
dotnet build src/Fengqiao.Web -c Release -v quiet -nologo >/dev/null
dotnet build bench/Fengqiao.Bench -c Release -v quiet -nologo >/dev/null
app=src/Fengqiao.Web/bin/Release/net10.0/Fengqiao.Web.dll
bench=bench/Fengqiao.Bench/bin/Release/net10.0/Fengqiao.Bench.dll
work=$(mktemp -d)
pid=
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

plans() { # $1 = sqlite|postgres, $2 = street unit path prefix, $3 = street code
  local provider=$1 path=$2 street=$3
  local queue="SELECT * FROM cases WHERE \"UnitPath\" LIKE '$path%' ORDER BY \"ReportedAt\" DESC LIMIT 20"
  local mine="SELECT * FROM cases WHERE \"UnitPath\" LIKE '$path%' AND \"Status\" IN (4, 5, 8) AND \"AssignedDepartmentCode\" IS NULL AND \"HolderUnitCode\" IN ('$street') ORDER BY \"StageDueAt\", \"ReportedAt\" LIMIT 20"
  local count="SELECT COUNT(*) FROM cases WHERE \"UnitPath\" LIKE '$path%' AND \"Status\" = 3"
  if [ "$provider" = postgres ]; then
    for q in "$queue" "$mine" "$count"; do
      echo "-- $q"; PGPASSWORD=postgres psql -q -h 127.0.0.1 -U postgres -d fengqiao_bench_scale -c "EXPLAIN ANALYZE $q" | grep -v '^$'
    done
  else
    for q in "$queue" "$mine" "$count"; do
      echo "-- $q"; sqlite3 "$work/data/fengqiao.db" "EXPLAIN QUERY PLAN $q"
    done
  fi
}

run() { # $1 = sqlite|postgres
  local provider=$1 cs
  rm -rf "$work/data"; mkdir -p "$work/data"
  if [ "$provider" = postgres ]; then
    cs="$pg;Database=fengqiao_bench_scale"
    PGPASSWORD=postgres psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS fengqiao_bench_scale" -c "CREATE DATABASE fengqiao_bench_scale" >/dev/null
    export Database__Provider=PostgreSql Database__ConnectionString="$cs"
  else
    cs="Data Source=$work/data/fengqiao.db"
    export Database__Provider=Sqlite; unset Database__ConnectionString
  fi
  ASPNETCORE_ENVIRONMENT=Development Database__DataDirectory="$work/data" Api__RateLimit__PermitsPerMinute=100000000 \
    Serilog__MinimumLevel__Default=Warning Logging__LogLevel__Default=Warning \
    dotnet "$app" --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Fengqiao.Web" >"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 1200); do
    curl -s -o /dev/null "http://127.0.0.1:$port/health/ready" && grep -q '^admin ' "$work/log" && break
    sleep 0.1
  done
  local street_password grid_password street
  street_password=$(awk '$1 == "street" {print $2; exit}' "$work/log")
  grid_password=$(awk '$1 == "grid" {print $2; exit}' "$work/log")
  street=$(awk '$1 == "street" {print $4; exit}' "$work/log")
  [ -n "$street_password" ] || { echo "host did not start:" >&2; cat "$work/log" >&2; exit 1; }
  # The template row: one report through the whole intake pipeline.
  curl -sf -o /dev/null -H 'Content-Type: application/json' "http://127.0.0.1:$port/api/v1/reports" \
    -d '{"title":"小区门口路灯不亮","description":"宜城街道某社区东门口的路灯已经坏了一个星期，晚上很黑，老人出行不便，请尽快修理。","longitude":119.8236,"latitude":31.3641,"address":"宜兴市宜城街道","anonymous":true}'
  echo "== $provider ($(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)); street $street"
  local args=(--url "http://127.0.0.1:$port" --street-password "$street_password" --grid-password "$grid_password" --street "$street" --requests "$requests")
  dotnet "$bench" scale-seed --provider "$provider" --connection-string "$cs" --count 10000 | grep RESULT
  dotnet "$bench" scale-queries "${args[@]}" --label "10k "
  dotnet "$bench" scale-seed --provider "$provider" --connection-string "$cs" --count $((total - 10000)) --offset 10000 | grep RESULT
  dotnet "$bench" scale-queries "${args[@]}" --label "1M "
  local path
  if [ "$provider" = postgres ]; then
    path=$(PGPASSWORD=postgres psql -qtA -h 127.0.0.1 -U postgres -d fengqiao_bench_scale -c "SELECT \"Path\" FROM units WHERE \"Code\" = '$street'")
  else
    path=$(sqlite3 "$work/data/fengqiao.db" "SELECT \"Path\" FROM units WHERE \"Code\" = '$street'")
  fi
  plans "$provider" "$path" "$street"
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=
  if [ "$provider" = postgres ]; then
    PGPASSWORD=postgres psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS fengqiao_bench_scale" >/dev/null
  fi
}

case $which in
  sqlite|postgres) run "$which" ;;
  both) run sqlite; run postgres ;;
esac
