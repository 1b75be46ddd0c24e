#!/usr/bin/env bash
# A malformed pipeline file is a usage error: exit code 2 and a message with file:line:column
# of the fault; and when any of several files is malformed, none of them runs (etl checks
# them all before the first starts; the valid one would fail here, with no servers at all).
e2e_servers=none
source "$(dirname "$0")/lib.sh"

bad=$work/bad.json
# Line 3, column 33 is the second comma.
printf '%s\n' '{' '  "name": "bad",' '  "source": { "driver": "mssql",, "table": "dbo.t" },' \
  '  "destination": { "driver": "postgres", "table": "public.t" }' '}' >"$bad"

run_etl alone run "$bad"
expect_status alone 2
grep -q "$bad:3:33" "$work/alone.err" || {
  show_run alone
  fail "the message does not point at $bad:3:33"
}
cat "$work/alone.err"

# Valid, and pointing at no server: port 1 on loopback, which nothing serves.
write_pipeline "$work/good.json" '{
  "name": "good",
  "source": { "driver": "mssql", "server": "127.0.0.1:1", "database": "cobranca",
              "user": "etl", "password": "${MSSQL_PASSWORD}", "table": "dbo.bi_credores" },
  "destination": { "driver": "postgres", "url": "postgresql://postgres@127.0.0.1:1/etl",
                   "table": "public.bi_credores_paralelo" }
}'
MSSQL_PASSWORD=unused run_etl both run "$work/good.json" "$bad"
expect_status both 2
grep -q "$bad:3:33" "$work/both.err" || fail "with two files, the message does not point at $bad:3:33"
grep -q "preflight" "$work/both.err" && fail "the valid pipeline started although the other file is malformed"
echo "PASS: a malformed pipeline file exits 2 naming file:line:column, and nothing runs"
