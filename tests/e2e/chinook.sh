#!/usr/bin/env bash
# Chinook: the 11 tables of Chinook_SqlServer.sql, migrated through the simulator by one
# `etl run` with a pipeline file per table (identifiers snake_case, strategy upsert) into the
# schema `migrated` of the database that Chinook_PostgreSql.sql creates, equal that script's
# own tables in `public`: the same column names in the same order, the same counts, and the
# same rows compared in PostgreSQL, every column, EXCEPT ALL in both directions.
#
# Text is compared without trailing spaces, and one value proves why that is fair: the
# PostgreSQL script writes its strings as N'…', which PostgreSQL types as character(n), and a
# character(n) stored into varchar loses its trailing spaces (customer 54's city 'Edinburgh '
# becomes 'Edinburgh'); SQL Server keeps them, and so must the migration (checked below).
#
#   chinook.sh CHINOOK_DIR
chinook_dir=$(cd "${1:?usage: chinook.sh CHINOOK_DIR}" && pwd)
source "$(dirname "$0")/lib.sh"

tables=(Album Artist Customer Employee Genre Invoice InvoiceLine MediaType Playlist
  PlaylistTrack Track)

psql -X -q -v ON_ERROR_STOP=1 -d "$PG_URL" -f "$chinook_dir/Chinook_PostgreSql.sql" \
  >"$work/load.log" 2>&1 || {
  cat "$work/load.log" >&2
  fail "Chinook_PostgreSql.sql did not load"
}
chinook_url="postgresql://postgres@127.0.0.1:$PGPORT/chinook"
PG_URL=$chinook_url
pg "CREATE SCHEMA migrated"

snake_case() {
  sed -E 's/([a-z0-9])([A-Z])/\1_\2/g' <<<"$1" | tr '[:upper:]' '[:lower:]'
}

files=()
for table in "${tables[@]}"; do
  file="$work/$(snake_case "$table").json"
  write_pipeline "$file" "{
  \"name\": \"chinook_$(snake_case "$table")\",
  \"source\": {
    \"driver\": \"mssql\",
    \"server\": \"127.0.0.1:\${MSSQL_PORT}\",
    \"database\": \"Chinook\",
    \"user\": \"\${MSSQL_USER}\",
    \"password\": \"\${MSSQL_PASSWORD}\",
    \"table\": \"dbo.$table\"
  },
  \"destination\": {
    \"driver\": \"postgres\",
    \"url\": \"$chinook_url\",
    \"table\": \"migrated.$(snake_case "$table")\",
    \"create\": \"if_missing\",
    \"identifiers\": \"snake_case\"
  },
  \"load\": { \"strategy\": \"upsert\" },
  \"parallelism\": { \"writers\": 2, \"batch_rows\": 1000 }
}"
  files+=("$file")
done

run_etl run run "${files[@]}" --progress none
expect_status run 0

mapfile -t pg_tables < <(pg "SELECT table_name FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")
mapfile -t migrated_tables < <(pg "SELECT table_name FROM information_schema.tables
  WHERE table_schema = 'migrated' AND table_type = 'BASE TABLE' ORDER BY 1")
((${#pg_tables[@]} == 11)) || fail "Chinook_PostgreSql.sql made ${#pg_tables[@]} tables, not 11"
[[ ${pg_tables[*]} == "${migrated_tables[*]}" ]] ||
  fail "migrated tables (${migrated_tables[*]}) are not the script's (${pg_tables[*]})"

# columns_of SCHEMA TABLE: the column names in order, comma-separated.
columns_of() {
  pg "SELECT string_agg(column_name, ',' ORDER BY ordinal_position)
      FROM information_schema.columns WHERE table_schema = '$1' AND table_name = '$2'"
}

problems=0
for table in "${pg_tables[@]}"; do
  expected_columns=$(columns_of public "$table")
  migrated_columns=$(columns_of migrated "$table")
  if [[ $expected_columns != "$migrated_columns" ]]; then
    echo "$table: columns ($migrated_columns), expected ($expected_columns)" >&2
    problems=$((problems + 1))
    continue
  fi
  # Every column, text without trailing spaces (see the top of this file).
  select_list=$(pg "SELECT string_agg(CASE WHEN data_type IN ('character varying', 'text',
      'character') THEN format('rtrim(%I, '' '') AS %I', column_name, column_name)
      ELSE format('%I', column_name) END, ', ' ORDER BY ordinal_position)
    FROM information_schema.columns WHERE table_schema = 'public' AND table_name = '$table'")
  counts=$(pg "SELECT (SELECT count(*) FROM public.$table) || ' ' ||
    (SELECT count(*) FROM migrated.$table)")
  missing=$(pg "SELECT count(*) FROM (SELECT $select_list FROM public.$table
    EXCEPT ALL SELECT $select_list FROM migrated.$table) d")
  extra=$(pg "SELECT count(*) FROM (SELECT $select_list FROM migrated.$table
    EXCEPT ALL SELECT $select_list FROM public.$table) d")
  read -r expected_rows migrated_rows <<<"$counts"
  note "$table: $migrated_rows rows (script: $expected_rows), missing $missing, extra $extra"
  if ((expected_rows != migrated_rows || missing != 0 || extra != 0 || expected_rows == 0)); then
    pg "SELECT $select_list FROM public.$table EXCEPT ALL
        SELECT $select_list FROM migrated.$table LIMIT 3" >&2
    problems=$((problems + 1))
  fi
done
((problems == 0)) || fail "$problems of the 11 Chinook tables differ from Chinook_PostgreSql.sql's"

city=$(pg "SELECT city || '|' FROM migrated.customer WHERE customer_id = 54")
[[ $city == "Edinburgh |" ]] || fail "customer 54's city is '${city%|}', SQL Server holds 'Edinburgh '"
echo "PASS: the 11 Chinook tables equal Chinook_PostgreSql.sql's, row by row"
