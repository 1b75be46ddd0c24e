#!/usr/bin/env bash
# Running the same pipeline twice leaves the destination identical: the real
# pipelines/bi_credores.json (mark_sweep) run twice, and an md5 over every row of the table,
# in key order, is the same after the second run as after the first.
source "$(dirname "$0")/lib.sh"

export CLUSTER_SIZE=4
table=public.bi_credores_paralelo

run_etl first run "$repo/pipelines/bi_credores.json" --progress none
expect_status first 0
after_first=$(table_md5 "$table" id)

run_etl second run "$repo/pipelines/bi_credores.json" --progress none
expect_status second 0
after_second=$(table_md5 "$table" id)

note "after the first run: $after_first; after the second: $after_second"
[[ ${after_first%%:*} == 20000 ]] || fail "the first run left ${after_first%%:*} rows, not 20000"
[[ $after_first == "$after_second" ]] || fail "the second run changed the destination"
echo "PASS: a second run leaves the destination identical"
