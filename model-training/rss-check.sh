#!/usr/bin/env bash
# Native-memory check over a long training run (a command, not a test): trains many small steps
# (every step allocates and must close its input, pair and result tensors), logging the process RSS
# every 100 steps into OUT/train-log.csv (column rss_mb), then prints RSS at the first row, at a
# quarter of the run (after warm-up) and at the end. Flat after warm-up = no per-step leak.
#   model-training/rss-check.sh [steps] [out-dir]     (build first: ./mvnw -B -q -pl model-training -am package -DskipTests)
set -euo pipefail
cd "$(dirname "$0")/.."
STEPS=${1:-4000}
OUT=${2:-runs/rss-check}
JAR=${JAR:-model-training/target/hashstream-train.jar}
rm -rf "$OUT"
mkdir -p "$(dirname "$OUT")"
TF_CPP_MIN_LOG_LEVEL=2 java -Xmx2g -jar "$JAR" train --method hashnet --bits 64 --dataset fashion-mnist \
  --steps "$STEPS" --minutes 0 --batch 32 --train-limit 10000 --queries 1000 --log-every 100 --out "$OUT" \
  > "$OUT.out" 2> "$OUT.err"
awk -F, -v steps="$STEPS" 'NR == 2 { first = $0 } NR > 1 && $1 >= steps / 4 && !q { q = $0 } NR > 1 { last = $0; if ($6 > max) max = $6 }
  END { print "step,elapsed_s,loss,beta,images_per_s,rss_mb"; print first; print q; print last; print "max rss_mb " max }' \
  "$OUT/train-log.csv"
