#!/usr/bin/env bash
# Rebuilds proc_trace.bpf.o (the comparison benchmark's own CO-RE tracing tool) and
# load_time.bpf.o (its load-syscall stopwatch) with
# clang-19 against a vmlinux.h that bpfgen writes from this machine's kernel BTF into a
# scratch directory (not committed; the object runs elsewhere through CO-RE).
set -euo pipefail
cd "$(dirname "$0")"
CLANG=${CLANG:-clang-19}
include=$(mktemp -d)
trap 'rm -rf "$include"' EXIT
cargo run -q --release --manifest-path ../../../Cargo.toml -p bpfgen -- btf dump --kernel -o "$include/vmlinux.h"
"$CLANG" -g -O2 --target=bpf -D__TARGET_ARCH_x86 -I"/usr/include/$(uname -m)-linux-gnu" \
	-I"$include" -fdebug-compilation-dir=. -c proc_trace.bpf.c -o proc_trace.bpf.o
# The load-syscall stopwatch needs no kernel headers beyond the UAPI ones.
"$CLANG" -g -O2 --target=bpf -I"/usr/include/$(uname -m)-linux-gnu" \
	-fdebug-compilation-dir=. -c load_time.bpf.c -o load_time.bpf.o
