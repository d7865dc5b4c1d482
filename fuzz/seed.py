#!/usr/bin/env python3
"""Seeds fuzz/corpus/<target>/ with real objects, or the sections of them a target reads.

Sources: tests/fixtures/*.bpf.o (and malformed/), plus the kernel selftests objects that
../shared/corpus/build.sh builds (BPFGEN_CORPUS, default ~/.cache/bpfgen-corpus/selftests)
where present. Inputs larger than --max-len bytes are left out (libFuzzer mutates within
-max_len anyway). Idempotent: files are named by content hash.
"""
import argparse
import hashlib
import os
import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
WHOLE = ["object", "core_reloc", "skeleton", "link"]
SECTION = {"btf": ".BTF", "types": ".BTF", "btf_ext": ".BTF.ext"}


def sections(data):
    """Name -> bytes of an ELF64 (either byte order); {} for anything else."""
    if len(data) < 64 or data[:4] != b"\x7fELF" or data[4] != 2:
        return {}
    e = "<" if data[5] == 1 else ">"
    shoff, = struct.unpack_from(e + "Q", data, 0x28)
    shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", data, 0x3A)
    if shentsize != 64 or shoff + shnum * 64 > len(data) or shstrndx >= shnum:
        return {}
    hdrs = [struct.unpack_from(e + "IIQQQQIIQQ", data, shoff + i * 64) for i in range(shnum)]
    stroff, strsize = hdrs[shstrndx][4], hdrs[shstrndx][5]
    out = {}
    for h in hdrs:
        name_off, off, size = h[0], h[4], h[5]
        if name_off >= strsize or off + size > len(data):
            continue
        start = stroff + name_off
        name = data[start:data.index(b"\0", start)].decode("latin-1")
        out[name] = data[off:off + size]
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--max-len", type=int, default=65536)
    ap.add_argument("--fixtures-only", action="store_true",
                    help="leave out the selftests corpus (the CI smoke run)")
    ap.add_argument("--out", default="corpus", help="directory under fuzz/")
    args = ap.parse_args()
    fixtures = ROOT.parent / "tests" / "fixtures"
    files = sorted(fixtures.glob("*.bpf.o")) + sorted((fixtures / "malformed").rglob("*.o"))
    corpus = Path(os.environ.get("BPFGEN_CORPUS",
                                 Path.home() / ".cache/bpfgen-corpus/selftests"))
    if corpus.is_dir() and not args.fixtures_only:
        files += sorted(corpus.glob("*.bpf.o"))
    counts = {}
    for path in files:
        data = path.read_bytes()
        inputs = {t: data for t in WHOLE}
        secs = sections(data)
        for t, name in SECTION.items():
            if name in secs:
                inputs[t] = secs[name]
        for target, blob in inputs.items():
            if len(blob) > args.max_len:
                continue
            d = ROOT / args.out / target
            d.mkdir(parents=True, exist_ok=True)
            (d / hashlib.sha1(blob).hexdigest()).write_bytes(blob)
            counts[target] = counts.get(target, 0) + 1
    for t in sorted(counts):
        print(f"seed {t}: {counts[t]} inputs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
