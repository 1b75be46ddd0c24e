#!/usr/bin/env bash
# shellcheck disable=SC2016  # ${VAR} in single quotes is pipeline text, expanded by etl
# Every bad input of docs/bad-inputs.md: etl stops with the documented exit code and a message
# naming what is wrong, and the destination is exactly as it was — same schemas, tables,
# columns, constraints and rows, and no ledger schema — after each of them. Each case prints
# "case | exit | message" so that the table in the docs can be checked against a real run.
source "$(dirname "$0")/lib.sh"
source "$e2e_dir/pg_state.sh"

# --- Servers that never answer, and a login that needs a password -------------------------

# A TCP listener that accepts and then never says a word: the host is "up" but unusable, the
# case where a client without a timeout hangs for ever.
silent_pid=""
"$NODE" -e 'const net = require("node:net");
  const server = net.createServer(() => {});
  server.listen(0, "127.0.0.1", () => console.log(server.address().port));' \
  >"$work/silent.port" &
silent_pid=$!
trap '[[ -z $silent_pid ]] || kill "$silent_pid" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 100); do
  [[ -s $work/silent.port ]] && break
  sleep 0.1
done
silent_port=$(cat "$work/silent.port")
[[ $silent_port =~ ^[0-9]+$ ]] || fail "the silent listener did not start"

# PostgreSQL asks the role etl_login for a password (SCRAM); every other login stays trusted.
login_password=Correct-Horse-7731
pg_hba_first "host all etl_login 127.0.0.1/32 scram-sha-256"
psql -X -q -v ON_ERROR_STOP=1 -d "$PG_URL" <<SQL
SET password_encryption = 'scram-sha-256';
CREATE ROLE etl_login LOGIN PASSWORD '$login_password';
SQL
printf '%s\n' "not-the-password" >"$work/wrong.password"
pg_port=$(pg "SHOW port")
pg_login_url="postgresql://etl_login@127.0.0.1:$pg_port/$(pg "SELECT current_database()")"

# --- The destination as it is before any case ---------------------------------------------

# An unrelated table with rows, and public.bi_credores_antigo: bi_credores' shape as etl would
# create it, except SALDO, which is text instead of numeric(19,4).
pg "CREATE TABLE public.sentinela (id integer PRIMARY KEY, nota text NOT NULL)"
pg "INSERT INTO public.sentinela SELECT g, 'linha ' || g FROM generate_series(1, 50) g"
pg 'CREATE TABLE public.bi_credores_antigo (
  id bigint PRIMARY KEY, "CPF" character(11) NOT NULL, "DEVEDOR_ID" integer NOT NULL,
  "CONT_ID" integer NOT NULL, "NUMERO_CONTRATO" character varying(30) NOT NULL,
  "ACORDO_ID" integer, "MIN_VENCIMENTO" date NOT NULL, "MAX_VENCIMENTO" date NOT NULL,
  "DT_PRIMEIRO_ACIONAMENTO" timestamp(3) without time zone,
  "DT_ULTIMO_ACIONAMENTO" timestamp(3) without time zone, "SALDO" text NOT NULL,
  "SALDO_DEV_TT" numeric(18,2) NOT NULL, "PLANO" smallint, "CIDADE" character varying(100),
  "UF" character(2), "TOTAL_ESFORÇO" integer NOT NULL, "PNP" integer NOT NULL,
  "PISITIVAS" integer NOT NULL, "NEGATIVAS" integer NOT NULL, "STATUS" smallint NOT NULL,
  "DATA_BASE" date NOT NULL)'
pg "INSERT INTO public.bi_credores_antigo VALUES
  (1, '00000000191', 1, 1, 'C-1', NULL, '2024-01-01', '2024-02-01', NULL, NULL, '10.5', 10.50,
   NULL, 'Recife', 'PE', 3, 1, 1, 0, 7, '2024-05-01'),
  (2, '00000000272', 2, 2, 'C-2', 4, '2024-01-02', '2024-02-02', NULL, NULL, 'dez', 0.00,
   2, NULL, NULL, 0, 0, 0, 0, 0, '2024-05-01')"

destination_snapshot >"$work/before.snapshot"
grep -q "public.sentinela" "$work/before.snapshot" || fail "the snapshot does not list the tables"

# --- Pipelines -----------------------------------------------------------------------------

# pipeline FILE [PATH=JSON]...: the base pipeline with the values at the dotted PATHs replaced
# (JSON null removes the key). The base is valid: with no change it would load the generated
# dbo.bi_credores into public.bi_credores_novo, a table that does not exist.
pipeline() {
  "$NODE" -e '
    const [file, ...changes] = process.argv.slice(1);
    const pipeline = {
      name: "bad_inputs",
      source: { server: "${MSSQL_HOST}:${MSSQL_PORT}", database: "cobranca",
                user: "${MSSQL_USER}", password: "${MSSQL_PASSWORD}",
                table: "dbo.bi_credores", key: ["id"], connect_timeout: 3 },
      destination: { url: "${PG_URL}", table: "public.bi_credores_novo" },
      load: { strategy: "upsert" },
      parallelism: { writers: 2, batch_rows: 500 },
    };
    for (const change of changes) {
      const equals = change.indexOf("=");
      const path = change.slice(0, equals).split(".");
      const value = JSON.parse(change.slice(equals + 1));
      let object = pipeline;
      for (const key of path.slice(0, -1)) object = object[key] ??= {};
      if (value === null) delete object[path.at(-1)];
      else object[path.at(-1)] = value;
    }
    require("node:fs").writeFileSync(file, JSON.stringify(pipeline, null, 2) + "\n");' \
    "$@"
}

# --- Checking a case -----------------------------------------------------------------------

cases=0
#   bad NAME CODE SECONDS [ENV_ARG]... -- ETL_ARG... --expect REGEX...
# Runs etl with ETL_ARGs (through `env` with the ENV_ARGs: VAR=VALUE or -u VAR) and requires:
# exit CODE within SECONDS, every REGEX in an error line of stderr, and the destination
# exactly as before, without a ledger schema.
bad() {
  local name=$1 code=$2 seconds=$3
  shift 3
  local environment=()
  while [[ $1 != -- ]]; do
    environment+=("$1")
    shift
  done
  shift
  local arguments=()
  while [[ $1 != --expect ]]; do
    arguments+=("$1")
    shift
  done
  shift

  local started=$EPOCHREALTIME
  etl_status=0
  env "${environment[@]}" "$ETL" "${arguments[@]}" >"$work/$name.out" 2>"$work/$name.err" ||
    etl_status=$?
  local took
  took=$(awk -v a="$started" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }')
  expect_status "$name" "$code"

  local message
  message=$(etl_errors "$work/$name.err" | head -n 1)
  [[ -n $message ]] || {
    show_run "$name"
    fail "$name: no error line on stderr"
  }
  local pattern
  for pattern in "$@"; do
    etl_errors "$work/$name.err" | grep -Eq -- "$pattern" || {
      show_run "$name"
      fail "$name: no error line matches /$pattern/"
    }
  done
  awk -v t="$took" -v max="$seconds" 'BEGIN { exit !(t <= max) }' ||
    fail "$name: etl took $took s, more than $seconds s"

  expect_destination_unchanged "$work/before.snapshot" "$name"
  expect_no_schema etl "$name"
  printf '%s | exit %s | %s s | %s\n' "$name" "$etl_status" "$took" "${message//$work\//}"
  cases=$((cases + 1))
}

p=$work/p.json
run=(run "$p" --progress none)

# Malformed JSON: the comma after "upsert" has no key after it. Line and column point at the
# character that cannot follow.
pipeline "$p"
sed -i 's/"strategy": "upsert"/"strategy": "upsert",/' "$p"
line=$(grep -n '"strategy": "upsert",' "$p" | cut -d: -f1)
bad malformed_json 2 10 -- "${run[@]}" --expect "p\.json:$((line + 1)):[0-9]+: malformed JSON"

# An unknown key, and the nearest valid one.
pipeline "$p" 'destination.tabel="public.bi_credores_novo"' 'destination.table=null'
line=$(grep -n '"tabel"' "$p" | cut -d: -f1)
bad unknown_key 2 10 -- "${run[@]}" \
  --expect "p\.json:$line: destination\.tabel: unknown key 'tabel'" "did you mean 'table'"

# Wrong types: a string where a list of columns belongs, a word where a number belongs.
pipeline "$p" 'source.key="id"'
line=$(grep -n '"key"' "$p" | cut -d: -f1)
bad wrong_type_key 2 10 -- "${run[@]}" \
  --expect "p\.json:$line: source\.key: must be an array of strings, not a string"
pipeline "$p" 'parallelism.writers="many"'
bad wrong_type_writers 2 10 -- "${run[@]}" \
  --expect "parallelism\.writers: 'many' is not a whole number"

# A missing variable: the password's, and one in the URL.
pipeline "$p"
bad missing_password_variable 2 10 -u MSSQL_PASSWORD -- "${run[@]}" \
  --expect "source\.password: environment variable MSSQL_PASSWORD is not set"
pipeline "$p" 'destination.url="${ETL_BAD_INPUTS_URL}"'
bad missing_variable 2 10 -u ETL_BAD_INPUTS_URL -- "${run[@]}" \
  --expect "destination\.url: environment variable ETL_BAD_INPUTS_URL is not set"

# Unreachable hosts: a port nothing listens on (refused at once), and a listener that never
# answers (the connect timeout: 3 s on each side here).
pipeline "$p" 'source.server="127.0.0.1:1"'
bad source_refused 1 30 -- "${run[@]}" --expect "source" "127\.0\.0\.1:1" "check source\.server"
pipeline "$p" "source.server=\"127.0.0.1:$silent_port\""
bad source_silent 1 30 -- "${run[@]}" --expect "source" "127\.0\.0\.1:$silent_port" "time" "source\.connect_timeout"
pipeline "$p" 'destination.url="postgresql://postgres@127.0.0.1:1/etl?connect_timeout=3"'
bad destination_refused 1 30 -- "${run[@]}" --expect "destination" "127\.0\.0\.1" "refused"
pipeline "$p" "destination.url=\"postgresql://postgres@127.0.0.1:$silent_port/etl?connect_timeout=3\""
bad destination_silent 1 30 -- "${run[@]}" --expect "destination" "$silent_port" "time"
# The same with the default timeouts (source 15 s, destination 10 s): slower, but no hang.
pipeline "$p" "source.server=\"127.0.0.1:$silent_port\"" 'source.connect_timeout=null'
bad source_silent_default 1 40 -- "${run[@]}" --expect "source" "$silent_port" "time"
pipeline "$p" "destination.url=\"postgresql://postgres@127.0.0.1:$silent_port/etl\""
bad destination_silent_default 1 40 -- "${run[@]}" --expect "destination" "$silent_port" "time"

# Wrong passwords: the simulator's login (error 18456), and a PostgreSQL role's.
pipeline "$p"
bad source_wrong_password 1 30 MSSQL_PASSWORD=not-the-password -- "${run[@]}" \
  --expect "source" "[Ll]ogin failed for user 'etl'"
pipeline "$p" "destination.url=\"$pg_login_url\"" "destination.password_file=\"$work/wrong.password\""
bad destination_wrong_password 1 30 -- "${run[@]}" \
  --expect "destination" "password authentication failed for user \"etl_login\""

# A missing table, and missing columns: a key column, and a renamed column.
pipeline "$p" 'source.table="dbo.nao_existe"'
bad missing_table 1 30 -- "${run[@]}" --expect "source" "nao_existe" "no such table"
pipeline "$p" 'source.key=["nao_existe"]'
bad missing_key_column 1 30 -- "${run[@]}" --expect "source" "nao_existe"
pipeline "$p" 'transform.rename={"nao_existe": "outro"}'
bad missing_renamed_column 2 30 -- "${run[@]}" \
  --expect "transform\.rename\.nao_existe" "no column 'nao_existe'"

# An existing destination table whose column SALDO cannot hold the source's money.
pipeline "$p" 'destination.table="public.bi_credores_antigo"'
bad incompatible_column 1 30 -- "${run[@]}" --expect "destination" "bi_credores_antigo" "SALDO"

# An unmappable type (hierarchyid, geometry…) cannot be planted: the simulator serves no type
# that etl lacks a mapping for, and a pipeline has no per-column type override. See
# docs/bad-inputs.md.

echo "PASS: $cases bad inputs each gave their exit code and message and changed nothing"
