# shellcheck shell=bash
# Helpers of the reliability tests (issue 5), on top of the end-to-end tests' lib.sh: a run of
# pipelines/bi_credores.json that can be killed, interrupted or disturbed, and the comparison
# of the destination with the source, row by row.
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"

export CLUSTER_SIZE=${CLUSTER_SIZE_UNDER_TEST:-8}
pipeline=$repo/pipelines/bi_credores.json
dest=public.bi_credores_paralelo

# start_etl NAME ARG...: starts `etl run PIPELINE ARG...` in the background, output to NAME.out
# and NAME.err; sets etl_pid.
start_etl() {
  local name=$1
  shift
  "$ETL" run "$pipeline" --progress none "$@" >"$work/$name.out" 2>"$work/$name.err" &
  etl_pid=$!
  note "started etl ($name) as $etl_pid"
}

# wait_etl: waits for the background etl; sets etl_status.
wait_etl() {
  etl_status=0
  wait "$etl_pid" || etl_status=$?
}

# committed_batches [running]: batches the ledger holds for the newest run — with `running`, the
# newest run that is still running — and 0 when there is none or no ledger yet.
committed_batches() {
  local only_running=""
  [[ ${1:-} == running ]] && only_running="WHERE state = 'running'"
  pg "SELECT CASE WHEN to_regclass('etl.batches') IS NULL THEN 0 ELSE
        (SELECT count(*) FROM etl.batches WHERE run_id =
           (SELECT run_id FROM etl.runs $only_running ORDER BY started_at DESC LIMIT 1)) END" \
    2>/dev/null || echo 0
}

# wait_for_batches N [NAME]: waits until a running run has committed N batches (at most 120 s)
# while the background etl (NAME, for its output) still runs; fails when etl ends first.
wait_for_batches() {
  local wanted=$1
  for _ in $(seq 1200); do
    if (($(committed_batches running) >= wanted)); then return 0; fi
    kill -0 "$etl_pid" 2>/dev/null || {
      show_run "${2:-run}"
      fail "etl ended before $wanted batches were committed"
    }
    sleep 0.1
  done
  fail "no $wanted committed batches within 120 s"
}

# newest_run_state: the newest run's state in the ledger.
newest_run_state() {
  pg "SELECT state FROM etl.runs ORDER BY started_at DESC LIMIT 1"
}

# expect_source_rows: the destination equals the source row by row. The first call reads the
# source independently (tedious) into the table `expected`; later calls compare with it.
expect_source_rows() {
  if [[ -z $(pg "SELECT to_regclass('public.expected')") ]]; then
    expect_table_equals_source "$dest" cobranca dbo.bi_credores \
      --set STATUS=1 --set "DATA_BASE=$RUN_DATE"
    return
  fi
  expect_same_rows "$dest" expected dbo.bi_credores
}
