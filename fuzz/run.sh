#!/usr/bin/env bash
# Runs the fuzz targets. Needs cargo-fuzz (`cargo install cargo-fuzz`); works on stable
# through RUSTC_BOOTSTRAP=1 (cargo-fuzz passes nightly-only sanitizer flags).
#
#   fuzz/run.sh smoke            every target for SMOKE_SECONDS (default 6) on the fixture
#                                seeds, AddressSanitizer on: the CI smoke run
#   fuzz/run.sh scale RUNS [T…]  RUNS executions of each target T (default: the parser
#                                targets) on the seeded corpus, no sanitizer (throughput);
#                                logs in fuzz/logs/
#
# Any crash, panic, hang (-timeout) or out-of-memory fails the run and leaves the input
# in fuzz/artifacts/<target>/; keep it as a regression test (tests/fixtures/malformed/fuzz/).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
export RUSTC_BOOTSTRAP=1
ALL=(object btf btf_ext core_reloc link types skeleton)
PARSERS=(object btf btf_ext core_reloc link)
FLAGS=(-max_len=65536 -timeout=10 -rss_limit_mb=2048)

case "${1:-}" in
smoke)
	cargo fuzz build -O
	python3 seed.py --fixtures-only --out smoke-corpus
	mkdir -p logs
	for t in "${ALL[@]}"; do
		log="logs/smoke-$t.log"
		if ! cargo fuzz run -O "$t" "smoke-corpus/$t" -- "${FLAGS[@]}" \
			-max_total_time="${SMOKE_SECONDS:-6}" -print_final_stats=1 >"$log" 2>&1; then
			tail -n 40 "$log" >&2
			echo "fuzz smoke: $t failed (input kept in fuzz/artifacts/$t/)" >&2
			exit 1
		fi
		echo "fuzz smoke: $t: $(grep -oE 'number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+') executions"
	done
	;;
scale)
	runs=${2:?usage: run.sh scale RUNS [TARGET…]}
	shift 2
	targets=("$@")
	[ ${#targets[@]} -gt 0 ] || targets=("${PARSERS[@]}")
	cargo fuzz build -O -s none
	# Run copies of the binaries: `cargo fuzz run` would rebuild from a work tree that
	# may change during a long run.
	bin=target/scale-bin
	mkdir -p "$bin" logs
	for t in "${targets[@]}"; do
		cp "target/$(rustc -vV | sed -n 's/^host: //p')/release/$t" "$bin/$t"
	done
	python3 seed.py
	for t in "${targets[@]}"; do
		echo "fuzz scale: $t, $runs runs (log: fuzz/logs/$t.log)"
		mkdir -p "artifacts/$t"
		if ! "$bin/$t" "corpus/$t" "${FLAGS[@]}" -runs="$runs" -print_final_stats=1 \
			-artifact_prefix="artifacts/$t/" >"logs/$t.log" 2>&1; then
			tail -n 40 "logs/$t.log" >&2
			echo "fuzz scale: $t failed (input kept in fuzz/artifacts/$t/)" >&2
			exit 1
		fi
		grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb|Done )|cov: .* DONE' "logs/$t.log" || true
	done
	;;
*)
	sed -n '2,13p' "$0" >&2
	exit 2
	;;
esac
