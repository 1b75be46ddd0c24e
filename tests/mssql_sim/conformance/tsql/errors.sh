#!/usr/bin/env bash
# Errors as SQL Server sends them, through FreeTDS tsql, and a server that goes on serving.
# tsql prints a server message as
#   Msg NUMBER (severity S, state T) from SERVER[ Line N]:
#   <tab>"TEXT"
set -uo pipefail
source "$(dirname "$0")/lib.sh"

db=conformance
probe='SELECT [id] FROM [dbo].[every_type] WHERE [id] = 1'

# message_seen OUTPUT NUMBER SEVERITY TEXT: the message is in OUTPUT, with state 1, line 1.
message_seen() {
  local output=$1 number=$2 severity=$3 text=$4
  printf '%s\n' "$output" |
    grep -A1 -E "^Msg $number \(severity $severity, state 1\) from [^ ]+ Line 1:$" |
    grep -qxF "	\"$text\""
}

# Wrong password: the login fails with 18456, tsql gives up, the next login works.
output=$(printf '%s\ngo\n' "$probe" |
  MSSQL_PASSWORD='not the password' tsql_query $db 2>&1)
status=$?
ok=no
if ((status != 0)) && message_seen "$output" 18456 14 "Login failed for user '$MSSQL_USER'."; then
  ok=yes
fi
record "a wrong password gets error 18456 and no session" $ok "status $status; output: $output"

output=$(printf '%s\ngo\n' "$probe" | tsql_query $db 2>&1)
ok=no
[[ $output == 1 ]] && ok=yes
record "after a failed login the server serves the next login" $ok "$output"

# Syntax error: 102 for the batch; the next batch on the same connection runs.
output=$(printf '%s\ngo\n%s\ngo\n' 'SELECT [id] FROM [dbo].[every_type] WHERE [id] = = 1' "$probe" |
  tsql_query $db 2>&1)
ok=no
if message_seen "$output" 102 15 "Incorrect syntax near '='." &&
  [[ $(printf '%s\n' "$output" | tail -n 1) == 1 ]]; then
  ok=yes
fi
record "a syntax error gets error 102 and the same connection goes on" $ok "$output"

# Unknown table: 208; the same connection and a new one go on.
output=$(printf '%s\ngo\n%s\ngo\n' 'SELECT * FROM dbo.no_such_table' "$probe" | tsql_query $db 2>&1)
ok=no
if message_seen "$output" 208 16 "Invalid object name 'dbo.no_such_table'." &&
  [[ $(printf '%s\n' "$output" | tail -n 1) == 1 ]]; then
  ok=yes
fi
record "an unknown table gets error 208 and the same connection goes on" $ok "$output"

output=$(printf '%s\ngo\n' "$probe" | tsql_query $db 2>&1)
ok=no
[[ $output == 1 ]] && ok=yes
record "after the errors the server serves a new login" $ok "$output"

finish
