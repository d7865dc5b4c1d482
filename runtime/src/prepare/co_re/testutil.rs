//! Hand-built BTF for the CO-RE unit tests.
#![allow(clippy::unwrap_used, reason = "test helpers")]

use std::sync::Arc;

use super::{CoreError, CoreOutcome, CoreResolution, CoreTarget};
use crate::obj::btf::{Btf, BtfType, CoreRelo, Enumerator, Member, Param};
use crate::obj::insn::Insn;

/// A BTF under construction.
pub(super) struct B {
    pub btf: Btf,
    index_ty: u32,
}

impl B {
    pub fn new() -> B {
        let mut btf = Btf::new_empty();
        let n = btf.add_string("__ARRAY_SIZE_TYPE__");
        let index_ty = btf.add_type(BtfType::new_int(n, 4, 32));
        B { btf, index_ty }
    }

    pub fn s(&mut self, s: &str) -> u32 {
        self.btf.add_string(s)
    }

    pub fn int(&mut self, name: &str, size: u32, signed: bool) -> u32 {
        let n = self.s(name);
        let enc = (u32::from(signed) << 24) | (size * 8);
        self.btf.add_type(BtfType::new_int(n, size, enc))
    }

    pub fn ptr(&mut self, t: u32) -> u32 {
        self.btf.add_type(BtfType::new_ptr(t))
    }

    pub fn array(&mut self, elem: u32, n: u32) -> u32 {
        self.btf
            .add_type(BtfType::new_array(elem, self.index_ty, n))
    }

    fn members(&mut self, ms: &[(&str, u32, u32, u32)]) -> Vec<Member> {
        ms.iter()
            .map(|&(name, type_id, bit_off, bits)| Member {
                name_off: self.s(name),
                type_id,
                offset: bits << 24 | bit_off,
            })
            .collect()
    }

    /// Struct with `(name, type, bit offset)` members.
    pub fn st(&mut self, name: &str, size: u32, ms: &[(&str, u32, u32)]) -> u32 {
        let ms: Vec<_> = ms.iter().map(|&(n, t, o)| (n, t, o, 0)).collect();
        self.st_bf(name, size, &ms)
    }

    /// Struct with `(name, type, bit offset, bitfield size)` members.
    pub fn st_bf(&mut self, name: &str, size: u32, ms: &[(&str, u32, u32, u32)]) -> u32 {
        let n = self.s(name);
        let ms = self.members(ms);
        self.btf.add_type(BtfType::new_struct(n, size, ms))
    }

    pub fn un(&mut self, name: &str, size: u32, ms: &[(&str, u32, u32)]) -> u32 {
        let n = self.s(name);
        let ms: Vec<_> = ms.iter().map(|&(n, t, o)| (n, t, o, 0)).collect();
        let ms = self.members(&ms);
        self.btf.add_type(BtfType::new_union(n, size, ms))
    }

    fn enumerators(&mut self, vals: &[(&str, i64)]) -> Vec<Enumerator> {
        vals.iter()
            .map(|&(name, v)| Enumerator {
                name_off: self.s(name),
                value: v as u64,
            })
            .collect()
    }

    pub fn en(&mut self, name: &str, size: u32, vals: &[(&str, i64)], signed: bool) -> u32 {
        let n = self.s(name);
        let es = self.enumerators(vals);
        self.btf.add_type(BtfType::new_enum(n, size, es, signed))
    }

    pub fn en64(&mut self, name: &str, vals: &[(&str, i64)]) -> u32 {
        let n = self.s(name);
        let es = self.enumerators(vals);
        self.btf.add_type(BtfType::new_enum64(n, 8, es, false))
    }

    pub fn typedef(&mut self, name: &str, t: u32) -> u32 {
        let n = self.s(name);
        self.btf.add_type(BtfType::new_typedef(n, t))
    }

    pub fn fwd(&mut self, name: &str, union: bool) -> u32 {
        let n = self.s(name);
        self.btf.add_type(BtfType::new_fwd(n, union))
    }

    pub fn cnst(&mut self, t: u32) -> u32 {
        self.btf.add_type(BtfType::new_const(t))
    }

    pub fn proto(&mut self, ret: u32, params: &[u32]) -> u32 {
        let ps = params
            .iter()
            .map(|&type_id| Param {
                name_off: 0,
                type_id,
            })
            .collect();
        self.btf.add_type(BtfType::new_func_proto(ret, ps))
    }

    /// A CO-RE record against `type_id`.
    pub fn relo(&mut self, type_id: u32, access: &str, kind: u32) -> CoreRelo {
        CoreRelo {
            insn_off: 0,
            type_id,
            access_str_off: self.s(access),
            kind,
        }
    }

    pub fn target(self) -> CoreTarget {
        CoreTarget::new(Arc::new(self.btf))
    }
}

/// `rD = imm` (ALU64 MOV K).
pub(super) fn mov(imm: i32) -> Insn {
    Insn {
        code: 0xb7,
        dst: 1,
        src: 0,
        off: 0,
        imm,
    }
}

/// `rD = *(size *)(r2 + off)`; `size_bits` is the BPF_SIZE code.
pub(super) fn ldx(size_bits: u8, off: i16) -> Insn {
    Insn {
        code: 0x61 | size_bits,
        dst: 1,
        src: 2,
        off,
        imm: 0,
    }
}

/// `rD = imm64` as two instructions.
pub(super) fn ld_imm64(v: u64) -> [Insn; 2] {
    let lo = Insn {
        code: 0x18,
        dst: 1,
        src: 0,
        off: 0,
        imm: v as u32 as i32,
    };
    let hi = Insn {
        code: 0,
        dst: 0,
        src: 0,
        off: 0,
        imm: (v >> 32) as u32 as i32,
    };
    [lo, hi]
}

/// Resolves `relo` with a fresh relocator.
pub(super) fn resolve(
    local: &Btf,
    t: &CoreTarget,
    relo: &CoreRelo,
) -> Result<CoreResolution, CoreError> {
    super::CoreRelocator::new(local, t).resolve(relo)
}

/// Relocates a single `insn` and returns the patched instruction.
pub(super) fn patch_one(
    local: &Btf,
    t: &CoreTarget,
    relo: &CoreRelo,
    insn: Insn,
) -> (Insn, CoreOutcome) {
    let mut insns = [insn];
    let out = super::relocate(local, t, relo, &mut insns, 0).unwrap();
    (insns[0], out)
}

/// A module blob over `base`: `types` appended to a copy, then the module's
/// part of the type and string sections cut out (what pahole emits).
pub(crate) fn module_blob(base: &Btf, add: impl FnOnce(&mut Btf)) -> Vec<u8> {
    let mut full = base.clone();
    add(&mut full);
    let (b, f) = (base.to_bytes(), full.to_bytes());
    let word = |d: &[u8], i: usize| u32::from_ne_bytes(d[i..i + 4].try_into().unwrap()) as usize;
    let (btl, bsl) = (word(&b, 12), word(&b, 20));
    let (ftl, fsl) = (word(&f, 12), word(&f, 20));
    let types = &f[24 + btl..24 + ftl];
    let strs = &f[24 + ftl + bsl..24 + ftl + fsl];
    let mut out = vec![0x9f, 0xeb, 1, 0];
    let tl = types.len() as u32;
    for w in [24, 0, tl, tl, strs.len() as u32] {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.extend_from_slice(types);
    out.extend_from_slice(strs);
    out
}
