#!/usr/bin/env bash
# A lone UTF-16 surrogate (N'a' + NCHAR(0xD83D) + N'b') follows transform.nul as NUL does:
# the row goes to the reject file by default and the rest of its batch loads; strip gives
# 'ab', replace 'a' U+FFFD 'b'. A proper surrogate pair (an emoji) arrives intact.
source "$(dirname "$0")/lib.sh"

fidelity_pipeline reject.json surrogate_reject dbo.surrogates public.surrogates_reject reject 1
run_etl reject run reject.json --progress none --report "$work/reject.report.json"
expect_status reject 0
expect_value "reject: the other rows loaded" \
  "SELECT string_agg(id || '=' || nvc, ',' ORDER BY id) FROM public.surrogates_reject" \
  "1=before,3=a😀b,4=after"
"$NODE" - "$work/rejects/surrogate_reject.jsonl" "$work/reject.report.json" <<'JS' || failures=$((failures + 1))
const fs = require('node:fs');
const assert = require('node:assert/strict');
const lines = fs.readFileSync(process.argv[2], 'utf8').trim().split('\n').map((l) => JSON.parse(l));
assert.equal(lines.length, 1);
const { batch, run, ...line } = lines[0];
assert.match(run, /^\d{8}T\d{6}Z-[0-9a-f]+$/, 'the run id');
assert.deepEqual(line, { pipeline: 'surrogate_reject', table: 'dbo.surrogates', key: 'id=2',
  column: 'nvc', reason: 'contains a lone UTF-16 surrogate U+D83D', reason_code: 'lone_surrogate',
  value: 'a\\uD83Db' });
const [report] = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
assert.deepEqual(report.reject_reasons_by_column, { nvc: { lone_surrogate: 1 } });
console.log('ok   reject file: ' + JSON.stringify(line));
JS

fidelity_pipeline strip.json surrogate_strip dbo.surrogates public.surrogates_strip strip
run_etl strip run strip.json --progress none --report "$work/strip.report.json"
expect_status strip 0
expect_value "strip" "SELECT nvc FROM public.surrogates_strip WHERE id = 2" "ab"
expect_value "strip: the pair intact" "SELECT nvc FROM public.surrogates_strip WHERE id = 3" "a😀b"

fidelity_pipeline replace.json surrogate_replace dbo.surrogates public.surrogates_replace replace
run_etl replace run replace.json --progress none --report "$work/replace.report.json"
expect_status replace 0
expect_value "replace" "SELECT nvc FROM public.surrogates_replace WHERE id = 2" "a�b"
"$NODE" - "$work/strip.report.json" "$work/replace.report.json" <<'JS' || failures=$((failures + 1))
const fs = require('node:fs');
const assert = require('node:assert/strict');
const [strip] = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const [replace] = JSON.parse(fs.readFileSync(process.argv[3], 'utf8'));
assert.deepEqual(strip.changes_by_column, { nvc: { surrogate_stripped: 1 } });
assert.deepEqual(replace.changes_by_column, { nvc: { surrogate_replaced: 1 } });
console.log('ok   reports: ' + JSON.stringify([strip.changes_by_column, replace.changes_by_column]));
JS

finish "a lone surrogate is rejected, stripped or replaced as configured; a pair arrives intact"
