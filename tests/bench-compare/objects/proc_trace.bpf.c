// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/*
 * proc_trace: a six-program CO-RE tracing tool written the way the distribution tools
 * are (tracepoints, tp_btf and a raw tracepoint; CO-RE reads of task_struct; a ring
 * buffer, a hash and a per-CPU histogram), for the start-up comparison between loaders.
 * Built against a vmlinux.h from `bpfgen btf dump --kernel` (build.sh).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

struct event {
	u32 kind;
	u32 pid;
	u32 ppid;
	s32 exit_code;
	u64 duration_ns;
	char comm[16];
	char filename[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 18);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 8192);
	__type(key, u32);
	__type(value, u64);
} start_ns SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 512);
	__type(key, u32);
	__type(value, u64);
} syscalls SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 64);
	__type(key, u32);
	__type(value, u64);
} switch_hist SEC(".maps");

const volatile u32 target_tgid = 0;

static __always_inline struct event *reserve(u32 kind)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();

	if (!e)
		return NULL;
	e->kind = kind;
	e->pid = BPF_CORE_READ(task, tgid);
	e->ppid = BPF_CORE_READ(task, real_parent, tgid);
	e->exit_code = 0;
	e->duration_ns = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	e->filename[0] = 0;
	return e;
}

SEC("tp/sched/sched_process_exec")
int handle_exec(struct trace_event_raw_sched_process_exec *ctx)
{
	unsigned int off = ctx->__data_loc_filename & 0xffff;
	struct event *e = reserve(0);

	if (!e)
		return 0;
	bpf_probe_read_str(e->filename, sizeof(e->filename), (void *)ctx + off);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp/sched/sched_process_exit")
int handle_exit(struct trace_event_raw_sched_process_template *ctx)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	u32 pid = bpf_get_current_pid_tgid() >> 32;
	u64 *start = bpf_map_lookup_elem(&start_ns, &pid);
	struct event *e;

	if (BPF_CORE_READ(task, pid) != BPF_CORE_READ(task, tgid))
		return 0; /* threads */
	e = reserve(1);
	if (!e)
		return 0;
	e->exit_code = (BPF_CORE_READ(task, exit_code) >> 8) & 0xff;
	if (start)
		e->duration_ns = bpf_ktime_get_ns() - *start;
	bpf_map_delete_elem(&start_ns, &pid);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(handle_fork, struct task_struct *parent, struct task_struct *child)
{
	u32 pid = child->tgid;
	u64 now = bpf_ktime_get_ns();

	if (target_tgid && parent->tgid != target_tgid)
		return 0;
	bpf_map_update_elem(&start_ns, &pid, &now, BPF_ANY);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(on_switch, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	u32 slot = next->prio & 63;
	u64 *n = bpf_map_lookup_elem(&switch_hist, &slot);

	if (n)
		*n += 1;
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id)
{
	u32 slot = (u32)id & 511;
	u64 *n = bpf_map_lookup_elem(&syscalls, &slot);

	if (n)
		*n += 1;
	return 0;
}

SEC("tp/syscalls/sys_enter_openat")
int on_openat(struct trace_event_raw_sys_enter *ctx)
{
	struct event *e;

	if (target_tgid && (bpf_get_current_pid_tgid() >> 32) != target_tgid)
		return 0;
	e = reserve(2);
	if (!e)
		return 0;
	bpf_probe_read_user_str(e->filename, sizeof(e->filename), (const char *)ctx->args[1]);
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
