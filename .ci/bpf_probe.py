"""Exit 0 when the bpf() syscall works here (creates and closes a 1-entry array map)."""
import ctypes
import os
import platform
import struct
import sys

SYS_BPF = {"x86_64": 321, "aarch64": 280}.get(platform.machine())
if SYS_BPF is None:
    sys.exit(1)
libc = ctypes.CDLL(None, use_errno=True)
attr = ctypes.create_string_buffer(struct.pack("IIII", 2, 4, 4, 1), 64)  # ARRAY, 4, 4, 1
fd = libc.syscall(SYS_BPF, 0, attr, 64)  # BPF_MAP_CREATE
if fd < 0:
    print("bpf() probe:", os.strerror(ctypes.get_errno()), file=sys.stderr)
    sys.exit(1)
os.close(fd)
