#!/usr/bin/env bash
# Cross-checks `bpfgen verify` against veristat v0.5.1 on a selftests subset: both write
# their default CSV, the headers must be identical (no column missing on either side),
# and `bpfgen verify -C` compares every column; per column, the rows that differ are
# counted (duration and mem_peak always differ or are -1; the rest should match).
#
#   scripts/verify-crosscheck.sh [N]   first N selftest objects (default 60)
#
# Needs the corpus (../shared/corpus/build.sh) and the clone-based veristat v0.5.1
# (SEED_VERISTAT, default ~/.cache/bpfgen-corpus/bin/veristat-clone).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
N=${1:-60}
CORPUS=${BPFGEN_CORPUS:-$HOME/.cache/bpfgen-corpus/selftests}
VERISTAT=${SEED_VERISTAT:-$HOME/.cache/bpfgen-corpus/bin/veristat-clone}
[ -d "$CORPUS" ] || { echo "no corpus at $CORPUS (run ../shared/corpus/build.sh)" >&2; exit 2; }
cargo build --release -q -p bpfgen
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
mapfile -t objs < <(ls "$CORPUS"/*.bpf.o | head -n "$N")
"$VERISTAT" -o csv "${objs[@]}" >"$out/veristat.csv" 2>/dev/null || true
./target/release/bpfgen verify -q -o csv "${objs[@]}" >"$out/bpfgen.csv" || true
if ! diff <(head -1 "$out/veristat.csv") <(head -1 "$out/bpfgen.csv"); then
	echo "headers differ" >&2
	exit 1
fi
echo "headers identical: $(head -1 "$out/bpfgen.csv")"
./target/release/bpfgen verify -C "$out/veristat.csv" "$out/bpfgen.csv" -o csv \
	-e "$(head -1 "$out/bpfgen.csv")" >"$out/cmp.csv"
python3 - "$out/cmp.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
print(f"{len(rows)} programs joined")
for col in [c[:-5] for c in rows[0] if c.endswith("_diff")]:
    differ = sum(1 for r in rows if r[col + "_diff"] not in ("MATCH", "+0 (+0.00%)"))
    print(f"  {col:22} {differ:4} rows differ")
PY
