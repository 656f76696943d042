#!/usr/bin/env sh
# Builds one of the core module's JNI bindings into its classes (see TurboJpeg.java, LibWebp.java).
# Called by Maven (profiles native-turbojpeg and native-webp, each active where its library's header
# is):  build.sh <classes dir> <JDK home> turbojpeg|webp
set -eu
out="$1/native/linux-x86_64"
jdk="$2"
case "$3" in
  turbojpeg) lib=turbojpeg ;;
  webp) lib=webp ;;
  *) echo "unknown binding: $3" >&2; exit 2 ;;
esac
mkdir -p "$out"
# -O2 is enough: the work happens inside the libraries' own (SIMD) code, not here.
gcc -O2 -fPIC -shared -Wall -Wextra \
  -I"$jdk/include" -I"$jdk/include/linux" -I"$(dirname "$0")" \
  -o "$out/libhashstream_$3.so" "$(dirname "$0")/hashstream_$3.c" \
  -l"$lib"
