#!/usr/bin/env bash
# Runs a command as if the optional native libraries (oneDNN, OpenBLAS, FFTW) were not installed,
# by bind-mounting an empty file over each in a private mount namespace (needs root and unshare).
# Example: tools/check-without-native.sh ./galforge info --system
#          tools/check-without-native.sh ./run-tests
set -euo pipefail
empty=$(mktemp)
libs="libdnnl.so.2 libopenblas.so.0 libfftw3f.so.3"
exec unshare -m bash -c '
  for name in '"$libs"'; do
    for f in $(ldconfig -p | awk -v n="$name" "\$1==n {print \$NF}"); do
      mount --bind '"$empty"' "$(readlink -f "$f")"
    done
  done
  exec "$@"' bash "$@"
