#!/usr/bin/env bash
# Loads Chinook_PostgreSql.sql into a throwaway PostgreSQL cluster, dumps each table as JSON
# lines, and runs tedious/chinook.test.js, which compares them with the simulator's tables
# (started by with-sim.sh with Chinook_SqlServer.sql).
#
#   chinook.sh CHINOOK_DIR
set -euo pipefail

chinook_dir=${1:?usage: chinook.sh CHINOOK_DIR}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../../.." && pwd)

work=$(mktemp -d "${TMPDIR:-/tmp}/conformance-chinook.XXXXXX")
chmod 0755 "$work"
cleanup() {
  "$repo/scripts/pg-test-cluster.sh" stop "$work/pg" || true
  rm -rf "$work"
}
trap cleanup EXIT

"$repo/scripts/pg-test-cluster.sh" start "$work/pg" >/dev/null
source "$work/pg/env"

# The script drops and creates the database "chinook", then connects to it (\c).
psql -X -q -v ON_ERROR_STOP=1 -f "$chinook_dir/Chinook_PostgreSql.sql" >"$work/load.log" 2>&1 || {
  cat "$work/load.log" >&2
  exit 1
}

mkdir "$work/dump"
mapfile -t tables < <(psql -X -At -d chinook -c "SELECT table_name FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")
for table in "${tables[@]}"; do
  psql -X -At -d chinook -c "SELECT row_to_json(t) FROM public.\"$table\" AS t" >"$work/dump/$table.jsonl"
done

CHINOOK_PG_DUMP=$work/dump node --test "$here/tedious/chinook.test.js"
