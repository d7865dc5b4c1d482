#!/usr/bin/env bash
# Rebuilds the example objects with Debian's clang-19 (deterministic: no absolute paths).
# CO-RE examples (#include "vmlinux.h") get a vmlinux.h that bpfgen writes from this
# machine's kernel BTF (`bpfgen btf dump --kernel`), into a scratch directory: it is not
# committed, and the objects run on other kernels through CO-RE.
set -euo pipefail
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
include=$(mktemp -d)
trap 'rm -rf "$include"' EXIT
cargo run -q --release -p bpfgen -- btf dump --kernel -o "$include/vmlinux.h"
for src in */*.bpf.c; do
	dir=$(dirname "$src")
	(cd "$dir" && "$CLANG" -g -O2 --target=bpf -D__TARGET_ARCH_x86 \
		-I"/usr/include/$(uname -m)-linux-gnu" -I"$include" -fdebug-compilation-dir=. \
		-c "$(basename "$src")" -o "$(basename "$src" .c).o")
done
