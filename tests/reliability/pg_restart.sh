#!/usr/bin/env bash
# PostgreSQL restarted (pg_ctl restart -m fast) in the middle of a run: the run finishes by
# itself, exit 0, and the destination equals the source row by row.
source "$(dirname "$0")/lib.sh"

start_etl run --report "$work/report.json"
wait_for_batches 5 run
note "restarting PostgreSQL with $(committed_batches) batches committed"
"$repo/scripts/pg-test-cluster.sh" restart "$PG_TEST_CLUSTER_DIR"
note "PostgreSQL is back"
wait_etl
expect_status run 0
grep -E 'trying again|lost its connection|connected again' "$work/run.err" | head -n 5 ||
  fail "nothing in the log says the restart touched the run: the test proved nothing"
node_report() { "$NODE" -e "const r=require('$work/report.json')[0]; console.log($1)"; }
note "batches retried: $(node_report 'r.retries.batches'); verified: $(node_report 'r.verification.verified')"
[[ $(node_report 'r.verification.verified') == true ]] || fail "the run did not verify"
[[ $(newest_run_state) == succeeded ]] || fail "the ledger does not say succeeded"
expect_source_rows
echo "PASS: the run survived a PostgreSQL restart by itself and the destination is exact"
