#!/usr/bin/env bash
# Without a terminal, progress is plain lines (rows done/total, %, rows/s) — with
# --progress plain and with the default (auto) when stderr is not a tty — and --report FILE
# writes the run as JSON: rows read, written, rejected and swept, and the verification's
# checksums. The second run sweeps two stray rows so that "swept" is not trivially zero.
source "$(dirname "$0")/lib.sh"

export CLUSTER_SIZE=4
rows=20000
plain_line='^\[bi_credores\] load: [0-9]+/[0-9]+ rows \([0-9]+\.[0-9]%\), [0-9]+ rows/s'

run_etl plain run "$repo/pipelines/bi_credores.json" --progress plain
expect_status plain 0
grep -E "$plain_line" "$work/plain.err" | head -n 2
grep -Eq "$plain_line" "$work/plain.err" || {
  show_run plain
  fail "--progress plain printed no plain progress line"
}
grep -q $'\x1b\[' "$work/plain.err" && fail "--progress plain wrote terminal escapes"

pg "INSERT INTO public.bi_credores_paralelo
    SELECT id + 1000000, \"CPF\", \"DEVEDOR_ID\", \"CONT_ID\", \"NUMERO_CONTRATO\", \"ACORDO_ID\",
      \"MIN_VENCIMENTO\", \"MAX_VENCIMENTO\", \"DT_PRIMEIRO_ACIONAMENTO\",
      \"DT_ULTIMO_ACIONAMENTO\", \"SALDO\", \"SALDO_DEV_TT\", \"PLANO\", \"CIDADE\", \"UF\",
      \"TOTAL_ESFORÇO\", \"PNP\", \"PISITIVAS\", \"NEGATIVAS\", \"STATUS\", \"DATA_BASE\"
    FROM public.bi_credores_paralelo WHERE id <= 2"

# No --progress: auto, and stderr is a file here.
run_etl auto run "$repo/pipelines/bi_credores.json" --report "$work/report.json"
expect_status auto 0
grep -Eq "$plain_line" "$work/auto.err" || {
  show_run auto
  fail "without a terminal, the default progress printed no plain line"
}
grep -q $'\x1b\[' "$work/auto.err" && fail "without a terminal, the default progress wrote terminal escapes"

"$NODE" - "$work/report.json" "$rows" <<'JS'
const fs = require('node:fs');
const assert = require('node:assert/strict');
const [file, rows] = [process.argv[2], Number(process.argv[3])];
const reports = JSON.parse(fs.readFileSync(file, 'utf8'));
assert.ok(Array.isArray(reports) && reports.length === 1, 'one report per pipeline');
const [report] = reports;
assert.equal(report.pipeline, 'bi_credores');
assert.equal(report.status, 'succeeded');
assert.equal(report.exit_code, 0);
assert.deepEqual(report.rows, { source: rows, read: rows, written: rows, skipped: 0, rejected: 0, swept: 2 });
const v = report.verification;
assert.equal(v.verified, true);
assert.equal(v.sent_rows, rows);
assert.equal(v.destination_rows, rows);
assert.match(v.sent_checksum, /^[0-9a-f]{16}$/);
assert.equal(v.destination_checksum, v.sent_checksum);
assert.notEqual(v.sent_checksum, '0000000000000000');
console.log(`report: ${JSON.stringify(report.rows)}, checksum ${v.sent_checksum}`);
JS
echo "PASS: plain progress lines without a terminal, and a JSON report with rows and checksums"
