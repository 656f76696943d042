#!/usr/bin/env bash
# Coverage-guided fuzzing of the core parsers and the image pipeline with Jazzer (long runs).
#
#   scripts/fuzz.sh [DURATION] [TARGET...]
#
# DURATION: Jazzer duration per target (30s, 15m, 2h; default 10m). TARGET: Class#method of a
# @FuzzTest in core/src/test/java/io/hashstream/fuzz (default: all three). Targets run one after the
# other (Jazzer fuzzes one test per JVM). Inputs that add coverage go to core/.cifuzz-corpus/ (not
# committed); a crashing input is written by Jazzer to the target's regression directory
# core/src/test/resources/io/hashstream/fuzz/<Class>Inputs/<method>/crash-<sha1>, where the normal
# test run replays it from then on: commit it together with the fix. Exit status: non-zero when a
# target found a crash. Logs: core/target/fuzz/<target>.log.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${1:-10m}"
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  targets=(
    "EventJsonFuzzTest#parseAcceptsOrRefusesWithAReason"
    "RawEventFuzzTest#decodeAcceptsOrRefusesWithAReason"
    "ImagePipelineFuzzTest#decodeAndPreprocessOrRefuseWithAReason"
  )
fi

mkdir -p core/target/fuzz
# Compile once; each target then runs offline in its own surefire JVM.
./mvnw -B -q -pl core test-compile

status=0
for target in "${targets[@]}"; do
  log="core/target/fuzz/${target//#/.}.log"
  echo "fuzzing ${target} for ${duration} (log: ${log})"
  start=$(date +%s)
  # Instrument the project and the image plugins; JDK ImageIO classes cannot be instrumented.
  if JAZZER_FUZZ=1 JAZZER_MAX_DURATION="${duration}" \
     JAZZER_INSTRUMENT='io.hashstream.**,com.twelvemonkeys.**' \
     ./mvnw -B -pl core surefire:test -Dtest="io.hashstream.fuzz.${target}" \
       -Dsurefire.failIfNoSpecifiedTests=false >"${log}" 2>&1; then
    result="no crash"
  else
    result="CRASH or failure (see ${log})"
    status=1
  fi
  grep -E '^#[0-9]+.*(DONE|pulse|cov:)' "${log}" | tail -n 1 || true
  echo "${target}: $(( $(date +%s) - start )) s, ${result}"
done
exit "${status}"
