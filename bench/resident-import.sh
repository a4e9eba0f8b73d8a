#!/usr/bin/env bash
# Times `fengqiao places import-residents` of a generated 10,000-row sheet (CSV and .xlsx) into a freshly seeded
# SQLite database, whole process included; the baseline in the same run is `--dry-run` of the same file (read and
# validate everything, including the duplicate lookups, without the writes).
# Usage: bench/resident-import.sh [rows] [runs]   (builds Release first; prints seconds per run and the medians)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
rows=${1:-10000}
runs=${2:-3}
dotnet build src/Fengqiao.Cli -c Release -v quiet -nologo >/dev/null
cli=src/Fengqiao.Cli/bin/Release/net10.0/fengqiao.dll
# Demo seeding and generated personal-data keys are for non-production environments only.
export ASPNETCORE_ENVIRONMENT=Development
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export Database__DataDirectory="$work"  # the generated keys go there, not into the repository

# Valid GB 11643 numbers (MOD 11-2 check character), 4 residents per household, 40 households per building,
# spread over the first grids of the demo street.
python3 - "$rows" "$work/residents.csv" <<'PY'
import sys, datetime
rows, path = int(sys.argv[1]), sys.argv[2]
w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
given = ["建国", "秀英", "志强", "桂英", "伟", "芳", "军", "丽娟", "明", "静"]
relations = ["户主", "配偶", "子女", "父母"]
with open(path, "w", encoding="utf-8-sig", newline="") as f:
    f.write("网格编码,路巷小区,楼栋号,单元-室,姓名,身份证号码,联系电话,与户主关系\r\n")
    start = datetime.date(1940, 1, 1)
    for i in range(rows):
        birth = start + datetime.timedelta(days=(i * 7) % 30000)
        body = f"320282{birth:%Y%m%d}{(i // 4000) % 1000:03d}"
        body = body[:14] + f"{i % 1000:03d}"
        check = "10X98765432"[sum(int(c) * w[k] for k, c in enumerate(body)) % 11]
        household = i // 4
        grid = f"320282001001{(household // 400) % 3 + 1:03d}"
        name = surnames[i % len(surnames)] + given[(i // 7) % len(given)]
        f.write(f"{grid},人民南路88号阳光花园,{household // 40 + 1},{household % 40 // 10 + 1}-{household % 10 + 101},{name},{body}{check},138{i:08d},{relations[i % 4]}\r\n")
PY

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
# Wall seconds and CPU seconds (user + sys, all threads): on a shared machine the wall time also measures the neighbours.
seconds() {
  local s e
  s=$(date +%s%N)
  { TIMEFORMAT='%U %S'; time "$@" >"$work/out" 2>&1 || { cat "$work/out" >&2; exit 1; }; } 2>"$work/cpu"
  e=$(date +%s%N)
  echo "$(echo "scale=2; ($e - $s) / 1000000000" | bc)/$(awk '{printf "%.2f", $1 + $2}' "$work/cpu")"
}

imports=(); dry=()
for i in $(seq 1 "$runs"); do
  db="$work/run$i.db"
  dotnet "$cli" demo seed --connection-string "Data Source=$db" >/dev/null
  dry+=("$(seconds dotnet "$cli" places import-residents --file "$work/residents.csv" --dry-run --connection-string "Data Source=$db")")
  imports+=("$(seconds dotnet "$cli" places import-residents --file "$work/residents.csv" --connection-string "Data Source=$db")")
  grep -q "已导入 .* 位居民" "$work/out" || { cat "$work/out" >&2; exit 1; }
done
echo "import of $rows rows, wall/CPU s: ${imports[*]}  median wall $(printf '%s\n' "${imports[@]}" | cut -d/ -f1 | median), CPU $(printf '%s\n' "${imports[@]}" | cut -d/ -f2 | median)"
echo "dry run (baseline), wall/CPU s:   ${dry[*]}  median wall $(printf '%s\n' "${dry[@]}" | cut -d/ -f1 | median), CPU $(printf '%s\n' "${dry[@]}" | cut -d/ -f2 | median)"
