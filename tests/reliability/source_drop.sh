#!/usr/bin/env bash
# The simulator drops the TDS connection after N rows (its --fault drop_after_rows): the run
# connects again, reads on from the last key, finishes with exit 0, and the destination
# equals the source row by row.
source "$(dirname "$0")/lib.sh"

run_etl run run "$pipeline" --progress none --report "$work/report.json"
expect_status run 0
grep -E 'connecting again|connected again' "$work/run.err" | head -n 3 ||
  fail "nothing in the log says the source connection dropped: the test proved nothing"
reconnects=$("$NODE" -e "console.log(require('$work/report.json')[0].retries.source_reconnects)")
note "source reconnections: $reconnects"
((reconnects >= 1)) || fail "the report counts no source reconnection"
expect_source_rows
echo "PASS: a dropped source connection was opened again and no row was lost or repeated"
