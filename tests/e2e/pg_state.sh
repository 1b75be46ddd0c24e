# shellcheck shell=bash disable=SC2154  # work, pg, table_md5 and fail come from lib.sh
# Helpers for tests that must prove the destination did not change, or that need logins other
# than the cluster's trusted superuser, and for reading etl's error messages. Sourced after
# lib.sh (it uses pg, table_md5 and fail).

# etl_errors FILE: the messages of the error lines etl logged in FILE (its stderr), without
# their time and level.
etl_errors() {
  sed -nE 's/^[0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:.]+ +(error|ERROR|critical) +//p' "$1"
}

# destination_snapshot: one text for the whole test database — its schemas; every table,
# index, sequence and view with its columns, types and NOT NULL; every constraint; and an md5
# over each table's rows. Two equal snapshots mean nothing in the destination changed.
destination_snapshot() {
  local user_objects="n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'"
  pg "SELECT n.nspname FROM pg_namespace n WHERE $user_objects ORDER BY 1"
  pg "SELECT format('%s.%s %s', n.nspname, c.relname, c.relkind) ||
        coalesce(format(' %s %s %s%s', a.attnum, a.attname, format_type(a.atttypid, a.atttypmod),
                        CASE WHEN a.attnotnull THEN ' not null' END), '')
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
      WHERE $user_objects ORDER BY n.nspname, c.relname, a.attnum"
  pg "SELECT format('%s %s %s', o.conrelid::regclass, o.conname, pg_get_constraintdef(o.oid))
      FROM pg_constraint o JOIN pg_namespace n ON n.oid = o.connamespace
      WHERE $user_objects ORDER BY 1"
  local table
  for table in $(pg "SELECT format('%I.%I', n.nspname, c.relname)
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE $user_objects AND c.relkind IN ('r', 'p') ORDER BY 1"); do
    echo "$table $(table_md5 "$table" "t::text")"
  done
}

# expect_destination_unchanged BEFORE_FILE WHAT: the destination's snapshot equals the one in
# BEFORE_FILE, or the test fails showing the difference and naming WHAT changed it.
expect_destination_unchanged() {
  destination_snapshot >"$work/after.snapshot"
  if ! diff -u "$1" "$work/after.snapshot" >&2; then
    fail "$2 changed the destination (the lines above, - before, + after)"
  fi
}

# expect_no_schema NAME WHAT: the schema NAME (the ledger's) does not exist.
expect_no_schema() {
  [[ $(pg "SELECT count(*) FROM pg_namespace WHERE nspname = '$1'") == 0 ]] ||
    fail "$2 created the schema $1"
}

# pg_hba_first LINE: puts LINE first in the test cluster's pg_hba.conf (the first matching line
# wins, and the cluster trusts every other login) and reloads the configuration. The cluster
# belongs to this test alone.
pg_hba_first() {
  local hba_file
  hba_file=$(pg "SHOW hba_file")
  {
    printf '%s\n' "$1"
    cat "$hba_file"
  } >"$work/pg_hba.new"
  # Rewritten in place: the file keeps its owner and mode.
  cat "$work/pg_hba.new" >"$hba_file"
  local loaded
  loaded=$(pg "SELECT pg_conf_load_time()")
  [[ $(pg "SELECT pg_reload_conf()") == t ]] || fail "PostgreSQL did not reload pg_hba.conf"
  # The postmaster reloads when it gets to the signal; a new session shows when it did.
  for _ in $(seq 100); do
    [[ $(pg "SELECT pg_conf_load_time()") == "$loaded" ]] || return 0
    sleep 0.1
  done
  fail "PostgreSQL did not reload its configuration within 10 s"
}
