#!/usr/bin/env bash
# Installs the unlabeled image collections the near-duplicate training and benchmark read
# (model-training, io.hashstream.training.neardup). Idempotent. Packages:
#   openclipart-png          - ~8,100 clip-art PNGs under /usr/share/openclipart/png
#   tuxpaint-stamps-default  - ~800 Tux Paint stamps (many photographic) under /usr/share/tuxpaint/stamps
# Needs root only when something is missing. Without root and without sudo, run as root:
#   apt-get update && apt-get install -y --no-install-recommends openclipart-png tuxpaint-stamps-default
set -euo pipefail

PACKAGES=(openclipart-png tuxpaint-stamps-default)
missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "installing Debian packages: ${missing[*]}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then SUDO=sudo; else
    echo "need root to install the data sets; as root run:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
  fi
fi
# env, not export: sudo resets the environment.
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
