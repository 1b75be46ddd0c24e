#!/usr/bin/env bash
# shellcheck disable=SC2016  # ${VAR} in single quotes is pipeline text, expanded by etl
# A password given to both servers never leaves etl: not in stdout, stderr (the log, at debug
# level), the --report file, the reject file, or the process's command line as `ps` shows it —
# in a run that fails on the source side, one that fails on the destination side, and two
# that succeed, with the passwords taken from the environment (a ${VAR} reference, libpq's
# PGPASSWORD, a ${VAR} inside the URL) and from password_file.
#
#   secrets.sh MSSQL_SIM_BINARY
#
# The test starts its own servers: the simulator must know the password before it listens,
# so the script runs itself again inside with-pg.sh and with-sim.sh.
set -euo pipefail

# Distinctive words, a character that URLs encode and one that SQL and conninfo quote.
secret="Wombat-Lantern#4417'q"
secret_in_url="Wombat-Lantern%234417%27q"
# What no output may contain, in any case: each word alone also catches a partly masked value.
leaks=(-e Wombat -e Lantern)

if [[ ${1:-} != --inside ]]; then
  (($# == 1)) || {
    echo "usage: secrets.sh MSSQL_SIM_BINARY" >&2
    exit 2
  }
  here=$(cd "$(dirname "$0")" && pwd)
  outer=$(mktemp -d "${TMPDIR:-/tmp}/etl-secrets.XXXXXX")
  trap 'rm -rf "$outer"' EXIT
  # Row 3 holds a NUL, which the default policy rejects: the run writes a reject file.
  cat >"$outer/source.sql" <<'SQL'
CREATE TABLE dbo.contas (
  id int NOT NULL PRIMARY KEY,
  nome nvarchar(40) NULL,
  saldo decimal(12,2) NOT NULL
)
GO
INSERT INTO dbo.contas (id, nome, saldo) VALUES
(1, N'Ana', 10.00), (2, N'Bruno', 20.50), (3, N'Car' + NCHAR(0) + N'la', 30.00), (4, NULL, 0.00)
GO
SQL
  status=0
  MSSQL_PASSWORD=$secret "$here/with-pg.sh" -- \
    "$here/../mssql_sim/conformance/with-sim.sh" "$1" --database cobranca \
    --script "$outer/source.sql" -- "$here/secrets.sh" --inside || status=$?
  exit "$status"
fi

source "$(dirname "$0")/lib.sh"
source "$e2e_dir/pg_state.sh"
[[ $MSSQL_PASSWORD == "$secret" ]] || fail "the simulator was not given the test's password"

# --- PostgreSQL: a role that logs in with the password only, and may not create tables yet ---
database=$(pg "SELECT current_database()")
pg_port=$(pg "SHOW port")
pg_hba_first "host all etl_secreto 127.0.0.1/32 scram-sha-256"
# Through stdin, so that the password is on no command line of the test either.
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_URL" <<SQL
SET password_encryption = 'scram-sha-256';
CREATE ROLE etl_secreto LOGIN PASSWORD '${secret//\'/\'\'}';
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SQL
role_url="postgresql://etl_secreto@127.0.0.1:$pg_port/$database"
if psql -X -w -q -d "$role_url" -c "SELECT 1" >/dev/null 2>&1; then
  fail "etl_secreto logs in without a password: the test would prove nothing"
fi

umask 077
printf '%s\n' "$secret" >"$work/mssql.password"
printf '%s\n' "$secret" >"$work/pg.password"

# pipeline FILE SOURCE_TABLE SOURCE_PASSWORD_JSON DESTINATION_JSON: a pipeline of dbo.contas
# (or SOURCE_TABLE) into public.contas; the two JSON fragments say where the passwords are.
pipeline() {
  write_pipeline "$1" '{
  "name": "contas",
  "source": { "server": "${MSSQL_HOST}:${MSSQL_PORT}", "database": "cobranca",
              "user": "${MSSQL_USER}", '"$3"', "table": "'"$2"'", "key": ["id"] },
  "destination": { '"$4"', "table": "public.contas" },
  "load": { "strategy": "upsert" },
  "parallelism": { "writers": 2, "batch_rows": 2 },
  "rejects": "rejects/contas.jsonl",
  "max_rejects": 1
}'
}
from_env='"password": "${MSSQL_PASSWORD}"'
from_file='"password_file": "'"$work/mssql.password"'"'
url_and_file='"url": "'"$role_url"'", "password_file": "'"$work/pg.password"'"'
url_alone='"url": "'"$role_url"'"'
url_with_variable='"url": "postgresql://etl_secreto:${PG_SECRET}@127.0.0.1:'"$pg_port/$database"'"'

# secret_run NAME CODE [ENV_ARG]... -- PIPELINE: runs `etl run PIPELINE` with --report and
# debug logging (through `env` with the ENV_ARGs), reading its command line from /proc while
# it runs; requires exit CODE.
secret_run() {
  local name=$1 code=$2
  shift 2
  local environment=()
  while [[ $1 != -- ]]; do
    environment+=("$1")
    shift
  done
  local file=$2

  : >"$work/$name.cmdline"
  env "${environment[@]}" "$ETL" --log-level debug run "$file" --progress plain \
    --report "$work/$name.report.json" >"$work/$name.out" 2>"$work/$name.err" &
  local pid=$! seen=0
  while kill -0 "$pid" 2>/dev/null; do
    local line
    line=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || true
    if [[ $line == "$ETL "* ]]; then
      printf '%s\n' "$line" >>"$work/$name.cmdline"
      seen=1
    fi
    # Until the first read, as fast as possible (a failing run is quick); then now and then.
    ((seen == 0)) || sleep 0.05
  done
  etl_status=0
  wait "$pid" || etl_status=$?
  note "etl run $file ($name) → exit $etl_status"
  ((seen)) || fail "$name: etl ended before its command line could be read"
  expect_status "$name" "$code"
  [[ -s $work/$name.report.json ]] || fail "$name: no report was written"
}

# no_trace NAME: the password is in none of the run's outputs.
no_trace() {
  local files=("$work/$1.out" "$work/$1.err" "$work/$1.report.json" "$work/$1.cmdline")
  [[ ! -d $work/rejects ]] || files+=("$work"/rejects/*)
  if grep -i -n -H "${leaks[@]}" "${files[@]}" >&2; then
    fail "$1: the password leaked into the lines above"
  fi
  note "$1: no trace of the password in ${files[*]##*/}"
}

# 1. The source side fails (its table is missing) after logging in with the password from the
#    environment; the destination's comes from a file.
pipeline "$work/missing.json" dbo.nao_existe "$from_env" "$url_and_file"
secret_run fail_source 1 -- "$work/missing.json"
etl_errors "$work/fail_source.err" | grep -q "nao_existe" || {
  show_run fail_source
  fail "fail_source did not fail on the missing source table"
}
no_trace fail_source

# 2. The destination side fails (the role may not create the table) after both logins: the
#    source's password from a file, the destination's inside the URL through a variable.
pipeline "$work/url.json" dbo.contas "$from_file" "$url_with_variable"
secret_run fail_destination 1 -u MSSQL_PASSWORD PG_SECRET="$secret_in_url" -- "$work/url.json"
etl_errors "$work/fail_destination.err" | grep -q "permission denied" || {
  show_run fail_destination
  fail "fail_destination did not fail on the destination's permissions"
}
[[ $(pg "SELECT to_regclass('public.contas') IS NULL") == t ]] ||
  fail "fail_destination created public.contas"
no_trace fail_destination

# 3. Two runs succeed, each rejecting row 3 (a NUL): environment and password_file, then a
#    password_file and libpq's PGPASSWORD.
pg "GRANT CREATE ON SCHEMA public TO etl_secreto; GRANT CREATE ON DATABASE \"$database\" TO etl_secreto"
pipeline "$work/env.json" dbo.contas "$from_env" "$url_and_file"
secret_run succeed_env 0 -- "$work/env.json"
[[ $(pg "SELECT string_agg(id::text, ',' ORDER BY id) FROM public.contas") == 1,2,4 ]] ||
  fail "succeed_env did not load rows 1, 2 and 4"
[[ -s $work/rejects/contas.jsonl ]] || fail "succeed_env wrote no reject file"
# Debug logging was really on (a failing preflight may have nothing to say at that level).
grep -Eq "^[0-9-]+ [0-9:.]+ +(debug|DEBUG) " "$work/succeed_env.err" ||
  fail "succeed_env logged no debug line"
no_trace succeed_env

pipeline "$work/pgpassword.json" dbo.contas "$from_file" "$url_alone"
secret_run succeed_pgpassword 0 -u MSSQL_PASSWORD PGPASSWORD="$secret" -- "$work/pgpassword.json"
no_trace succeed_pgpassword

echo "PASS: the password is in no output, report, reject file or command line of four runs"
