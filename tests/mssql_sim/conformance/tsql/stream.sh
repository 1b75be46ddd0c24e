#!/usr/bin/env bash
# A FreeTDS client (tsql) reads every generated bi_credores row, and the simulator's memory
# does not grow with the row count: its peak resident size (VmHWM) after the read stays
# within a fixed bound of its size after startup. A memory assertion, not a timing one;
# the rate is printed for information only.
#
#   stream.sh DATABASE ROWS   (run through with-sim.sh with --generate bi_credores=ROWS)
set -uo pipefail
source "$(dirname "$0")/lib.sh"

database=${1:?usage: stream.sh DATABASE ROWS}
rows=${2:?usage: stream.sh DATABASE ROWS}
bound_kib=$((64 * 1024))

peak_kib() {
  awk '/^VmHWM:/ { print $2 }' "/proc/$MSSQL_SIM_PID/status"
}

before=$(peak_kib)
errors=$(mktemp)
started=$(date +%s.%N)
count=$(printf 'SELECT * FROM [dbo].[bi_credores]\ngo\n' | tsql_query "$database" 2>"$errors" | wc -l)
finished=$(date +%s.%N)
after=$(peak_kib)

ok=no
[[ $count == "$rows" && ! -s $errors ]] && ok=yes
record "tsql reads all $rows generated rows" $ok "read $count rows; stderr: $(head -c 2000 "$errors")"
rm -f "$errors"

growth=$((after - before))
ok=no
((growth < bound_kib)) && ok=yes
record "the simulator's peak memory grows by less than $((bound_kib / 1024)) MiB while streaming" $ok \
  "VmHWM went from ${before} KiB to ${after} KiB"

awk -v n="$count" -v s="$started" -v e="$finished" -v b="$before" -v a="$after" 'BEGIN {
  printf "stream: %d rows in %.1f s (%.0f rows/s through tsql); simulator VmHWM %d -> %d KiB\n",
    n, e - s, n / (e - s), b, a }'
finish
