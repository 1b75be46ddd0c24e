#!/usr/bin/env bash
# `etl status` reads the destination's ledger: before any run it says in one line that no run
# is recorded (and creates no ledger); after one run of pipelines/bi_credores.json it shows
# exactly that run, succeeded, with its run id, its batches and its rows, as text and --json.
source "$(dirname "$0")/lib.sh"

export CLUSTER_SIZE=2
pipeline=$repo/pipelines/bi_credores.json

run_etl before status "$pipeline"
expect_status before 0
cat "$work/before.out"
grep -q "^bi_credores: no run recorded" "$work/before.out" || {
  show_run before
  fail "before any run, etl status does not say that no run is recorded"
}
[[ -z $(pg "SELECT 1 FROM pg_namespace WHERE nspname = 'etl'") ]] ||
  fail "etl status created the ledger schema"

# 5,000 rows in pages of 4,000: two batches.
run_etl run run "$pipeline" --progress none --report "$work/report.json"
expect_status run 0
run_id=$("$NODE" -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1]))[0].run_id)' \
  "$work/report.json")
[[ -n $run_id ]] || fail "the run's report has no run_id"

run_etl after status "$pipeline"
expect_status after 0
cat "$work/after.out"
runs=$(grep -c "^  [0-9]\{8\}T" "$work/after.out" || true)
((runs == 1)) || fail "etl status shows $runs runs after one run"
line=$(grep "^  $run_id " "$work/after.out") || fail "etl status does not show run $run_id"
read -r _ state started updated batches rows <<<"$line"
note "state $state, started $started, updated $updated, batches $batches, rows $rows"
[[ $state == succeeded ]] || fail "the run is '$state', not succeeded"
[[ $started =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T && $updated =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T ]] ||
  fail "started '$started' or updated '$updated' is not an ISO 8601 time"
((batches == 2 && rows == 5000)) || fail "the run shows $batches batches and $rows rows, not 2 and 5000"

run_etl json status "$pipeline" --json
expect_status json 0
"$NODE" -e '
  const all = JSON.parse(require("fs").readFileSync(process.argv[1]));
  const [entry] = all;
  const ok = all.length === 1 && entry.pipeline === "bi_credores" && entry.runs.length === 1 &&
    entry.runs[0].run_id === process.argv[2] && entry.runs[0].state === "succeeded" &&
    entry.runs[0].batches === 2 && entry.runs[0].rows === 5000;
  if (!ok) { console.error(JSON.stringify(all, null, 2)); process.exit(1); }
' "$work/json.out" "$run_id" || fail "etl status --json does not show the one succeeded run"

echo "PASS: etl status says no run is recorded before the first, then shows the succeeded run"
