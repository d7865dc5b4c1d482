//! The object fix-ups veristat applies before loading (`fixup_obj` in veristat.c), so our
//! verdicts are comparable: no pinning, user-sized maps get one entry, and `freplace`
//! programs are loaded as the program type their context argument suggests.

use bpfgen_runtime::abi::{AttachType, MapType, ProgramType};
use bpfgen_runtime::obj::btf::{kind, Btf, BtfKind};
use bpfgen_runtime::obj::{ObjectSpec, Pinning};

/// Map types whose `max_entries` stays 0 (veristat's list since the clone-based
/// version): local storages require 0, and a struct_ops map's size is not the user's.
const KEEP_ZERO_ENTRIES: [MapType; 6] = [
    MapType::SkStorage,
    MapType::TaskStorage,
    MapType::InodeStorage,
    MapType::CgroupStorage,
    MapType::CgrpStorage,
    MapType::StructOps,
];

/// Applies veristat's fix-ups to `spec`.
pub(crate) fn veristat_fixups(mut spec: ObjectSpec) -> ObjectSpec {
    for m in &mut spec.maps {
        m.pinning = Pinning::None;
        m.pin_path = None;
        let keep = KEEP_ZERO_ENTRIES.contains(&m.map_type);
        if m.max_entries == 0 && !keep {
            m.max_entries = 1;
        }
    }
    let Some(btf) = spec.btf.clone() else {
        return spec;
    };
    for p in spec
        .programs
        .iter_mut()
        .filter(|p| p.prog_type == Some(ProgramType::Ext))
    {
        if let Some((prog_type, attach)) =
            ctx_type_name(&btf, &p.name).and_then(|n| guess_by_ctx(&n))
        {
            p.prog_type = Some(prog_type);
            p.expected_attach_type = attach;
        }
    }
    spec
}

/// Name of the struct the program's single context argument points to.
fn ctx_type_name(btf: &Btf, prog: &str) -> Option<String> {
    let func = btf.find_by_name_kind(prog, kind::FUNC)?;
    let proto = btf.type_by_id(btf.type_by_id(func)?.type_id())?;
    let BtfKind::FuncProto(params) = &proto.kind else {
        return None;
    };
    let [param] = params.as_slice() else {
        return None;
    };
    let (_, ptr) = btf.skip_mods(param.type_id).ok()?;
    if ptr.kind_num() != kind::PTR {
        return None;
    }
    let (id, _) = btf.skip_mods(ptr.type_id()).ok()?;
    Some(btf.name_of(id).to_string())
}

/// veristat's `guess_prog_type_by_ctx_name` table (UAPI and kernel-internal names).
fn guess_by_ctx(name: &str) -> Option<(ProgramType, Option<AttachType>)> {
    use AttachType as A;
    use ProgramType as P;
    let table: [(&str, Option<&str>, P, Option<A>); 14] = [
        ("__sk_buff", Some("sk_buff"), P::SchedCls, None),
        (
            "bpf_sock",
            Some("sock"),
            P::CgroupSock,
            Some(A::CgroupInet4PostBind),
        ),
        (
            "bpf_sock_addr",
            Some("bpf_sock_addr_kern"),
            P::CgroupSockAddr,
            Some(A::CgroupInet4Bind),
        ),
        (
            "bpf_sock_ops",
            Some("bpf_sock_ops_kern"),
            P::SockOps,
            Some(A::CgroupSockOps),
        ),
        ("sk_msg_md", Some("sk_msg"), P::SkMsg, Some(A::SkMsgVerdict)),
        (
            "bpf_cgroup_dev_ctx",
            Some("bpf_cgroup_dev_ctx"),
            P::CgroupDevice,
            Some(A::CgroupDevice),
        ),
        (
            "bpf_sysctl",
            Some("bpf_sysctl_kern"),
            P::CgroupSysctl,
            Some(A::CgroupSysctl),
        ),
        (
            "bpf_sockopt",
            Some("bpf_sockopt_kern"),
            P::CgroupSockopt,
            Some(A::CgroupSetsockopt),
        ),
        (
            "sk_reuseport_md",
            Some("sk_reuseport_kern"),
            P::SkReuseport,
            Some(A::SkReuseportSelectOrMigrate),
        ),
        (
            "bpf_sk_lookup",
            Some("bpf_sk_lookup_kern"),
            P::SkLookup,
            Some(A::SkLookup),
        ),
        ("xdp_md", Some("xdp_buff"), P::Xdp, Some(A::Xdp)),
        ("bpf_user_pt_regs_t", Some("pt_regs"), P::Kprobe, None),
        (
            "bpf_perf_event_data",
            Some("bpf_perf_event_data_kern"),
            P::PerfEvent,
            None,
        ),
        ("bpf_raw_tracepoint_args", None, P::RawTracepoint, None),
    ];
    table
        .iter()
        .find(|(uapi, kern, _, _)| *uapi == name || *kern == Some(name))
        .map(|(_, _, p, a)| (*p, *a))
}

#[cfg(test)]
mod tests {
    use super::{guess_by_ctx, veristat_fixups};
    use bpfgen_runtime::abi::{MapType, ProgramType};
    use bpfgen_runtime::obj::Pinning;

    #[test]
    fn guesses_like_veristat() {
        assert_eq!(
            guess_by_ctx("__sk_buff").map(|g| g.0),
            Some(ProgramType::SchedCls)
        );
        assert_eq!(
            guess_by_ctx("xdp_buff").map(|g| g.0),
            Some(ProgramType::Xdp)
        );
        assert_eq!(
            guess_by_ctx("bpf_raw_tracepoint_args").map(|g| g.0),
            Some(ProgramType::RawTracepoint)
        );
        assert_eq!(guess_by_ctx("u64"), None);
    }

    #[test]
    fn zero_sized_maps_get_one_entry_except_storages_and_struct_ops() {
        let spec = bpfgen_runtime::ObjectSpec::parse_named(
            include_bytes!("../../../tests/fixtures/many_progs.bpf.o"),
            "many_progs",
        )
        .expect("fixture");
        let mut spec = spec;
        let kinds = [
            MapType::Hash,
            MapType::CgrpStorage,
            MapType::SkStorage,
            MapType::StructOps,
        ];
        for (m, t) in spec.maps.iter_mut().zip(kinds) {
            m.map_type = t;
            m.max_entries = 0;
            m.pinning = Pinning::ByName;
        }
        let fixed = veristat_fixups(spec);
        let entries: Vec<u32> = fixed.maps.iter().take(4).map(|m| m.max_entries).collect();
        assert_eq!(entries, [1, 0, 0, 0]);
        assert!(fixed.maps.iter().all(|m| m.pinning == Pinning::None));
    }
}
