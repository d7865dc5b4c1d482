// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/* The bundled example object: a few programs of different kinds sharing maps and globals. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct packet_stats {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct packet_stats);
} stats SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} calls_by_pid SEC(".maps");

const volatile __u32 sample_every = 1;
__u64 total_seen;

static __always_inline void account(__u64 len)
{
	__u32 zero = 0;
	struct packet_stats *s = bpf_map_lookup_elem(&stats, &zero);

	total_seen++;
	if (!s || (total_seen % sample_every) != 0)
		return;
	__sync_fetch_and_add(&s->packets, 1);
	__sync_fetch_and_add(&s->bytes, len);
}

SEC("socket")
int count_packets(struct __sk_buff *skb)
{
	account(skb->len);
	return skb->len;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	account(ctx->data_end - ctx->data);
	return XDP_PASS;
}

SEC("tracepoint/syscalls/sys_enter_getpid")
int count_getpid(void *ctx)
{
	__u32 pid = bpf_get_current_pid_tgid() >> 32;
	__u64 one = 1, *n = bpf_map_lookup_elem(&calls_by_pid, &pid);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&calls_by_pid, &pid, &one, BPF_NOEXIST);
	return 0;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
