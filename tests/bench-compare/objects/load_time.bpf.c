// SPDX-License-Identifier: GPL-2.0
/* The benchmark's stopwatch for the kernel's side of a start-up: the time every process
 * spends inside BPF_MAP_CREATE, BPF_PROG_LOAD and BPF_BTF_LOAD (syscall tracepoints, so
 * no CO-RE or BTF of the kernel is needed). The benchmark zeroes the totals, runs one
 * loader in a child process and reads them back; its own process is skipped. */
#include <linux/types.h>
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* The syscall tracepoints' records (see events/syscalls/sys_{enter,exit}_bpf/format). */
struct enter_bpf {
	__u64 common;
	__s32 syscall_nr;
	__u32 pad;
	__u64 cmd;
	__u64 uattr;
	__u64 size;
};

struct exit_bpf {
	__u64 common;
	__s32 syscall_nr;
	__u32 pad;
	__s64 ret;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} started SEC(".maps");

/* The benchmark's own process, whose syscalls are not counted. */
volatile const __u32 skip_tgid = 0;
/* Nanoseconds inside the load commands, and how many there were. */
__u64 load_ns = 0;
__u64 loads = 0;

SEC("tracepoint/syscalls/sys_enter_bpf")
int on_enter(struct enter_bpf *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	__u64 now;

	if ((id >> 32) == skip_tgid)
		return 0;
	if (ctx->cmd != BPF_MAP_CREATE && ctx->cmd != BPF_PROG_LOAD && ctx->cmd != BPF_BTF_LOAD)
		return 0;
	now = bpf_ktime_get_ns();
	bpf_map_update_elem(&started, &tid, &now, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_bpf")
int on_exit(struct exit_bpf *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	__u64 *start = bpf_map_lookup_elem(&started, &tid);

	if (!start)
		return 0;
	__sync_fetch_and_add(&load_ns, bpf_ktime_get_ns() - *start);
	__sync_fetch_and_add(&loads, 1);
	bpf_map_delete_elem(&started, &tid);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
