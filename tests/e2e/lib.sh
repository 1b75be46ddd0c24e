# shellcheck shell=bash
# Helpers for the end-to-end tests of `etl run`, sourced by each test script. A test runs
# inside with-pg.sh (PG*, PG_URL) and with-sim.sh (MSSQL_HOST, MSSQL_PORT, MSSQL_USER,
# MSSQL_PASSWORD); CMake passes ETL (the etl binary) and NODE in the environment.
set -euo pipefail
: "${NODE:=node}"

e2e_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$e2e_dir/../.." && pwd)

: "${ETL:?ETL (the etl binary) is not set: run this test through CTest}"
# A test that needs no server sets e2e_servers=none before sourcing this file.
if [[ ${e2e_servers:-both} != none ]]; then
  : "${PG_URL:?PG_URL is not set: run this test through with-pg.sh}"
  : "${MSSQL_PORT:?MSSQL_PORT is not set: run this test through with-sim.sh}"
fi

# Pipelines are run with fixed inputs; a CLUSTER_SIZE or ITEMS_PER_PAGE of the caller's
# environment would silently override writers and batch rows.
unset CLUSTER_SIZE ITEMS_PER_PAGE
export RUN_DATE=2024-05-31

# Every test works in a folder of its own (reject files are written relative to it).
work=$(mktemp -d "${TMPDIR:-/tmp}/etl-e2e.XXXXXX")
trap 'rm -rf "$work"' EXIT
cd "$work"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

note() {
  echo "--- $*"
}

# run_etl NAME ARG...: runs etl with ARGs, stdout to NAME.out and stderr to NAME.err in the
# work folder; sets etl_status to its exit code and never fails by itself.
run_etl() {
  local name=$1
  shift
  etl_status=0
  "$ETL" "$@" >"$work/$name.out" 2>"$work/$name.err" || etl_status=$?
  note "etl $* → exit $etl_status"
}

# show_run NAME: prints what a run_etl call wrote, for a failing test's output.
show_run() {
  echo "--- stdout of $1:" >&2
  cat "$work/$1.out" >&2
  echo "--- stderr of $1 (last 40 lines):" >&2
  tail -n 40 "$work/$1.err" >&2
}

# expect_status NAME CODE: the run NAME exited with CODE, or the test fails showing its output.
expect_status() {
  if [[ $etl_status != "$2" ]]; then
    show_run "$1"
    fail "etl ($1) exited with $etl_status, expected $2"
  fi
}

# pg SQL: runs SQL in the test's database and prints the result unaligned, tuples only.
pg() {
  psql -X -q -A -t -v ON_ERROR_STOP=1 -d "$PG_URL" -c "$1"
}

# table_md5 TABLE ORDER_BY: one md5 over the text of every row, in the given order.
table_md5() {
  pg "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, E'\n' ORDER BY $2)), '')
      FROM $1 AS t"
}

# mssql ARG...: the tedious client of mssql.js (exec or dump) against the test's simulator.
mssql() {
  "$NODE" "$e2e_dir/mssql.js" "$@"
}

# expect_table_equals_source DEST SOURCE_DATABASE SOURCE_TABLE [--set COLUMN=VALUE]...
# Reads SOURCE_TABLE with tedious, independently of etl, into a table `expected` shaped like
# DEST (COPY text made by mssql.js; --set gives the constants the pipeline sets), then
# requires both to hold the same rows: EXCEPT ALL in both directions, and equal counts.
expect_table_equals_source() {
  local dest=$1 database=$2 table=$3
  shift 3
  mssql dump "$database" "$table" "$work/expected.copy" "$work/expected.columns" "$@"
  pg "CREATE TABLE expected (LIKE $dest)"
  psql -X -q -v ON_ERROR_STOP=1 -d "$PG_URL" \
    -c "\\copy expected ($(cat "$work/expected.columns")) FROM '$work/expected.copy'"
  expect_same_rows "$dest" expected "$table"
}

# expect_same_rows DEST EXPECTED [SOURCE_NAME]: DEST holds exactly the rows of the table
# EXPECTED (EXCEPT ALL in both directions, equal counts), and they are not none.
expect_same_rows() {
  local dest=$1 expected=$2 source=${3:-$2}
  local missing extra expected_rows dest_rows
  expected_rows=$(pg "SELECT count(*) FROM $expected")
  dest_rows=$(pg "SELECT count(*) FROM $dest")
  missing=$(pg "SELECT count(*) FROM (SELECT * FROM $expected EXCEPT ALL SELECT * FROM $dest) d")
  extra=$(pg "SELECT count(*) FROM (SELECT * FROM $dest EXCEPT ALL SELECT * FROM $expected) d")
  note "$dest: $dest_rows rows; source $source: $expected_rows rows; missing $missing, extra $extra"
  if ((missing != 0 || extra != 0 || expected_rows != dest_rows)); then
    echo "--- source rows not in $dest (first 5):" >&2
    pg "SELECT * FROM $expected EXCEPT ALL SELECT * FROM $dest LIMIT 5" >&2
    echo "--- rows of $dest not in the source (first 5):" >&2
    pg "SELECT * FROM $dest EXCEPT ALL SELECT * FROM $expected LIMIT 5" >&2
    fail "$dest does not hold exactly the rows of $source"
  fi
  ((expected_rows > 0)) || fail "the source $source is empty: the comparison proves nothing"
}

# write_pipeline FILE JSON: writes a pipeline file (the tests' own, in the work folder).
write_pipeline() {
  printf '%s\n' "$2" >"$1"
}
