#!/usr/bin/env bash
# An unknown key in a pipeline file is a usage error: exit code 2 and a message naming the
# file, the line, the key's path and the nearest valid key.
e2e_servers=none
source "$(dirname "$0")/lib.sh"

sed 's/"writers": 99/"writer": 99/' "$repo/pipelines/bi_credores.json" >"$work/typo.json"
line=$(grep -n '"writer"' "$work/typo.json" | cut -d: -f1)
[[ -n $line ]] || fail "could not plant the typo"

MSSQL_PASSWORD=unused run_etl typo run "$work/typo.json"
expect_status typo 2
cat "$work/typo.err"
grep "$work/typo.json:$line" "$work/typo.err" | grep "parallelism.writer" | grep -q "writers" || {
  show_run typo
  fail "the message does not name $work/typo.json:$line, parallelism.writer and 'writers'"
}
echo "PASS: an unknown key exits 2 naming file, line, key path and the nearest key"
