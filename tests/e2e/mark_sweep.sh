#!/usr/bin/env bash
# mark_sweep follows the source: after a first run, rows are deleted from, changed in and
# added to the source (through tedious) and a row the source never had is put into the
# destination; a second run leaves exactly the new source rows, every one with STATUS = 1,
# and sweeps the deleted rows and the stray one. The simulator is started with
# mark_sweep_source.sql.
source "$(dirname "$0")/lib.sh"

pipeline=$work/credores.json
write_pipeline "$pipeline" '{
  "name": "credores",
  "source": {
    "driver": "mssql",
    "server": "127.0.0.1:${MSSQL_PORT}",
    "database": "cobranca",
    "user": "${MSSQL_USER}",
    "password": "${MSSQL_PASSWORD}",
    "table": "dbo.credores",
    "key": ["id"]
  },
  "destination": {
    "driver": "postgres",
    "url": "${PG_URL}",
    "table": "public.credores",
    "create": "if_missing",
    "identifiers": "preserve"
  },
  "transform": { "set": { "STATUS": 1 } },
  "load": { "strategy": "mark_sweep", "status_column": "STATUS" },
  "parallelism": { "writers": 2, "batch_rows": 4 }
}'

run_etl first run "$pipeline" --progress none
expect_status first 0
expect_table_equals_source public.credores cobranca dbo.credores --set STATUS=1
pg "DROP TABLE expected"

mssql exec cobranca "DELETE FROM dbo.credores WHERE id IN (3, 10, 25);
  UPDATE dbo.credores SET SALDO = 1.99, CIDADE = N'Niterói' WHERE id IN (1, 7);
  UPDATE dbo.credores SET DT_ULTIMO_ACIONAMENTO = NULL, STATUS = 9 WHERE id = 2;
  INSERT INTO dbo.credores (CPF, NUMERO_CONTRATO, SALDO, DT_ULTIMO_ACIONAMENTO, CIDADE, STATUS)
  VALUES ('71428793860', '999-2024-000000001-1', 10.10, '2024-05-30T10:00:00.000', N'Olinda', 0),
         ('71428793860', '999-2024-000000002-2', 20.20, NULL, N'Olinda', 3)"
pg "INSERT INTO public.credores VALUES
  (1000, '00000000000', 'not-in-the-source', 1.0000, NULL, NULL, 1)"

run_etl second run "$pipeline" --progress none
expect_status second 0
expect_table_equals_source public.credores cobranca dbo.credores --set STATUS=1

not_one=$(pg 'SELECT count(*) FROM public.credores WHERE "STATUS" IS DISTINCT FROM 1')
((not_one == 0)) || fail "$not_one destination rows have a STATUS other than 1"
stray=$(pg "SELECT count(*) FROM public.credores WHERE id = 1000")
((stray == 0)) || fail "the row the source never had was not swept"
grep -q "swept 4" "$work/second.out" || {
  show_run second
  fail "the second run does not report 4 rows swept (3 deleted in the source, 1 stray)"
}
echo "PASS: mark_sweep leaves exactly the new source rows, all with STATUS = 1"
