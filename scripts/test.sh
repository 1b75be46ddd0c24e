#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test with CTest.
# Its output ends with CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --parallel "$(nproc)"
ctest --test-dir build --output-on-failure --timeout 1200 "$@"
