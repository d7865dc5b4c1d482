// SPDX-License-Identifier: (GPL-2.0-only OR MIT)
/* Skeleton golden: global data only, no maps, no programs (empty groups). */
#include <linux/types.h>

const volatile __u32 limit = 3;
__u64 Counter_A;
int custom_value __attribute__((section(".data.Custom"))) = 7;

char LICENSE[] __attribute__((section("license"), used)) = "Dual MIT/GPL";
