#!/usr/bin/env bash
# `etl check` runs the preflight alone: on the real pipelines/bi_credores.json it prints one
# line per fact (source login and table, types, destination, table, connections, resume) and
# exits 0; on pipelines/resumo_faixas.json it warns that ATUALIZADO_EM datetime2(7) loses its
# 7th digit; on a missing source table it exits 1 with a FAIL line naming the table; on a
# missing variable it exits 2. None of them changes the destination (no table, no ledger
# schema), and the source's password is never printed. Then a run stopped by SIGTERM (exit 5,
# on a simulator slowed by a delay) leaves an unfinished run that check says `etl run` resumes.
source "$(dirname "$0")/lib.sh"

export CLUSTER_SIZE=3
# Every schema and table of the test database, and every row count: equal before and after.
snapshot() {
  pg "SELECT n.nspname || '.' || c.relname || ':' || c.relkind::text
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')
      ORDER BY 1"
  pg "SELECT string_agg(nspname, ',' ORDER BY nspname) FROM pg_namespace"
}
expect_line() {
  grep -qF -- "$2" "$work/$1.out" || {
    show_run "$1"
    fail "etl check ($1) printed no line with: $2"
  }
}
expect_unchanged() {
  local after
  after=$(snapshot)
  [[ $after == "$before" ]] || fail "etl check ($1) changed the destination:
before: $before
after:  $after"
  [[ -z $(pg "SELECT 1 FROM pg_namespace WHERE nspname = 'etl'") ]] ||
    fail "etl check ($1) created the ledger schema"
}
expect_no_password() {
  if grep -qF -- "$MSSQL_PASSWORD" "$work/$1.out" "$work/$1.err"; then
    fail "etl check ($1) printed the source's password"
  fi
}
before=$(snapshot)

# A good pipeline: every line, exit 0.
run_etl good check "$repo/pipelines/bi_credores.json"
expect_status good 0
cat "$work/good.out"
expect_line good "ok    pipeline bi_credores: valid, every variable present"
expect_line good "ok    source: logged in to 127.0.0.1:$MSSQL_PORT, database cobranca, as etl"
expect_line good "ok    source table dbo.bi_credores: 21 columns, 5000 rows"
expect_line good "ok    types: all 21 source columns map to PostgreSQL types"
expect_line good "ok    destination: postgresql://postgres@127.0.0.1:$PGPORT/etl reachable, PostgreSQL "
expect_line good "ok    destination table public.bi_credores_paralelo: missing, \`etl run\` creates it"
expect_line good "ok    connections: "
expect_line good "3 writers will be used"
expect_line good "ok    resume: no unfinished run"
expect_line good "bi_credores: ready"
grep -q "FAIL" "$work/good.out" && fail "a good pipeline printed a FAIL line"
grep -q "load: start\|prepare: start" "$work/good.err" && fail "etl check went past the preflight"
expect_unchanged good
expect_no_password good

# A source table that does not exist: exit 1 and the table named.
sed 's/"dbo.bi_credores"/"dbo.no_such_table"/' "$repo/pipelines/bi_credores.json" >missing.json
grep -q no_such_table missing.json || fail "could not write the pipeline with a missing table"
run_etl missing check missing.json
expect_status missing 1
cat "$work/missing.out"
grep "FAIL" "$work/missing.out" | grep -q "no_such_table" || {
  show_run missing
  fail "the FAIL line does not name the missing table"
}
expect_line missing "bi_credores: not ready (exit code 1)"
grep -q "ok    source table" "$work/missing.out" && fail "a missing table was reported as found"
expect_unchanged missing
expect_no_password missing

# A variable without a default that is not set: exit 2, the variable named.
(
  unset MSSQL_PASSWORD
  run_etl novar check "$repo/pipelines/bi_credores.json"
  expect_status novar 2
)
grep "FAIL" "$work/novar.out" | grep -q "MSSQL_PASSWORD" || {
  show_run novar
  fail "the FAIL line does not name the missing variable"
}
expect_unchanged novar

# datetime2(7) keeps 6 digits in PostgreSQL: a warning, still ready.
run_etl lossy check "$repo/pipelines/resumo_faixas.json"
expect_status lossy 0
cat "$work/lossy.out"
grep "warn  lossy: " "$work/lossy.out" | grep "ATUALIZADO_EM datetime2(7)" | grep -q "7th" || {
  show_run lossy
  fail "no lossy line for ATUALIZADO_EM datetime2(7)"
}
expect_line lossy "resumo_faixas: ready"
expect_unchanged lossy

# A run stopped by SIGTERM once a batch has committed: exit 5, and check finds the run.
# committed_rows: the rows the latest run of resumo_faixas has committed, as etl status says.
committed_rows() {
  "$ETL" status "$repo/pipelines/resumo_faixas.json" --json 2>/dev/null |
    "$NODE" -e 'let t = ""; process.stdin.on("data", (d) => (t += d)).on("end", () => {
      const runs = t ? JSON.parse(t)[0].runs : [];
      console.log(runs.length ? runs[0].rows : 0);
    })' || echo 0
}
"$ETL" run "$repo/pipelines/resumo_faixas.json" --batch-rows 500 --writers 2 --progress none \
  >"$work/stopped.out" 2>"$work/stopped.err" &
etl_pid=$!
for _ in $(seq 1 300); do
  committed=$(committed_rows)
  ((committed > 0)) && break
  kill -0 "$etl_pid" 2>/dev/null || break
  sleep 0.2
done
((committed > 0)) || fail "no batch committed before the run ended"
kill -TERM "$etl_pid"
stopped_at=$SECONDS
etl_status=0
wait "$etl_pid" || etl_status=$?
note "etl run stopped by SIGTERM → exit $etl_status after $((SECONDS - stopped_at)) s"
expect_status stopped 5
grep -qE "warn(ing)? +stopping: SIGTERM received" "$work/stopped.err" || {
  show_run stopped
  fail "no WARN line saying that etl is stopping"
}
run_etl resume check "$repo/pipelines/resumo_faixas.json" --batch-rows 500
expect_status resume 0
cat "$work/resume.out"
expect_line resume "ok    resume: unfinished run "
expect_line resume "\`etl run\` resumes it"

echo "PASS: etl check reports every fact of the preflight, fails on a missing table or variable, changes nothing"
