//! The per-program linker, modelled on libbpf's `bpf_object__reloc_code`.

use std::collections::{HashMap, VecDeque};

use crate::obj::btf::{CoreRelo, ExtSection};
use crate::obj::insn::Insn;
use crate::obj::{CodeSection, FunctionSpan, ObjectSpec, ProgramSpec, RelocSpec};

/// A reference that is resolved when the template is materialised into a load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fixup {
    /// `ld_imm64` of map `map` (index into `ObjectSpec::maps`): fd into `imm`.
    MapFd {
        /// Map index.
        map: usize,
    },
    /// `ld_imm64` of an address `offset` bytes into data map `map`.
    MapValue {
        /// Map index.
        map: usize,
        /// Byte offset within the value.
        offset: u32,
    },
    /// A reference to an extern symbol (kconfig, ksym, kfunc).
    Extern {
        /// Extern name.
        name: String,
        /// True for a kfunc call.
        call: bool,
    },
}

/// A line-info record rebased onto the linked program.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TemplateLine {
    /// Instruction index in the linked program.
    pub insn: u32,
    /// BTF string offset of the file name.
    pub file_name_off: u32,
    /// BTF string offset of the source line text.
    pub line_off: u32,
    /// `line << 10 | column`.
    pub line_col: u32,
}

/// A fully linked program, ready to be loaded any number of times.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProgramTemplate {
    /// Final instructions (map references still symbolic, see `fixups`).
    pub insns: Vec<Insn>,
    /// Symbolic references by instruction index.
    pub fixups: Vec<(usize, Fixup)>,
    /// `bpf_func_info` records: (instruction index, BTF FUNC id).
    pub func_info: Vec<(u32, u32)>,
    /// `bpf_line_info` records.
    pub line_info: Vec<TemplateLine>,
    /// CO-RE relocation records: (instruction index, record), applied at prepare against
    /// the running kernel's BTF.
    pub core_relos: Vec<(usize, CoreRelo)>,
    /// Explanations for instructions CO-RE poisoned (no matching kernel type or field),
    /// by instruction index; shown when the verifier reaches one.
    pub core_notes: Vec<(usize, String)>,
    /// Names of the subprograms appended after the main program, in order.
    pub subprograms: Vec<String>,
}

/// Why a program could not be linked. Only that program is affected.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("relocating program `{program}`: {reason}")]
pub struct TemplateError {
    /// Program name.
    pub program: String,
    /// What went wrong.
    pub reason: String,
}

struct Linker<'a> {
    spec: &'a ObjectSpec,
    prog: &'a ProgramSpec,
    out: ProgramTemplate,
    /// Start of each appended subprogram (by its `.text` offset) in the output.
    placed: HashMap<usize, usize>,
    queue: VecDeque<(&'a FunctionSpan, usize)>,
}

/// Links `prog` of `spec` into a template.
pub fn build_template(
    spec: &ObjectSpec,
    prog: &ProgramSpec,
) -> Result<ProgramTemplate, TemplateError> {
    let mut l = Linker {
        spec,
        prog,
        out: ProgramTemplate {
            insns: Vec::new(),
            fixups: Vec::new(),
            func_info: Vec::new(),
            line_info: Vec::new(),
            core_relos: Vec::new(),
            core_notes: Vec::new(),
            subprograms: Vec::new(),
        },
        placed: HashMap::new(),
        queue: VecDeque::new(),
    };
    l.append(&prog.span)?;
    l.relocate(&prog.span, 0)?;
    if let Some(cb) = &prog.exception_callback {
        // Never called directly: the kernel finds it through the BTF decl tag.
        l.place_subprogram(cb)?;
    }
    while let Some((span, pos)) = l.queue.pop_front() {
        l.relocate(span, pos)?;
    }
    l.out.func_info.sort_by_key(|r| r.0);
    l.out.line_info.sort_by_key(|r| r.insn);
    l.out.core_relos.sort_by_key(|r| r.0);
    Ok(l.out)
}

impl<'a> Linker<'a> {
    fn err(&self, reason: impl Into<String>) -> TemplateError {
        TemplateError {
            program: self.prog.name.clone(),
            reason: reason.into(),
        }
    }

    fn section(&self, index: usize) -> Result<&'a CodeSection, TemplateError> {
        self.spec
            .code_section(index)
            .ok_or_else(|| self.err(format!("code section #{index} is missing")))
    }

    /// Copies a function's instructions and BTF.ext records to the end of the output.
    fn append(&mut self, span: &FunctionSpan) -> Result<usize, TemplateError> {
        let sec = self.section(span.section)?;
        let code = sec
            .insns
            .get(span.insn_off..span.insn_off + span.insn_cnt)
            .ok_or_else(|| self.err(format!("function `{}` is outside its section", span.name)))?;
        let pos = self.out.insns.len();
        self.out.insns.extend_from_slice(code);
        if let Some(ext) = self
            .spec
            .btf_ext
            .as_ref()
            .and_then(|e| e.section(&sec.name))
        {
            self.append_ext(ext, span, pos);
        }
        Ok(pos)
    }

    fn append_ext(&mut self, ext: &ExtSection, span: &FunctionSpan, pos: usize) {
        let range = span.insn_off..span.insn_off + span.insn_cnt;
        let rebase = |byte_off: u32| {
            let idx = (byte_off / 8) as usize;
            range
                .contains(&idx)
                .then(|| (idx - span.insn_off + pos) as u32)
        };
        // Records are sorted by offset: only the function's own are visited, so a
        // section of many programs is not scanned once per program.
        let (lo, hi) = (span.insn_off * 8, (span.insn_off + span.insn_cnt) * 8);
        let within = |off: u32| (off as usize) < lo;
        let until = |off: u32| (off as usize) < hi;
        let funcs = &ext.func_info[ext.func_info.partition_point(|r| within(r.insn_off))
            ..ext.func_info.partition_point(|r| until(r.insn_off))];
        let relos = &ext.core_relos[ext.core_relos.partition_point(|r| within(r.insn_off))
            ..ext.core_relos.partition_point(|r| until(r.insn_off))];
        let lines = &ext.line_info[ext.line_info.partition_point(|r| within(r.insn_off))
            ..ext.line_info.partition_point(|r| until(r.insn_off))];
        for f in funcs {
            if let Some(insn) = rebase(f.insn_off) {
                self.out.func_info.push((insn, f.type_id));
            }
        }
        for c in relos {
            if let Some(insn) = rebase(c.insn_off) {
                self.out.core_relos.push((insn as usize, c.clone()));
            }
        }
        for l in lines {
            if let Some(insn) = rebase(l.insn_off) {
                self.out.line_info.push(TemplateLine {
                    insn,
                    file_name_off: l.file_name_off,
                    line_off: l.line_off,
                    line_col: l.line_col,
                });
            }
        }
    }

    /// Applies the relocations of the function placed at `pos`.
    fn relocate(&mut self, span: &'a FunctionSpan, pos: usize) -> Result<(), TemplateError> {
        let sec = self.section(span.section)?;
        // The function's relocations in order, walked alongside its instructions.
        let mut relocs = sec
            .relocs
            .range(span.insn_off..span.insn_off + span.insn_cnt)
            .peekable();
        let mut i = 0;
        while i < span.insn_cnt {
            let sec_idx = span.insn_off + i;
            let at = pos + i;
            let insn = self.out.insns[at];
            // Relocations inside an instruction (an `ld_imm64`'s second half) are passed.
            while relocs.next_if(|(&k, _)| k < sec_idx).is_some() {}
            match relocs.next_if(|(&k, _)| k == sec_idx).map(|(_, r)| r) {
                Some(r) => self.apply(r, insn, at, sec_idx)?,
                None if insn.is_subprog_call() => {
                    let target = offset_target(sec_idx, i64::from(insn.imm) + 1)
                        .ok_or_else(|| self.err("call target out of range"))?;
                    self.call(at, target)?;
                }
                None if insn.is_pseudo_func() => {
                    return Err(self.err(format!(
                        "missing relocation for subprogram address at insn {at}"
                    )))
                }
                None => {}
            }
            i += if insn.is_ld_imm64() { 2 } else { 1 };
        }
        Ok(())
    }

    fn apply(
        &mut self,
        r: &RelocSpec,
        insn: Insn,
        at: usize,
        sec_idx: usize,
    ) -> Result<(), TemplateError> {
        let _ = sec_idx;
        match r {
            RelocSpec::Map { map } => self.out.fixups.push((at, Fixup::MapFd { map: *map })),
            RelocSpec::MapValue { map, sym_off } => {
                let offset = u32::try_from(i64::from(insn.imm) + *sym_off as i64)
                    .map_err(|_| self.err("map value offset out of range"))?;
                self.out
                    .fixups
                    .push((at, Fixup::MapValue { map: *map, offset }));
            }
            RelocSpec::Extern { name, call } => self.out.fixups.push((
                at,
                Fixup::Extern {
                    name: name.clone(),
                    call: *call,
                },
            )),
            RelocSpec::Invalid(reason) => return Err(self.err(reason.clone())),
            RelocSpec::Call { sym_off } => {
                let target = offset_target((*sym_off / 8) as usize, i64::from(insn.imm) + 1)
                    .ok_or_else(|| self.err("call target out of range"))?;
                self.call(at, target)?;
            }
            RelocSpec::SubprogAddr { sym_off } => {
                // Mark it so the kernel sees a function reference (libbpf does the same).
                self.out.insns[at].src = crate::obj::insn::PSEUDO_FUNC;
                let byte = i64::try_from(*sym_off).unwrap_or(i64::MAX) + i64::from(insn.imm);
                let target =
                    usize::try_from(byte / 8).map_err(|_| self.err("bad subprogram address"))?;
                self.call(at, target)?;
            }
        }
        Ok(())
    }

    /// Appends `.text` function `name` if it is not in the program yet.
    fn place_subprogram(&mut self, name: &str) -> Result<(), TemplateError> {
        let span = self
            .spec
            .subprograms
            .iter()
            .find(|s| s.name == name)
            .ok_or_else(|| {
                self.err(format!(
                    "exception callback `{name}` is not a .text function"
                ))
            })?;
        if !self.placed.contains_key(&span.insn_off) {
            let p = self.append(span)?;
            self.placed.insert(span.insn_off, p);
            self.out.subprograms.push(span.name.clone());
            self.queue.push_back((span, p));
        }
        Ok(())
    }

    /// Points the call / function-address instruction at `at` to `.text` instruction `target`.
    fn call(&mut self, at: usize, target: usize) -> Result<(), TemplateError> {
        let span = self
            .spec
            .subprograms
            .iter()
            .find(|s| s.insn_off <= target && target < s.insn_off + s.insn_cnt)
            .ok_or_else(|| {
                self.err(format!(
                    "call to .text instruction {target}, which is in no subprogram"
                ))
            })?;
        let start = match self.placed.get(&span.insn_off) {
            Some(&p) => p,
            None => {
                let p = self.append(span)?;
                self.placed.insert(span.insn_off, p);
                self.out.subprograms.push(span.name.clone());
                self.queue.push_back((span, p));
                p
            }
        };
        let dest = start + (target - span.insn_off);
        let imm = i64::try_from(dest).unwrap_or(i64::MAX) - i64::try_from(at).unwrap_or(0) - 1;
        self.out.insns[at].imm =
            i32::try_from(imm).map_err(|_| self.err("call offset overflows"))?;
        Ok(())
    }
}

fn offset_target(base: usize, delta: i64) -> Option<usize> {
    usize::try_from(i64::try_from(base).ok()?.checked_add(delta)?).ok()
}
