#!/usr/bin/env bash
# Rebuilds kernel_types.btf (the core_reloc fuzz target's fixed kernel BTF) from
# kernel_types.c. Needs clang-19 and llvm-objcopy-19. Reproducible: no paths land in BTF.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
CLANG=${CLANG:-clang-19}
OBJCOPY=${OBJCOPY:-llvm-objcopy-19}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$CLANG" --target=bpf -g -O2 -fdebug-compilation-dir=. -c kernel_types.c -o "$tmp/kernel_types.o"
"$OBJCOPY" --dump-section=.BTF=kernel_types.btf "$tmp/kernel_types.o"
echo "kernel_types.btf: $(stat -c %s kernel_types.btf) bytes"
