#!/usr/bin/env bash
# Rebuilds the example objects with Debian's clang-19 (deterministic: no absolute paths).
set -euo pipefail
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
for src in */*.bpf.c; do
	dir=$(dirname "$src")
	(cd "$dir" && "$CLANG" -g -O2 --target=bpf -D__TARGET_ARCH_x86 \
		-I"/usr/include/$(uname -m)-linux-gnu" -fdebug-compilation-dir=. \
		-c "$(basename "$src")" -o "$(basename "$src" .c).o")
done
