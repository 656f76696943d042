#!/usr/bin/env bash
# Builds the JMH jar and runs the core Hamming-search benchmarks; results go to benchmarks/results/.
# Short but sane JMH settings (override with JMH_ARGS). Expect ~40 min: every (index, size, bits,
# distribution, radius) combination builds its index of up to 10M codes in a fresh JVM.
#   benchmarks/run.sh                 # everything
#   benchmarks/run.sh FlatScan        # only benchmarks whose name matches the regex
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl core,benchmarks package -DskipTests
JAR=benchmarks/target/hashstream-benchmarks.jar
OUT=benchmarks/results
mkdir -p "$OUT"
FILTER="${1:-FlatScanBenchmark|RadiusQueryBenchmark}"
JMH_ARGS="${JMH_ARGS:--f 1 -wi 2 -i 3 -w 1s -r 2s}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"

{
  echo "# $(date -u) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
  echo "# java -jar $JAR '$FILTER' $JMH_ARGS"
} > "$OUT/hamming-$STAMP.txt"
# shellcheck disable=SC2086
java -jar "$JAR" "$FILTER" $JMH_ARGS -rf json -rff "$OUT/hamming-$STAMP.json" | tee -a "$OUT/hamming-$STAMP.txt"
java -cp "$JAR" io.hashstream.bench.HammingResultsTable "$OUT/hamming-$STAMP.json" | tee "$OUT/hamming-$STAMP.md"

if [[ -z "${1:-}" ]]; then
  echo "# java -XX:+UseParallelGC -Xms10g -Xmx10g -cp $JAR io.hashstream.bench.MemoryFootprint 10000000" > "$OUT/memory-$STAMP.md"
  java -XX:+UseParallelGC -Xms10g -Xmx10g -cp "$JAR" io.hashstream.bench.MemoryFootprint 10000000 | tee -a "$OUT/memory-$STAMP.md"
fi
