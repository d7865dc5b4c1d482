#!/usr/bin/env bash
# Links the kernel selftests that are built from several objects with `bpfgen link`, and
# verifies each result next to the object bpftool linked (`selftests-linked/`, from
# ../shared/corpus/build.sh): the same programs, verdicts and instruction counts.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
CORPUS=${BPFGEN_CORPUS:-$HOME/.cache/bpfgen-corpus}
S=$CORPUS/selftests
L=$CORPUS/selftests-linked
[ -d "$L" ] || { echo "no $L (run ../shared/corpus/build.sh)" >&2; exit 2; }
cargo build --release -q -p bpfgen
B=./target/release/bpfgen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
link() { local name=$1; shift; $B link "$@" -o "$out/$name.o"; }
link linked_funcs "$S/linked_funcs1.bpf.o" "$S/linked_funcs2.bpf.o"
link linked_maps "$S/linked_maps1.bpf.o" "$S/linked_maps2.bpf.o"
link linked_vars "$S/linked_vars1.bpf.o" "$S/linked_vars2.bpf.o"
link test_static_linked "$S/test_static_linked1.bpf.o" "$S/test_static_linked2.bpf.o"
link test_usdt "$S/test_usdt.bpf.o" "$S/test_usdt_multispec.bpf.o"
link test_subskeleton_lib "$S/test_subskeleton_lib2.bpf.o" "$S/test_subskeleton_lib.bpf.o"
link test_subskeleton "$S/test_subskeleton.bpf.o" "$out/test_subskeleton_lib.o"
# verify exits 1 when a program fails; the rows are what is compared.
rows() { { $B verify -q -o csv -e prog,verdict,insns "$1" || true; } | tail -n +2 | tr '\n' ' '; }
for o in "$out"/*.o; do
	name=$(basename "$o" .o)
	ours=$(rows "$o")
	theirs=$(rows "$L/$name.linked.bpf.o")
	if [ "$ours" = "$theirs" ]; then same=same; else same=DIFFERENT; fi
	printf '%-22s %-9s bpfgen link: %s\n%-32s bpftool:     %s\n' "$name" "$same" "$ours" "" "$theirs"
done
