#!/usr/bin/env bash
# A destination table that exists with an incompatible column stops the run before anything
# is loaded or marked: exit code 1, a message naming the column, and the table exactly as it
# was (every row, including mark_sweep's STATUS, by an md5 over the ordered table).
source "$(dirname "$0")/lib.sh"

export CLUSTER_SIZE=2
table=public.bi_credores_paralelo

run_etl first run "$repo/pipelines/bi_credores.json" --progress none
expect_status first 0
# money becomes numeric(19,4); text is not a type the engine writes into.
pg "ALTER TABLE $table ALTER COLUMN \"SALDO\" TYPE text"
pg "UPDATE $table SET \"STATUS\" = 7 WHERE id % 3 = 0"
before=$(table_md5 "$table" id)
type_before=$(pg "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = '$table'::regclass AND attname = 'SALDO'")

run_etl second run "$repo/pipelines/bi_credores.json" --progress none
expect_status second 1
grep -q "SALDO" "$work/second.err" || {
  show_run second
  fail "the error does not name the column SALDO"
}
grep -i "error" "$work/second.err" | grep "SALDO" | head -n 3

after=$(table_md5 "$table" id)
type_after=$(pg "SELECT format_type(atttypid, atttypmod) FROM pg_attribute
  WHERE attrelid = '$table'::regclass AND attname = 'SALDO'")
[[ $type_before == text && $type_after == text ]] || fail "SALDO is now $type_after"
[[ $before == "$after" ]] || fail "the failed run changed the table ($before → $after)"
grep -q "load: start" "$work/second.err" && fail "the run started loading before it failed"
echo "PASS: an incompatible column fails before loading, names the column, leaves the table as it was"
