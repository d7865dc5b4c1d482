"""Prints, in one line, the kernel refusals the kernel tests reported.

Each line of the file is `test<TAB>feature<TAB>reason`, written by
`bpfgen_runtime::testing::kernel_test` when a probe finds the running kernel refuses a
feature a test needs (the test then checks only bpfgen's side of the refusal).
"""
import sys

by_feature = {}
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        test, feature, reason = line.rstrip("\n").split("\t", 2)
        by_feature.setdefault((feature, reason), set()).add(test)

if not by_feature:
    print("kernel refusals: none (every feature the kernel tests need loads here)")
else:
    tests = set().union(*by_feature.values())
    parts = [
        f"{feature} ({reason}; {len(t)} test{'s' if len(t) != 1 else ''})"
        for (feature, reason), t in sorted(by_feature.items())
    ]
    print(
        f"kernel refusals: {len(by_feature)} features refused, {len(tests)} tests checked "
        f"bpfgen's side only: " + "; ".join(parts)
    )
