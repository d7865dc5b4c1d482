// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/*
 * exec_events: a ring-buffer record per program execution by a child of the process in
 * `parent_tgid`: pid, parent, command name and file name. CO-RE: built against a
 * vmlinux.h that `bpfgen btf dump --kernel` writes (examples/build.sh), it runs on other
 * kernels unchanged.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

/* The record; user space declares the same layout (Rust `#[derive(Pod)]`). */
struct event {
	u32 pid;
	u32 ppid;
	char comm[16];
	char filename[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} events SEC(".maps");

/* Set by user space before prepare: only its children are reported. */
const volatile u32 parent_tgid = 0;

SEC("tp_btf/sched_process_exec")
int BPF_PROG(on_exec, struct task_struct *p, pid_t old_pid, struct linux_binprm *bprm)
{
	u32 ppid = BPF_CORE_READ(p, real_parent, tgid);
	struct event *e;

	if (parent_tgid && ppid != parent_tgid)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = BPF_CORE_READ(p, tgid);
	e->ppid = ppid;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_probe_read_kernel_str(e->filename, sizeof(e->filename), BPF_CORE_READ(bprm, filename));
	bpf_ringbuf_submit(e, 0);
	return 0;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
