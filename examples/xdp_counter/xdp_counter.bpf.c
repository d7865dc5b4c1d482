// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/*
 * xdp_counter: counts the packets arriving on an interface by protocol, in a per-CPU
 * array (no atomics needed), and passes every packet on.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum proto { PROTO_ICMP, PROTO_TCP, PROTO_UDP, PROTO_OTHER, PROTO_MAX };

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PROTO_MAX);
	__type(key, __u32);
	__type(value, __u64);
} packets SEC(".maps");

static __always_inline __u32 classify(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return PROTO_OTHER;
	switch (ip->protocol) {
	case IPPROTO_ICMP:
		return PROTO_ICMP;
	case IPPROTO_TCP:
		return PROTO_TCP;
	case IPPROTO_UDP:
		return PROTO_UDP;
	default:
		return PROTO_OTHER;
	}
}

SEC("xdp")
int count_by_protocol(struct xdp_md *ctx)
{
	__u32 key = classify(ctx);
	__u64 *n = bpf_map_lookup_elem(&packets, &key);

	if (n)
		*n += 1;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
