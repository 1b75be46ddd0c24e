#!/usr/bin/env bash
# TLS to PostgreSQL through the URL's sslmode: against a server with ssl = on and a
# certificate made here for 127.0.0.1 and localhost, sslmode=verify-full with the CA that
# signed it loads the table; with another CA etl exits 1 saying the certificate could not be
# verified and which setting to change, and the destination is left as it was.
source "$(dirname "$0")/lib.sh"
source "$e2e_dir/pg_state.sh"

# --- Certificates: a CA, the server's certificate signed by it, and an unrelated CA ---------
# The server's owner (postgres, when we run as root) must read them: a folder it can enter.
tls=$work/tls
mkdir -m 0755 "$tls"
chmod 0755 "$work"
make_ca() {
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=$1" \
    -keyout "$tls/$2.key" -out "$tls/$2.crt" 2>/dev/null
}
make_ca "etl test CA" ca
make_ca "etl unrelated CA" other-ca
openssl req -newkey rsa:2048 -nodes -subj "/CN=127.0.0.1" \
  -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
printf '%s\n' "subjectAltName = IP:127.0.0.1, DNS:localhost" \
  "extendedKeyUsage = serverAuth" >"$tls/server.ext"
openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" \
  -CAcreateserial -days 2 -extfile "$tls/server.ext" -out "$tls/server.crt" 2>/dev/null
openssl verify -CAfile "$tls/ca.crt" "$tls/server.crt" >/dev/null ||
  fail "openssl made a server certificate its CA does not verify"
# PostgreSQL accepts a key only its owner can read.
chmod 0600 "$tls/server.key"
[[ $(id -u) -ne 0 ]] || chown postgres: "$tls/server.key" "$tls/server.crt"

# --- The server: TLS on, and a role that may only log in over TLS ---------------------------
pg "ALTER SYSTEM SET ssl_cert_file = '$tls/server.crt'"
pg "ALTER SYSTEM SET ssl_key_file = '$tls/server.key'"
pg "ALTER SYSTEM SET ssl = on"
# pg_hba_first reloads the configuration: TLS and the new rule take effect together.
pg_hba_first "hostnossl all etl_tls 127.0.0.1/32 reject"
pg "CREATE ROLE etl_tls LOGIN"
pg "GRANT CREATE ON DATABASE \"$(pg "SELECT current_database()")\" TO etl_tls"
pg "GRANT CREATE ON SCHEMA public TO etl_tls"

base_url="postgresql://etl_tls@127.0.0.1:$(pg "SHOW port")/$(pg "SELECT current_database()")"
# The server's side of the test, independently of etl: psql verifies and uses TLS; without
# TLS the role is turned away.
[[ $(psql -X -A -t -d "$base_url?sslmode=verify-full&sslrootcert=$tls/ca.crt" \
  -c "SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()") == t ]] ||
  fail "the server does not speak TLS with the certificate made here"
if psql -X -w -q -d "$base_url?sslmode=disable" -c "SELECT 1" >/dev/null 2>&1; then
  fail "etl_tls logs in without TLS: a success would not prove that etl used it"
fi

# tls_pipeline FILE CA_FILE: the generated bi_credores into public.bi_credores_tls, verifying
# the server against CA_FILE.
tls_pipeline() {
  sed -e "s|\"\${PG_URL:-[^\"]*\"|\"$base_url?sslmode=verify-full\&sslrootcert=$2\"|" \
    -e 's|public.bi_credores_paralelo|public.bi_credores_tls|' \
    "$repo/pipelines/bi_credores.json" >"$1"
  grep -q "sslrootcert=$2" "$1" || fail "could not write the URL into $1"
}
export CLUSTER_SIZE=2

# 1. Another CA: the certificate cannot be verified; nothing changes.
destination_snapshot >"$work/before.snapshot"
tls_pipeline "$work/wrong-ca.json" "$tls/other-ca.crt"
run_etl wrong_ca run "$work/wrong-ca.json" --progress none
expect_status wrong_ca 1
etl_errors "$work/wrong_ca.err"
error_lines() { etl_errors "$work/wrong_ca.err"; }
error_lines | grep -q "destination" || fail "the error does not say it is the destination's"
error_lines | grep -Eiq "certificate verify failed|could not be verified" || {
  show_run wrong_ca
  fail "the error does not say that the server's certificate could not be verified"
}
error_lines | grep -q "sslrootcert" || {
  show_run wrong_ca
  fail "the error does not say what to change (sslrootcert, the CA that signed the server's certificate)"
}
expect_destination_unchanged "$work/before.snapshot" "the run with the wrong CA"
expect_no_schema etl "the run with the wrong CA"

# 2. The right CA: the run succeeds over TLS and the table equals the source.
tls_pipeline "$work/right-ca.json" "$tls/ca.crt"
run_etl right_ca run "$work/right-ca.json" --progress none
expect_status right_ca 0
expect_table_equals_source public.bi_credores_tls cobranca dbo.bi_credores \
  --set STATUS=1 --set DATA_BASE="$RUN_DATE"
pg "DROP TABLE expected"

# 3. The wrong CA again, now that the table and the ledger exist: both stay as they are.
destination_snapshot >"$work/before.snapshot"
run_etl wrong_ca run "$work/wrong-ca.json" --progress none
expect_status wrong_ca 1
expect_destination_unchanged "$work/before.snapshot" "the second run with the wrong CA"

echo "PASS: sslmode=verify-full loads with the right CA and fails clearly, changing nothing, with another"
