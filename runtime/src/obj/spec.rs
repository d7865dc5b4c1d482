//! [`ObjectSpec`]: the pure, deterministic model of a BPF ELF object.

use super::btf::{Btf, BtfExt};
use super::btf_maps::parse_btf_maps;
use super::data_maps::{data_kind, data_map, kconfig_map};
use super::elf::ElfView;
use super::error::ParseError;
use super::externs::{collect_externs, ExternSpec};
use super::legacy_maps::parse_legacy_maps;
use super::maps::MapSpec;
use super::program::{
    decode_section, function_span, is_code_section, program_spec, CodeSection, FunctionSpan,
    ProgramSpec,
};
use super::reloc::{collect_relocs, RelocContext};
use super::slots::collect_init_slots;
use super::struct_ops::{
    collect_struct_ops, collect_struct_ops_vars, StructOpsMember, StructOpsVar,
};
use crate::abi::MapType;

/// Everything a BPF object declares, parsed without touching the kernel.
///
/// Same bytes in, same spec out. Fields stay editable until the object is prepared.
#[derive(Debug, Clone)]
pub struct ObjectSpec {
    /// Object name (used for data-map names); defaults to `"obj"`.
    pub name: String,
    /// `license` section (without the NUL); empty when absent.
    pub license: String,
    /// `version` section value (`kern_version`), if present.
    pub kern_version: Option<u32>,
    /// True for a big-endian (`bpfeb`) object; such objects parse but cannot be loaded here.
    pub big_endian: bool,
    /// Entry-point programs, sorted by (section, offset).
    pub programs: Vec<ProgramSpec>,
    /// `.text` functions callable from programs.
    pub subprograms: Vec<FunctionSpan>,
    /// Maps: BTF-defined, then legacy, then global data, in section order.
    pub maps: Vec<MapSpec>,
    /// Extern symbols.
    pub externs: Vec<ExternSpec>,
    /// Object BTF, with DATASEC sizes and offsets already fixed up.
    pub btf: Option<Btf>,
    /// `.BTF.ext`: func/line info and CO-RE records.
    pub btf_ext: Option<BtfExt>,
    /// Executable sections with their relocations.
    pub code_sections: Vec<CodeSection>,
    /// ELF index of `.text`, if it has code.
    pub text_section: Option<usize>,
    /// struct_ops members that point at programs.
    pub struct_ops: Vec<StructOpsMember>,
    /// struct_ops variables (their shadow data), registered on request.
    pub struct_ops_vars: Vec<StructOpsVar>,
    /// Non-fatal problems found while parsing (e.g. an unreadable `.BTF.ext`).
    pub warnings: Vec<String>,
}

impl ObjectSpec {
    /// Parses an object produced by `clang --target=bpf -g -O2`. `data` may have any
    /// alignment (misaligned input is copied once into an aligned buffer).
    pub fn parse(data: &[u8]) -> Result<ObjectSpec, ParseError> {
        if data.as_ptr().align_offset(8) == 0 {
            return Self::parse_aligned(data);
        }
        let mut words = crate::pod::aligned_copy(data);
        Self::parse_aligned(&crate::pod::slice_bytes_mut(&mut words)[..data.len()])
    }

    fn parse_aligned(data: &[u8]) -> Result<ObjectSpec, ParseError> {
        let elf = ElfView::parse(data)?;
        let mut warnings = Vec::new();
        let mut btf = match parse_btf(&elf) {
            Ok(btf) => btf,
            // As libbpf: BTF that does not parse is dropped with a warning unless the
            // object cannot be read without it.
            Err(e) if !needs_btf(&elf) => {
                warnings.push(format!("{e}; ignored (nothing in the object needs BTF)"));
                None
            }
            Err(e) => return Err(e),
        };
        // Externs are classified on the BTF as written, then their DATASECs are rewritten.
        let externs = collect_externs(&elf, btf.as_ref());
        if let Some(b) = btf.as_mut() {
            super::extern_btf::fixup_extern_datasecs(b)?;
            mark_hidden_functions_static(&elf, b);
        }
        let btf_ext = match (&btf, elf.section_by_name(".BTF.ext")) {
            (Some(b), Some(s)) => match BtfExt::parse(s.data, b) {
                Ok(ext) => Some(ext),
                Err(e) => {
                    warnings.push(format!(".BTF.ext ignored: {e}"));
                    None
                }
            },
            _ => None,
        };
        let maps = collect_maps(&elf, btf.as_ref())?;
        let (code_sections, programs, subprograms, text_section) = collect_code(&elf, &maps)?;
        let mut spec = ObjectSpec {
            name: "obj".to_string(),
            license: read_license(&elf),
            kern_version: read_version(&elf),
            big_endian: elf.big_endian,
            programs,
            subprograms,
            externs,
            struct_ops: collect_struct_ops(&elf, btf.as_ref())?,
            struct_ops_vars: collect_struct_ops_vars(&elf, btf.as_ref()),
            maps,
            btf,
            btf_ext,
            code_sections,
            text_section,
            warnings,
        };
        collect_init_slots(&elf, &mut spec)?;
        if let Some(btf) = &spec.btf {
            for (func, callback) in exception_callbacks(btf) {
                if let Some(p) = spec.programs.iter_mut().find(|p| p.name == func) {
                    p.exception_callback = Some(callback);
                }
            }
        }
        for m in &spec.struct_ops {
            if let Some(p) = spec
                .programs
                .iter_mut()
                .find(|p| p.name == m.program && p.struct_ops.is_none())
            {
                p.struct_ops = Some(m.clone());
            }
        }
        Ok(spec)
    }

    /// Parses and names the object (the name prefixes its data maps, as in libbpf).
    pub fn parse_named(data: &[u8], name: &str) -> Result<ObjectSpec, ParseError> {
        let mut spec = Self::parse(data)?;
        spec.name = name.to_string();
        Ok(spec)
    }

    /// The program named `name`.
    pub fn program(&self, name: &str) -> Option<&ProgramSpec> {
        self.programs.iter().find(|p| p.name == name)
    }

    /// Mutable access to the program named `name` (autoload, type, flags, ifindex...).
    pub fn program_mut(&mut self, name: &str) -> Option<&mut ProgramSpec> {
        self.programs.iter_mut().find(|p| p.name == name)
    }

    /// The map named `name` (C name, or section name such as `.rodata` for data maps).
    pub fn map(&self, name: &str) -> Option<&MapSpec> {
        self.maps.iter().find(|m| m.name == name)
    }

    /// Mutable access to the map named `name` (max_entries, flags, pin path, initial value...).
    pub fn map_mut(&mut self, name: &str) -> Option<&mut MapSpec> {
        self.maps.iter_mut().find(|m| m.name == name)
    }

    /// The code section with ELF index `index`.
    pub fn code_section(&self, index: usize) -> Option<&CodeSection> {
        self.code_sections.iter().find(|c| c.index == index)
    }
}

/// Whether the object cannot be read without BTF: BTF-defined maps, struct_ops, or
/// externs (`.kconfig`, `.ksyms`, kfuncs), as libbpf's `libbpf_needs_btf`.
fn needs_btf(elf: &ElfView<'_>) -> bool {
    elf.section_by_name(".maps").is_some()
        || elf
            .sections
            .iter()
            .any(|s| s.name.starts_with(".struct_ops"))
        || elf
            .symbols
            .iter()
            .any(|s| s.shndx == object::elf::SHN_UNDEF && !s.name.is_empty())
}

fn parse_btf(elf: &ElfView<'_>) -> Result<Option<Btf>, ParseError> {
    let Some(sec) = elf.section_by_name(".BTF") else {
        return Ok(None);
    };
    if sec.sh_type != object::elf::SHT_PROGBITS {
        return Err(ParseError::section(".BTF", "is not SHT_PROGBITS"));
    }
    let mut btf = Btf::parse(sec.data).map_err(ParseError::Btf)?;
    let section_size = |name: &str| {
        elf.section_by_name(name)
            .and_then(|s| u32::try_from(s.size).ok())
    };
    let symbol_offset = |sec: &str, var: &str| {
        let shndx = elf.section_by_name(sec)?.index;
        elf.symbols
            .iter()
            .find(|s| usize::from(s.shndx) == shndx && s.name == var)
            .and_then(|s| u32::try_from(s.value).ok())
    };
    btf.fixup_datasecs(&section_size, &symbol_offset)
        .map_err(ParseError::Btf)?;
    Ok(Some(btf))
}

/// (function, callback) for every `exception_callback:NAME` decl tag on a FUNC: one pass
/// over the object's BTF for all programs.
fn exception_callbacks(btf: &Btf) -> Vec<(String, String)> {
    use super::btf::{kind, BtfKind};
    btf.iter_types()
        .filter_map(|(id, t)| match t.kind {
            BtfKind::DeclTag { component_idx: -1 } => {
                let callback = btf.name_of(id).strip_prefix("exception_callback:")?;
                let func = t.type_id();
                let f = btf
                    .type_by_id(func)
                    .filter(|f| f.kind_num() == kind::FUNC)?;
                Some((btf.str_at(f.name_off)?.to_string(), callback.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// Global functions with hidden or internal visibility (e.g. libbpf's `__hidden` helpers in
/// usdt.bpf.h) are verified as static functions: their BTF FUNC linkage becomes static,
/// as libbpf does (`mark_btf_static`).
fn mark_hidden_functions_static(elf: &ElfView<'_>, btf: &mut Btf) {
    use object::elf::{STB_GLOBAL, STB_WEAK, STT_FUNC, STV_HIDDEN, STV_INTERNAL};
    for sym in elf.symbols.iter().filter(|s| {
        s.kind == STT_FUNC
            && matches!(s.bind, STB_GLOBAL | STB_WEAK)
            && matches!(s.visibility, STV_HIDDEN | STV_INTERNAL)
    }) {
        if let Some(id) = btf.find_by_name_kind(&sym.name, super::btf::kind::FUNC) {
            if let Some(t) = btf.type_by_id_mut(id) {
                t.info &= !0xffff; // BTF_FUNC_STATIC
            }
        }
    }
}

fn collect_maps(elf: &ElfView<'_>, btf: Option<&Btf>) -> Result<Vec<MapSpec>, ParseError> {
    let mut maps = Vec::new();
    if let Some(sec) = elf.section_by_name(".maps") {
        let btf = btf
            .ok_or_else(|| ParseError::section(".maps", "BTF-defined maps need a .BTF section"))?;
        maps.extend(parse_btf_maps(btf, sec.index)?);
    }
    if let Some(sec) = elf.section_by_name("maps") {
        maps.extend(parse_legacy_maps(elf, sec)?);
    }
    for sec in &elf.sections {
        if let Some(kind) = data_kind(sec) {
            maps.push(data_map(sec, kind, btf));
        }
    }
    if let Some(m) = btf.and_then(kconfig_map) {
        maps.push(m);
    }
    // __arena globals are copied into the arena's memory at prepare.
    if let Some(sec) = elf.section_by_name(super::reloc::ARENA_SECTION) {
        if let Some(arena) = maps.iter_mut().find(|m| m.map_type == MapType::Arena) {
            arena.initial_value = Some(sec.data.to_vec());
        }
    }
    Ok(maps)
}

type Code = (
    Vec<CodeSection>,
    Vec<ProgramSpec>,
    Vec<FunctionSpan>,
    Option<usize>,
);

fn collect_code(elf: &ElfView<'_>, maps: &[MapSpec]) -> Result<Code, ParseError> {
    let text_section = elf
        .sections
        .iter()
        .find(|s| s.name == ".text" && is_code_section(s))
        .map(|s| s.index);
    let cx = RelocContext {
        elf,
        text_section,
        maps,
    };
    let mut sections = Vec::new();
    let mut programs = Vec::new();
    let mut subprograms = Vec::new();
    for sec in elf.sections.iter().filter(|s| is_code_section(s)) {
        let insns = decode_section(elf, sec)?;
        let relocs = collect_relocs(&cx, sec.index, &insns)?;
        for sym in elf
            .symbols
            .iter()
            .filter(|s| usize::from(s.shndx) == sec.index && s.kind == object::elf::STT_FUNC)
        {
            let span = function_span(sym, sec)?;
            if Some(sec.index) == text_section {
                subprograms.push(span);
            } else {
                // A static function outside .text is a program too, as cilium/ebpf has it
                // (libbpf refuses the whole object): if its section names no program type
                // it fails alone, when loaded, and a call into it fails only the caller.
                programs.push(program_spec(span, &sec.name));
            }
        }
        sections.push(CodeSection {
            index: sec.index,
            name: sec.name.clone(),
            insns,
            relocs,
        });
    }
    programs.sort_by_key(|p| (p.span.section, p.span.insn_off));
    subprograms.sort_by_key(|s| s.insn_off);
    Ok((sections, programs, subprograms, text_section))
}

fn read_license(elf: &ElfView<'_>) -> String {
    elf.section_by_name("license")
        .map(|s| {
            let end = s.data.iter().position(|&b| b == 0).unwrap_or(s.data.len());
            String::from_utf8_lossy(&s.data[..end]).into_owned()
        })
        .unwrap_or_default()
}

fn read_version(elf: &ElfView<'_>) -> Option<u32> {
    elf.section_by_name("version")
        .and_then(|s| elf.read_u32(s.data, 0))
}
