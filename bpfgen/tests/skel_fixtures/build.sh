#!/bin/sh
# Rebuilds the committed objects that only the skeleton goldens use (shapes the
# shared fixtures lack). Same flags as tests/fixtures/build.sh (Debian clang 19).
set -eu
cd "$(dirname "$0")"
for src in *.bpf.c; do
	clang-19 -g -O2 --target=bpf -D__TARGET_ARCH_x86 \
		-I"/usr/include/$(uname -m)-linux-gnu" -fdebug-compilation-dir=. \
		-c "$src" -o "${src%.c}.o"
done
