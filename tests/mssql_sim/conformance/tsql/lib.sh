# Helpers for the tsql conformance scripts (sourced, not run).
#
# tsql (FreeTDS 1.3) renders every date and time type through one strftime-style format that
# comes only from /etc/freetds/locales.conf (freetds.conf has no such setting; TDSDUMPCONFIG
# reports "UNRECOGNIZED option 'date format'"), and its built-in default has no seconds. To
# see seconds and fractions without touching the machine's configuration, each tsql runs in
# a private mount namespace where /etc/freetds is our own folder with a locales.conf of
# "%04Y-%m-%d %H:%M:%S.%z" (%z is FreeTDS's fraction, as many digits as the type's scale).
#
# How tsql prints values (libtds tds_convert to varchar): integers in decimal; decimal and
# numeric with all digits of their scale; money and smallmoney with 4 decimals; real as
# %.9g and float as %.17g; binary types as lowercase hex without 0x; uniqueidentifier as
# upper-case text; char data converted to UTF-8; NULL as "NULL"; date types through the
# format above (a date alone shows 00:00:00, a time alone shows the date 1900-01-01, a
# datetimeoffset shows its local time, without the offset).

conformance_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
failures=0
passes=0

# The FreeTDS configuration every tsql of the test sees as /etc/freetds.
freetds_etc=$(mktemp -d "${TMPDIR:-/tmp}/conformance-freetds.XXXXXX")
trap 'rm -rf "$freetds_etc"' EXIT
cat >"$freetds_etc/freetds.conf" <<'EOF'
[global]
	tds version = 7.4
	client charset = UTF-8
	use utf-16 = yes
EOF
printf '[default]\n\tdate format = %%04Y-%%m-%%d %%H:%%M:%%S.%%z\n' >"$freetds_etc/locales.conf"
chmod -R a+rX "$freetds_etc"

# Runs a command with $freetds_etc mounted over /etc/freetds, for it alone.
with_freetds_etc() {
  local unshare_args=(--mount --propagation private)
  [[ $(id -u) -eq 0 ]] || unshare_args=(--user --map-root-user --mount --propagation private)
  unshare "${unshare_args[@]}" -- sh -c 'mount --bind "$0" /etc/freetds && exec "$@"' \
    "$freetds_etc" "$@"
}

# tsql_query DATABASE: runs the batches on stdin (separated by "go" lines) in DATABASE and
# prints the rows, tab-separated, without headers or footers. Messages go to stderr.
tsql_query() {
  local database=$1
  with_freetds_etc env TDSVER=7.4 FREETDSCONF=/etc/freetds/freetds.conf LC_ALL=C.UTF-8 \
    tsql -H "$MSSQL_HOST" -p "$MSSQL_PORT" -U "$MSSQL_USER" -P "$MSSQL_PASSWORD" \
    -D "$database" -o fhq
}

# check NAME DATABASE QUERY: runs QUERY and compares its rows with the expected text on
# stdin; any message from the server fails the check too.
check() {
  local name=$1 database=$2 query=$3
  local expected got errors
  expected=$(cat)
  errors=$(mktemp)
  got=$(printf '%s\ngo\n' "$query" | tsql_query "$database" 2>"$errors")
  if [[ $got == "$expected" && ! -s $errors ]]; then
    passes=$((passes + 1))
    echo "ok - $name"
  else
    failures=$((failures + 1))
    echo "not ok - $name"
    echo "  query: $query"
    if [[ $got != "$expected" ]]; then
      diff <(printf '%s\n' "$expected") <(printf '%s\n' "$got") | sed 's/^/  /' | cut -c1-300
    fi
    [[ ! -s $errors ]] || sed 's/^/  stderr: /' "$errors" | head -n 20
  fi
  rm -f "$errors"
}

# record NAME CONDITION-RESULT MESSAGE: counts a check made by the caller.
record() {
  local name=$1 ok=$2 detail=${3:-}
  if [[ $ok == yes ]]; then
    passes=$((passes + 1))
    echo "ok - $name"
  else
    failures=$((failures + 1))
    echo "not ok - $name"
    [[ -z $detail ]] || printf '%s\n' "$detail" | sed 's/^/  /' | cut -c1-300
  fi
}

# finish: the closing line and the exit status.
finish() {
  echo "$passes passed, $failures failed"
  ((failures == 0))
}
