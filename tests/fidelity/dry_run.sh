#!/usr/bin/env bash
# `etl run --dry-run` on a table with planted bad values (dry_run_source.sql) reads and
# converts every row, writes nothing — no table, no reject file, not even a connection to the
# destination — and reports exactly how many values of each column would be rejected or
# changed, and why, under each transform.nul policy.
source "$(dirname "$0")/lib.sh"

# expect_report FILE STATUS ROWS_REJECTED REJECTS_JSON REASONS_JSON CHANGES_JSON
expect_report() {
  "$NODE" - "$@" <<'JS' || failures=$((failures + 1))
const fs = require('node:fs');
const assert = require('node:assert/strict');
const [file, status, rejected, rejects, reasons, changes] = process.argv.slice(2);
const [report] = JSON.parse(fs.readFileSync(file, 'utf8'));
assert.equal(report.dry_run, true);
assert.equal(report.status, status);
assert.deepEqual(report.rows,
  { source: 10, read: 10, written: 0, skipped: 0, rejected: Number(rejected), swept: 0 });
assert.deepEqual(report.rejects_by_column, JSON.parse(rejects));
assert.deepEqual(report.reject_reasons_by_column, JSON.parse(reasons));
assert.deepEqual(report.changes_by_column, JSON.parse(changes));
console.log(`ok   ${file.replace(/.*\//, '')}: ${status}, rejects ${JSON.stringify(report.reject_reasons_by_column)}, changes ${JSON.stringify(report.changes_by_column)}`);
JS
}

# expect_line RUN TEXT: the text report of RUN has the line TEXT.
expect_line() {
  if grep -qxF "$2" "$work/$1.out"; then
    echo "ok   $1 says: $2"
  else
    show_run "$1"
    echo "FAIL $1 does not say: $2" >&2
    failures=$((failures + 1))
  fi
}

note "transform.nul = reject: rows 2, 5, 8 fail in name, row 3 in note; the rest counts changes"
fidelity_pipeline reject.json planted_reject dbo.planted public.planted reject
run_etl reject run reject.json --dry-run --progress none --report "$work/reject.report.json"
# Four rows would be rejected and max_rejects is 0: the real run would fail, so the dry run
# says so with the same exit code.
expect_status reject 4
expect_report "$work/reject.report.json" too_many_rejects 4 '{"name": 3, "note": 1}' \
  '{"name": {"nul": 3}, "note": {"nul": 1}}' \
  '{"at": {"fraction_truncated": 3}, "t": {"fraction_truncated": 2}}'
expect_line reject "  would reject in name: 3 (nul 3)"
expect_line reject "  would reject in note: 1 (nul 1)"
expect_line reject "  would change in at: fraction_truncated 3"
expect_line reject "  would change in t: fraction_truncated 2"
expect_line reject "  error: 4 rows would be rejected (max_rejects 0)"

note "transform.nul = strip: nothing rejected, every NUL and 7th digit counted"
fidelity_pipeline strip.json planted_strip dbo.planted public.planted strip
run_etl strip run strip.json --dry-run --progress none --report "$work/strip.report.json"
expect_status strip 0
expect_report "$work/strip.report.json" succeeded 0 '{}' '{}' \
  '{"at": {"fraction_truncated": 5}, "name": {"nul_stripped": 3}, "note": {"nul_stripped": 2}, "t": {"fraction_truncated": 2}}'
expect_line strip "  would change in name: nul_stripped 3"

note "transform.nul = replace, and a destination that does not even listen"
fidelity_pipeline replace.json planted_replace dbo.planted public.planted replace
PG_URL=postgresql://127.0.0.1:1/nowhere run_etl replace run replace.json --dry-run --progress none \
  --report "$work/replace.report.json"
expect_status replace 0
expect_report "$work/replace.report.json" succeeded 0 '{}' '{}' \
  '{"at": {"fraction_truncated": 5}, "name": {"nul_replaced": 3}, "note": {"nul_replaced": 2}, "t": {"fraction_truncated": 2}}'

note "nothing was written"
expect_value "no table in the destination" "SELECT count(*) FROM pg_tables
  WHERE schemaname NOT IN ('pg_catalog', 'information_schema')" "0"
if compgen -G "$work/rejects/*" >/dev/null; then
  echo "FAIL a dry run wrote a reject file: $(ls "$work/rejects")" >&2
  failures=$((failures + 1))
fi
for run in reject strip replace; do
  if grep -Eq "prepare: start|destination: connected" "$work/$run.err"; then
    echo "FAIL the dry run $run prepared or connected to the destination" >&2
    failures=$((failures + 1))
  fi
done

finish "--dry-run writes nothing and reports exactly the planted rejects and changes per column"
