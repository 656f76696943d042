#!/usr/bin/env bash
# Pipeline performance harness: builds core + jobs, then runs io.hashstream.jobs.perf.PerfCommand
# (embedded KRaft broker + Flink MiniCluster in one JVM) with the given arguments. The report
# (Markdown) and one JFR file per run go to target/perf/ unless --out says otherwise.
#   scripts/perf.sh                                   # defaults: 256x256, max rate, at-least-once, limits first
#   scripts/perf.sh --rate max,half --delivery at-least-once,exactly-once --events 5000
#   scripts/perf.sh --help                            # every option
# Env: PERF_HEAP (default 4g), PERF_SKIP_BUILD=1 to reuse the last build, PERF_JAVA_OPTS for more JVM
# options (e.g. -Dhashstream.image.turbojpeg=false: JPEGs through the JDK reader, for a side-by-side run).
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=jobs/target/perf-classpath.txt
if [[ "${PERF_SKIP_BUILD:-0}" != 1 || ! -f "$CP_FILE" ]]; then
  # package (not install): the reactor resolves core's jars from core/target, ~/.m2 stays untouched.
  # Every scope: Flink is 'provided' in jobs/pom.xml and the harness runs it in this JVM.
  ./mvnw -B -q -pl core,jobs package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/perf-classpath.txt
fi
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
echo "# $(date -u) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# load at start: $(uptime)"
# shellcheck disable=SC2086  # PERF_JAVA_OPTS is a list of options
exec java -Xms"${PERF_HEAP:-4g}" -Xmx"${PERF_HEAP:-4g}" ${PERF_JAVA_OPTS:-} \
  -cp "jobs/target/classes:$(cat "$CP_FILE")" io.hashstream.jobs.perf.PerfCommand "$@"
