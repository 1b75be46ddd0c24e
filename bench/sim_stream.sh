#!/usr/bin/env bash
# Rows per second of the simulator streaming generated bi_credores rows to a FreeTDS client
# (tsql, every value converted to text as a client would). Prints figures; never fails on a
# time.
#
#   bench/sim_stream.sh [ROWS] [RUNS]        (default 1000000 rows, 3 runs)
#   MSSQL_SIM=path/to/mssql-sim bench/sim_stream.sh   (default build/bin/mssql-sim)
set -euo pipefail
self=$(realpath "$0")
cd "$(dirname "$self")/.."

# Runs inside with-sim.sh: reads the table RUNS times and prints one line per run.
if [[ ${1:-} == --inside ]]; then
  rows=$2
  runs=$3
  source tests/mssql_sim/conformance/tsql/lib.sh
  for ((run = 1; run <= runs; run++)); do
    started=$(date +%s.%N)
    count=$(printf 'SELECT * FROM [dbo].[bi_credores]\ngo\n' | tsql_query cobranca 2>/dev/null | wc -l)
    finished=$(date +%s.%N)
    peak=$(awk '/^VmHWM:/ { print $2 }' "/proc/$MSSQL_SIM_PID/status")
    awk -v r="$run" -v n="$count" -v s="$started" -v e="$finished" -v p="$peak" 'BEGIN {
      printf "sim_stream: run %d: %d rows in %.2f s = %.0f rows/s (simulator peak RSS %.1f MiB)\n",
        r, n, e - s, n / (e - s), p / 1024 }'
    if ((count != rows)); then
      echo "sim_stream: expected $rows rows, read $count" >&2
    fi
  done
  exit 0
fi

rows=${1:-1000000}
runs=${2:-3}
sim=${MSSQL_SIM:-build/bin/mssql-sim}
if [[ ! -x $sim ]]; then
  echo "sim_stream: $sim not found; build it (cmake --build build --target mssql-sim) or set MSSQL_SIM" >&2
  exit 2
fi
echo "sim_stream: bi_credores, $rows rows, $runs runs, tsql (FreeTDS $(tsql -C | awk -F': ' '/Version/ { print $2 }')), $(nproc) cores"
tests/mssql_sim/conformance/with-sim.sh "$sim" --database cobranca --generate "bi_credores=$rows:7" -- \
  "$self" --inside "$rows" "$runs"
