#!/usr/bin/env python3
"""Single-object start-up: `bpfgen verify OBJ` against the clone-based veristat (and plain
veristat) on the same objects, runs interleaved, whole process.

    scripts/bench-single.py [--runs N] [--rounds R] OBJ...

Each round runs every tool N times per object (interleaved, each run starting with the
next tool in turn) and keeps the median wall and user+sys CPU (wait4's rusage) of the
tool's own process, plus its peak RSS from one more run under `/usr/bin/time -f %M` (a
child forked from Python inherits Python's high-water mark in ru_maxrss, and timing
through the wrapper would add its start-up to every tool); the table gives the median
over the rounds with min-max, and bpfgen's ratio to each reference. Needs root and the corpus
(../shared/corpus/build.sh; veristat-clone from 45-build-seed-veristat.sh). Objects
may be bare names of corpus selftests (`test_core_reloc_kernel`).
"""
import argparse, os, statistics, subprocess, sys, time

corpus = os.environ.get("CORPUS_DIR", os.path.expanduser("~/.cache/bpfgen-corpus"))
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TOOLS = {
    "bpfgen": [os.path.join(root, "target/release/bpfgen"), "verify"],
    "veristat-clone": [os.path.join(corpus, "bin/veristat-clone")],
    "veristat": [os.path.join(corpus, "bin/veristat")],
}


def run(cmd):
    """Wall and CPU seconds of one run of the tool itself."""
    t = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t
    return wall, ru.ru_utime + ru.ru_stime


def peak_mib(cmd):
    """Peak RSS of one run, from /usr/bin/time."""
    peak_file = f"/tmp/bench-single-{os.getpid()}.peak"
    subprocess.run(["/usr/bin/time", "-f", "%M", "-o", peak_file] + cmd,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with open(peak_file) as f:
        return float(f.read().split()[-1]) / 1024.0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=10)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("objs", nargs="+")
    a = ap.parse_args()
    tools = {k: v for k, v in TOOLS.items() if os.path.exists(v[0])}
    subprocess.run(["cargo", "build", "--release", "-q", "-p", "bpfgen"], cwd=root, check=True)
    print(f"{'object':28} {'tool':15} {'wall ms':>18} {'cpu ms':>18} {'peak MiB':>16}  ratios (wall, cpu) vs refs")
    for obj in a.objs:
        path = obj if os.path.exists(obj) else os.path.join(corpus, "selftests", obj + ".bpf.o")
        rounds = {t: [] for t in tools}
        for _ in range(a.rounds):
            per = {t: [] for t in tools}
            peaks = {t: peak_mib(cmd + [path]) for t, cmd in tools.items()}
            order = list(tools)
            for r in range(a.runs):
                for t in order[r % len(order):] + order[:r % len(order)]:
                    per[t].append(run(tools[t] + [path]))
            for t in tools:
                rounds[t].append(tuple(statistics.median(x[i] for x in per[t]) for i in range(2))
                                 + (peaks[t],))
        med = {t: tuple(statistics.median(r[i] for r in rounds[t]) for i in range(3)) for t in tools}
        name = os.path.basename(path).removesuffix(".bpf.o")
        for t in tools:
            cols = []
            for i, scale in ((0, 1e3), (1, 1e3), (2, 1)):
                vals = [r[i] * scale for r in rounds[t]]
                cols.append(f"{statistics.median(vals):7.2f} ({min(vals):.2f}-{max(vals):.2f})")
            ratios = ""
            if t == "bpfgen":
                ratios = "  ".join(
                    f"{ref}: {med[t][0] / med[ref][0]:.2f}x, {med[t][1] / max(med[ref][1], 1e-9):.2f}x"
                    for ref in tools if ref != "bpfgen")
            print(f"{name:28} {t:15} {cols[0]:>18} {cols[1]:>18} {cols[2]:>16}  {ratios}")


if __name__ == "__main__":
    sys.exit(main())
