#!/usr/bin/env bash
# A verification failure is exit code 3 and sweeps nothing. The source changes during the
# load: the simulator delays every packet (--fault delay_ms), the run reads one row per page,
# and as soon as its first batch is in the destination a row it has already read is deleted
# from the source, so the count at verification no longer matches the rows read. A stray row
# in the destination shows that mark_sweep did not sweep. The simulator is started with
# mark_sweep_source.sql and the delay.
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
    "create": "if_missing"
  },
  "transform": { "set": { "STATUS": 1 } },
  "load": { "strategy": "mark_sweep", "status_column": "STATUS" },
  "parallelism": { "writers": 1, "batch_rows": 1000 }
}'

run_etl first run "$pipeline" --progress none
expect_status first 0
# Every row marked 0 before the second run, so that a 1 means "loaded by the second run".
pg "UPDATE public.credores SET \"STATUS\" = 0"
pg "INSERT INTO public.credores VALUES (1000, '00000000000', 'stray', 1.0000, NULL, NULL, 0)"

"$ETL" run "$pipeline" --progress none --batch-rows 1 >"$work/second.out" 2>"$work/second.err" &
etl_pid=$!
loaded=0
for _ in $(seq 600); do
  loaded=$(pg 'SELECT count(*) FROM public.credores WHERE "STATUS" = 1')
  ((loaded > 0)) && break
  kill -0 "$etl_pid" 2>/dev/null || break
  sleep 0.05
done
if ((loaded == 0)); then
  kill "$etl_pid" 2>/dev/null || true
  wait "$etl_pid" || true
  show_run second
  fail "the second run never committed a batch"
fi
mssql exec cobranca "DELETE FROM dbo.credores WHERE id = 1"
etl_status=0
wait "$etl_pid" || etl_status=$?
note "second run, with id 1 deleted from the source after $loaded rows loaded → exit $etl_status"

expect_status second 3
grep -q "verification of public.credores failed" "$work/second.err" || {
  show_run second
  fail "no message that verification failed"
}
grep "verification of public.credores failed" "$work/second.err" | head -n 1
stray=$(pg "SELECT count(*) FROM public.credores WHERE id = 1000")
((stray == 1)) || fail "the stray row was swept after a failed verification"
grep -q "swept 0" "$work/second.out" || fail "the report does not say that nothing was swept"
echo "PASS: a failed verification exits 3 and sweeps nothing"
