#!/usr/bin/env bash
# Index-at-scale harness: builds core + jobs, then runs io.hashstream.jobs.perf.IndexScaleCommand (the
# job's id registry → index shards → gather on a Flink MiniCluster, fed synthetic 64-bit codes).
#   scripts/index-scale.sh --sizes 1000000,3000000,10000000 --state-backend heap
#   scripts/index-scale.sh --sizes 1000000,3000000 --state-backend rocksdb --time-box-minutes 40
#   scripts/index-scale.sh --help
# Env: INDEX_SCALE_HEAP (default 12g), PERF_SKIP_BUILD=1 to reuse the last build.
set -euo pipefail
cd "$(dirname "$0")/.."
CP_FILE=jobs/target/perf-classpath.txt
if [[ "${PERF_SKIP_BUILD:-0}" != 1 || ! -f "$CP_FILE" ]]; then
  # Every scope: Flink is 'provided' in jobs/pom.xml and the harness runs it in this JVM.
  ./mvnw -B -q -pl core,jobs package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/perf-classpath.txt
fi
# Run from a snapshot of the jobs classes and the core jars (the classpath takes those from
# core/target), so a later build in this tree cannot change them under a long run.
SNAPSHOT=$(mktemp -d "${TMPDIR:-/tmp}/index-scale-classes.XXXXXX")
trap 'rm -rf "$SNAPSHOT"' EXIT
mkdir "$SNAPSHOT/classes"
cp -r jobs/target/classes/. "$SNAPSHOT/classes"
cp core/target/hashstream-core-*.jar "$SNAPSHOT/"
classpath=$(cat "$CP_FILE")
# Maven writes physical paths: through a symlinked checkout $PWD would not match them.
classpath=${classpath//"$(pwd -P)/core/target/"/"$SNAPSHOT/"}
echo "# $(date -u) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# load at start: $(uptime)"
java -Xmx"${INDEX_SCALE_HEAP:-12g}" \
  -cp "$SNAPSHOT/classes:$classpath" io.hashstream.jobs.perf.IndexScaleCommand "$@"
