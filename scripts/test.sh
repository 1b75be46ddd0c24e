#!/usr/bin/env bash
# The test command: installs what is missing, builds, and runs every test with CTest.
# Its output ends with CTest's summary.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build --parallel "$(nproc)"
# Tests labelled fidelity_blocked show a known bug outside the engine (their CMake names it,
# docs/limitations.md lists it); they run with `ctest -L fidelity_blocked`, not here.
ctest --test-dir build --output-on-failure --timeout 1200 -LE fidelity_blocked "$@"
