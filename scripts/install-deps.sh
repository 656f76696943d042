#!/usr/bin/env bash
# Installs the Debian packages the tests and demos use. Idempotent; needs root (or sudo) only when
# something is missing. Packages:
#   kcat                     - an independent Kafka client for the interoperability test
#   dataset-fashion-mnist    - Fashion-MNIST IDX files (training tests and benchmarks)
#   chromium                 - headless browser for the near-duplicate HTML report's screenshot test
#   gcc, libc6-dev,          - the core module's libjpeg-turbo and libwebp bindings (plain JPEGs and
#   libturbojpeg0-dev,         lossless WebP decoded natively; built only where these are, and their
#   libwebp-dev                tests then require them; libc6-dev holds the C headers gcc only recommends)
# and, from npm, the Dockerfile linter the deploy module's tests run (deploy/tools/dockerfile-lint).
set -euo pipefail

PACKAGES=(kcat dataset-fashion-mnist chromium gcc libc6-dev libturbojpeg0-dev libwebp-dev)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# Node.js and npm come with this machine image; on one without them Debian's npm brings both.
command -v npm >/dev/null 2>&1 || missing+=(npm)
install_lint() {
  local lint_dir
  lint_dir="$(cd "$(dirname "$0")/.." && pwd)/deploy/tools/dockerfile-lint"
  if [ ! -x "$lint_dir/node_modules/.bin/dockerfile-utils" ]; then
    npm ci --prefix "$lint_dir" --no-audit --no-fund --loglevel=error >/dev/null
  fi
}
if [ ${#missing[@]} -eq 0 ]; then
  install_lint
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo; else
    echo "need root (or password-less sudo) to install: apt-get update && apt-get install -y ${missing[*]}" >&2; exit 1
  fi
fi
# Through env: sudo's env_reset would drop an exported DEBIAN_FRONTEND.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_lint
