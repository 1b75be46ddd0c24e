#!/usr/bin/env bash
# Installs everything the build, the tests, the benchmarks and the demo need, from Debian's
# packages and npm. Idempotent: a second run installs nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build pkg-config clang-format git ca-certificates
  libboost-dev libfmt-dev libcli11-dev catch2 nlohmann-json3-dev libspdlog-dev libtbb-dev
  freetds-dev freetds-bin libpq-dev postgresql postgresql-client
  nodejs npm procps iproute2 time openssl
)

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$package")
done
# A Node.js that did not come from Debian (with its own npm) serves as well.
if command -v node >/dev/null && command -v npm >/dev/null; then
  missing=("${missing[@]/nodejs/}")
  missing=("${missing[@]/npm/}")
fi
read -ra missing <<<"${missing[*]}"

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [[ $(id -u) -eq 0 ]] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# tedious, the independent TDS client of the conformance tests (pinned: 19.x runs on Node 20).
if [[ ! -d tests/node/node_modules/tedious ]]; then
  echo "setup: installing tedious for the conformance tests"
  (cd tests/node && npm install --no-audit --no-fund --loglevel=error)
fi
echo "setup: ready"
