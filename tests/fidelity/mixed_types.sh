#!/usr/bin/env bash
# A fresh table mixing every type (issue 4): the simulator generates dbo.mixed_types
# (MIXED_ROWS rows, 200,000 by default: NULLs, each type's ends, empty values, surrogate pairs,
# large (max) values), `etl run` appends it into a new table, and the run must verify with the
# checksum of every tuple, reject nothing and change nothing but the 7th fractional digit.
# Then, independently of etl: the row counts on both sides, known values of the first rows
# through psql, and a sample of rows read through tedious equal to the same rows in PostgreSQL.
source "$(dirname "$0")/lib.sh"

rows=${MIXED_ROWS:-200000}
t=public.mixed_types

write_pipeline mixed.json "{
  \"name\": \"mixed_types\",
  \"source\": {
    \"driver\": \"mssql\",
    \"server\": \"\${MSSQL_HOST}:\${MSSQL_PORT}\",
    \"database\": \"cobranca\",
    \"user\": \"\${MSSQL_USER}\",
    \"password\": \"\${MSSQL_PASSWORD}\",
    \"table\": \"dbo.mixed_types\",
    \"key\": [\"id\"]
  },
  \"destination\": {\"driver\": \"postgres\", \"url\": \"\${PG_URL}\", \"table\": \"$t\"},
  \"load\": {\"strategy\": \"append\"},
  \"parallelism\": {\"writers\": 4, \"batch_rows\": 2000},
  \"rejects\": \"rejects/mixed_types.jsonl\"
}"

started=$SECONDS
run_etl mixed run mixed.json --progress none --report "$work/mixed.report.json"
note "etl run of $rows rows took $((SECONDS - started)) s"
expect_status mixed 0

note "the report: verified by checksum, nothing rejected, only the 7th digit and padding changed"
"$NODE" - "$work/mixed.report.json" "$rows" <<'JS' || failures=$((failures + 1))
const fs = require('node:fs');
const assert = require('node:assert/strict');
const [report] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const rows = Number(process.argv[3]);
assert.equal(report.status, 'succeeded');
assert.deepEqual(report.rows,
  { source: rows, read: rows, written: rows, skipped: 0, rejected: 0, swept: 0 });
assert.equal(report.verification.verified, true);
assert.equal(report.verification.sent_rows, rows);
assert.equal(report.verification.destination_rows, rows);
assert.equal(report.verification.destination_checksum, report.verification.sent_checksum);
assert.deepEqual(report.rejects_by_column, {});
// time(7), datetime2(7) and datetimeoffset(7) values whose 7th digit is not 0 lose it (t0
// and dt2_3 have no 7th digit). nchar(10) counts UTF-16 units, PostgreSQL's character(10)
// code points: a value with a surrogate pair has fewer than 10 and is padded. Nothing else
// changes.
const changes = report.changes_by_column;
assert.deepEqual(Object.keys(changes).sort(), ['dt2_7', 'dto_7', 'nc', 't7']);
for (const column of ['dt2_7', 'dto_7', 't7']) {
  assert.deepEqual(Object.keys(changes[column]), ['fraction_truncated'], column);
  // About 9 in 10 random values have a 7th digit other than 0; a tenth of them are NULL.
  const count = changes[column].fraction_truncated;
  assert.ok(count > rows * 0.7 && count < rows * 0.85, `${column}: ${count}`);
}
assert.deepEqual(Object.keys(changes.nc), ['padded']);
assert.ok(changes.nc.padded > rows * 0.05 && changes.nc.padded < rows * 0.5, `nc: ${changes.nc.padded}`);
console.log(`ok   report: verified ${report.verification.sent_checksum}, ` +
  `${report.rows_per_second.toFixed(0)} rows/s, changes ${JSON.stringify(report.changes_by_column)}`);
JS
[[ ! -s $work/rejects/mixed_types.jsonl ]] || {
  echo "FAIL the run wrote rejects:" >&2
  head -c 2000 "$work/rejects/mixed_types.jsonl" >&2
  failures=$((failures + 1))
}

note "row counts"
expect_value "source rows (tedious)" "SELECT '$(mssql query cobranca "SELECT COUNT(*) FROM dbo.mixed_types")'" "$rows"
expect_value "destination rows, ids 1..$rows once each" \
  "SELECT count(*) || ',' || count(DISTINCT id) || ',' || min(id) || ',' || max(id) FROM $t" \
  "$rows,$rows,1,$rows"

note "destination types (docs/type-mapping.md)"
expect_value "column types" "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', '
  ORDER BY attnum) FROM pg_attribute WHERE attrelid = '$t'::regclass AND attnum > 0" \
  "id integer, b boolean, b_nn boolean, ti smallint, ti_nn smallint, si smallint, si_nn smallint, i integer, i_nn integer, bi bigint, bi_nn bigint, d5_2 numeric(5,2), n12_4 numeric(12,4), d19_0 numeric(19,0), d28_13 numeric(28,13), n38_10 numeric(38,10), d38_0 numeric(38,0), d38_38 numeric(38,38), m numeric(19,4), m_nn numeric(19,4), sm numeric(10,4), sm_nn numeric(10,4), r real, r_nn real, f double precision, f_nn double precision, d date, t7 time(6) without time zone, t0 time(0) without time zone, dt timestamp(3) without time zone, dt_nn timestamp(3) without time zone, sdt timestamp(0) without time zone, sdt_nn timestamp(0) without time zone, dt2_7 timestamp(6) without time zone, dt2_3 timestamp(3) without time zone, dto_7 timestamp with time zone, c character(10), vc character varying(50), vc_nn character varying(20), vcmax text, vc_cyr character varying(40), txt text, nc character(10), nvc character varying(50), nvc_nn character varying(20), nvcmax text, ntxt text, bin bytea, vb bytea, vbmax bytea, img bytea, u uuid, x xml, sv text, rv bytea"

note "row 1 holds each type's lowest value, row 2 its highest, row 3 NULLs"
nines=$(printf '9%.0s' {1..38})
ff_md5=$(head -c 1048576 /dev/zero | tr '\0' '\377' | md5sum | cut -d' ' -f1)
expect_value "integers, low" "SELECT concat_ws(',', b, ti, si, i, bi_nn) FROM $t WHERE id = 1" \
  "f,0,-32768,-2147483648,-9223372036854775808"
expect_value "integers, high" "SELECT concat_ws(',', b_nn, ti_nn, si, i, bi) FROM $t WHERE id = 2" \
  "t,255,32767,2147483647,9223372036854775807"
expect_value "decimals, low" "SELECT concat_ws(',', d5_2, n12_4, d19_0, d38_38) FROM $t WHERE id = 1" \
  "-999.99,-99999999.9999,-9999999999999999999,-0.$nines"
expect_value "decimals, high" "SELECT concat_ws(',', d28_13, n38_10, d38_0) FROM $t WHERE id = 2" \
  "999999999999999.9999999999999,${nines:0:28}.${nines:0:10},$nines"
expect_value "money ends" "SELECT concat_ws(',', m, sm_nn) FROM $t WHERE id IN (1, 2) ORDER BY id" \
  "$(printf '%s\n' -922337203685477.5808,-214748.3648 922337203685477.5807,214748.3647)"
expect_value "real, float ends" "SELECT concat_ws(',', r, f_nn) FROM $t WHERE id IN (1, 2) ORDER BY id" \
  "$(printf '%s\n' -3.4028235e+38,-1.7976931348623157e+308 3.4028235e+38,1.7976931348623157e+308)"
expect_value "dates and times, low" \
  "SELECT concat_ws(',', d, t7, dt, sdt_nn, dt2_7, dto_7) FROM $t WHERE id = 1" \
  "0001-01-01,00:00:00,1753-01-01 00:00:00,1900-01-01 00:00:00,0001-01-01 00:00:00,0001-01-01 14:00:00+00"
expect_value "dates and times, high" \
  "SELECT concat_ws(',', d, t7, t0, dt_nn, sdt, dt2_7, dt2_3, dto_7) FROM $t WHERE id = 2" \
  "9999-12-31,23:59:59.999999,23:59:59,9999-12-31 23:59:59.997,2079-06-06 23:59:00,9999-12-31 23:59:59.999999,9999-12-31 23:59:59.999,9999-12-31 09:59:59.999999+00"
expect_value "texts, low: char padded, the others empty" \
  "SELECT concat_ws(',', octet_length(c), vc = '', vcmax = '', txt = '', nc = '', nvcmax = '', x::text = '') FROM $t WHERE id = 1" \
  "10,t,t,t,t,t,t"
expect_value "texts, high: full length, top characters" \
  "SELECT concat_ws(',', vc = repeat('ÿ', 50), vc_cyr = repeat('я', 40), length(nvc), length(nvcmax),
     nvc_nn = repeat(U&'\\+10FFFD', 10), length(txt)) FROM $t WHERE id = 2" \
  "t,t,25,50000,t,100000"
expect_value "binaries, high" \
  "SELECT concat_ws(',', encode(bin, 'hex'), length(vb), length(vbmax), md5(vbmax), u) FROM $t WHERE id = 2" \
  "ffffffffffffffff,64,1048576,$ff_md5,ffffffff-ffff-ffff-ffff-ffffffffffff"
expect_value "sql_variant ends as text" "SELECT string_agg(sv, ',' ORDER BY id) FROM $t WHERE id <= 2" \
  "-2147483648,9223372036854775807"
expect_value "row 3: NULL in every nullable column" \
  "SELECT num_nonnulls(id, b_nn, ti_nn, si_nn, i_nn, bi_nn, d38_0, m_nn, sm_nn, r_nn, f_nn, dt_nn,
     sdt_nn, vc_nn, nvc_nn, rv) || ',' || num_nulls(b, ti, si, i, bi, d5_2, n12_4, d19_0, d28_13,
     n38_10, d38_38, m, sm, r, f, d, t7, t0, dt, sdt, dt2_7, dt2_3, dto_7, c, vc, vcmax, vc_cyr, txt,
     nc, nvc, nvcmax, ntxt, bin, vb, vbmax, img, u, x, sv) FROM $t WHERE id = 3" "16,39"
expect_value "rowversion rises with id" \
  "SELECT bool_and(rv > prev) FROM (SELECT rv, lag(rv) OVER (ORDER BY id) AS prev FROM $t) v" "t"

note "a sample of rows read through tedious equals the same rows in PostgreSQL"
sample="id <= 3 OR id % 401 = 0 OR id > $((rows - 5))"
"$NODE" "$fidelity_dir/mixed_sample.js" cobranca dbo.mixed_types "$sample" \
  "$work/sample.copy" "$work/sample.columns"
pg "CREATE TABLE expected (LIKE $t)"
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_URL" \
  -c "\\copy expected ($(cat "$work/sample.columns")) FROM '$work/sample.copy'"
# Whole rows as text: bpchar keeps its padding, numeric its scale, xml its characters.
expected_rows=$(pg "SELECT count(*) FROM expected")
expect_value "sample size" "SELECT count(*) FROM $t WHERE $sample" "$expected_rows"
# (The aliases are no column names: mixed_types has columns d and x.)
expect_value "sample rows of the source missing from the destination" \
  "SELECT count(*) FROM (SELECT src_row::text FROM expected src_row
     EXCEPT ALL SELECT dst_row::text FROM $t dst_row WHERE $sample) m" "0"
expect_value "sample rows of the destination not in the source" \
  "SELECT count(*) FROM (SELECT dst_row::text FROM $t dst_row WHERE $sample
     EXCEPT ALL SELECT src_row::text FROM expected src_row) m" "0"
if ((failures > 0)); then
  # Which columns differ, and the first row where each does.
  pg "SELECT string_agg(attname, ' ' ORDER BY attnum) FROM pg_attribute
      WHERE attrelid = '$t'::regclass AND attnum > 0" | tr ' ' '\n' | while read -r column; do
    pg "SELECT '$column: ' || count(*) || ' rows differ, e.g. id ' || min(src_row.id)
        FROM expected src_row JOIN $t dst_row USING (id)
        WHERE src_row.\"$column\"::text IS DISTINCT FROM dst_row.\"$column\"::text
        HAVING count(*) > 0" >&2
  done
fi
((expected_rows > rows / 500)) || fail "the sample holds $expected_rows rows: the comparison proves little"

finish "$rows generated rows of every type migrated, verified by checksum and by an independent sample"
