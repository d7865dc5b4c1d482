// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/* Skeleton golden: C names that are awkward in Rust — a map called `obj` (the
 * generated constructors' parameter name), `type` (a keyword), programs called
 * `foo` (clippy's disallowed names), single letters, `_tc_progA`, `handle__x`
 * (not snake case), and a non-snake object name. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} obj SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} type SEC(".maps");

__u64 hits;

#define PROG(name)                                     \
	SEC("socket") int name(struct __sk_buff *skb)  \
	{                                              \
		__u32 zero = 0;                        \
		__u64 *v = bpf_map_lookup_elem(&obj, &zero); \
		if (v)                                 \
			*v += 1;                       \
		hits++;                                \
		return 0;                              \
	}

PROG(foo)
PROG(a)
PROG(b)
PROG(c)
PROG(d)
PROG(e)
PROG(_tc_progA)
PROG(handle__x)

SEC("tp/syscalls/sys_enter_getpid")
int obj_prog(void *ctx)
{
	__u32 k = 1, v = 2;

	bpf_map_update_elem(&type, &k, &v, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
