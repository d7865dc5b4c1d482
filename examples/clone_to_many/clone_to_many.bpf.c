// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/*
 * clone_to_many: one program whose attach target is fixed when it is loaded (tp_btf,
 * fentry), cloned onto many targets, as retsnoop and bpftrace do. Each clone is attached
 * with its target's index as BPF cookie, and counts into that slot of one shared map.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define MAX_TARGETS 16

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MAX_TARGETS);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

/* The thread whose events count (0: every thread). */
const volatile __u32 only_tid = 0;

static __always_inline int count(void *ctx)
{
	__u32 slot = bpf_get_attach_cookie(ctx);
	__u64 *n;

	if (only_tid && (__u32)bpf_get_current_pid_tgid() != only_tid)
		return 0;
	n = bpf_map_lookup_elem(&hits, &slot);
	if (n)
		__sync_fetch_and_add(n, 1);
	return 0;
}

SEC("tp_btf/sys_enter")
int count_tracepoint(__u64 *ctx)
{
	return count(ctx);
}

SEC("fentry/do_unlinkat")
int count_function(__u64 *ctx)
{
	return count(ctx);
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
