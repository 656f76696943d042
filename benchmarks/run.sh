#!/usr/bin/env bash
# Builds the JMH jar and runs the core Hamming-search benchmarks; results go to benchmarks/results/.
# Short but sane JMH settings (override with JMH_ARGS). The full run takes ~35 min: every
# (index, size, bits, distribution, radius) combination builds its index of up to 10M codes in a
# fresh JVM.
#   benchmarks/run.sh             # JMH benchmarks, then the memory footprint
#   benchmarks/run.sh FlatScan    # only JMH benchmarks whose name matches the regex
#   benchmarks/run.sh memory      # only the memory footprint (10M entries, ~10 GB heap)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl core,benchmarks package -DskipTests
JAR=benchmarks/target/hashstream-benchmarks.jar
OUT=benchmarks/results
mkdir -p "$OUT"
TARGET="${1:-all}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"

if [[ "$TARGET" != memory ]]; then
  FILTER="FlatScanBenchmark|RadiusQueryBenchmark"
  [[ "$TARGET" != all ]] && FILTER="$TARGET"
  JMH_ARGS="${JMH_ARGS:--f 1 -wi 2 -i 3 -w 1s -r 2s}"
  {
    echo "# $(date -u) on $(nproc) cores: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
    echo "# load at start: $(uptime)"
    echo "# java -jar $JAR '$FILTER' $JMH_ARGS"
  } > "$OUT/hamming-$STAMP.txt"
  # shellcheck disable=SC2086
  java -jar "$JAR" "$FILTER" $JMH_ARGS -rf json -rff "$OUT/hamming-$STAMP.json" | tee -a "$OUT/hamming-$STAMP.txt"
  echo "# load at end: $(uptime)" >> "$OUT/hamming-$STAMP.txt"
  java -cp "$JAR" io.hashstream.bench.HammingResultsTable "$OUT/hamming-$STAMP.json" | tee "$OUT/hamming-$STAMP.md"
fi

if [[ "$TARGET" == all || "$TARGET" == memory ]]; then
  MEM=(java -XX:+UseParallelGC -Xms10g -Xmx10g -Djdk.attach.allowAttachSelf=true
       -cp "$JAR" io.hashstream.bench.MemoryFootprint 10000000)
  echo "# ${MEM[*]}" > "$OUT/memory-$STAMP.md"
  "${MEM[@]}" | tee -a "$OUT/memory-$STAMP.md"
fi
