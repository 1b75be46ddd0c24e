#!/usr/bin/env bash
# rowversion through FreeTDS tsql (../rowversion.sql): 8 bytes set by the server on insert,
# unique and increasing in insert order. The values are the server's own, so the test checks
# their shape and order, not their value.
set -uo pipefail
source "$(dirname "$0")/lib.sh"

db=conformance
# rowversion values are the server's own: check their shape and order, not their value.
versions=$(printf 'SELECT [id], [name], [rv] FROM [dbo].[versioned] ORDER BY [id]\ngo\n' |
  tsql_query $db 2>&1)
shape_ok=no
if [[ $(printf '%s\n' "$versions" | cut -f1,2) == $(printf '1\tfirst\n2\tsecond\n3\tthird') ]] &&
  [[ $(printf '%s\n' "$versions" | cut -f3 | grep -cE '^[0-9a-f]{16}$') == 3 ]] &&
  printf '%s\n' "$versions" | cut -f3 | sort -C && [[ $(printf '%s\n' "$versions" | cut -f3 | sort -u | wc -l) == 3 ]]; then
  shape_ok=yes
fi
record "rowversion is 8 bytes, unique and increasing in insert order" $shape_ok "$versions"

finish
