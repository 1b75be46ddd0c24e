#!/usr/bin/env bash
# A real pipeline (pipelines/NAME.json) loads its generated table, and every column of every
# destination row equals the source row read independently through tedious, with the
# constants the pipeline sets (bi_credores: STATUS = 1 and DATA_BASE = RUN_DATE; mark_sweep
# adds STATUS = 1 to resumo_faixas, which has no STATUS of its own).
#
#   generated_table.sh NAME
source "$(dirname "$0")/lib.sh"

name=${1:?usage: generated_table.sh bi_credores|resumo_faixas}
export CLUSTER_SIZE=4

run_etl run run "$repo/pipelines/$name.json" --progress none
expect_status run 0

case $name in
  bi_credores) constants=(--set STATUS=1 --set "DATA_BASE=$RUN_DATE") ;;
  resumo_faixas) constants=(--set STATUS=1) ;;
  *) fail "no expected constants for $name" ;;
esac
expect_table_equals_source "public.${name}_paralelo" cobranca "dbo.$name" "${constants[@]}"
echo "PASS: every column of every row of $name arrived as the source holds it"
