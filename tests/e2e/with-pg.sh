#!/usr/bin/env bash
# Runs one test command against a PostgreSQL cluster of its own.
#
#   with-pg.sh [--max-connections N] [--database NAME] -- COMMAND [ARG...]
#
# Starts a throwaway cluster on a free loopback port (scripts/pg-test-cluster.sh), creates the
# database NAME (default etl) in it, runs COMMAND with PGHOST, PGPORT, PGUSER, PGDATABASE and
# PG_URL pointing at that database (and PG_TEST_CLUSTER_DIR at the cluster), and always stops the cluster, whatever COMMAND does.
# COMMAND's exit status is the test's.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)

usage() {
  echo "usage: with-pg.sh [--max-connections N] [--database NAME] -- COMMAND [ARG...]" >&2
  exit 2
}

database=etl
while (($#)) && [[ $1 != -- ]]; do
  case $1 in
    --max-connections)
      (($# >= 2)) || usage
      export PG_TEST_MAX_CONNECTIONS=$2
      shift 2
      ;;
    --database)
      (($# >= 2)) || usage
      database=$2
      shift 2
      ;;
    *) usage ;;
  esac
done
if [[ ${1:-} != -- ]] || (($# < 2)); then usage; fi
shift

work=$(mktemp -d "${TMPDIR:-/tmp}/etl-e2e-pg.XXXXXX")
# The cluster's owner (postgres, when we run as root) must reach its folder inside.
chmod 0755 "$work"
stop_pg() {
  local status=$?
  if ((status != 0)) && [[ -s $work/pg/server.log ]]; then
    echo "--- PostgreSQL log (last 20 lines) ---" >&2
    tail -n 20 "$work/pg/server.log" >&2 || true
  fi
  "$repo/scripts/pg-test-cluster.sh" stop "$work/pg" >/dev/null || status=1
  rm -rf "$work"
  exit "$status"
}
trap stop_pg EXIT
trap 'exit 143' TERM INT

"$repo/scripts/pg-test-cluster.sh" start "$work/pg" >/dev/null
source "$work/pg/env"
psql -X -q -v ON_ERROR_STOP=1 -d postgres -c "CREATE DATABASE \"$database\""
export PGDATABASE=$database
export PG_URL="postgresql://postgres@127.0.0.1:$PGPORT/$database"
# For tests that restart the server: scripts/pg-test-cluster.sh restart "$PG_TEST_CLUSTER_DIR".
export PG_TEST_CLUSTER_DIR=$work/pg

set +e
"$@"
command_status=$?
set -e
exit "$command_status"
