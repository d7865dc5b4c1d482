// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/*
 * The fixed "kernel" BTF the core_reloc fuzz target relocates against: a few
 * kernel-shaped types (names and layouts chosen to differ from the fixtures'
 * local declarations where that exercises matching: other offsets, bitfields,
 * flavours, enums of other sizes, arrays, unions, function pointers).
 * build.sh compiles it and keeps only the .BTF section as kernel_types.btf.
 */
typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef int pid_t;

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID, PIDTYPE_MAX };
enum bpf_func_id { BPF_FUNC_unspec, BPF_FUNC_map_lookup_elem = 1, BPF_FUNC_ktime_get_ns = 5 };
enum wide_enum { WIDE_SMALL = 1, WIDE_BIG = 0x100000000ULL };

struct list_head { struct list_head *next, *prev; };
struct qstr { union { struct { u32 hash; u32 len; }; u64 hash_len; }; const unsigned char *name; };
struct dentry { unsigned int d_flags; struct dentry *d_parent; struct qstr d_name; };
struct path { void *mnt; struct dentry *dentry; };
struct file { struct path f_path; unsigned int f_flags; long long f_pos; };
struct mm_struct { unsigned long start_code, end_code, start_stack; u64 total_vm; };
struct css_set { struct list_head tasks; int nr_tasks; };
struct signal_struct { int nr_threads; struct list_head thread_head; };

struct task_struct {
	volatile long __state;
	unsigned int flags;
	int prio, static_prio;
	struct list_head tasks;
	struct mm_struct *mm, *active_mm;
	int exit_state;
	int exit_code, exit_signal;
	unsigned int sched_reset_on_fork : 1;
	unsigned int sched_contributes_to_load : 1;
	unsigned int in_execve : 1;
	unsigned int padding_bits : 5;
	pid_t pid;
	pid_t tgid;
	struct task_struct *real_parent;
	struct task_struct *parent;
	struct list_head children;
	u64 start_time;
	char comm[16];
	struct file *files[4];
	struct signal_struct *signal;
	struct css_set *cgroups;
	void (*callback)(struct task_struct *, int);
};

struct task_struct___old { int pid; int tgid; long state; };

struct sk_buff {
	union { struct { struct sk_buff *next, *prev; }; struct list_head list; };
	unsigned int len, data_len;
	u16 mac_len, hdr_len;
	u8 pkt_type : 3, ignore_df : 1, dst_pending_confirm : 1, ip_summed : 2, ooo_okay : 1;
	u32 hash;
	unsigned char *head, *data;
};

struct trace_entry { unsigned short type; unsigned char flags; unsigned char preempt_count; int pid; };
struct trace_event_raw_sys_enter { struct trace_entry ent; long id; unsigned long args[6]; char __data[]; };

/* BTF keeps only types something refers to: one global per root. */
struct task_struct *anchor_task;
struct task_struct___old *anchor_task_old;
struct sk_buff *anchor_skb;
struct trace_event_raw_sys_enter *anchor_sys_enter;
enum pid_type anchor_pid_type;
enum bpf_func_id anchor_func_id;
enum wide_enum anchor_wide;
int (*anchor_fn)(struct task_struct *, enum pid_type);
