#!/usr/bin/env bash
# Corpus check for `bpfgen skel`: generates the skeleton of every object built by
# ../shared/corpus/ (default: ~/.cache/bpfgen-corpus/selftests/*.bpf.o) and compiles
# them all, with -D warnings, in one scratch crate that depends on this workspace's
# bpfgen-runtime. Reports N/M objects whose skeleton generates and compiles, and
# lists the others with the first error of each.
#
#   scripts/corpus-skel.sh [CORPUS_DIR]
#
# Each skeleton is generated the way the docs say: `bpfgen skel objs/<file>` run from
# the scratch crate's root (objs/ is a symlink to the corpus), so every skeleton embeds
# its object with a CARGO_MANIFEST_DIR-relative path. A compile error is blamed on the
# skeleton whose file it points at; that skeleton is dropped and the crate rebuilt
# until it compiles (rustc stops early on some errors, so one pass may not show all).
# The compiling skeletons are then linted with clippy (-D warnings), when installed.
# Exit status: 0 when every object passed, 1 otherwise.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
corpus="${1:-$HOME/.cache/bpfgen-corpus/selftests}"
work="$root/target/corpus-skel"
crate="$work/crate"

cargo build --quiet --release -p bpfgen --manifest-path "$root/Cargo.toml"
bpfgen="$root/target/release/bpfgen"

rm -rf "$crate/src"
mkdir -p "$crate/src/skels"
ln -sfn "$corpus" "$crate/objs"
cat >"$crate/Cargo.toml" <<TOML
[package]
name = "corpus-skel"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
bpfgen-runtime = { path = "$root/runtime" }

[workspace]
TOML

total=0
: >"$work/gen-failures.txt"
for obj in "$crate"/objs/*.bpf.o; do
	total=$((total + 1))
	file=$(basename "$obj")
	# A snake-case wrapper module name, unique thanks to the counter.
	mod="o${total}_$(printf '%s' "${file%.bpf.o}" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9' '_' | tr -s '_')"
	if (cd "$crate" && "$bpfgen" skel "objs/$file" >"src/skels/$mod.rs" 2>"$work/err.txt"); then
		:
	else
		rm -f "$crate/src/skels/$mod.rs"
		printf '%s\t%s\n' "$file" "$(head -n1 "$work/err.txt")" >>"$work/gen-failures.txt"
	fi
done

write_lib() {
	{
		echo '//! Every corpus skeleton, one module each.'
		echo '#![deny(warnings)]'
		for f in "$crate"/src/skels/*.rs; do
			m=$(basename "$f" .rs)
			printf 'pub mod %s {\n    include!("skels/%s.rs");\n}\n' "$m" "$m"
		done
	} >"$crate/src/lib.rs"
}

: >"$work/compile-failures.txt"
export CARGO_TARGET_DIR="$work/target"
for round in 1 2 3 4 5 6 7 8; do
	write_lib
	if cargo build --quiet --manifest-path "$crate/Cargo.toml" --message-format=json \
		>"$work/build.json" 2>/dev/null; then
		break
	fi
	# Blame each error on the skeleton file it points at; drop those skeletons.
	blamed=$(python3 - "$work/build.json" "$work/compile-failures.txt" <<'PY'
import json, sys, re
first = {}
for line in open(sys.argv[1]):
    try:
        msg = json.loads(line)
    except ValueError:
        continue
    m = msg.get("message") if msg.get("reason") == "compiler-message" else None
    if not m or m.get("level") != "error":
        continue
    for span in m.get("spans", []):
        hit = re.search(r"skels/(o[0-9]+_[a-z0-9_]+)\.rs", span.get("file_name", ""))
        if hit:
            first.setdefault(hit.group(1), m["message"])
            break
with open(sys.argv[2], "a") as out:
    for mod, text in sorted(first.items()):
        out.write(f"{mod}\t{text}\n")
print(" ".join(sorted(first)))
PY
)
	if [ -z "$blamed" ]; then
		echo "build failed, but no error points into a skeleton:" >&2
		python3 -c 'import json,sys
for l in open(sys.argv[1]):
    try: m=json.loads(l)
    except ValueError: continue
    if m.get("reason")=="compiler-message": print(m["message"]["rendered"])' "$work/build.json" | head -40 >&2
		exit 2
	fi
	for m in $blamed; do rm -f "$crate/src/skels/$m.rs"; done
done

passed=$(ls "$crate"/src/skels/*.rs 2>/dev/null | wc -l)
echo "bpfgen skel corpus: $passed/$total objects generate a skeleton that compiles (-D warnings)"
if cargo clippy --version >/dev/null 2>&1; then
	if cargo clippy --quiet --manifest-path "$crate/Cargo.toml" -- -D warnings >"$work/clippy.txt" 2>&1; then
		echo "clippy -D warnings: clean on all $passed skeletons"
	else
		echo "clippy -D warnings: $(grep -c '^error' "$work/clippy.txt") errors (see $work/clippy.txt)"
	fi
fi
if [ -s "$work/gen-failures.txt" ]; then
	echo "generation failed ($(wc -l <"$work/gen-failures.txt")):"
	sed 's/^/  /' "$work/gen-failures.txt"
fi
if [ -s "$work/compile-failures.txt" ]; then
	echo "did not compile ($(wc -l <"$work/compile-failures.txt")):"
	sed 's/^/  /' "$work/compile-failures.txt"
fi
[ "$passed" -eq "$total" ]
