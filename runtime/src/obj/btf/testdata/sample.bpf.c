typedef unsigned int u32;
typedef unsigned long long u64;
struct inner { int a; char b[16]; };
struct pkt { u32 len; struct inner in; const char *name; volatile u64 cnt; int bf:3; int bf2:5; union { int x; float f; }; };
enum color { RED, GREEN = 5 };
enum big { HUGE = 0x100000000ULL };
struct __attribute__((packed)) pk { char c; int i; };
int global_counter = 1;
static int static_counter = 2;
u64 zeroed;
const volatile int cfg_val = 3;
char _license[] __attribute__((section("license"), used)) = "GPL";
struct { int type; int max_entries; } my_map __attribute__((section(".maps")));
extern int LINUX_KERNEL_VERSION __attribute__((section(".kconfig")));
struct task_struct;
extern struct task_struct bpf_task __attribute__((section(".ksyms"), weak));
struct task_struct { int pid; int tgid; } __attribute__((preserve_access_index));
static long (*bpf_trace_printk)(const char *fmt, u32 fmt_size, ...) = (void *) 6;
__attribute__((noinline)) int helper(struct pkt *p, enum color c) { return p->len + c + p->in.b[3]; }
__attribute__((section("xdp"), used)) int prog(struct pkt *p) {
  struct pk k = {1, 2};
  static int local_static = 7;
  local_static++;
  global_counter += static_counter + cfg_val + LINUX_KERNEL_VERSION + k.i + sizeof(enum big);
  struct task_struct *t = (void*)p;
  zeroed += t->pid;
  return helper(p, GREEN) + global_counter;
}
__attribute__((section("tc"), used)) int prog2(struct pkt *p) { float f[2]; __builtin_memcpy(f, p, 8); return *(int*)f + helper(p, RED); }
enum big64 { B_SMALL = 1, B_HUGE = 0x123456789ULL };
enum big64 big_var = B_HUGE;
struct tagged { int __attribute__((btf_decl_tag("user"))) x; int __attribute__((btf_type_tag("rcu"))) *p; } __attribute__((btf_decl_tag("sdecl")));
struct tagged tagged_var;
int arr2d[3][4];
int sum_tag(struct tagged *t) __attribute__((section("tp/x"), used));
int sum_tag(struct tagged *t) { return t->x + arr2d[1][2] + (int)big_var; }
