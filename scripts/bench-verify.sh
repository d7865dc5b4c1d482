#!/usr/bin/env bash
# Benchmark and parity check: `bpfgen verify` vs veristat on the same corpus, same run.
#
#   scripts/bench-verify.sh [full|subset-50|heavy-20]   (default: full)
#
# Needs the corpus from ../shared/corpus/build.sh (CORPUS_DIR, default
# ~/.cache/bpfgen-corpus) and root. Prints wall/user/sys for veristat, bpfgen -j1 and
# bpfgen -j2 with ratios, then the verdict agreement: programs veristat loads that we do
# not (with our error) and the reverse (with veristat's verdict detail).
# fentry/fexit/fmod_ret/lsm programs (refused by this kernel before verification) are
# excluded from both tools' runs and counted separately. Writes into $OUT (default
# target/bench-verify); commits nothing.
#
# SEED_VERISTAT=/path/to/veristat adds "the seed's tool" to every round: veristat from a
# kernel tree whose veristat.c loads programs with bpf_program__clone() (kernel commit
# 3be706b937f3), linked against libbpf >= 1.8 (master with LIBBPF_1.8.0). Nothing here
# builds it; the table then also gives ratios against it.
set -euo pipefail
cd "$(dirname "$0")/.."
CORPUS_DIR=${CORPUS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/bpfgen-corpus}
VERISTAT=${VERISTAT:-$CORPUS_DIR/bin/veristat}
OUT=${OUT:-target/bench-verify}
SET=${1:-full}
mkdir -p "$OUT"

case "$SET" in
	full) objs=("$CORPUS_DIR"/selftests/*.bpf.o) ;;
	subset-50) mapfile -t objs < <(sed "s|^|$CORPUS_DIR/selftests/|" "$CORPUS_DIR/subset-50.txt") ;;
	heavy-20) mapfile -t objs < <(sed "s|^|$CORPUS_DIR/selftests/|" "$CORPUS_DIR/subset-heavy-20.txt") ;;
	*) echo "unknown set $SET" >&2; exit 2 ;;
esac
[ -x "$VERISTAT" ] || { echo "no veristat at $VERISTAT: run ../shared/corpus/build.sh" >&2; exit 1; }

cargo build --release -q -p bpfgen
BPFGEN=target/release/bpfgen

# Programs this kernel refuses before verification: excluded from the timed runs.
for o in "${objs[@]}"; do
	"$BPFGEN" inspect --json "$o" 2>/dev/null || true
done | python3 -c '
import json, sys
dec = json.JSONDecoder(); text = sys.stdin.read(); i = 0
refused = {"fentry", "fexit", "fmod_ret", "fsession", "lsm", "lsm_cgroup"}
while i < len(text):
    while i < len(text) and text[i].isspace(): i += 1
    if i >= len(text): break
    obj, i = dec.raw_decode(text, i)
    for p in obj["programs"]:
        if p["kind"] in refused:
            print("!%s/%s" % (obj["file"], p["name"]))
' > "$OUT/refused.filters"
echo "excluded (refused by this kernel before verification): $(wc -l < "$OUT/refused.filters") programs"

timed() { # LABEL CMD... -> appends "label wall user sys peak-KiB" to times.txt
	local label=$1; shift
	/usr/bin/time -f "$label %e %U %S %M" -a -o "$OUT/times.txt" "$@" || true
}
: > "$OUT/times.txt"
# RUNS rounds, interleaved so drift on the machine hits every tool alike; medians reported.
for _ in $(seq "${RUNS:-3}"); do
	timed veristat "$VERISTAT" -o csv -f "@$OUT/refused.filters" "${objs[@]}" > "$OUT/veristat.raw" 2> "$OUT/veristat.err"
	if [ -n "${SEED_VERISTAT:-}" ]; then
		timed seed "$SEED_VERISTAT" -o csv -f "@$OUT/refused.filters" "${objs[@]}" > "$OUT/seed.raw" 2> "$OUT/seed.err"
	fi
	timed bpfgen-j1 "$BPFGEN" verify -o csv -f "@$OUT/refused.filters" "${objs[@]}" > "$OUT/bpfgen.csv" 2> "$OUT/bpfgen.err"
	timed bpfgen-j2 "$BPFGEN" verify -j 2 -o csv -f "@$OUT/refused.filters" "${objs[@]}" > "$OUT/bpfgen-j2.csv" 2> "$OUT/bpfgen-j2.err"
done
awk '/^file_name,/{h=1} h' "$OUT/veristat.raw" > "$OUT/veristat.csv"
rm -f "$OUT/seed.csv"
[ -n "${SEED_VERISTAT:-}" ] && awk '/^file_name,/{h=1} h' "$OUT/seed.raw" > "$OUT/seed.csv"

python3 - "$OUT" <<'PY'
import csv, re, sys, collections
out = sys.argv[1]
import statistics
runs = collections.defaultdict(list)
for l in open(f"{out}/times.txt"):
    if l.strip() and not l.startswith("Command"):
        runs[l.split()[0]].append(list(map(float, l.split()[1:5])))
t = {k: [statistics.median(x[i] for x in v) for i in range(4)] for k, v in runs.items()}
span = {k: (min(x[0] for x in v), max(x[0] for x in v)) for k, v in runs.items()}
v = t["veristat"]
print(f"\nmedians of {len(runs['veristat'])} runs (wall min-max in brackets; peak = max RSS, MiB)")
print(f"{'run':<12}{'wall s':>9}{'':>14}{'user s':>9}{'sys s':>9}{'peak':>9}   {'wall×':>7}{'user×':>7}{'sys×':>7}{'peak×':>7}")
rows = [k for k in ("veristat", "seed", "bpfgen-j1", "bpfgen-j2") if k in t]
for k in rows:
    w, u, s, m = t[k]
    lo, hi = span[k]
    print(f"{k:<12}{w:>9.2f}{f'({lo:.2f}-{hi:.2f})':>14}{u:>9.2f}{s:>9.2f}{m/1024:>9.1f}   {w/v[0]:>7.3f}{u/max(v[1],1e-9):>7.3f}{s/v[2]:>7.3f}{m/v[3]:>7.3f}")
if "seed" in t:
    sd = t["seed"]
    print(f"\nagainst the seed's tool (veristat on bpf_program__clone):")
    print(f"{'run':<12}{'wall×':>7}{'user×':>7}{'sys×':>7}{'peak×':>7}")
    for k in ("bpfgen-j1", "bpfgen-j2"):
        w, u, s, m = t[k]
        print(f"{k:<12}{w/sd[0]:>7.3f}{u/max(sd[1],1e-9):>7.3f}{s/sd[2]:>7.3f}{m/sd[3]:>7.3f}")
def load(p): return {(r["file_name"], r["prog_name"]): r for r in csv.DictReader(open(p))}
ours, vs = load(f"{out}/bpfgen.csv"), load(f"{out}/veristat.csv")
errs = {}
for line in open(f"{out}/bpfgen.err"):
    m = re.match(r"([^/]+)/([^:]+): (.*)", line.strip())
    if m: errs[(m.group(1), m.group(2))] = m.group(3)
ok = lambda d, k: d.get(k, {}).get("verdict") == "success"
print(f"\nprograms: veristat {len(vs)} rows, {sum(ok(vs,k) for k in vs)} loaded; "
      f"bpfgen {len(ours)} rows, {sum(ok(ours,k) for k in ours)} loaded")
only_v = sorted(k for k in vs if ok(vs, k) and not ok(ours, k))
only_o = sorted(k for k in ours if ok(ours, k) and not ok(vs, k))
print(f"veristat loads, bpfgen does not: {len(only_v)}")
for k in only_v: print(f"  {k[0]}/{k[1]}: {errs.get(k, '?')}")
slots = [k for k in only_o if k in vs and vs[k]["total_insns"] != "0"]
print(f"bpfgen loads, veristat does not: {len(only_o)} "
      f"({len(slots)} pass veristat's verification but fail its whole-object load, "
      f"{len(only_o) - len(slots)} are in objects veristat cannot prepare)")
import os
if os.path.exists(f"{out}/seed.csv"):
    sd = load(f"{out}/seed.csv")
    only_s = sorted(k for k in sd if ok(sd, k) and not ok(ours, k))
    print(f"seed's tool: {len(sd)} rows, {sum(ok(sd,k) for k in sd)} loaded; "
          f"loads that bpfgen does not: {len(only_s)}")
    for k in only_s: print(f"  {k[0]}/{k[1]}: {errs.get(k, '?')}")
dur = lambda d: sum(int(r["duration"] or 0) for r in d.values())
print(f"kernel verification time summed: veristat {dur(vs)/1e6:.2f} s, bpfgen {dur(ours)/1e6:.2f} s")
PY
