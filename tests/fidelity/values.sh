#!/usr/bin/env bash
# Every case of data fidelity (issue 4) through the simulator, etl and PostgreSQL: the values
# of fidelity_source.sql's dbo.fidelity as PostgreSQL holds them after `etl run`, the
# destination's types, the NUL rows in the reject file (default policy) or stripped
# (transform.nul = strip), and the run's counts of changed values.
source "$(dirname "$0")/lib.sh"

pattern=iKSsrRquxB1F4UFMxg2UE15WT2TtAsXOiaGLvWqYdUW7KoOk4Bx7XnPcsvw2LwrmMBIOmjezu0C7gIOVFLtXiKJeQjY9Fb37Vx8CKw2jKjp9UqrM9BihOQDtoq4F9XiWB3wXQRZFgPFCTqnMfQrDdvqtOquJJqf0ZpPopX6Gs0NsqdRvp2EnOdj7e6y3K8YO4sl2F3IQ1E8uh6LNKEPEcHeNHhgFJVLRCUnKGj7DsXUdZXrnXwtS5hFK7v6
# What the source's REPLICATE expressions hold, computed here independently.
nvmax_md5=$(perl -e 'print "ação 😀 ∑xy" x 10000' | md5sum | cut -d' ' -f1)
vbmax_md5=$(perl -e 'print substr($ARGV[0] x 41776, 0, 10485760)' "$pattern" | md5sum | cut -d' ' -f1)
xml_text=$(perl -e 'print "<r>" . ("<i>a&amp;b ç</i>" x 4096) . "</r>"')
xml_md5=$(printf '%s' "$xml_text" | md5sum | cut -d' ' -f1)
all_bytes=$(perl -e 'print map { sprintf "%02x", $_ } 0 .. 255')

fidelity_pipeline reject.json fidelity_reject dbo.fidelity public.fidelity reject
run_etl reject run reject.json --progress none --report "$work/reject.report.json"
# Two rows hold NUL and max_rejects is 0: the run loads every other row and exits 4.
expect_status reject 4

t=public.fidelity
note "destination types"
expect_value "column types" "SELECT string_agg(attname || ' ' || format_type(atttypid, atttypmod), ', '
  ORDER BY attnum) FROM pg_attribute WHERE attrelid = '$t'::regclass AND attnum > 0" \
  "id integer, label character varying(40), m numeric(19,4), sm numeric(10,4), d28 numeric(28,13), d38 numeric(38,10), d date, dt timestamp(3) without time zone, sdt timestamp(0) without time zone, ti smallint, si smallint, i integer, bi bigint, b boolean, r real, f double precision, c character(5), vc character varying(20), nc character(5), nvc character varying(20), txt text, ntxt text, nvmax text, vbmax bytea, x xml, bin bytea, vb bytea, img bytea, u uuid, sv text, e character varying(10), rv bytea"
expect_value "rows loaded" "SELECT string_agg(id::text, ',' ORDER BY id) FROM $t" "1,2,3,4,12"

note "money and decimals: exact digits and scale"
expect_value "money 7082761.69" "SELECT m FROM $t WHERE id = 1" "7082761.6900"
expect_value "money 296685.43" "SELECT m FROM $t WHERE id = 12" "296685.4300"
expect_value "money minimum" "SELECT m FROM $t WHERE id = 2" "-922337203685477.5808"
expect_value "money maximum" "SELECT m FROM $t WHERE id = 3" "922337203685477.5807"
expect_value "smallmoney 0.6116" "SELECT sm FROM $t WHERE id = 1" "0.6116"
expect_value "smallmoney minimum" "SELECT sm FROM $t WHERE id = 2" "-214748.3648"
expect_value "smallmoney maximum" "SELECT sm FROM $t WHERE id = 3" "214748.3647"
expect_value "decimal(28,13)" "SELECT d28 FROM $t WHERE id = 1" "-67723280.0928298500000"
expect_value "decimal(28,13) zero" "SELECT d28 FROM $t WHERE id = 2" "0.0000000000000"
expect_value "decimal(28,13) maximum" "SELECT d28 FROM $t WHERE id = 3" \
  "999999999999999.9999999999999"
expect_value "decimal(38,10)" "SELECT d38 FROM $t WHERE id = 1" \
  "1234567890123456789012345678.0123456789"
expect_value "decimal(38,10) smallest" "SELECT d38 FROM $t WHERE id = 2" "0.0000000001"
expect_value "decimal(38,10) maximum" "SELECT d38 FROM $t WHERE id = 3" \
  "9999999999999999999999999999.9999999999"

note "dates (the 7th fractional digit: temporal.sh)"
expect_value "date 0001-01-01" "SELECT d FROM $t WHERE id = 1" "0001-01-01"
expect_value "date 0099-01-01" "SELECT d FROM $t WHERE id = 2" "0099-01-01"
expect_value "date 9999-12-31" "SELECT d FROM $t WHERE id = 3" "9999-12-31"
expect_value "datetime 1753-01-01" "SELECT dt FROM $t WHERE id = 1" "1753-01-01 00:00:00"
expect_value "datetime one tick is .003" "SELECT dt FROM $t WHERE id = 2" "1753-01-01 00:00:00.003"
expect_value "datetime maximum" "SELECT dt FROM $t WHERE id = 3" "9999-12-31 23:59:59.997"
expect_value "smalldatetime" "SELECT sdt FROM $t WHERE id = 1" "1900-01-01 00:00:00"
expect_value "smalldatetime maximum" "SELECT sdt FROM $t WHERE id = 3" "2079-06-06 23:59:00"

note "integers, bit, floats"
expect_value "tinyint 200" "SELECT ti FROM $t WHERE id = 1" "200"
expect_value "tinyint 0 and 255" "SELECT ti || ',' || (SELECT ti FROM $t WHERE id = 3) FROM $t WHERE id = 2" "0,255"
expect_value "smallint -1" "SELECT si FROM $t WHERE id = 1" "-1"
expect_value "smallint ends" "SELECT string_agg(si::text, ',' ORDER BY id) FROM $t WHERE id IN (2, 3)" "-32768,32767"
expect_value "int ends" "SELECT string_agg(i::text, ',' ORDER BY id) FROM $t WHERE id IN (1, 3)" "-2147483648,2147483647"
expect_value "bigint ends" "SELECT string_agg(bi::text, ',' ORDER BY id) FROM $t WHERE id IN (1, 2)" "9223372036854775807,-9223372036854775808"
expect_value "bit → boolean" "SELECT string_agg(b::text, ',' ORDER BY id) FROM $t WHERE id <= 3" "true,false,true"
expect_value "real" "SELECT string_agg(r::text, ',' ORDER BY id) FROM $t WHERE id <= 3" "1.5,-3.4e+38,3.4e+38"
expect_value "float" "SELECT string_agg(f::text, ',' ORDER BY id) FROM $t WHERE id <= 3" \
  "0.1,-1.7976931348623157e+308,1.7976931348623157e+308"

note "text"
# (bpchar's text drops trailing spaces: the octets show the padding.)
expect_value "char(5) padded" "SELECT octet_length(c) || ':' || (c = 'ab') FROM $t WHERE id = 1" "5:true"
expect_value "nchar(5) padded" "SELECT octet_length(nc) || ':' || (nc = 'ção') FROM $t WHERE id = 1" "7:true"
expect_value "char(5) of '' is 5 spaces" "SELECT octet_length(c) FROM $t WHERE id = 2" "5"
expect_value "nchar(5) full, not ASCII" "SELECT nc FROM $t WHERE id = 3" "ÿçãõé"
expect_value "'' stays '' (varchar, nvarchar, text, ntext, max)" \
  "SELECT concat_ws(',', vc = '', nvc = '', txt = '', ntxt = '', nvmax = '', e = '') FROM $t WHERE id = 2" \
  "t,t,t,t,t,t"
expect_value "'' in a NOT NULL varchar stays ''" "SELECT count(*) FROM $t WHERE e = '' AND e IS NOT NULL" "5"
expect_value "varchar(20) full" "SELECT vc FROM $t WHERE id = 3" "twenty characters xx"
expect_value "nvarchar with an emoji" "SELECT nvc FROM $t WHERE id = 1" "emoji 😀"
expect_value "a surrogate pair is one character" "SELECT nvc || ':' || length(nvc) FROM $t WHERE id = 12" "a😀b:3"
expect_value "text, ntext" "SELECT txt || ',' || ntxt FROM $t WHERE id = 1" "text,ntext ç"
expect_value "nvarchar(max) of 100,000 characters" \
  "SELECT length(nvmax) || ' ' || md5(nvmax) FROM $t WHERE id = 1" "100000 $nvmax_md5"
expect_value "xml of 64 KiB" "SELECT length(x::text) || ' ' || md5(x::text) FROM $t WHERE id = 1" \
  "65543 $xml_md5"

note "binary, uuid, sql_variant"
expect_value "varbinary(max) of 10 MiB" \
  "SELECT length(vbmax) || ' ' || md5(vbmax) FROM $t WHERE id = 1" "10485760 $vbmax_md5"
expect_value "every byte value" "SELECT encode(vb, 'hex') FROM $t WHERE id = 1" "$all_bytes"
expect_value "binary(4), image" "SELECT encode(bin, 'hex') || ',' || encode(img, 'hex') FROM $t WHERE id = 1" "00ff10ab,0102"
expect_value "empty varbinary stays empty" "SELECT length(vbmax) || ',' || length(vb) FROM $t WHERE id = 2" "0,0"
expect_value "binary(4) of 0x is padded with zeros" "SELECT encode(bin, 'hex') FROM $t WHERE id = 2" "00000000"
expect_value "uniqueidentifier" "SELECT string_agg(u::text, ',' ORDER BY id) FROM $t WHERE id <= 3" \
  "6f9619ff-8b86-d011-b42d-00c04fc964ff,00000000-0000-0000-0000-000000000000,ffffffff-ffff-ffff-ffff-ffffffffffff"
expect_value "sql_variant int, string → text (a date: variant.sh)" \
  "SELECT string_agg(sv, '|' ORDER BY id) FROM $t WHERE id <= 2" "42|texto"

expect_value "rowversion: 8 bytes, unique, increasing in insert order" \
  "SELECT count(DISTINCT rv) || ',' || min(length(rv)) || ',' || max(length(rv)) || ','
     || bool_and(rv > prev) FROM (SELECT rv, lag(rv, 1, '\\x00'::bytea) OVER (ORDER BY id) AS prev
     FROM $t) v" "5,8,8,true"

note "NULL stays NULL in every type"
expect_value "row 4: every column but id, label and e is NULL" \
  "SELECT num_nulls(m, sm, d28, d38, d, dt, sdt, ti, si, i, bi, b, r, f, c, vc, nc, nvc, txt,
     ntxt, nvmax, vbmax, x, bin, vb, img, u, sv) FROM $t WHERE id = 4" "28"

note "the reject file (transform.nul = reject, the default)"
"$NODE" - "$work/rejects/fidelity_reject.jsonl" <<'JS' || failures=$((failures + 1))
const fs = require('node:fs');
const assert = require('node:assert/strict');
const lines = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
lines.sort((a, b) => a.key.localeCompare(b.key));
const common = { pipeline: 'fidelity_reject', table: 'dbo.fidelity',
  reason: 'contains NUL (U+0000), which PostgreSQL text cannot hold', reason_code: 'nul' };
assert.equal(lines.length, 2, 'two rejected rows');
for (const line of lines) assert.match(line.run, /^\d{8}T\d{6}Z-[0-9a-f]+$/, 'the run id');
const fixed = (line) => ({ ...line, batch: undefined, run: undefined });
assert.deepEqual(fixed(lines[0]), fixed({ ...common, key: 'id=10', column: 'nvc', value: 'a\\u0000b' }));
assert.deepEqual(fixed(lines[1]), fixed({ ...common, key: 'id=13', column: 'vc', value: 'a\\u0000b' }));
console.log('ok   reject file: ' + lines.map((l) => `${l.key} ${l.column} ${l.reason_code} ${l.value}`).join('; '));
JS
"$NODE" - "$work/reject.report.json" <<'JS' || failures=$((failures + 1))
const fs = require('node:fs');
const assert = require('node:assert/strict');
const [report] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
assert.equal(report.status, 'too_many_rejects');
assert.deepEqual(report.rows, { source: 7, read: 7, written: 5, skipped: 0, rejected: 2, swept: 0 });
assert.deepEqual(report.rejects_by_column, { nvc: 1, vc: 1 });
assert.deepEqual(report.reject_reasons_by_column, { nvc: { nul: 1 }, vc: { nul: 1 } });
// char(n) values come padded from SQL Server: nothing of the loaded rows changes.
assert.deepEqual(report.changes_by_column, {});
console.log('ok   report: ' + JSON.stringify(report.changes_by_column));
JS

note "transform.nul = strip"
fidelity_pipeline strip.json fidelity_strip dbo.fidelity public.fidelity_strip strip
run_etl strip run strip.json --progress none --report "$work/strip.report.json"
expect_status strip 0
expect_value "strip: NUL removed from nvarchar" "SELECT nvc FROM public.fidelity_strip WHERE id = 10" "ab"
expect_value "strip: NUL removed from varchar" "SELECT vc FROM public.fidelity_strip WHERE id = 13" "ab"
expect_value "strip: every row loaded" "SELECT count(*) FROM public.fidelity_strip" "7"
expect_value "strip: the other rows as with reject" \
  "SELECT count(*) FROM (SELECT whole::text FROM public.fidelity whole
     EXCEPT ALL SELECT whole::text FROM public.fidelity_strip whole) d" "0"
[[ ! -e $work/rejects/fidelity_strip.jsonl ]] || {
  echo "FAIL strip wrote a reject file" >&2
  failures=$((failures + 1))
}
"$NODE" - "$work/strip.report.json" <<'JS' || failures=$((failures + 1))
const fs = require('node:fs');
const assert = require('node:assert/strict');
const [report] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
assert.equal(report.status, 'succeeded');
assert.equal(report.verification.verified, true);
assert.deepEqual(report.rejects_by_column, {});
assert.deepEqual(report.changes_by_column, { nvc: { nul_stripped: 1 }, vc: { nul_stripped: 1 } });
console.log('ok   report: ' + JSON.stringify(report.changes_by_column));
JS
grep -q "changed in nvc: nul_stripped 1" "$work/strip.out" || {
  show_run strip
  echo "FAIL the text report does not list the changes of nvc" >&2
  failures=$((failures + 1))
}

finish "every fidelity case holds in PostgreSQL; NUL rows are rejected or stripped as configured"
