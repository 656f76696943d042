#!/usr/bin/env bash
# The one-command embedded run (the README's first command): builds the jobs module and its
# dependencies with the Maven wrapper, then runs `hashstream demo` from the module classpath: an
# in-JVM Kafka broker, a Flink MiniCluster, a feed of pictures with edited copies, live matches and a
# summary. Extra arguments go to `hashstream demo` (try --help).
#
# The same launcher runs the job against a real cluster:  scripts/demo.sh --run --bootstrap-servers HOST:PORT ...
set -euo pipefail
cd "$(dirname "$0")/.."

command="demo"
if [ "${1:-}" = "--run" ]; then
  command="run"; shift
fi

classpath_file="jobs/target/runtime.classpath"
if [ "${HASHSTREAM_SKIP_BUILD:-0}" != "1" ] || [ ! -f "$classpath_file" ]; then
  echo "building (./mvnw -pl jobs -am package -DskipTests) ..." >&2
  # One build, so hashstream-core comes from it and not from ~/.m2 (empty on a fresh machine). The two
  # class path files (provided + runtime dependencies, no test ones) are jobs/pom.xml's demo-* executions.
  ./mvnw -B -q -ntp -pl jobs -am package -DskipTests \
    dependency:build-classpath@demo-compile-classpath dependency:build-classpath@demo-runtime-classpath >&2
  echo "$(cat jobs/target/compile.classpath):$(cat jobs/target/runtime-only.classpath)" > "$classpath_file"
fi

export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
# UTF-8 output whatever the locale: the scoreboard prints ≈ ✓ ✗ (a C locale would print ?).
exec java -Xmx3g -XX:+UseParallelGC -Dsun.stdout.encoding=UTF-8 -Dsun.stderr.encoding=UTF-8 \
  -Dstdout.encoding=UTF-8 -Dstderr.encoding=UTF-8 \
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.lang=ALL-UNNAMED \
  --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED \
  -Dlog4j2.configurationFile=io/hashstream/jobs/cli/demo-log4j2.xml \
  -cp "jobs/target/classes:$(cat "$classpath_file")" \
  io.hashstream.jobs.cli.HashstreamCli "$command" "$@"
