//! Which BTF kinds the running kernel accepts, probed by loading tiny BTF blobs (libbpf's
//! `features.c` approach). Probed at most once per process, and only when the object's BTF
//! was refused: on 6.x kernels every probe succeeds and sanitising is a no-op.

use std::sync::OnceLock;

use crate::obj::btf::{Btf, BtfFeatures, BtfType, Enumerator, VarSecInfo};
use crate::sys;

/// `BTF_INT_SIGNED` in the INT encoding word.
const INT_SIGNED: u32 = 1 << 24;
/// `BTF_FUNC_GLOBAL`.
const FUNC_GLOBAL: u32 = 1;
/// `BTF_VAR_GLOBAL_ALLOCATED`.
const VAR_GLOBAL: u32 = 1;

/// The features of the running kernel, probed once.
pub(crate) fn kernel_btf_features() -> BtfFeatures {
    static FEATURES: OnceLock<BtfFeatures> = OnceLock::new();
    *FEATURES.get_or_init(probe_all)
}

fn probe_all() -> BtfFeatures {
    BtfFeatures {
        float: accepts(|b| {
            let n = b.add_string("float");
            b.add_type(BtfType::new_float(n, 4));
        }),
        decl_tag: accepts(|b| {
            let int = add_int(b);
            let x = b.add_string("x");
            let var = b.add_type(BtfType::new_var(x, int, VAR_GLOBAL));
            let tag = b.add_string("tag");
            b.add_type(BtfType::new_decl_tag(tag, var, -1));
        }),
        type_tag: accepts(|b| {
            let int = add_int(b);
            let tag = b.add_string("tag");
            let tagged = b.add_type(BtfType::new_type_tag(tag, int));
            b.add_type(BtfType::new_ptr(tagged));
        }),
        enum64: accepts(|b| {
            let e = b.add_string("e");
            let v = b.add_string("v");
            let values = vec![Enumerator {
                name_off: v,
                value: 1 << 40,
            }];
            b.add_type(BtfType::new_enum64(e, 8, values, false));
        }),
        func_global: accepts(|b| {
            let int = add_int(b);
            let proto = b.add_type(BtfType::new_func_proto(int, Vec::new()));
            let f = b.add_string("f");
            b.add_type(BtfType::new_func(f, proto, FUNC_GLOBAL));
        }),
        datasec: accepts(|b| add_datasec(b, ".data")),
        qmark_datasec: accepts(|b| add_datasec(b, "?.data")),
    }
}

fn add_int(b: &mut Btf) -> u32 {
    let name = b.add_string("int");
    b.add_type(BtfType::new_int(name, 4, INT_SIGNED | 32))
}

fn add_datasec(b: &mut Btf, name: &str) {
    let int = add_int(b);
    let x = b.add_string("x");
    let var = b.add_type(BtfType::new_var(x, int, VAR_GLOBAL));
    let sec = b.add_string(name);
    let entries = vec![VarSecInfo {
        type_id: var,
        offset: 0,
        size: 4,
    }];
    b.add_type(BtfType::new_datasec(sec, 4, entries));
}

/// Does the kernel load the BTF built by `build`?
fn accepts(build: impl FnOnce(&mut Btf)) -> bool {
    let mut btf = Btf::new_empty();
    build(&mut btf);
    sys::btf_load(&btf.to_bytes(), None, 0).is_ok()
}

#[cfg(test)]
mod tests {
    use crate::sys::require_bpf;

    #[test]
    fn a_modern_kernel_supports_every_btf_kind() {
        require_bpf!();
        let f = super::probe_all();
        // This project's CI kernel is 6.x (≥ 6.9 has '?' DATASECs).
        assert!(
            f.float && f.decl_tag && f.type_tag && f.enum64 && f.func_global && f.datasec,
            "{f:?}"
        );
        assert_eq!(f, super::kernel_btf_features(), "cached value matches");
    }
}
