#!/usr/bin/env bash
# Benchmarks of `bpfgen skel` (not timed tests): for the largest corpus object (by file
# size; pass another with OBJ=…) and the corpus object with the largest skeleton, reports
#   1. the wall time of `bpfgen skel` (release build, median of 5 runs; goal ≤ 100 ms);
#   2. the time `cargo build` takes to compile a crate holding only that skeleton, with
#      bpfgen-runtime already built (median of 3 runs; goal ≤ 2 s).
#
#   scripts/bench-skel.sh [CORPUS_DIR]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$HOME/.cache/bpfgen-corpus/selftests}"
work="$root/target/bench-skel"
cargo build --quiet --release -p bpfgen --manifest-path "$root/Cargo.toml"
bpfgen="$root/target/release/bpfgen"

largest_obj="${OBJ:-$(ls -S "$corpus"/*.bpf.o | sed -n 1p)}"
# The object whose skeleton is largest.
largest_skel=$(for o in "$corpus"/*.bpf.o; do
	printf '%s %s\n' "$("$bpfgen" skel --inline "$o" 2>/dev/null | grep -v 'static OBJECT\|\*b"' | wc -c)" "$o"
done | sort -rn | sed -n 1p | cut -d' ' -f2)

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
now_ms() { date +%s%3N; }

mkdir -p "$work/crate/src"
ln -sfn "$corpus" "$work/crate/objs"
cat >"$work/crate/Cargo.toml" <<TOML
[package]
name = "bench-skel"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
bpfgen-runtime = { path = "$root/runtime" }

[workspace]
TOML
export CARGO_TARGET_DIR="$work/target"

for obj in "$largest_obj" "$largest_skel"; do
	file=$(basename "$obj")
	gen=$(for _ in 1 2 3 4 5; do
		t0=$(now_ms)
		(cd "$work/crate" && "$bpfgen" skel "objs/$file" >src/skel.rs)
		echo $(($(now_ms) - t0))
	done | median)
	printf '//! Benchmark crate.\n#![deny(warnings)]\npub mod skel {\n    include!("skel.rs");\n}\n' \
		>"$work/crate/src/lib.rs"
	cargo build --quiet --manifest-path "$work/crate/Cargo.toml" # dependencies
	build=$(for _ in 1 2 3; do
		cargo clean --quiet -p bench-skel --manifest-path "$work/crate/Cargo.toml"
		t0=$(now_ms)
		cargo build --quiet --manifest-path "$work/crate/Cargo.toml"
		echo $(($(now_ms) - t0))
	done | median)
	printf '%s (%s bytes, skeleton %s lines): bpfgen skel %s ms, cargo build %s ms\n' \
		"$file" "$(stat -c %s "$obj")" "$(wc -l <"$work/crate/src/skel.rs")" "$gen" "$build"
done
