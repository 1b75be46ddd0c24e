#!/usr/bin/env bash
# Runs one test command against a simulator of its own.
#
#   with-sim.sh SIM_BINARY [SIM_ARG...] -- COMMAND [ARG...]
#
# Starts SIM_BINARY on a free loopback port (--port 0) with the test login, waits for its
# "mssql-sim: listening on HOST:PORT" line, runs COMMAND with MSSQL_HOST, MSSQL_PORT,
# MSSQL_USER, MSSQL_PASSWORD and MSSQL_SIM_PID set, and always stops the simulator. The
# test fails when COMMAND fails, when the simulator never listens, and when the simulator
# is no longer running after COMMAND (a crash is never a pass).
set -euo pipefail

if (($# < 3)); then
  echo "usage: with-sim.sh SIM_BINARY [SIM_ARG...] -- COMMAND [ARG...]" >&2
  exit 2
fi
sim=$1
shift
sim_args=()
while (($#)) && [[ $1 != -- ]]; do
  sim_args+=("$1")
  shift
done
if [[ ${1:-} != -- ]] || (($# < 2)); then
  echo "with-sim.sh: missing -- COMMAND" >&2
  exit 2
fi
shift

export MSSQL_HOST=127.0.0.1
export MSSQL_USER=${MSSQL_USER:-etl}
export MSSQL_PASSWORD=${MSSQL_PASSWORD:-Conformance#2024}
startup_timeout=${SIM_STARTUP_TIMEOUT:-120}

work=$(mktemp -d "${TMPDIR:-/tmp}/etl-conformance-sim.XXXXXX")
sim_pid=""
stop_sim() {
  local status=$?
  if [[ -n $sim_pid ]] && kill -0 "$sim_pid" 2>/dev/null; then
    kill -TERM "$sim_pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$sim_pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$sim_pid" 2>/dev/null; then
      echo "with-sim.sh: the simulator did not stop on SIGTERM within 5 s; killing it" >&2
      kill -KILL "$sim_pid" 2>/dev/null || true
      status=1
    fi
    local sim_status=0
    wait "$sim_pid" 2>/dev/null || sim_status=$?
    if ((sim_status != 0 && status == 0)); then
      echo "with-sim.sh: the simulator exited with status $sim_status on SIGTERM" >&2
      status=1
    fi
  fi
  if ((status != 0)) && [[ -s $work/sim.log ]]; then
    echo "--- simulator output (last 40 lines) ---" >&2
    tail -n 40 "$work/sim.log" >&2
  fi
  rm -rf "$work"
  exit "$status"
}
trap stop_sim EXIT
trap 'exit 143' TERM INT

: >"$work/sim.log"
"$sim" --listen 127.0.0.1 --port 0 --user "$MSSQL_USER" --password "$MSSQL_PASSWORD" \
  "${sim_args[@]}" >"$work/sim.log" 2>&1 </dev/null &
sim_pid=$!

port=""
deadline=$((SECONDS + startup_timeout))
while [[ -z $port ]]; do
  if ! kill -0 "$sim_pid" 2>/dev/null; then
    echo "with-sim.sh: the simulator exited before listening" >&2
    exit 1
  fi
  if ((SECONDS > deadline)); then
    echo "with-sim.sh: the simulator did not listen within ${startup_timeout} s" >&2
    exit 1
  fi
  port=$(sed -n 's/^mssql-sim: listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p' "$work/sim.log" |
    head -n 1) || true
  [[ -n $port ]] || sleep 0.1
done
export MSSQL_PORT=$port
export MSSQL_SIM_PID=$sim_pid
export MSSQL_SIM_LOG=$work/sim.log

set +e
"$@"
command_status=$?
set -e

if ! kill -0 "$sim_pid" 2>/dev/null; then
  echo "with-sim.sh: the simulator is no longer running after the test" >&2
  exit 1
fi
exit "$command_status"
