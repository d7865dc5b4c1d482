// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/* A hash map whose key has padding (bytes 1..4), for the padded-key warning. */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

struct flow_key {
	__u8 proto;
	__u32 port;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct flow_key);
	__type(value, __u64);
} flows SEC(".maps");

SEC("socket")
int count_flows(struct __sk_buff *skb)
{
	struct flow_key key = { .proto = 17, .port = skb->len };
	__u64 one = 1;

	bpf_map_update_elem(&flows, &key, &one, BPF_ANY);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
