#!/usr/bin/env bash
# The query shapes of the staff queues over 1,000,000 cases on PostgreSQL, before and after the CasesQueueSpeed change
# (docs/benchmarks.md): a scratch table with the columns and indexes the queues read, 1,000,000 rows over 105 grids of
# one street and three years generated in SQL, then EXPLAIN ANALYZE of each query in the shape EF wrote it before
# (jurisdiction as EXISTS over the path list with left() = , exact COUNT(*), ORDER BY COALESCE(StageDueAt, max)) and
# after (one plain prefix LIKE, COUNT over LIMIT 1001, ORDER BY StageDueAt), 5 runs each, median execution time.
# Only the database's share of a request: no HTTP, no EF materialisation.
# Usage: bench/scale-filter-plans.sh [rows, default 1000000]
set -euo pipefail
rows=${1:-1000000}
export PGPASSWORD=${PGPASSWORD:-postgres}
psql_() { psql -q -X -h 127.0.0.1 -U postgres "$@"; }
db=fengqiao_bench_filter
psql_ -c "DROP DATABASE IF EXISTS $db" -c "CREATE DATABASE $db" >/dev/null
trap 'psql_ -c "DROP DATABASE IF EXISTS $db" >/dev/null' EXIT
street=/32/3202/320282/320282001/
psql_ -d $db >/dev/null <<SQL
CREATE TABLE cases (
  "Id" bigint PRIMARY KEY, "UnitPath" text NOT NULL, "ReportedAt" timestamptz NOT NULL, "Status" int NOT NULL,
  "HolderUnitCode" text, "AssignedDepartmentCode" text, "Stage" int NOT NULL, "StageDueAt" timestamptz,
  "Title" text NOT NULL, "Description" text NOT NULL);
INSERT INTO cases
SELECT i, '${street}' || community || '/' || grid || '/', reported,
       CASE WHEN recent THEN (ARRAY[1,3,4,5,5,5,6,8])[1 + (i % 8)] WHEN i % 100 < 7 THEN 2 ELSE 7 END,
       CASE WHEN i % 10 < 6 THEN grid WHEN i % 10 < 9 THEN community ELSE '320282001' END, NULL,
       CASE WHEN recent AND i % 8 <> 7 THEN 4 ELSE 9 END,
       CASE WHEN recent AND i % 8 <> 7 THEN reported + (i % 480) * interval '1 hour' END,
       '小区门口路灯不亮 ' || i, repeat('宜城街道某社区东门口的路灯已经坏了一个星期，晚上很黑。', 8)
FROM (SELECT i, c AS community, c || lpad((1 + i / 7 % 7)::text, 3, '0') AS grid,
             now() - (random() ^ 2) * interval '1095 days' AS reported
      FROM (SELECT i, '320282001' || lpad((1 + i % 15)::text, 3, '0') AS c FROM generate_series(1, $rows) i) s) g,
     LATERAL (SELECT g.reported > now() - interval '30 days' AS recent) r;
CREATE INDEX "IX_cases_UnitPath" ON cases ("UnitPath");
CREATE INDEX "IX_cases_UnitPath_ReportedAt" ON cases ("UnitPath" text_pattern_ops, "ReportedAt");
CREATE INDEX "IX_cases_HolderUnitCode_Status_StageDueAt" ON cases ("HolderUnitCode", "Status", "StageDueAt");
CREATE INDEX "IX_cases_Status_HolderUnitCode" ON cases ("Status", "HolderUnitCode");
CREATE INDEX "IX_cases_Stage_StageDueAt" ON cases ("Stage", "StageDueAt");
CREATE INDEX "IX_cases_ReportedAt" ON cases ("ReportedAt");
VACUUM ANALYZE cases;
SQL
grid=$(psql_ -d $db -tA -c "SELECT \"UnitPath\" FROM cases WHERE \"UnitPath\" LIKE '${street}320282001001/%' LIMIT 1")
old() { echo "(false OR EXISTS (SELECT 1 FROM unnest(ARRAY['$1']) AS e(v) WHERE e.v IS NOT NULL AND (left(c.\"UnitPath\", length(e.v)) = e.v OR e.v = '')))"; }
new() { echo "c.\"UnitPath\" LIKE '$1%'"; }
mine="c.\"Status\" IN (4, 5, 8) AND c.\"AssignedDepartmentCode\" IS NULL AND c.\"HolderUnitCode\" IN ('320282001')"
overdue="c.\"Stage\" <> 9 AND c.\"Status\" <> 8 AND c.\"StageDueAt\" < now()"
run() { # $1 label, $2 query
  local times=()
  for _ in 1 2 3 4 5; do
    times+=("$(psql_ -d $db -tA -c "EXPLAIN (ANALYZE, TIMING OFF) $2" | sed -n 's/^Execution Time: \([0-9.]*\) ms/\1/p')")
  done
  printf 'RESULT %-44s median %8.1f ms  (runs: %s)\n' "$1" "$(printf '%s\n' "${times[@]}" | sort -n | sed -n 3p)" "${times[*]}"
}
echo "== PostgreSQL $(psql_ -tA -c 'SHOW server_version'), $rows cases, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(date -u +%FT%TZ)"
for who in street grid; do
  path=$street; [ $who = grid ] && path=$grid
  run "$who all, page 1: before" "SELECT * FROM cases c WHERE $(old $path) ORDER BY c.\"ReportedAt\" DESC LIMIT 20"
  run "$who all, page 1: after" "SELECT * FROM cases c WHERE $(new $path) ORDER BY c.\"ReportedAt\" DESC LIMIT 20"
  run "$who all, total: before" "SELECT count(*) FROM cases c WHERE $(old $path)"
  run "$who all, total: after" "SELECT count(*) FROM (SELECT 1 FROM cases c WHERE $(new $path) LIMIT 1001) t"
done
run "street mine, page 1: before" "SELECT * FROM cases c WHERE $(old $street) AND $mine ORDER BY COALESCE(c.\"StageDueAt\", 'infinity'), c.\"ReportedAt\" LIMIT 20"
run "street mine, page 1: after" "SELECT * FROM cases c WHERE $(new $street) AND $mine ORDER BY c.\"StageDueAt\", c.\"ReportedAt\" LIMIT 20"
run "street overdue, page 1: before" "SELECT * FROM cases c WHERE $(old $street) AND $overdue ORDER BY COALESCE(c.\"StageDueAt\", 'infinity'), c.\"ReportedAt\" LIMIT 20"
run "street overdue, page 1: after" "SELECT * FROM cases c WHERE $(new $street) AND $overdue ORDER BY c.\"StageDueAt\", c.\"ReportedAt\" LIMIT 20"
run "street overdue, total: before" "SELECT count(*) FROM cases c WHERE $(old $street) AND $overdue"
run "street overdue, total: after" "SELECT count(*) FROM (SELECT 1 FROM cases c WHERE $(new $street) AND $overdue LIMIT 1001) t"
echo "-- plans (after)"
for q in "SELECT * FROM cases c WHERE $(new $grid) ORDER BY c.\"ReportedAt\" DESC LIMIT 20" \
         "SELECT * FROM cases c WHERE $(new $street) AND $mine ORDER BY c.\"StageDueAt\", c.\"ReportedAt\" LIMIT 20" \
         "SELECT * FROM cases c WHERE $(new $street) AND $overdue ORDER BY c.\"StageDueAt\", c.\"ReportedAt\" LIMIT 20"; do
  echo "-- $q"; psql_ -d $db -c "EXPLAIN ANALYZE $q" | grep -v '^$'
done
echo "-- with the partial indexes of CasesQueueSpeed"
psql_ -d $db -c "CREATE INDEX \"IX_cases_Open_HolderUnitCode_StageDueAt\" ON cases (\"HolderUnitCode\", \"StageDueAt\") WHERE \"Status\" IN (4, 5, 8)" \
  -c "CREATE INDEX \"IX_cases_Open_StageDueAt\" ON cases (\"StageDueAt\") WHERE \"Stage\" <> 9" -c "ANALYZE cases" >/dev/null
run "street mine, page 1: after + index" "SELECT * FROM cases c WHERE $(new $street) AND $mine ORDER BY c.\"StageDueAt\", c.\"ReportedAt\" LIMIT 20"
run "street overdue, page 1: after + index" "SELECT * FROM cases c WHERE $(new $street) AND $overdue ORDER BY c.\"StageDueAt\", c.\"ReportedAt\" LIMIT 20"
run "grid overdue, page 1: after + index" "SELECT * FROM cases c WHERE $(new $grid) AND $overdue ORDER BY c.\"StageDueAt\", c.\"ReportedAt\" LIMIT 20"
run "street overdue, total: after + index" "SELECT count(*) FROM (SELECT 1 FROM cases c WHERE $(new $street) AND $overdue LIMIT 1001) t"
for q in "SELECT * FROM cases c WHERE $(new $street) AND $mine ORDER BY c.\"StageDueAt\", c.\"ReportedAt\" LIMIT 20" \
         "SELECT * FROM cases c WHERE $(new $street) AND $overdue ORDER BY c.\"StageDueAt\", c.\"ReportedAt\" LIMIT 20"; do
  echo "-- $q"; psql_ -d $db -c "EXPLAIN ANALYZE $q" | grep -v '^$'
done
