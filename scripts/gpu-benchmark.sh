#!/usr/bin/env bash
# GPU path: checks the machine (NVIDIA driver + GPU, CUDA 12 and cuDNN 9 libraries), builds the `gpu`
# Maven profile (TF-Java natives linux-x86_64-gpu, ~530 MB), runs the encoder alone at batch sizes
# 1..1024 (JMH EncoderBenchmark) and then the whole pipeline with GPU encoding (scripts/perf.sh
# harness), and prints an images/s table.
#   scripts/gpu-benchmark.sh                # check, build, encoder sweep, pipeline run
#   scripts/gpu-benchmark.sh --check        # only check the environment (exit 1 with what is missing)
#   scripts/gpu-benchmark.sh --build-only   # only build the gpu profile (works without a GPU)
# Env: MODEL_DIR (default models/default, the job's default model: 64x64x3 input, as the goal is stated),
# JMH_ARGS (default -f 1 -wi 3 -i 5 -w 2s -r 3s), PERF_ARGS (pipeline run options; default: parallelism 1,
# encode-overlap on and off).
set -uo pipefail
cd "$(dirname "$0")/.."
MODE="${1:-all}"
MODEL_DIR="${MODEL_DIR:-models/default}"
OUT="${OUT:-target/gpu-benchmark}"
mkdir -p "$OUT"

check() {
  local missing=()
  if ! command -v nvidia-smi >/dev/null 2>&1; then
    missing+=("nvidia-smi not found: no NVIDIA driver installed")
  elif ! nvidia-smi -L 2>/dev/null | grep -q '^GPU '; then
    missing+=("nvidia-smi lists no GPU (driver present but no visible device)")
  else
    nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader | sed 's/^/# GPU: /'
  fi
  local libs
  libs="$(ldconfig -p 2>/dev/null || true)"
  for lib in libcudart.so.12 libcublas.so.12 libcublasLt.so.12 libcufft.so.11 libcusparse.so.12 libcusolver.so.11 libnvJitLink.so.12; do
    grep -q "$lib" <<<"$libs" || missing+=("CUDA 12 library $lib not in the ldconfig cache (install CUDA 12 runtime libraries, run ldconfig)")
  done
  grep -q 'libcudnn.so.9' <<<"$libs" || missing+=("cuDNN 9 (libcudnn.so.9) not in the ldconfig cache (install cuDNN 9 for CUDA 12)")
  # TensorFlow 2.18 was built with cuDNN 9.3 and refuses an older minor version at its first convolution.
  local cudnn cudnn_minor
  cudnn="$(awk '/libcudnn\.so\.9 /{print $NF; exit}' <<<"$libs")"
  if [[ -n "$cudnn" ]]; then
    cudnn_minor="$(readlink -f "$cudnn" | sed -n 's/.*libcudnn\.so\.9\.\([0-9]*\).*/\1/p')"
    if [[ -n "$cudnn_minor" ]] && ((cudnn_minor < 3)); then
      missing+=("cuDNN $(readlink -f "$cudnn" | sed 's/.*libcudnn\.so\.//') is older than 9.3, which TensorFlow 2.18 was built with (install libcudnn9-cuda-12 >= 9.3)")
    fi
  fi
  command -v python3 >/dev/null 2>&1 || missing+=("python3 not found (it prints the encoder table): apt-get install -y python3")
  if ((${#missing[@]})); then
    echo "GPU benchmark cannot run on this machine:" >&2
    printf '  - %s\n' "${missing[@]}" >&2
    return 1
  fi
  echo "# environment OK: GPU, CUDA 12 and cuDNN 9 libraries found"
}

build() {
  # package, not install: the reactor resolves core from core/target; the gpu natives replace the CPU ones.
  ./mvnw -B -q -Pgpu -pl core,jobs,benchmarks package -DskipTests \
    dependency:build-classpath -Dmdep.outputFile=target/gpu-classpath.txt || return 1
  tr ':' '\n' < benchmarks/target/gpu-classpath.txt | grep -q 'tensorflow-core-native-.*-linux-x86_64-gpu.jar' \
    || { echo "gpu profile did not select the GPU natives" >&2; return 1; }
  echo "# gpu profile built: $(tr ':' '\n' < benchmarks/target/gpu-classpath.txt | grep tensorflow-core-native | xargs -n1 basename | tr '\n' ' ')"
}

case "$MODE" in
  --check) check; exit $? ;;
  --build-only) build; exit $? ;;
  all) ;;
  *) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; [ "$MODE" = "--help" ] || [ "$MODE" = "-h" ]; exit $? ;;
esac

check || exit 1
build || exit 1
export TF_CPP_MIN_LOG_LEVEL="${TF_CPP_MIN_LOG_LEVEL:-2}"
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
JSON="$OUT/encoder-$STAMP.json"
# shellcheck disable=SC2086
java -cp "benchmarks/target/classes:$(cat benchmarks/target/gpu-classpath.txt)" org.openjdk.jmh.Main EncoderBenchmark \
  -p batchSize=1,2,4,8,16,32,64,128,256,512,1024 -p modelDir="$MODEL_DIR" -p device=AUTO \
  ${JMH_ARGS:--f 1 -wi 3 -i 5 -w 2s -r 3s} -rf json -rff "$JSON" | tee "$OUT/encoder-$STAMP.txt" || exit 1
python3 - "$JSON" <<'PY'
import json, sys
rows = json.load(open(sys.argv[1]))
print("\n| batch | batches/s | images/s |\n|---:|---:|---:|")
for r in sorted(rows, key=lambda r: int(r["params"]["batchSize"])):
    b = int(r["params"]["batchSize"]); s = r["primaryMetric"]["score"]
    print(f"| {b} | {s:.1f} | {s*b:.0f} |")
PY
[ $? -eq 0 ] || exit 1
# The pipeline with GPU encoding: the encode operator picks the GPU when the gpu natives see one. One
# slot, as the gpu overlay deploys it, with encode-overlap on and off alternating: on a GPU the task
# thread would otherwise wait for the device in every model call.
# shellcheck disable=SC2086
java -Xms4g -Xmx4g -cp "jobs/target/classes:$(cat jobs/target/gpu-classpath.txt)" io.hashstream.jobs.perf.PerfCommand \
  --model-dir "$MODEL_DIR" --encoder-batch-sizes 64,256,1024 --batch-size 256 --out "$OUT" \
  ${PERF_ARGS:---events 20000 --rate max --parallelism 1,1 --variant overlap:encode-overlap=true --variant sync:encode-overlap=false}
