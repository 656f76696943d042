#!/usr/bin/env bash
# The whole test suite: installs what the tests need, then builds and tests every module.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
./mvnw -B -ntp verify "$@"
