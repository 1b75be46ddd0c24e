#!/usr/bin/env bash
# time(7), datetime2(7) and datetimeoffset(7) through the simulator, etl and PostgreSQL: the
# 7th fractional digit is truncated, so no value leaves its day or second (one rule,
# docs/type-mapping.md), a datetimeoffset becomes its UTC instant, values with 6 digits or
# fewer never change, and the report counts the values whose 7th digit was dropped.
source "$(dirname "$0")/lib.sh"

fidelity_pipeline temporal.json fidelity_temporal dbo.temporal public.temporal reject
run_etl temporal run temporal.json --progress none --report "$work/temporal.report.json"
expect_status temporal 0

t=public.temporal
expect_value "column types" "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', '
  ORDER BY attnum) FROM pg_attribute WHERE attrelid = '$t'::regclass AND attnum > 0" \
  "id integer, dt2 timestamp(6) without time zone, t7 time(6) without time zone, dto timestamp with time zone, dt2_3 timestamp(3) without time zone, t0 time(0) without time zone"
expect_value "datetime2(7) .9999999 stays on its day" "SELECT dt2 FROM $t WHERE id = 1" \
  "2020-01-01 23:59:59.999999"
expect_value "datetime2(7) lowest" "SELECT dt2 FROM $t WHERE id = 2" "0001-01-01 00:00:00"
expect_value "datetime2(7) 6 digits kept" "SELECT dt2 FROM $t WHERE id = 3" \
  "9999-12-31 23:59:59.999999"
expect_value "time(7) .9999999 stays in its second" "SELECT t7 FROM $t WHERE id = 1" \
  "23:59:59.999999"
expect_value "time(7) 100 ns truncates to 0" "SELECT t7 FROM $t WHERE id = 2" "00:00:00"
expect_value "time(7) a 7th digit of 5 is dropped" "SELECT t7 FROM $t WHERE id = 3" \
  "12:34:56.123456"
expect_value "datetimeoffset(7) +05:30 is the UTC instant" "SELECT dto FROM $t WHERE id = 1" \
  "2021-03-01 04:30:00.123456+00"
expect_value "datetimeoffset lowest" "SELECT dto FROM $t WHERE id = 2" "0001-01-01 00:00:00+00"
expect_value "datetimeoffset +14:00" "SELECT dto FROM $t WHERE id = 3" \
  "9999-12-31 09:59:59.999999+00"
expect_value "datetime2(3) unchanged" "SELECT string_agg(dt2_3::text, ',' ORDER BY id) FROM $t" \
  "2020-01-01 23:59:59.999,0001-01-01 00:00:00.001,9999-12-31 23:59:59.999"
expect_value "time(0) unchanged" "SELECT string_agg(t0::text, ',' ORDER BY id) FROM $t" \
  "23:59:59,00:00:00,12:34:56"
expect_value "NULL stays NULL" "SELECT num_nulls(dt2, t7, dto, dt2_3, t0) FROM $t WHERE id = 4" "5"

"$NODE" - "$work/temporal.report.json" <<'JS' || failures=$((failures + 1))
const fs = require('node:fs');
const assert = require('node:assert/strict');
const [report] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
assert.equal(report.verification.verified, true);
// A 7th digit other than 0: dt2 in row 1, t7 in rows 1–3, dto in row 1.
assert.deepEqual(report.changes_by_column, {
  dt2: { fraction_truncated: 1 }, dto: { fraction_truncated: 1 }, t7: { fraction_truncated: 3 } });
console.log('ok   report: ' + JSON.stringify(report.changes_by_column));
JS
grep -q "changed in t7: fraction_truncated 3" "$work/temporal.out" || {
  show_run temporal
  echo "FAIL the text report does not list the truncated values of t7" >&2
  failures=$((failures + 1))
}

finish "the 7th fractional digit follows one rule, datetimeoffset is its UTC instant"
