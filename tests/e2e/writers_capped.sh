#!/usr/bin/env bash
# 99 writers against PostgreSQL's default max_connections of 100 (with-pg.sh
# --max-connections 100): the real pipelines/bi_credores.json asks for 99 writers; the run
# succeeds, loads every row, and warns that it capped the writers to the free slots.
source "$(dirname "$0")/lib.sh"

max_connections=$(pg "SHOW max_connections")
((max_connections == 100)) || fail "the cluster has max_connections $max_connections, not 100"
grep -q '"writers": 99' "$repo/pipelines/bi_credores.json" ||
  fail "pipelines/bi_credores.json no longer asks for 99 writers"

run_etl run run "$repo/pipelines/bi_credores.json" --progress none
expect_status run 0
grep -E "WARN|warn" "$work/run.err" | grep -q "writers capped at" || {
  show_run run
  fail "no warning that the 99 writers were capped"
}
grep "writers capped at" "$work/run.err"
rows=$(pg "SELECT count(*) FROM public.bi_credores_paralelo")
((rows == 20000)) || fail "the destination holds $rows rows, not 20000"
grep -q "rows: source 20000, read 20000, written 20000" "$work/run.out" || {
  show_run run
  fail "the report does not show 20000 rows read and written"
}
echo "PASS: 99 writers against max_connections 100 are capped with a warning and the run succeeds"
