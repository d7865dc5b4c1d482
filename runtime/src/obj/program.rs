//! Programs and code sections: one [`ProgramSpec`] per function symbol outside `.text`.

use std::collections::BTreeMap;

use super::elf::{ElfSection, ElfSymbol, ElfView};
use super::error::ParseError;
use super::insn::{Insn, INSN_SIZE};
use super::program_kind::ProgramKind;
use super::reloc::RelocSpec;
use super::section_table::{classify, SectionDef};
use crate::abi::{AttachType, ProgramType};

/// `BPF_F_SLEEPABLE`.
const F_SLEEPABLE: u32 = 1 << 4;
/// `BPF_F_XDP_HAS_FRAGS`.
const F_XDP_HAS_FRAGS: u32 = 1 << 5;

/// An executable ELF section, decoded, with the relocations that apply to it.
#[derive(Debug, Clone)]
pub struct CodeSection {
    /// ELF section index.
    pub index: usize,
    /// ELF section name.
    pub name: String,
    /// Decoded instructions.
    pub insns: Vec<Insn>,
    /// Relocations by instruction index within the section.
    pub relocs: BTreeMap<usize, RelocSpec>,
}

/// A function that lives in a code section (a main program or a `.text` subprogram).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSpan {
    /// Symbol name.
    pub name: String,
    /// ELF section index.
    pub section: usize,
    /// First instruction, as an index into the section.
    pub insn_off: usize,
    /// Number of instructions.
    pub insn_cnt: usize,
    /// `STB_GLOBAL` (or weak) rather than static.
    pub global: bool,
}

/// A BPF program as declared by `SEC("...")`: the blueprint that `prepare` relocates.
#[derive(Debug, Clone)]
pub struct ProgramSpec {
    /// Function name.
    pub name: String,
    /// Section name as written, without a leading `?`.
    pub section: String,
    /// Where the code lives.
    pub span: FunctionSpan,
    /// Loaded by default (`false` for `SEC("?...")`).
    pub autoload: bool,
    /// Matched SEC() definition; `None` for an unknown section (fails only when loaded).
    pub def: Option<SectionDef>,
    /// Program type to load with (None while the section is unknown and not overridden).
    pub prog_type: Option<ProgramType>,
    /// Expected attach type to load with.
    pub expected_attach_type: Option<AttachType>,
    /// `prog_flags` derived from the section (sleepable, frags), changeable before prepare.
    pub prog_flags: u32,
    /// Device to bind the program to (offload / dev-bound XDP), 0 for none.
    pub ifindex: u32,
    /// Attach target parsed from the section name, e.g. `sched/sched_switch`.
    pub attach_target: Option<String>,
    /// For struct_ops programs: the struct member that points at this program.
    pub struct_ops: Option<super::StructOpsMember>,
    /// The exception callback a `exception_callback:NAME` BTF decl tag on the program's
    /// FUNC names (`__exception_cb(NAME)` in C); linked in, never called directly.
    pub exception_callback: Option<String>,
}

impl ProgramSpec {
    /// The `expected_attach_type` it loads with: the section's, or the kernel's 0 when the
    /// section sets none.
    pub fn load_attach_type(&self) -> AttachType {
        self.expected_attach_type.unwrap_or_default()
    }

    /// User-facing program kind.
    pub fn kind(&self) -> ProgramKind {
        self.def.as_ref().map_or(ProgramKind::Unknown, |d| d.kind)
    }

    /// Number of instructions of the program itself (without subprograms).
    pub fn insn_count(&self) -> usize {
        self.span.insn_cnt
    }
}

/// Is this section executable code with content?
pub(crate) fn is_code_section(s: &ElfSection<'_>) -> bool {
    s.sh_type == object::elf::SHT_PROGBITS
        && s.flags & u64::from(object::elf::SHF_EXECINSTR) != 0
        && s.size > 0
}

/// Decodes one code section's instructions.
pub(crate) fn decode_section(
    elf: &ElfView<'_>,
    s: &ElfSection<'_>,
) -> Result<Vec<Insn>, ParseError> {
    if s.data.len() % INSN_SIZE != 0 {
        return Err(ParseError::section(
            &s.name,
            format!("size {} is not a multiple of 8", s.data.len()),
        ));
    }
    Ok(s.data
        .chunks_exact(INSN_SIZE)
        // Every chunk is INSN_SIZE bytes: the conversion cannot fail, and the
        // iterator's exact length sizes the vector once.
        .map(|b| {
            let b = <[u8; INSN_SIZE]>::try_from(b).unwrap_or_default();
            Insn::from_bytes(&b, elf.big_endian)
        })
        .collect())
}

/// The code span of a function symbol, validated against its section.
pub(crate) fn function_span(
    sym: &ElfSymbol,
    section: &ElfSection<'_>,
) -> Result<FunctionSpan, ParseError> {
    let bad = |reason: String| ParseError::Symbol {
        symbol: sym.name.clone(),
        reason,
    };
    let end = sym
        .value
        .checked_add(sym.size)
        .ok_or_else(|| bad("offset + size overflows".into()))?;
    if end > section.data.len() as u64 {
        return Err(bad(format!(
            "code [{}, {end}) crosses the end of section `{}` ({} bytes)",
            sym.value,
            section.name,
            section.data.len()
        )));
    }
    if sym.value % INSN_SIZE as u64 != 0 || sym.size % INSN_SIZE as u64 != 0 || sym.size == 0 {
        return Err(bad(format!(
            "offset {} / size {} are not non-empty multiples of 8",
            sym.value, sym.size
        )));
    }
    Ok(FunctionSpan {
        name: sym.name.clone(),
        section: section.index,
        insn_off: (sym.value / INSN_SIZE as u64) as usize,
        insn_cnt: (sym.size / INSN_SIZE as u64) as usize,
        global: sym.bind != object::elf::STB_LOCAL,
    })
}

/// Builds the program blueprint for a function in a SEC() section.
pub(crate) fn program_spec(span: FunctionSpan, section_name: &str) -> ProgramSpec {
    let classified = classify(section_name);
    let def = classified.def;
    let mut prog_flags = 0;
    if let Some(d) = &def {
        if d.flags.sleepable {
            prog_flags |= F_SLEEPABLE;
        }
        if d.flags.xdp_frags {
            prog_flags |= F_XDP_HAS_FRAGS;
        }
    }
    ProgramSpec {
        name: span.name.clone(),
        section: classified.name,
        span,
        autoload: classified.autoload,
        prog_type: def.as_ref().map(|d| d.prog_type),
        expected_attach_type: def.as_ref().and_then(|d| d.expected_attach_type),
        def,
        prog_flags,
        ifindex: 0,
        attach_target: classified.attach_target,
        struct_ops: None,
        exception_callback: None,
    }
}
