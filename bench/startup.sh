#!/usr/bin/env bash
# Measures how long Fengqiao takes from process start to serving /login with HTTP 200 on SQLite:
#  - "first start": empty data folder (migrations, reference data and demo seeding included),
#  - "warm start" (baseline, same run): the same database again, nothing to migrate or seed.
# Usage: bench/startup.sh [runs]   (builds Release first; prints medians in milliseconds)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
runs=${1:-5}
port=5199
dotnet build src/Fengqiao.Web -c Release -v quiet -nologo >/dev/null
app=src/Fengqiao.Web/bin/Release/net10.0/Fengqiao.Web.dll
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

measure() { # $1 = data dir; prints ms until /login answers 200
  local start end pid
  start=$(date +%s%N)
  ASPNETCORE_ENVIRONMENT=Development Database__DataDirectory="$1" \
    dotnet "$app" --urls "http://127.0.0.1:$port" --contentRoot "$PWD/src/Fengqiao.Web" >"$work/log" 2>&1 &
  pid=$!
  for _ in $(seq 1 600); do
    if curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/login" 2>/dev/null | grep -q 200; then
      end=$(date +%s%N); kill "$pid"; wait "$pid" 2>/dev/null || true
      echo $(( (end - start) / 1000000 )); return
    fi
    sleep 0.05
  done
  kill "$pid"; echo "did not start; log:" >&2; cat "$work/log" >&2; exit 1
}

median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

first=(); warm=()
for i in $(seq 1 "$runs"); do
  dir="$work/data$i"
  first+=("$(measure "$dir")")
  warm+=("$(measure "$dir")")
done
f=$(printf '%s\n' "${first[@]}" | median); w=$(printf '%s\n' "${warm[@]}" | median)
echo "first start (migrate + seed), ms: ${first[*]}  median $f"
echo "warm start (baseline), ms:        ${warm[*]}  median $w"
awk -v f="$f" -v w="$w" 'BEGIN { printf "ratio first/warm: %.2f\n", f / w }'
