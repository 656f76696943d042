#!/usr/bin/env bash
# The pipeline performance harness against a real multi-process cluster on this machine: starts a KRaft
# broker, a Flink JobManager and TaskManager JVMs (deploy/scripts/local-cluster.sh's LocalClusterCommand,
# TensorFlow Java on the TaskManagers' classpath as in the image), submits the job jar to it for every
# run, and reports the same table as scripts/perf.sh; CPU, RSS and JFR are the TaskManagers'.
#   scripts/perf-cluster.sh --parallelism 2 --events 4000 --rate max
#   PERF_TASKMANAGERS=2 PERF_SLOTS=1 scripts/perf-cluster.sh --parallelism 2
# Env: PERF_TASKMANAGERS (default 1), PERF_SLOTS per TaskManager (default 2), PERF_TM_MEMORY (process size, default 2g), PERF_HEAP of the harness
# (default 2g), PERF_SKIP_BUILD=1 to reuse the last build, PERF_CLUSTER_DIR (default target/perf-cluster).
set -euo pipefail
cd "$(dirname "$0")/.."
if [[ "${PERF_SKIP_BUILD:-0}" != 1 ]]; then
  # the cluster jar, deploy's classpath files and flink-lib (TensorFlow Java), then the harness's classpath
  ./mvnw -B -q -pl deploy -am package -DskipTests
  # package with it, as scripts/perf.sh does: without a packaged core in the reactor, Maven takes
  # hashstream-core from ~/.m2 (a stale install, or none on a fresh machine)
  # Every scope: Flink is 'provided' in jobs/pom.xml and the harness runs it in this JVM.
  ./mvnw -B -q -pl core,jobs package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/perf-classpath.txt
fi
JAR=$(ls jobs/target/hashstream-jobs-*-cluster.jar | head -n 1)
DIR="${PERF_CLUSTER_DIR:-target/perf-cluster}"
rm -rf "$DIR" && mkdir -p "$DIR"
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
# metrics.fetcher.update-interval: the REST metrics the harness reads are refreshed every second, not every 10 s
java -Dhashstream.deploy.build-dir=deploy/target -cp "deploy/target/classes:$(cat deploy/target/classpath/tooling.classpath)" \
  io.hashstream.deploy.cluster.LocalClusterCommand --dir "$DIR" --taskmanagers "${PERF_TASKMANAGERS:-1}" \
  --slots "${PERF_SLOTS:-2}" -D taskmanager.memory.process.size="${PERF_TM_MEMORY:-2g}" -D metrics.fetcher.update-interval=1000 > "$DIR/cluster.out" 2>&1 &
CLUSTER=$!
trap 'kill "$CLUSTER" 2>/dev/null; wait "$CLUSTER" 2>/dev/null || true' EXIT
for _ in $(seq 1 180); do
  grep -q '^running;' "$DIR/cluster.out" && break
  kill -0 "$CLUSTER" 2>/dev/null || { cat "$DIR/cluster.out"; echo "the local cluster did not start" >&2; exit 1; }
  sleep 1
done
grep -q '^running;' "$DIR/cluster.out" || { cat "$DIR/cluster.out"; echo "the local cluster did not start in 180 s" >&2; exit 1; }
BOOTSTRAP=$(sed -n 's/^Kafka bootstrap servers: *//p' "$DIR/cluster.out")
REST=$(sed -n 's|^Flink REST / web UI: *||p' "$DIR/cluster.out")
echo "# $(date -u) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
echo "# load at start: $(uptime)"
echo "# cluster: Kafka $BOOTSTRAP, Flink $REST, logs in $DIR"
java -Xms"${PERF_HEAP:-2g}" -Xmx"${PERF_HEAP:-2g}" -cp "jobs/target/classes:$(cat jobs/target/perf-classpath.txt)" \
  io.hashstream.jobs.perf.PerfCommand --bootstrap-servers "$BOOTSTRAP" --flink-rest "$REST" --job-jar "$JAR" "$@"
