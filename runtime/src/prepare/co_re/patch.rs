//! Applying a [`CoreResolution`] to an instruction (libbpf
//! `bpf_core_patch_insn`, `bpf_core_poison_insn`).
//!
//! Patchable forms:
//! 1. `rX = imm` / `rX op= imm` (ALU/ALU64 with an immediate): `imm`;
//! 2. `rX = *(T *)(rY + off)`, `*(T *)(rX + off) = rY | imm` (LDX/STX/ST):
//!    `off`, and the memory size `T` when the field changed size safely;
//! 3. `rX = imm64` (`ld_imm64`): both 32-bit halves.

use super::calc::CoreResolution;
use crate::obj::insn::{Insn, CALL, LD_IMM64};

/// Immediate of the `call` that replaces a failed relocation's instruction
/// (`0xbad2310`, "bad relo"). If reachable, the verifier reports
/// `invalid func unknown#195896080`.
#[doc(alias = "BPF_CORE_POISON")]
pub const POISON_IMM: i32 = 0x0bad_2310;

const CLASS_MASK: u8 = 0x07;
const CLASS_LD: u8 = 0x00;
const CLASS_LDX: u8 = 0x01;
const CLASS_ST: u8 = 0x02;
const CLASS_STX: u8 = 0x03;
const CLASS_ALU: u8 = 0x04;
const CLASS_ALU64: u8 = 0x07;
/// `BPF_X` source bit (register operand).
const SRC_X: u8 = 0x08;
const SIZE_MASK: u8 = 0x18;

/// Whether `insn` is a CO-RE poison call.
pub fn is_poisoned(insn: &Insn) -> bool {
    insn.code == CALL && insn.src == 0 && insn.imm == POISON_IMM
}

/// Patches `insns[idx]` (and `insns[idx + 1]` for `ld_imm64`). Returns
/// whether the instruction was poisoned, or why it cannot be patched.
pub(crate) fn patch_insn(
    insns: &mut [Insn],
    idx: usize,
    res: &CoreResolution,
) -> Result<bool, String> {
    let insn = *insns
        .get(idx)
        .ok_or_else(|| format!("out of range ({} instructions)", insns.len()))?;
    match insn.code & CLASS_MASK {
        CLASS_ALU | CLASS_ALU64 => {
            if insn.code & SRC_X != 0 {
                return Err(bad_insn(&insn));
            }
            if res.poison {
                return poison(insns, idx);
            }
            check(res, sext(i64::from(insn.imm)), "ALU imm")?;
            if let Some(i) = insns.get_mut(idx) {
                i.imm = res.new_val as i32;
            }
            Ok(false)
        }
        CLASS_LDX | CLASS_ST | CLASS_STX => patch_mem(insns, idx, res),
        CLASS_LD => patch_ld_imm64(insns, idx, res),
        _ => Err(bad_insn(&insn)),
    }
}

fn bad_insn(i: &Insn) -> String {
    format!(
        "cannot relocate instruction code {:#04x} src {} dst {} off {} imm {}",
        i.code, i.src, i.dst, i.off, i.imm
    )
}

/// Sign-extends like C's conversion of a negative `int`/`short` to `__u64`.
fn sext(v: i64) -> u64 {
    v as u64
}

/// Validates the current value against `orig_val` when required.
fn check(res: &CoreResolution, got: u64, what: &str) -> Result<(), String> {
    if res.validate && got != res.orig_val {
        return Err(format!(
            "unexpected {what} value {got}, expected {} (-> {})",
            res.orig_val, res.new_val
        ));
    }
    Ok(())
}

/// LDX/ST/STX: offset and, if the field was resized, the access size.
fn patch_mem(insns: &mut [Insn], idx: usize, res: &CoreResolution) -> Result<bool, String> {
    if res.poison {
        return poison(insns, idx);
    }
    let Some(insn) = insns.get_mut(idx) else {
        return Err("out of range".into());
    };
    check(res, sext(i64::from(insn.off)), "LDX/ST/STX offset")?;
    let off = i16::try_from(res.new_val)
        .map_err(|_| format!("LDX/ST/STX offset {} too big", res.new_val))?;
    if res.fail_memsz_adjust {
        // libbpf: "accesses field incorrectly"; only pointers and unsigned
        // integers may change size.
        return poison(insns, idx);
    }
    insn.off = off;
    if res.new_sz != res.orig_sz {
        let have = size_bytes(insn.code);
        if have != Some(res.orig_sz) {
            return Err(format!(
                "unexpected memory size {}, expected {}",
                have.unwrap_or(0),
                res.orig_sz
            ));
        }
        let new = size_code(res.new_sz)
            .ok_or_else(|| format!("invalid new memory size {}", res.new_sz))?;
        insn.code = (insn.code & !SIZE_MASK) | new;
    }
    Ok(false)
}

/// `ld_imm64`: the 64-bit immediate is spread over both halves.
fn patch_ld_imm64(insns: &mut [Insn], idx: usize, res: &CoreResolution) -> Result<bool, String> {
    let (Some(&lo), Some(&hi)) = (insns.get(idx), insns.get(idx.wrapping_add(1))) else {
        return Err("ld_imm64 is truncated".into());
    };
    let plain = lo.code == LD_IMM64 && lo.src == 0 && lo.off == 0;
    if !plain || hi.code != 0 || hi.dst != 0 || hi.src != 0 || hi.off != 0 {
        return Err("ld_imm64 has an unexpected form".into());
    }
    if res.poison {
        return poison(insns, idx);
    }
    let imm = u64::from(lo.imm as u32) | u64::from(hi.imm as u32) << 32;
    check(res, imm, "ld_imm64")?;
    if let Some(i) = insns.get_mut(idx) {
        i.imm = res.new_val as u32 as i32;
    }
    if let Some(i) = insns.get_mut(idx + 1) {
        i.imm = (res.new_val >> 32) as u32 as i32;
    }
    Ok(false)
}

/// Replaces the instruction (both halves of an `ld_imm64`) with
/// `call POISON_IMM`.
fn poison(insns: &mut [Insn], idx: usize) -> Result<bool, String> {
    let wide = insns.get(idx).is_some_and(Insn::is_ld_imm64);
    let n = if wide { 2 } else { 1 };
    if insns.len() < idx.saturating_add(n) {
        return Err("ld_imm64 is truncated".into());
    }
    for i in insns.iter_mut().skip(idx).take(n) {
        *i = Insn {
            code: CALL,
            dst: 0,
            src: 0,
            off: 0,
            imm: POISON_IMM,
        };
    }
    Ok(true)
}

/// Bytes accessed by a load/store code.
fn size_bytes(code: u8) -> Option<u32> {
    match code & SIZE_MASK {
        0x18 => Some(8),
        0x00 => Some(4),
        0x08 => Some(2),
        0x10 => Some(1),
        _ => None,
    }
}

/// The size bits for an access of `sz` bytes.
fn size_code(sz: u32) -> Option<u8> {
    match sz {
        8 => Some(0x18),
        4 => Some(0x00),
        2 => Some(0x08),
        1 => Some(0x10),
        _ => None,
    }
}
