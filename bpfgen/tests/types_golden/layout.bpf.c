// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/*
 * layout: C layouts that the BTF -> Rust type generator must reproduce
 * exactly. Every global is initialised with known values so the compile
 * test can read clang's bytes back through the generated types.
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

/* Padding in the middle and at the end. */
struct padded {
	__u8 tag;          /* 0, then 7 bytes of padding */
	__u64 value;       /* 8 */
	__u16 port;        /* 16, then 6 bytes of tail padding */
};

/* Bitfields, one spanning a byte boundary, signed and enum-typed ones. */
enum level { LVL_LOW = 0, LVL_MID = 1, LVL_HIGH = 2 };

struct bits {
	__u32 a : 3;
	__u32 b : 7;       /* bits 3..10: spans bytes 0 and 1 */
	int s : 5;         /* signed */
	enum level lvl : 2;
	_Bool on : 1;
	__u8 plain;
	__u64 wide : 40;
	__u64 rest : 24;
};

/* Anonymous nested union and struct; a named anonymous-typed member. */
struct nested {
	__u32 kind;
	union {
		__u32 as_u32;
		__u8 as_bytes[4];
	};
	struct {
		__u16 lo;
		__u16 hi;
	} pair;
	union {
		__u64 big;
		struct {
			__u32 first;
			__u32 second;
		};
	};
};

/* Enums with negative values and 64-bit values. */
enum signed_e { NEG_ONE = -1, ZERO = 0, BIG_POS = 1000 };
enum big64 { B64_SMALL = 1, B64_LARGE = 0x100000000ULL, B64_MAX = 0xffffffffffffffffULL };
enum small8 : __u8 { S8_A = 1, S8_B = 200 };

/* Arrays of structs, 2D arrays, arrays longer than 32. */
struct point {
	__s32 x;
	__s32 y;
};

struct arrays {
	struct point pts[3];
	__u8 grid[2][3];
	char name[40];
	__u64 many[33];
};

/* A packed struct and a struct that contains one. */
struct __attribute__((packed)) packed_hdr {
	__u8 version;
	__u32 len;
	__u16 flags;
};

struct holds_packed {
	__u8 pre;
	struct packed_hdr hdr;
	__u32 post;
};

/* Rust keywords as field and type names. */
struct type {
	__u32 type;
	__u32 match;
	__u32 ref;
	__u32 self;
	__u32 fn;
	__u32 Self;
};

/* Duplicate anonymous names: two structs each holding anonymous members. */
struct dup_a {
	union { __u32 x; __u16 y; };
	union { __u64 z; __u32 w; };
};

typedef struct {
	__u32 id;
	float ratio;
	double score;
} anon_typedef_t;

typedef struct point point_t;

/* 128-bit integers and booleans. */
struct wide {
	__u64 lo;
	unsigned __int128 u;
	__int128 i;
	_Bool flag;
	signed char sc;
	unsigned char uc;
	char c;
};

/* A union whose members include a bitfield (no accessor: documented). */
union bf_union {
	__u32 raw;
	__u32 low3 : 3;
};

/* Over-aligned struct: BTF only records the padded size. */
struct __attribute__((aligned(16))) aligned16 {
	__u32 v;
};

/* Over-aligned with no tail padding: only its placement after a gap proves 8. */
struct __attribute__((aligned(8))) pair8 {
	__u32 a, b;
};

struct holds_pair8 {
	__u32 x;
	struct pair8 p;
};

/* Names that clash with Rust primitives and with a DATASEC struct name. */
struct u32 {
	__u8 x;
};

struct Data {
	__u8 d;
};

/* A typedef with the same name as its struct. */
typedef struct samename {
	__u16 s;
} samename;

/* Flexible array member. */
struct flex {
	__u32 len;
	__u8 data[];
};

struct everything {
	struct padded padded;
	struct bits bits;
	struct nested nested;
	enum signed_e se;
	enum big64 b64;
	enum small8 s8;
	struct arrays arrays;
	struct holds_packed hp;
	struct type kw;
	struct dup_a dup;
	anon_typedef_t anon;
	point_t pt;
	struct wide wide;
	void *ptr;
	int (*fnptr)(int);
	volatile const __u32 cv;
	enum { MODE_X = 1, MODE_Y = 2 } mode;
	union bf_union bfu;
	struct aligned16 a16;
	struct u32 prim_named;
	struct Data data_named;
	samename same;
	struct holds_pair8 hp8;
};

struct everything everything = {
	.padded = { .tag = 0xab, .value = 0x1122334455667788ULL, .port = 8080 },
	.bits = { .a = 5, .b = 100, .s = -7, .lvl = LVL_HIGH, .on = 1, .plain = 0x5a,
		  .wide = 0x123456789aULL, .rest = 0xabcdef },
	.nested = { .kind = 3, .as_u32 = 0xdeadbeef, .pair = { .lo = 1, .hi = 2 },
		    .big = 0x0102030405060708ULL },
	.se = NEG_ONE,
	.b64 = B64_LARGE,
	.s8 = S8_B,
	.arrays = { .pts = { { 1, -1 }, { 2, -2 }, { 3, -3 } },
		    .grid = { { 1, 2, 3 }, { 4, 5, 6 } },
		    .name = "everything",
		    .many = { [0] = 1, [32] = 33 } },
	.hp = { .pre = 9, .hdr = { .version = 4, .len = 0x01020304, .flags = 0xbeef }, .post = 77 },
	.kw = { .type = 1, .match = 2, .ref = 3, .self = 4, .fn = 5, .Self = 6 },
	.dup = { .x = 11, .z = 12 },
	.anon = { .id = 13, .ratio = 1.5f, .score = -2.25 },
	.pt = { .x = -4, .y = 4 },
	.wide = { .lo = 1, .u = 2, .i = -3, .flag = 1, .sc = -5, .uc = 250, .c = 'z' },
	.cv = 99,
	.mode = MODE_Y,
	.bfu = { .raw = 0x12345678 },
	.a16 = { .v = 16 },
	.prim_named = { .x = 32 },
	.data_named = { .d = 64 },
	.same = { .s = 128 },
	.hp8 = { .x = 7, .p = { .a = 8, .b = 9 } },
};

/* .rodata with a hole left by a static, and .bss. */
const volatile __u32 ro_first = 1;
static const volatile __u64 ro_static = 2;
const volatile __u8 ro_last = 3;
struct bits bss_bits;
__u64 bss_counter;

struct key {
	__u32 ifindex;
	__u16 proto;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, struct key);
	__type(value, struct everything);
} all_types SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct flex);
} flexes SEC(".maps");

SEC("socket")
int touch(void *ctx)
{
	struct key k = { .ifindex = ro_first, .proto = ro_last };

	__u32 zero = 0;
	struct flex *f;

	bpf_map_update_elem(&all_types, &k, &everything, 0);
	f = bpf_map_lookup_elem(&flexes, &zero);
	if (f)
		f->len++;
	bss_counter += ro_static + bss_bits.a;
	return 0;
}

char LICENSE[] SEC("license") = "Dual MIT/GPL";
