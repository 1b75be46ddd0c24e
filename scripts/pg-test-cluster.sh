#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for tests, in a folder of its own, on a free loopback port.
#
#   scripts/pg-test-cluster.sh start DIR   creates DIR, starts a cluster in it, prints the port
#                                          and writes DIR/env (PGHOST, PGPORT, PGUSER,
#                                          PGDATABASE, PG_URL) for `source`
#   scripts/pg-test-cluster.sh stop DIR    stops that cluster and removes DIR
#   scripts/pg-test-cluster.sh restart DIR restarts it (pg_ctl restart -m fast: every client
#                                          connection is closed), same port and settings
#
# PostgreSQL refuses to run as root, so as root the cluster runs as the `postgres` user
# (DIR is given to it); as anyone else it runs as that user. Authentication is `trust` on
# 127.0.0.1 only: the cluster holds test data and lives as long as one test run.
# Environment: PG_TEST_MAX_CONNECTIONS (max_connections, default 250; PostgreSQL's own default
# is 100), PG_TEST_OPTIONS (more -c settings, on one line).
set -euo pipefail

usage() {
  echo "usage: pg-test-cluster.sh start|stop|restart DIR" >&2
  exit 2
}
(($# == 2)) || usage
action=$1
dir=$2

pg_bin=""
for candidate in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
  if [[ -x $candidate/initdb && -x $candidate/pg_ctl ]]; then
    pg_bin=$candidate
    break
  fi
done
if [[ -z $pg_bin ]]; then
  echo "pg-test-cluster: no PostgreSQL server found under /usr/lib/postgresql (scripts/setup.sh installs it)" >&2
  exit 1
fi

# Runs a command as the cluster's owner.
as_owner() {
  if [[ $(id -u) -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_is_free() {
  ! ss -Htln "sport = :$1" 2>/dev/null | grep -q .
}

start() {
  local max_connections=${PG_TEST_MAX_CONNECTIONS:-250}
  if [[ ! $max_connections =~ ^[1-9][0-9]*$ ]]; then
    echo "pg-test-cluster: PG_TEST_MAX_CONNECTIONS must be a positive number, not '$max_connections'" >&2
    exit 2
  fi
  if [[ -e $dir/data/PG_VERSION ]]; then
    echo "pg-test-cluster: $dir already holds a cluster" >&2
    exit 1
  fi
  mkdir -p "$dir"
  [[ $(id -u) -ne 0 ]] || chown postgres: "$dir"
  chmod 0700 "$dir"

  as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
    >"$dir/initdb.log" 2>&1 || {
    cat "$dir/initdb.log" >&2
    exit 1
  }

  local port=""
  for _ in $(seq 20); do
    local candidate=$((20000 + RANDOM % 40000))
    port_is_free "$candidate" || continue
    # pg_ctl hands -o to a shell, where a newline would end the command: one line only.
    local options=(-c listen_addresses=127.0.0.1 -p "$candidate"
      -c "unix_socket_directories='$dir'" -c "max_connections=$max_connections"
      -c fsync=off -c synchronous_commit=off -c full_page_writes=off)
    if as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start \
      -o "${options[*]} ${PG_TEST_OPTIONS:-}" >/dev/null 2>&1; then
      port=$candidate
      break
    fi
    # Another process may have taken the port between the check and the start.
    sleep 0.2
  done
  if [[ -z $port ]]; then
    echo "pg-test-cluster: the cluster did not start; its log:" >&2
    tail -n 30 "$dir/server.log" >&2 || true
    exit 1
  fi

  cat >"$dir/env" <<EOF
export PGHOST=127.0.0.1
export PGPORT=$port
export PGUSER=postgres
export PGDATABASE=postgres
export PG_URL=postgresql://postgres@127.0.0.1:$port/postgres
EOF
  chmod 0644 "$dir/env"
  echo "$port"
}

stop() {
  if [[ -e $dir/data/postmaster.pid ]]; then
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || {
      echo "pg-test-cluster: pg_ctl stop failed for $dir" >&2
      exit 1
    }
  fi
  rm -rf "$dir"
}

# pg_ctl restart keeps the options the server was started with (postmaster.opts); its output,
# the server's log from then on, goes on into the same log file.
restart() {
  as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 restart >>"$dir/server.log" 2>&1 || {
    echo "pg-test-cluster: pg_ctl restart failed for $dir; its log:" >&2
    tail -n 30 "$dir/server.log" >&2 || true
    exit 1
  }
}

case $action in
  start) start ;;
  stop) stop ;;
  restart) restart ;;
  *) usage ;;
esac
