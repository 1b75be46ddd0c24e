#!/usr/bin/env bash
# Hostile identifiers end to end: a source table and columns named with ], ", ;, --, spaces,
# reserved words and letters outside ASCII, keyed by two of them, migrated with upsert and
# with mark_sweep (its status column hostile too) into destination tables named as badly.
# After each run the destination holds exactly the source's rows (read independently with
# tedious); between runs the source changes, so updates, inserts and the sweep are exercised.
source "$(dirname "$0")/lib.sh"

source_table='dbo.[tab]]le "q"; -- ação]'
upsert_table='public."up ""tab""; -- ação"'
sweep_table='public."Swept]; select 1 --"'

# identifier_pipeline FILE NAME DEST_TABLE STRATEGY: the source table above, keyed by its two
# hostile key columns, in batches of 2 rows so that keyset pagination runs over those keys.
identifier_pipeline() {
  local load='{"strategy": "upsert"}' set='{}'
  if [[ $4 == mark_sweep ]]; then
    load='{"strategy": "mark_sweep", "status_column": "st\"at;us"}'
    set='{"st\"at;us": 1}'
  fi
  write_pipeline "$1" "{
    \"name\": \"$2\",
    \"source\": {
      \"driver\": \"mssql\",
      \"server\": \"\${MSSQL_HOST}:\${MSSQL_PORT}\",
      \"database\": \"cobranca\",
      \"user\": \"\${MSSQL_USER}\",
      \"password\": \"\${MSSQL_PASSWORD}\",
      \"table\": \"dbo.[tab]]le \\\"q\\\"; -- ação]\",
      \"key\": [\"key] \\\"id\\\"; --\", \"order\"]
    },
    \"destination\": {\"driver\": \"postgres\", \"url\": \"\${PG_URL}\", \"table\": \"$3\",
                      \"identifiers\": \"preserve\"},
    \"transform\": {\"set\": $set},
    \"load\": $load,
    \"parallelism\": {\"writers\": 2, \"batch_rows\": 2}
  }"
}

# matches_source DEST [--set C=V]: the destination holds exactly the source's rows.
matches_source() {
  expect_table_equals_source "$@"
  pg "DROP TABLE expected"
}

# The JSON strings above spell the destination tables with escaped quotes.
identifier_pipeline upsert.json hostile_upsert 'public.\"up \"\"tab\"\"; -- ação\"' upsert
identifier_pipeline sweep.json hostile_sweep 'public.\"Swept]; select 1 --\"' mark_sweep

note "upsert into a new table"
run_etl upsert1 run upsert.json --progress none
expect_status upsert1 0
matches_source "$upsert_table" cobranca "$source_table"
expect_value "destination columns keep their names" "SELECT string_agg(attname, ' | ' ORDER BY attnum)
  FROM pg_attribute WHERE attrelid = '$upsert_table'::regclass AND attnum > 0" \
  'key] "id"; -- | order | select | ação | Ωμέγα | col with  spaces | st"at;us'
expect_value "the primary key is the two hostile columns" "SELECT string_agg(a.attname, ' | '
  ORDER BY a.attnum) FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid
  AND a.attnum = ANY (i.indkey) WHERE i.indrelid = '$upsert_table'::regclass AND i.indisprimary" \
  'key] "id"; -- | order'
expect_value "a value with quotes" "SELECT \"Ωμέγα\" FROM $upsert_table
  WHERE \"key] \"\"id\"\"; --\" = 3 AND \"order\" = 7" '"quoted"'

note "the source changes: an update, an insert; upsert again"
mssql exec cobranca "UPDATE $source_table SET [select] = N'dois; DROP', [ação] = 'ação 2',
    [col with  spaces] = 3.75 WHERE [key]] \"id\"; --] = 1 AND [order] = 2;
  INSERT INTO $source_table ([key]] \"id\"; --], [order], [select], [ação], [Ωμέγα],
    [col with  spaces], [st\"at;us]) VALUES (6, 0, N'seis', 'ç', N'ΩΩ', 6.00, 2)"
run_etl upsert2 run upsert.json --progress none
expect_status upsert2 0
matches_source "$upsert_table" cobranca "$source_table"
expect_value "the updated row" "SELECT \"select\" || ' ' || \"ação\" FROM $upsert_table
  WHERE \"key] \"\"id\"\"; --\" = 1 AND \"order\" = 2" "dois; DROP ação 2"

note "mark_sweep with a hostile status column"
run_etl sweep1 run sweep.json --progress none
expect_status sweep1 0
matches_source "$sweep_table" cobranca "$source_table" --set 'st"at;us=1'
mssql exec cobranca "DELETE FROM $source_table WHERE [key]] \"id\"; --] = 2;
  UPDATE $source_table SET [Ωμέγα] = N'novo' WHERE [key]] \"id\"; --] = 5"
run_etl sweep2 run sweep.json --progress none
expect_status sweep2 0
matches_source "$sweep_table" cobranca "$source_table" --set 'st"at;us=1'
grep -q "swept 1" "$work/sweep2.out" || {
  show_run sweep2
  fail "the second mark_sweep run does not report the 1 row deleted in the source as swept"
}
expect_value "every row is active" "SELECT count(*) FROM $sweep_table WHERE \"st\"\"at;us\" <> 1" "0"

finish "hostile table and column names migrate exactly with upsert and mark_sweep"
