#!/usr/bin/env bash
# The demo: installs what is missing, builds, starts a local PostgreSQL and the SQL Server
# simulator with 1,000,000 generated bi_credores rows and 100,000 resumo_faixas rows, and runs
#
#   etl run pipelines/bi_credores.json pipelines/resumo_faixas.json
#
# with its progress and report. Both servers are throwaway: they stop when the demo ends
# (--keep leaves them running and prints how to reach them).
#
# Environment: DEMO_BI_CREDORES_ROWS (1000000), DEMO_RESUMO_FAIXAS_ROWS (100000).
set -euo pipefail
cd "$(dirname "$0")/.."

keep=false
[[ ${1:-} == --keep ]] && keep=true

scripts/setup.sh
cmake -S . -B build -G Ninja >/dev/null
cmake --build build --parallel "$(nproc)" --target etl mssql-sim

work=$(mktemp -d /tmp/etl-demo.XXXXXX)
chmod 0755 "$work"
sim_pid=""
cleanup() {
  if ! $keep; then
    [[ -n $sim_pid ]] && kill "$sim_pid" 2>/dev/null && wait "$sim_pid" 2>/dev/null
    scripts/pg-test-cluster.sh stop "$work/pg" >/dev/null 2>&1 || true
    rm -rf "$work"
  fi
}
trap cleanup EXIT

echo "demo: starting PostgreSQL"
scripts/pg-test-cluster.sh start "$work/pg" >/dev/null
source "$work/pg/env"
psql -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE etl" >/dev/null
export PG_URL="postgresql://postgres@127.0.0.1:$PGPORT/etl"

echo "demo: starting the SQL Server simulator"
export MSSQL_PASSWORD="demo-$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
build/bin/mssql-sim --port 0 --user etl --password "$MSSQL_PASSWORD" --database cobranca \
  --generate "bi_credores=${DEMO_BI_CREDORES_ROWS:-1000000}" \
  --generate "resumo_faixas=${DEMO_RESUMO_FAIXAS_ROWS:-100000}" >"$work/sim.out" 2>"$work/sim.err" &
sim_pid=$!
for _ in $(seq 100); do
  grep -q "listening on" "$work/sim.out" 2>/dev/null && break
  sleep 0.1
done
listen=$(sed -n 's/^mssql-sim: listening on //p' "$work/sim.out")
[[ -n $listen ]] || { cat "$work/sim.err" >&2; exit 1; }
export MSSQL_HOST=${listen%:*} MSSQL_PORT=${listen##*:}

echo "demo: etl run pipelines/bi_credores.json pipelines/resumo_faixas.json"
status=0
build/bin/etl run pipelines/bi_credores.json pipelines/resumo_faixas.json \
  --report build/demo-report.json || status=$?
echo "demo: the report as JSON is in build/demo-report.json"

if $keep; then
  echo "demo: servers left running: PG_URL=$PG_URL MSSQL_PORT=$MSSQL_PORT (simulator pid $sim_pid)"
fi
exit $status
