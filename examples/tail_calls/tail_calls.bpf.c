// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/*
 * tail_calls: a dispatcher socket filter that tail-calls the slot named by the first
 * byte of each UDP payload. The PROG_ARRAY's slots are declared here, in C; bpfgen
 * fills a slot when its target is loaded (lazily, at any time) and empties it when the
 * target is unloaded. hits[slot] counts the targets that ran, hits[3] the datagrams that
 * fell through an empty slot.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* A socket filter on a UDP socket sees the datagram from its UDP header on. */
#define PAYLOAD_OFFSET 8
#define FELL_THROUGH 3

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

static __always_inline void count(__u32 slot)
{
	__u64 *n = bpf_map_lookup_elem(&hits, &slot);

	if (n)
		__sync_fetch_and_add(n, 1);
}

SEC("socket")
int target_a(struct __sk_buff *skb)
{
	count(0);
	return skb->len;
}

SEC("socket")
int target_b(struct __sk_buff *skb)
{
	count(1);
	return skb->len;
}

SEC("socket")
int target_c(struct __sk_buff *skb)
{
	count(2);
	return skb->len;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__uint(key_size, sizeof(__u32));
	__array(values, int (struct __sk_buff *));
} dispatch SEC(".maps") = {
	.values = {
		[0] = (void *)&target_a,
		[1] = (void *)&target_b,
		[2] = (void *)&target_c,
	},
};

SEC("socket")
int dispatcher(struct __sk_buff *skb)
{
	__u8 slot = 0;

	if (bpf_skb_load_bytes(skb, PAYLOAD_OFFSET, &slot, 1) == 0)
		bpf_tail_call(skb, &dispatch, slot);
	count(FELL_THROUGH);
	return skb->len;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
