#!/usr/bin/env bash
# kill -9 at 10 random moments of a run of 300,000 rows, each followed by a plain `etl run`:
# the destination must equal the source, row by row, every time. Prints a table of where each
# kill landed (the last phase logged, the batches committed) for the record.
source "$(dirname "$0")/lib.sh"

# A first run creates the table; a second, timed, is what every later run does (mark every row
# stale, load, verify, sweep): the kills fall anywhere in such a run. The source is read
# independently once.
run_etl first run "$pipeline" --progress none
expect_status first 0
started=$(date +%s%N)
run_etl timed run "$pipeline" --progress none
expect_status timed 0
took_ms=$((($(date +%s%N) - started) / 1000000))
note "a whole run takes $took_ms ms"
expect_source_rows

printf '%-4s %-9s %-8s %-10s %-9s %-8s %s\n' kill "after_ms" killed phase committed resumed \
  "then" >"$work/table"
RANDOM=${KILL_SEED:-4242}
for kill in $(seq 10); do
  delay_ms=$((50 + (RANDOM * 32768 + RANDOM) % (took_ms * 9 / 10)))
  start_etl "kill$kill"
  sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
  killed=no
  if kill -9 "$etl_pid" 2>/dev/null; then killed=yes; fi
  wait_etl
  phase=$(grep -o '\] [a-z]*: start' "$work/kill$kill.err" | tail -n 1 | sed 's/^\] //; s/: start//')
  committed=$(committed_batches)
  note "kill $kill after $delay_ms ms: killed $killed in ${phase:-startup}, exit $etl_status," \
    "$committed batches committed, ledger says $(newest_run_state 2>/dev/null || echo none)"

  run_etl "after$kill" run "$pipeline" --progress none
  expect_status "after$kill" 0
  resumed=no
  if grep -q 'resuming run' "$work/after$kill.err"; then resumed=yes; fi
  expect_source_rows
  printf '%-4s %-9s %-8s %-10s %-9s %-8s %s\n' "$kill" "$delay_ms" "$killed" \
    "${phase:-startup}" "$committed" "$resumed" "exact" >>"$work/table"
done
cat "$work/table"
echo "PASS: after each of 10 kill -9, a plain etl run left the destination equal to the source"
