//! Essential names and the per-BTF candidate name index (libbpf
//! `bpf_core_essential_name_len`; the index replaces the linear scan of
//! `bpf_core_add_cands`).
//!
//! An object's names are found together, in one walk over the target's names
//! ([`NameIndex::prefetch`]; for the first object, during the walk that indexes the
//! kernel's types). Names asked for later are scanned for, and a kind class asked for
//! often (or by many objects, as in `verify`) gets an index: (essential-name hash, id)
//! pairs, sorted, searched by bisection. Lookups re-check the real names and kinds, so
//! hash collisions cannot produce wrong candidates, and the candidate order equals
//! libbpf's scan order.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{OnceLock, RwLock};

use super::view::{c_str, kinds_compat, BtfView};
use crate::obj::btf::kind;

/// The essential part of a name: everything before the last `___` that is
/// preceded and followed by a non-underscore (libbpf
/// `bpf_core_essential_name_len`). `task_struct___old` → `task_struct`.
pub fn essential_name(name: &str) -> &str {
    let n = essential_bytes(name.as_bytes()).len();
    name.get(..n).unwrap_or(name)
}

/// [`essential_name`] on bytes.
pub(crate) fn essential_bytes(b: &[u8]) -> &[u8] {
    for i in (0..b.len().saturating_sub(4)).rev() {
        let sep = b.get(i..i + 5).is_some_and(|w| {
            w[0] != b'_' && w[1] == b'_' && w[2] == b'_' && w[3] == b'_' && w[4] != b'_'
        });
        if sep {
            return b.get(..=i).unwrap_or(b);
        }
    }
    b
}

/// Name lookups over one BTF. An object's names come first from [`NameIndex::prefetch`]
/// (all of them in one walk). A name asked for otherwise is scanned for, until its kind
/// class has had [`SCANS_BEFORE_INDEX`] scans or the process [`WALKS_BEFORE_INDEX`]
/// prefetch walks; then the class gets an index of (essential-name hash, id), built in
/// one walk. A class nobody asks for (the kernel's tens of thousands of FUNCs, for a
/// plain CO-RE object) is never indexed.
#[derive(Debug, Default)]
pub(crate) struct NameIndex {
    classes: [OnceLock<ClassIndex>; KIND_CLASSES],
    scans: [AtomicU32; KIND_CLASSES],
    /// (kind class, essential name) → ids, for the names [`NameIndex::prefetch`] looked
    /// up together.
    found: RwLock<Prefetched>,
    /// Walks [`NameIndex::prefetch`] made; past [`WALKS_BEFORE_INDEX`] it indexes the
    /// classes asked for instead (a process preparing many objects, as `verify` does).
    walks: AtomicU32,
}

/// Prefetch walks before the classes they look in are indexed.
const WALKS_BEFORE_INDEX: u32 = 4;

/// (kind class, essential name) → ids, ascending.
type Prefetched = HashMap<(u32, Box<[u8]>), Vec<u32>>;

/// Exact-name lookups of one kind class answered by a scan before its index is built.
const SCANS_BEFORE_INDEX: u32 = 8;

/// One past the largest `BTF_KIND_*` number.
const KIND_CLASSES: usize = 32;

/// (kind class, essential name) keys of `wanted`, sorted, without duplicates or empty
/// names: what [`NameIndex::prefetch`] looks up and [`NameMatcher`] matches.
pub(crate) fn lookup_keys<'a>(wanted: &[(u32, &'a str)]) -> Vec<(u32, &'a [u8])> {
    let mut keys: Vec<(u32, &[u8])> = wanted
        .iter()
        .filter(|(_, ess)| !ess.is_empty())
        .map(|(k, ess)| (kind_class(*k), ess.as_bytes()))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// (essential-name hash, id) of every named type of one kind class, sorted: 8 bytes a
/// type (the kernel's FUNCs, the largest class, take about 0.5 MiB), found by binary
/// search. A key's ids come out ascending.
#[derive(Debug, Default)]
struct ClassIndex {
    entries: Vec<(u32, u32)>,
}

/// ENUM and ENUM64 are one class (libbpf `btf_kind_core_compat`).
pub(super) fn kind_class(k: u32) -> u32 {
    if k == kind::ENUM64 {
        kind::ENUM
    } else {
        k
    }
}

/// FNV-1a over the kind class and the essential name, folded to 32 bits: cheap,
/// deterministic, and good enough since lookups re-check names.
fn key(ess: &[u8], k: u32) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ u64::from(kind_class(k));
    for &b in ess {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    (h ^ (h >> 32)) as u32
}

impl NameIndex {
    /// The index of `k`'s class, built now if this is its first lookup.
    fn class(&self, view: &dyn BtfView, k: u32) -> Option<&ClassIndex> {
        let class = kind_class(k);
        let slot = self.classes.get(class as usize)?;
        if slot.get().is_none() {
            self.build_classes(view, 1 << class);
        }
        slot.get()
    }

    /// Ids of kind `k` named exactly `name`, ascending: by scanning names and kinds while
    /// the class has had few such lookups, through its index after that.
    pub(crate) fn exact(&self, view: &dyn BtfView, name: &str, k: u32) -> Vec<u32> {
        let exact = |&id: &u32| {
            view.type_by_id(id)
                .is_some_and(|t| t.kind_num() == k && view.str_at(t.name_off) == Some(name))
        };
        if let Some(ids) = self.prefetched(essential_name(name), k) {
            return ids.into_iter().filter(exact).collect();
        }
        if self.scan_first(k) {
            return view.ids_named(name.as_bytes(), k);
        }
        self.indexed(view, essential_name(name), k)
            .filter(exact)
            .collect()
    }

    /// Looks up every (kind, essential name) of `wanted` in one pass over the names,
    /// for lookups about to come (an object's CO-RE roots, attach targets, ksyms and
    /// kfuncs): one walk instead of one per name. Names already known, or whose class
    /// is indexed, are skipped.
    pub(crate) fn prefetch(&self, view: &dyn BtfView, wanted: &[(u32, &str)]) {
        let todo: Vec<(u32, &[u8])> = {
            let found = self.found.read().unwrap_or_else(|p| p.into_inner());
            lookup_keys(wanted)
                .into_iter()
                .filter(|(class, ess)| {
                    let indexed = self
                        .classes
                        .get(*class as usize)
                        .is_some_and(|c| c.get().is_some());
                    !indexed && !found.contains_key(&(*class, (*ess).into()))
                })
                .collect()
        };
        if todo.is_empty() {
            return;
        }
        if self.walks.fetch_add(1, Ordering::Relaxed) >= WALKS_BEFORE_INDEX {
            let classes = todo
                .iter()
                .fold(0u32, |m, (class, _)| m | 1 << (class & 31));
            self.build_classes(view, classes);
            return;
        }
        let ids = view.ids_with_essential_names(&todo);
        self.record(&todo, ids);
    }

    /// Builds the indexes of the classes in the bit set `classes` not built yet, in one
    /// walk over the names.
    fn build_classes(&self, view: &dyn BtfView, classes: u32) {
        let todo = classes
            & (0..KIND_CLASSES as u32)
                .filter(|&c| self.classes[c as usize].get().is_none())
                .fold(0u32, |m, c| m | 1 << c);
        if todo == 0 {
            return;
        }
        let mut built: Vec<ClassIndex> = (0..KIND_CLASSES).map(|_| ClassIndex::default()).collect();
        view.for_each_named(
            &|k| todo & 1 << (kind_class(k) & 31) != 0,
            &mut |id, k, name| {
                built[kind_class(k) as usize]
                    .entries
                    .push((key(essential_bytes(name), k), id));
            },
        );
        for (c, mut index) in built.into_iter().enumerate() {
            if todo & 1 << c != 0 {
                index.finish();
                // Another thread may have built it meanwhile: the same index either way.
                let _ = self.classes[c].set(index);
            }
        }
    }

    /// Keeps `ids[i]`, the ids found for `keys[i]` (from [`lookup_keys`]), for later
    /// lookups.
    pub(crate) fn record(&self, keys: &[(u32, &[u8])], ids: Vec<Vec<u32>>) {
        let mut found = self.found.write().unwrap_or_else(|p| p.into_inner());
        for ((class, ess), ids) in keys.iter().zip(ids) {
            found.insert((*class, (*ess).into()), ids);
        }
    }

    /// The ids [`NameIndex::prefetch`] found for (`k`'s class, `ess`), if it looked.
    fn prefetched(&self, ess: &str, k: u32) -> Option<Vec<u32>> {
        let found = self.found.read().unwrap_or_else(|p| p.into_inner());
        if found.is_empty() {
            return None;
        }
        found.get(&(kind_class(k), ess.as_bytes().into())).cloned()
    }

    /// Builds every class now, in one walk (the classes are otherwise built on first
    /// lookup).
    pub(crate) fn build_all(&self, view: &dyn BtfView) {
        self.build_classes(view, u32::MAX);
    }
}

impl ClassIndex {
    /// Sorts the entries for lookups and gives back the spare capacity.
    fn finish(&mut self) {
        self.entries.sort_unstable();
        self.entries.shrink_to_fit();
    }

    /// The ids whose entry has hash `key`, ascending.
    fn ids(&self, key: u32) -> impl Iterator<Item = u32> + '_ {
        let first = self.entries.partition_point(|&(h, _)| h < key);
        self.entries[first..]
            .iter()
            .take_while(move |&&(h, _)| h == key)
            .map(|&(_, id)| id)
    }
}

impl NameIndex {
    /// Ids whose kind is compatible with `k` and whose essential name is `ess`,
    /// ascending: by a scan while the class has had few lookups, through its index after
    /// that.
    pub(crate) fn lookup(&self, view: &dyn BtfView, ess: &str, k: u32) -> Vec<u32> {
        if let Some(ids) = self.prefetched(ess, k) {
            return ids;
        }
        if self.scan_first(k) {
            return view.ids_with_essential_name(ess.as_bytes(), k);
        }
        self.indexed(view, ess, k).collect()
    }

    /// Whether a lookup of class `k` should scan: its index is not built and it has
    /// had fewer than [`SCANS_BEFORE_INDEX`] lookups (this one is counted).
    fn scan_first(&self, k: u32) -> bool {
        let class = kind_class(k) as usize;
        let indexed = self.classes.get(class).is_some_and(|c| c.get().is_some());
        !indexed
            && self
                .scans
                .get(class)
                .is_some_and(|s| s.fetch_add(1, Ordering::Relaxed) < SCANS_BEFORE_INDEX)
    }

    /// [`NameIndex::lookup`] through the class index.
    fn indexed<'a>(
        &'a self,
        view: &'a dyn BtfView,
        ess: &'a str,
        k: u32,
    ) -> impl Iterator<Item = u32> + 'a {
        let ids = self
            .class(view, k)
            .into_iter()
            .flat_map(move |c| c.ids(key(ess.as_bytes(), k)));
        ids.filter(move |&id| {
            view.type_by_id(id).is_some_and(|t| {
                kinds_compat(t.kind_num(), k)
                    && essential_name(view.str_at(t.name_off).unwrap_or("")) == ess
            })
        })
    }
}

/// Many (kind, essential name) queries answered together while walking a BTF's names.
pub(crate) struct NameMatcher<'w> {
    wanted: &'w [(u32, &'w [u8])],
    /// Bit `class` set: some wanted name has a kind of that class.
    classes: u32,
    /// Wanted indices by the first byte of their name.
    by_first: Vec<Vec<usize>>,
    /// Bit `b0 << 8 | b1` set: a candidate's name may start with bytes `b0 b1` (a NUL
    /// for `b1` when it is one byte long). Most names are ruled out here, without a
    /// branch that mispredicts on common first letters.
    prefixes: Box<[u64; 1024]>,
}

impl<'w> NameMatcher<'w> {
    pub(crate) fn new(wanted: &'w [(u32, &'w [u8])]) -> NameMatcher<'w> {
        let mut by_first = vec![Vec::new(); 256];
        let mut prefixes = Box::new([0u64; 1024]);
        let mut set = |b0: u8, b1: u8| {
            let bit = usize::from(b0) << 8 | usize::from(b1);
            prefixes[bit / 64] |= 1 << (bit % 64);
        };
        let mut classes = 0u32;
        for (w, (k, ess)) in wanted.iter().enumerate() {
            let Some(&b0) = ess.first() else {
                continue;
            };
            by_first[usize::from(b0)].push(w);
            classes |= 1 << (kind_class(*k) & 31);
            match ess.get(1) {
                Some(&b1) => set(b0, b1),
                // `x` itself, or a flavour `x___y`.
                None => {
                    set(b0, 0);
                    set(b0, b'_');
                }
            }
        }
        NameMatcher {
            wanted,
            classes,
            by_first,
            prefixes,
        }
    }

    /// Whether a name starting with `b0 b1` may be a candidate.
    #[inline]
    fn wants_prefix(&self, b0: u8, b1: u8) -> bool {
        let bit = usize::from(b0) << 8 | usize::from(b1);
        self.prefixes[bit / 64] & 1 << (bit % 64) != 0
    }

    #[inline]
    pub(crate) fn wants_kind(&self, k: u32) -> bool {
        self.classes & (1 << (kind_class(k) & 31)) != 0
    }

    /// Calls `found(w)` for every wanted `w` that a type of kind `k` named `name` is a
    /// candidate for.
    #[inline(never)]
    pub(crate) fn matches(&self, k: u32, name: &[u8], mut found: impl FnMut(usize)) {
        let Some(&b) = name.first() else {
            return;
        };
        let mut essential = None;
        for &w in &self.by_first[usize::from(b)] {
            let (wk, ess) = self.wanted[w];
            if !kinds_compat(k, wk) || !name.starts_with(ess) {
                continue;
            }
            let exact = name.len() == ess.len();
            if exact || *essential.get_or_insert_with(|| essential_bytes(name)) == ess {
                found(w);
            }
        }
    }

    /// Adds `id` to `out[w]` for every wanted `w` the type (`name_off` into `strings`,
    /// kind `k`) is a candidate for; reads the name only when its kind and first two
    /// bytes are wanted. Always inlined: it runs for every type of the kernel's BTF, and
    /// nearly always returns at the first check.
    #[inline(always)]
    pub(crate) fn visit(
        &self,
        strings: &[u8],
        id: u32,
        name_off: u32,
        k: u32,
        out: &mut [Vec<u32>],
    ) {
        if !self.wants_kind(k) {
            return;
        }
        let off = name_off as usize;
        let Some(&[b0, b1]) = strings.get(off..off + 2) else {
            return;
        };
        if self.wants_prefix(b0, b1) {
            self.matches(k, c_str(strings, off), |w| out[w].push(id));
        }
    }
}
