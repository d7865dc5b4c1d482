#!/bin/sh
# Rebuilds the committed BPF objects used by the types golden and compile tests.
# Same flags as tests/fixtures/build.sh (Debian clang 19); run from anywhere.
set -eu
cd "$(dirname "$0")"
for src in *.bpf.c; do
	clang-19 -g -O2 --target=bpf -D__TARGET_ARCH_x86 \
		-I"/usr/include/$(uname -m)-linux-gnu" -fdebug-compilation-dir=. \
		-c "$src" -o "${src%.c}.o"
done
