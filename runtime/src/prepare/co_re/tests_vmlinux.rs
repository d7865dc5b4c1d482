//! The committed `core_read.bpf.o` fixture relocated against the running
//! kernel's BTF (skipped, with a message, when it is not readable).
#![allow(clippy::unwrap_used, reason = "tests fail loudly by design")]

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Instant;

use super::testutil::module_blob;
use super::view::{members, BtfView};
use super::{parse_split, CoreRelocator, CoreTarget};
use crate::obj::btf::{kind, Btf, BtfType, CoreRelo};
use crate::obj::ObjectSpec;

const VMLINUX: &str = "/sys/kernel/btf/vmlinux";
const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/core_read.bpf.o"
);
const SECTION: &str = "raw_tp/sys_enter";

/// Byte offset of member `name` in struct `id`, looking through anonymous members.
fn offset_of(btf: &Btf, id: u32, name: &str, depth: u32) -> Option<u32> {
    let t = btf.type_by_id(id)?;
    for m in members(Some(t))? {
        let (bits, _) = t.member_bits(m);
        let mname = btf.str_at(m.name_off).unwrap_or("");
        if mname == name {
            return Some(bits / 8);
        }
        if mname.is_empty() && depth < 8 {
            let (inner, _) = btf.skip_mods_and_typedefs(m.type_id).ok()?;
            if let Some(off) = offset_of(btf, inner, name, depth + 1) {
                return Some(bits / 8 + off);
            }
        }
    }
    None
}

fn load_vmlinux() -> Option<(Btf, std::time::Duration)> {
    let data = match std::fs::read(VMLINUX) {
        Ok(d) => d,
        Err(e) => {
            println!("skipping vmlinux CO-RE test: cannot read {VMLINUX}: {e}");
            return None;
        }
    };
    let t = Instant::now();
    let btf = Btf::parse(&data).expect("vmlinux BTF parses");
    Some((btf, t.elapsed()))
}

#[test]
fn core_read_fixture_against_running_kernel() {
    let Some((vmlinux, parse_time)) = load_vmlinux() else {
        return;
    };
    let types = vmlinux.type_count();
    let task = vmlinux
        .find_by_name_kind("task_struct", kind::STRUCT)
        .expect("task_struct in vmlinux");
    let task_size = vmlinux.resolve_size(task).unwrap();
    let want: BTreeMap<&str, u32> = ["pid", "tgid", "real_parent"]
        .into_iter()
        .map(|f| (f, offset_of(&vmlinux, task, f, 0).unwrap()))
        .collect();
    let target = CoreTarget::new(Arc::new(vmlinux));
    let t = Instant::now();
    target.build_index();
    let index_time = t.elapsed();

    let obj = std::fs::read(FIXTURE).unwrap();
    let spec = ObjectSpec::parse(&obj).unwrap();
    let local = spec.btf.as_ref().unwrap();
    let relos = &spec
        .btf_ext
        .as_ref()
        .unwrap()
        .section(SECTION)
        .unwrap()
        .core_relos;
    let code = spec
        .code_sections
        .iter()
        .find(|s| s.name == SECTION)
        .unwrap();
    let mut insns = code.insns.clone();
    let t = Instant::now();
    let mut r = CoreRelocator::new(local, &target);
    let mut seen = BTreeMap::new();
    for relo in relos {
        let idx = relo.insn_off as usize / 8;
        let out = r.relocate(relo, &mut insns, idx).unwrap();
        assert!(!out.poisoned, "{}", out.description);
        let field = field_name(local, relo);
        assert_eq!(insns[idx].imm as u32, want[field], "{}", out.description);
        assert_eq!(out.local_type, "struct task_struct");
        seen.insert(field, (out.resolution.orig_val, out.resolution.new_val));
    }
    let relo_time = t.elapsed();
    assert_eq!(seen.len(), 3, "{seen:?}");
    type_relos_on_task(local, &target, task, task_size);
    println!(
        "vmlinux BTF: {types} types; parse {parse_time:?}; candidate index {index_time:?}; \
         {} relocations {relo_time:?}; (orig, new) offsets {seen:?}",
        relos.len()
    );
}

/// The member named by the last index of `relo`'s access string.
fn field_name<'a>(local: &'a Btf, relo: &CoreRelo) -> &'a str {
    let access = local.str_at(relo.access_str_off).unwrap();
    let idx: usize = access.rsplit(':').next().unwrap().parse().unwrap();
    let (_, t) = local.skip_mods_and_typedefs(relo.type_id).unwrap();
    let m = &members(Some(t)).unwrap()[idx];
    local.str_at(m.name_off).unwrap()
}

/// TYPE_SIZE / TYPE_EXISTS / TYPE_MATCHES of the fixture's `task_struct`.
fn type_relos_on_task(local: &Btf, target: &CoreTarget, task: u32, size: u32) {
    let mut local = local.clone();
    let zero = local.add_string("0");
    let lt = local
        .find_by_name_kind("task_struct", kind::STRUCT)
        .unwrap();
    let mut r = CoreRelocator::new(&local, target);
    let res = |r: &mut CoreRelocator<'_>, kind| {
        let relo = CoreRelo {
            insn_off: 0,
            type_id: lt,
            access_str_off: zero,
            kind,
        };
        r.resolve(&relo).unwrap()
    };
    assert_eq!(res(&mut r, 9).new_val, u64::from(size));
    assert_eq!(res(&mut r, 8).new_val, 1);
    assert_eq!(res(&mut r, 7).new_val, u64::from(task));
    // The kernel's `pid_t` is a typedef of int: typedefs are skipped before
    // names are compared, so the trimmed-down local struct matches.
    assert_eq!(res(&mut r, 12).new_val, 1);
}

#[test]
fn module_parse_over_vmlinux() {
    let Some((vmlinux, _)) = load_vmlinux() else {
        return;
    };
    let base = Arc::new(vmlinux);
    let int = base.find_by_name_kind("int", kind::INT).unwrap();
    let blob = module_blob(&base, |b| {
        let n = b.add_string("bpfgen_test_mod_struct");
        let m = b.add_string("bpfgen_field");
        let ms = vec![crate::obj::btf::Member {
            name_off: m,
            type_id: int,
            offset: 32,
        }];
        b.add_type(BtfType::new_struct(n, 8, ms));
    });
    let t = Instant::now();
    let module = parse_split(&blob, &base).unwrap();
    let split_time = t.elapsed();
    assert_eq!(module.name_of(module.start_id()), "bpfgen_test_mod_struct");
    let mut target = CoreTarget::new(Arc::clone(&base));
    target.add_module("bpfgen_test".into(), Arc::new(module));
    let mut l = super::testutil::B::new();
    let lint = l.int("int", 4, true);
    let lt = l.st("bpfgen_test_mod_struct", 8, &[("bpfgen_field", lint, 0)]);
    let relo = l.relo(lt, "0:0", 0);
    let res = CoreRelocator::new(&l.btf, &target).resolve(&relo).unwrap();
    assert_eq!(res.new_val, 4);
    let view: &dyn BtfView = base.as_ref();
    println!(
        "split BTF over vmlinux ({} base types): parse {split_time:?}",
        view.own_ids().len()
    );
}

#[test]
fn many_names_in_one_walk_find_what_one_walk_per_name_finds() {
    let Some((btf, _)) = load_vmlinux() else {
        return;
    };
    let wanted: &[(u32, &[u8])] = &[
        (kind::STRUCT, b"task_struct"),
        (kind::STRUCT, b"sk_buff"),
        (kind::UNION, b"bpf_attr"),
        (kind::TYPEDEF, b"btf_trace_sched_switch"),
        (kind::FUNC, b"bpf_obj_new_impl"),
        (kind::FUNC, b"schedule"),
        (kind::ENUM, b"bpf_cmd"),
        (kind::ENUM64, b"bpf_cmd"),
        (kind::VAR, b"runqueues"),
        (kind::INT, b"int"),
        (kind::STRUCT, b"no_such_type_in_any_kernel"),
        (kind::STRUCT, b"task"), // a prefix of task_struct: must not match it
        (kind::TYPEDEF, b"u"),   // one byte: `u` or a flavour `u___x`, never `u8`
    ];
    let batch = btf.ids_with_essential_names(wanted);
    // The same through the trait's generic walk (what module views use).
    struct Generic<'a>(&'a Btf);
    impl BtfView for Generic<'_> {
        fn type_by_id(&self, id: u32) -> Option<&BtfType> {
            self.0.type_by_id(id)
        }
        fn str_at(&self, off: u32) -> Option<&str> {
            self.0.str_at(off)
        }
        fn own_ids(&self) -> std::ops::Range<u32> {
            1..self.0.type_count()
        }
    }
    let generic = Generic(&btf).ids_with_essential_names(wanted);
    for (i, (k, ess)) in wanted.iter().enumerate() {
        // The rule itself, type by type: a compatible kind and that essential name.
        let any_enum = |x: u32| x == kind::ENUM || x == kind::ENUM64;
        let oracle: Vec<u32> = btf
            .iter_types()
            .filter(|(_, t)| t.kind_num() == *k || (any_enum(t.kind_num()) && any_enum(*k)))
            .filter(|(_, t)| {
                let name = btf.str_at(t.name_off).unwrap_or("");
                super::essential_name(name).as_bytes() == *ess
            })
            .map(|(id, _)| id)
            .collect();
        assert_eq!(batch[i], oracle, "{}", String::from_utf8_lossy(ess));
        assert_eq!(generic[i], oracle, "{}", String::from_utf8_lossy(ess));
    }
    assert!(!batch[0].is_empty(), "vmlinux has task_struct");
    assert!(batch[10].is_empty() && batch[11].is_empty());
}

/// `target`'s answers to `lookups` equal those of a target over `btf` whose name index
/// is built in full.
fn answers_like_the_index(btf: Arc<Btf>, target: &CoreTarget, lookups: &[(&str, u32)]) {
    let indexed = CoreTarget::new(btf);
    indexed.build_index();
    for &(name, k) in lookups {
        assert_eq!(
            target.find_vmlinux(name, k),
            indexed.find_vmlinux(name, k),
            "{name}"
        );
    }
}

#[test]
fn prefetched_names_answer_lookups_like_the_index() {
    let Some((btf, _)) = load_vmlinux() else {
        return;
    };
    let btf = Arc::new(btf);
    let prefetched = CoreTarget::new(Arc::clone(&btf));
    prefetched.prefetch_vmlinux(&[
        (kind::STRUCT, "task_struct"),
        (kind::TYPEDEF, "btf_trace_sched_switch"),
        (kind::FUNC, "schedule"),
    ]);
    let lookups = [
        ("task_struct", kind::STRUCT),
        ("btf_trace_sched_switch", kind::TYPEDEF),
        ("schedule", kind::FUNC),
        ("task_struct", kind::UNION),
    ];
    answers_like_the_index(btf, &prefetched, &lookups);
}

#[test]
fn many_prefetches_index_the_classes_and_answer_the_same() {
    let Some((btf, _)) = load_vmlinux() else {
        return;
    };
    let btf = Arc::new(btf);
    let target = CoreTarget::new(Arc::clone(&btf));
    let names = [
        "task_struct",
        "sk_buff",
        "file",
        "inode",
        "mm_struct",
        "cred",
        "sock",
    ];
    for name in names {
        target.prefetch_vmlinux(&[(kind::STRUCT, name), (kind::FUNC, "schedule")]);
    }
    let mut lookups: Vec<(&str, u32)> = names.iter().map(|n| (*n, kind::STRUCT)).collect();
    lookups.extend([
        ("net_device", kind::STRUCT),
        ("no_such_struct_here", kind::STRUCT),
        ("schedule", kind::FUNC),
    ]);
    answers_like_the_index(btf, &target, &lookups);
}
