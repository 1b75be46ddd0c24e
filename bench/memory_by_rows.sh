#!/usr/bin/env bash
# Peak memory of `etl run pipelines/bi_credores.json` (16 writers) at 100,000 and 1,000,000
# generated rows, measured by /usr/bin/time -v, and their ratio: with bounded buffers the
# peak should not grow with the table. Prints figures; never fails on them.
#
#   bench/memory_by_rows.sh [ROWS...]           (default 100000 1000000)
#   ETL=… MSSQL_SIM=… bench/memory_by_rows.sh   (default build/bin/etl, build/bin/mssql-sim)
set -euo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/.."

# Runs inside with-sim.sh (the simulator) with PG_URL set: one measured run.
if [[ ${1:-} == --inside ]]; then
  rows=$2
  out=$3
  psql -X -q -d "$PG_URL" -c "SET client_min_messages = warning" \
    -c "DROP TABLE IF EXISTS public.bi_credores_paralelo"
  status=0
  (cd "$(dirname "$out")" &&
    /usr/bin/time -v -o "$out.time" "$ETL" run "$OLDPWD/pipelines/bi_credores.json" \
      --writers 16 --progress none >"$out.log" 2>&1) || status=$?
  if ((status != 0)); then
    echo "memory_by_rows: etl exited with $status at $rows rows:" >&2
    tail -n 20 "$out.log" >&2
  fi
  awk -F': ' '/Maximum resident set size/ { print $2 }' "$out.time" >"$out"
  awk -F': ' '/Elapsed \(wall clock\)/ { print $2 }' "$out.time" >"$out.wall"
  exit 0
fi

sizes=("$@")
((${#sizes[@]})) || sizes=(100000 1000000)
export ETL=${ETL:-$PWD/build/bin/etl}
sim=${MSSQL_SIM:-build/bin/mssql-sim}
for binary in "$ETL" "$sim"; do
  if [[ ! -x $binary ]]; then
    echo "memory_by_rows: $binary not found; build etl and mssql-sim or set ETL and MSSQL_SIM" >&2
    exit 2
  fi
done
[[ -x /usr/bin/time ]] || {
  echo "memory_by_rows: /usr/bin/time is missing (scripts/setup.sh installs it)" >&2
  exit 2
}

work=$(mktemp -d "${TMPDIR:-/tmp}/etl-memory.XXXXXX")
chmod 0755 "$work"
cleanup() {
  scripts/pg-test-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT

scripts/pg-test-cluster.sh start "$work/pg" >/dev/null
source "$work/pg/env"
psql -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE etl"
export PG_URL="postgresql://postgres@127.0.0.1:$PGPORT/etl"
export RUN_DATE=2024-05-31
unset CLUSTER_SIZE ITEMS_PER_PAGE

echo "memory_by_rows: etl run pipelines/bi_credores.json --writers 16, $(nproc) cores"
peaks=()
for rows in "${sizes[@]}"; do
  mkdir -p "$work/run-$rows"
  tests/mssql_sim/conformance/with-sim.sh "$sim" --database cobranca \
    --generate "bi_credores=$rows" -- "$self" --inside "$rows" "$work/run-$rows/peak_kb"
  peak=$(cat "$work/run-$rows/peak_kb")
  peaks+=("${peak:-0}")
  grep -E "^  (rows|verified):" "$work/run-$rows/peak_kb.log" | sed 's/^ */    /' || true
  printf 'memory_by_rows: %9d rows: peak RSS %8.1f MiB, %s wall\n' "$rows" \
    "$(awk -v k="${peak:-0}" 'BEGIN { print k / 1024 }')" "$(cat "$work/run-$rows/peak_kb.wall")"
done
if ((${#peaks[@]} >= 2 && ${peaks[0]} > 0)); then
  awk -v a="${peaks[0]}" -v b="${peaks[-1]}" -v ra="${sizes[0]}" -v rb="${sizes[-1]}" 'BEGIN {
    printf "memory_by_rows: peak at %d rows / peak at %d rows = %.2f\n", rb, ra, b / a }'
fi
