# Helpers of the fidelity tests, on top of the end-to-end tests' (tests/e2e/lib.sh): a test
# runs inside with-pg.sh and with-sim.sh, CMake passes ETL and NODE in the environment.
source "$(dirname "${BASH_SOURCE[0]}")/../e2e/lib.sh"
fidelity_dir=$repo/tests/fidelity

# timestamptz values print as UTC instants, whatever the machine's zone.
export PGTZ=UTC
failures=0

# expect_value WHAT SQL EXPECTED: the single value SQL selects is EXPECTED (psql's text), or
# the failure is counted and the test goes on, so that one run lists every wrong value.
expect_value() {
  local what=$1 sql=$2 expected=$3 actual
  actual=$(pg "$sql" 2>&1) || true
  if [[ $actual == "$expected" ]]; then
    echo "ok   $what: $actual"
  else
    echo "FAIL $what: got '$actual', expected '$expected'" >&2
    failures=$((failures + 1))
  fi
}

# fidelity_pipeline FILE NAME SOURCE_TABLE DEST_TABLE NUL_POLICY [MAX_REJECTS]: a pipeline that
# appends the source table into a new destination table, in batches of 2 rows (so that a
# rejected row shares its batch with good ones), rejects to rejects/NAME.jsonl.
fidelity_pipeline() {
  write_pipeline "$1" "{
    \"name\": \"$2\",
    \"source\": {
      \"driver\": \"mssql\",
      \"server\": \"\${MSSQL_HOST}:\${MSSQL_PORT}\",
      \"database\": \"cobranca\",
      \"user\": \"\${MSSQL_USER}\",
      \"password\": \"\${MSSQL_PASSWORD}\",
      \"table\": \"$3\",
      \"key\": [\"id\"]
    },
    \"destination\": {\"driver\": \"postgres\", \"url\": \"\${PG_URL}\", \"table\": \"$4\"},
    \"transform\": {\"nul\": \"$5\"},
    \"load\": {\"strategy\": \"append\"},
    \"max_rejects\": ${6:-0},
    \"parallelism\": {\"writers\": 2, \"batch_rows\": 2},
    \"rejects\": \"rejects/$2.jsonl\"
  }"
}

# finish MESSAGE: passes with MESSAGE when no expectation failed.
finish() {
  ((failures == 0)) || fail "$failures expectations failed"
  echo "PASS: $1"
}
