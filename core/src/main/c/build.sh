#!/usr/bin/env sh
# Builds the libjpeg-turbo JNI binding into the core module's classes (see TurboJpeg.java).
# Called by Maven (profile native-turbojpeg, active where /usr/include/turbojpeg.h exists):
#   build.sh <classes dir> <JDK home>
set -eu
out="$1/native/linux-x86_64"
jdk="$2"
mkdir -p "$out"
# -O2 is enough: the work happens inside libjpeg-turbo's SIMD code, not here.
gcc -O2 -fPIC -shared -Wall -Wextra \
  -I"$jdk/include" -I"$jdk/include/linux" \
  -o "$out/libhashstream_turbojpeg.so" "$(dirname "$0")/hashstream_turbojpeg.c" \
  -lturbojpeg
