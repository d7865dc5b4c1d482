// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/*
 * tc_filter: SEC("tc") classifiers counting an interface's packets by direction and
 * protocol in a per-CPU array, letting every packet through (TC_ACT_OK).
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/in.h>
#include <linux/pkt_cls.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

enum proto { PROTO_ICMP, PROTO_TCP, PROTO_UDP, PROTO_OTHER, PROTO_MAX };

/* Slots 0..3 count ingress, 4..7 egress. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2 * PROTO_MAX);
	__type(key, __u32);
	__type(value, __u64);
} packets SEC(".maps");

static __always_inline __u32 classify(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
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

static __always_inline int count(struct __sk_buff *skb, __u32 base)
{
	__u32 key = base + classify(skb);
	__u64 *n = bpf_map_lookup_elem(&packets, &key);

	if (n)
		*n += 1;
	return TC_ACT_OK;
}

SEC("tc")
int count_ingress(struct __sk_buff *skb)
{
	return count(skb, 0);
}

SEC("tc")
int count_egress(struct __sk_buff *skb)
{
	return count(skb, PROTO_MAX);
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
