#!/usr/bin/env bash
# SIGTERM in the middle of a run: etl exits within 10 seconds with exit code 5 (interrupted),
# the ledger says interrupted, and the next plain run resumes and completes exactly. A second
# signal stops at once (SIGTERM and SIGINT sent together: exit 143 or 130, whichever etl takes
# second), and a plain run then resumes too.
source "$(dirname "$0")/lib.sh"

start_etl term
wait_for_batches 3 term
signalled=$(date +%s%N)
kill -TERM "$etl_pid"
wait_etl
took_ms=$((($(date +%s%N) - signalled) / 1000000))
note "etl exited $etl_status, $took_ms ms after SIGTERM"
expect_status term 5
((took_ms <= 10000)) || fail "etl took $took_ms ms to stop after SIGTERM (at most 10 s)"
[[ $(newest_run_state) == interrupted ]] || fail "the ledger says $(newest_run_state), not interrupted"

run_etl resume run "$pipeline" --progress none
expect_status resume 0
grep -q 'resuming run' "$work/resume.err" || fail "the next run did not resume"
expect_source_rows

start_etl twice
wait_for_batches 3 twice
# A second signal of another kind: two pending signals of one kind would merge into one.
signalled=$(date +%s%N)
kill -TERM "$etl_pid"
kill -INT "$etl_pid" 2>/dev/null || true
wait_etl
took_ms=$((($(date +%s%N) - signalled) / 1000000))
note "after SIGTERM and SIGINT etl exited $etl_status in $took_ms ms"
if [[ $etl_status != 130 && $etl_status != 143 ]]; then
  show_run twice
  fail "after two signals etl exited $etl_status, not 130 or 143"
fi
((took_ms <= 2000)) || fail "the second signal took $took_ms ms to end etl"
run_etl after_twice run "$pipeline" --progress none
expect_status after_twice 0
expect_source_rows
echo "PASS: SIGTERM stops within 10 s with exit 5 and the next run resumes exactly"
