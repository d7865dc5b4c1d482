//! The output symbol table: section symbols, static symbols kept per input, and global
//! symbols resolved by name across inputs with libbpf's rules: one strong definition
//! wins over weak ones, two strong definitions conflict, an extern takes the definition
//! of any input, and what no input defines stays an extern (kfuncs, `.kconfig`, …).

use std::collections::HashMap;

use bpfgen_runtime::obj::elf::ElfView;
use object::elf::{
    SHN_ABS, SHN_UNDEF, STB_GLOBAL, STB_LOCAL, STB_WEAK, STT_FILE, STT_FUNC, STT_NOTYPE,
    STT_SECTION,
};

use super::layout::Layout;
use super::LinkError;

/// Where an output symbol is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    Undefined,
    Absolute,
    /// An output section.
    Section(usize),
}

/// One output symbol.
#[derive(Debug, Clone)]
pub(super) struct OutSymbol {
    pub name: String,
    pub value: u64,
    pub size: u64,
    pub bind: u8,
    pub kind: u8,
    pub visibility: u8,
    pub place: Place,
}

/// A global name's state while inputs are read.
#[derive(Debug)]
struct Global {
    /// Index in `Symbols::globals`.
    slot: usize,
    /// Where the definition is (input, ELF file), once there is one.
    defined_in: Option<String>,
    weak: bool,
}

/// Symbols being collected; locals and globals kept apart (ELF wants locals first).
#[derive(Debug, Default)]
pub(super) struct Symbols {
    pub locals: Vec<OutSymbol>,
    pub globals: Vec<OutSymbol>,
    by_name: HashMap<String, Global>,
    /// Output section → its section symbol (an index into `locals`).
    section_symbols: HashMap<usize, usize>,
    /// (input, input symbol index) → symbol.
    map: HashMap<(usize, usize), SymRef>,
}

/// A reference to a collected symbol.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum SymRef {
    Local(usize),
    Global(usize),
}

impl Symbols {
    /// Adds the symbols of input `n` (file `file`), placed by `layout`.
    pub fn add(
        &mut self,
        n: usize,
        file: &str,
        elf: &ElfView<'_>,
        layout: &Layout,
    ) -> Result<(), LinkError> {
        for sym in elf.symbols.iter().skip(1) {
            if sym.kind == STT_FILE || layout.skipped.contains(&(n, usize::from(sym.shndx))) {
                continue;
            }
            let placed = layout.placed.get(&(n, usize::from(sym.shndx))).copied();
            let place_value = || match (sym.shndx, placed) {
                (SHN_UNDEF, _) => (Place::Undefined, sym.value),
                (SHN_ABS, _) => (Place::Absolute, sym.value),
                (_, Some((out, off))) => (Place::Section(out), sym.value + off),
                // A symbol in a section that is not linked (DWARF): dropped.
                (_, None) => (Place::Absolute, 0),
            };
            if sym.kind == STT_SECTION {
                if let Some((out, _)) = placed {
                    let r = self.section_symbol(out, &layout.sections[out].name);
                    self.map.insert((n, sym.index), r);
                }
                continue;
            }
            if sym.bind == STB_LOCAL {
                let (place, value) = place_value();
                self.locals.push(OutSymbol {
                    name: sym.name.clone(),
                    value,
                    size: sym.size,
                    bind: STB_LOCAL,
                    kind: sym.kind,
                    visibility: sym.visibility,
                    place,
                });
                self.map
                    .insert((n, sym.index), SymRef::Local(self.locals.len() - 1));
                continue;
            }
            let (place, value) = place_value();
            let weak = sym.bind == STB_WEAK;
            let defined = place != Place::Undefined;
            let here = OutSymbol {
                name: sym.name.clone(),
                value,
                size: sym.size,
                bind: if weak { STB_WEAK } else { STB_GLOBAL },
                kind: sym.kind,
                visibility: sym.visibility,
                place,
            };
            let slot = match self.by_name.get_mut(&sym.name) {
                None => {
                    self.globals.push(here);
                    let slot = self.globals.len() - 1;
                    self.by_name.insert(
                        sym.name.clone(),
                        Global {
                            slot,
                            defined_in: defined.then(|| file.to_string()),
                            weak,
                        },
                    );
                    slot
                }
                Some(g) => {
                    let old = &mut self.globals[g.slot];
                    let kinds_clash = defined
                        && old.place != Place::Undefined
                        && is_func(old.kind) != is_func(sym.kind)
                        && old.kind != STT_NOTYPE
                        && sym.kind != STT_NOTYPE;
                    if kinds_clash {
                        return Err(LinkError::Conflict {
                            symbol: sym.name.clone(),
                            reason: format!(
                                "a function in one object and a variable in another ({} and {file})",
                                g.defined_in.as_deref().unwrap_or("?")
                            ),
                        });
                    }
                    // `hidden` (or `internal`) spreads from any declaration, as in libbpf.
                    let visibility = old.visibility.max(sym.visibility);
                    match (&g.defined_in, defined) {
                        (Some(first), true) if !g.weak && !weak => {
                            return Err(LinkError::Conflict {
                                symbol: sym.name.clone(),
                                reason: format!(
                                    "defined in both {first} and {file} (neither is weak)"
                                ),
                            })
                        }
                        // The first strong definition replaces a weak one.
                        (Some(_), true) if g.weak && !weak => {
                            *old = here;
                            g.defined_in = Some(file.to_string());
                            g.weak = false;
                        }
                        (Some(_), _) => {}
                        (None, true) => {
                            *old = here;
                            g.defined_in = Some(file.to_string());
                            g.weak = weak;
                        }
                        // Two externs: a strong reference stays strong.
                        (None, false) => {
                            if !weak {
                                old.bind = STB_GLOBAL;
                            }
                        }
                    }
                    self.globals[g.slot].visibility = visibility;
                    g.slot
                }
            };
            self.map.insert((n, sym.index), SymRef::Global(slot));
        }
        Ok(())
    }

    fn section_symbol(&mut self, out: usize, name: &str) -> SymRef {
        if let Some(&i) = self.section_symbols.get(&out) {
            return SymRef::Local(i);
        }
        self.locals.push(OutSymbol {
            name: name.to_string(),
            value: 0,
            size: 0,
            bind: STB_LOCAL,
            kind: STT_SECTION,
            visibility: 0,
            place: Place::Section(out),
        });
        let i = self.locals.len() - 1;
        self.section_symbols.insert(out, i);
        SymRef::Local(i)
    }

    /// Where each defined global ended up: name → (output section, offset).
    pub fn definitions(&self) -> HashMap<String, (usize, u64)> {
        self.globals
            .iter()
            .filter_map(|s| match s.place {
                Place::Section(out) => Some((s.name.clone(), (out, s.value))),
                _ => None,
            })
            .collect()
    }

    /// The symbol input `n`'s symbol `index` became.
    pub fn lookup(&self, n: usize, index: usize) -> Option<SymRef> {
        self.map.get(&(n, index)).copied()
    }

    /// The final symbol table index of `r` (null symbol first, then locals, globals).
    pub fn index(&self, r: SymRef) -> u32 {
        match r {
            SymRef::Local(i) => 1 + i as u32,
            SymRef::Global(i) => 1 + (self.locals.len() + i) as u32,
        }
    }
}

fn is_func(kind: u8) -> bool {
    kind == STT_FUNC
}
