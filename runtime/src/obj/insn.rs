//! A view of raw 8-byte BPF instructions, kept in the object's byte order.

/// `BPF_LD | BPF_IMM | BPF_DW`: the first half of a 16-byte `ld_imm64`.
pub const LD_IMM64: u8 = 0x18;
/// `BPF_JMP | BPF_CALL`.
pub const CALL: u8 = 0x85;
/// Instruction size in bytes.
pub const INSN_SIZE: usize = 8;
/// `src_reg` of a call to a bpf-to-bpf subprogram.
pub const PSEUDO_CALL: u8 = 1;
/// `src_reg` of a kfunc call.
pub const PSEUDO_KFUNC_CALL: u8 = 2;
/// `src_reg` of an `ld_imm64` that loads a map fd.
pub const PSEUDO_MAP_FD: u8 = 1;
/// `src_reg` of an `ld_imm64` that loads a map value address.
pub const PSEUDO_MAP_VALUE: u8 = 2;
/// `src_reg` of an `ld_imm64` that loads a BTF object.
pub const PSEUDO_BTF_ID: u8 = 3;
/// `src_reg` of an `ld_imm64` that loads a subprogram address.
pub const PSEUDO_FUNC: u8 = 4;

/// One decoded instruction (byte order already applied).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Insn {
    /// Opcode.
    pub code: u8,
    /// Destination register.
    pub dst: u8,
    /// Source register.
    pub src: u8,
    /// Offset.
    pub off: i16,
    /// Immediate.
    pub imm: i32,
}

impl Insn {
    /// Decodes instruction `idx` of `code`; `None` when out of range.
    pub fn read(code: &[u8], idx: usize, big_endian: bool) -> Option<Insn> {
        let b = code.get(idx.checked_mul(INSN_SIZE)?..)?.get(..INSN_SIZE)?;
        Some(Insn::from_bytes(b.try_into().ok()?, big_endian))
    }

    /// Decodes one instruction's 8 bytes.
    pub fn from_bytes(b: &[u8; INSN_SIZE], big_endian: bool) -> Insn {
        let (dst, src) = if big_endian {
            (b[1] >> 4, b[1] & 0xf)
        } else {
            (b[1] & 0xf, b[1] >> 4)
        };
        let off = [b[2], b[3]];
        let imm = [b[4], b[5], b[6], b[7]];
        let (off, imm) = if big_endian {
            (i16::from_be_bytes(off), i32::from_be_bytes(imm))
        } else {
            (i16::from_le_bytes(off), i32::from_le_bytes(imm))
        };
        Insn {
            code: b[0],
            dst,
            src,
            off,
            imm,
        }
    }

    /// Encodes into little-endian kernel layout.
    pub fn to_le_bytes(self) -> [u8; 8] {
        let off = self.off.to_le_bytes();
        let imm = self.imm.to_le_bytes();
        [
            self.code,
            (self.dst & 0xf) | (self.src << 4),
            off[0],
            off[1],
            imm[0],
            imm[1],
            imm[2],
            imm[3],
        ]
    }

    /// Is this the first half of an `ld_imm64`?
    pub fn is_ld_imm64(&self) -> bool {
        self.code == LD_IMM64
    }

    /// Is this a call instruction (helper, subprogram or kfunc)?
    pub fn is_call(&self) -> bool {
        self.code == CALL
    }

    /// Is this a bpf-to-bpf call?
    pub fn is_subprog_call(&self) -> bool {
        self.is_call() && self.src == PSEUDO_CALL
    }

    /// Is this an `ld_imm64` of a subprogram address?
    pub fn is_pseudo_func(&self) -> bool {
        self.is_ld_imm64() && self.src == PSEUDO_FUNC
    }
}
