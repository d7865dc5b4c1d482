//! The tables against `linux/bpf.h`: every value the system header defines has the same
//! number here (the header may be older than the table, never the other way round).

use std::collections::HashMap;

use super::*;

/// `NAME -> value` for the members of `enum <name>` in `header` (implicit values count
/// up from the previous one; `A = B` aliases take B's value).
fn header_enum(header: &str, name: &str) -> HashMap<String, u32> {
    let mut out = HashMap::new();
    let Some(start) = header.find(&format!("enum {name} {{")) else {
        return out;
    };
    let body = &header[start..];
    let body = &body[body.find('{').unwrap_or(0) + 1..body.find("};").unwrap_or(body.len())];
    let mut next = 0u32;
    for item in body.split(',') {
        let item = item
            .lines()
            .map(|l| l.split("/*").next().unwrap_or("").trim())
            .filter(|l| !l.is_empty() && !l.starts_with('*') && !l.starts_with("#"))
            .collect::<Vec<_>>()
            .join(" ");
        let mut parts = item.split('=').map(str::trim);
        let Some(ident) = parts
            .next()
            .filter(|i| i.starts_with("BPF_") || i.starts_with("__"))
        else {
            continue;
        };
        let value = match parts.next() {
            Some(v) => v
                .parse()
                .ok()
                .or_else(|| out.get(v).copied())
                .unwrap_or(next),
            None => next,
        };
        out.insert(ident.to_string(), value);
        next = value + 1;
    }
    out
}

fn check<T: Copy + std::fmt::Debug>(
    header: &str,
    c_enum: &str,
    all: &[T],
    raw: impl Fn(T) -> u32,
    kernel_name: impl Fn(T) -> Option<&'static str>,
) -> usize {
    let defined = header_enum(header, c_enum);
    assert!(!defined.is_empty(), "enum {c_enum} not found in the header");
    let ours: HashMap<&str, u32> = all
        .iter()
        .map(|&t| {
            (
                kernel_name(t).expect("known values have kernel names"),
                raw(t),
            )
        })
        .collect();
    let mut compared = 0;
    for (name, value) in &defined {
        if name.starts_with("__") || name.ends_with("_DEPRECATED") {
            continue; // __MAX_BPF_* sentinels; renamed values keep their number here
        }
        if let Some(ours) = ours.get(name.as_str()) {
            assert_eq!(*ours, *value, "{name}");
            compared += 1;
        } else {
            // An alias (BPF_PROG_RUN = BPF_PROG_TEST_RUN) must still be a known number.
            assert!(
                ours.values().any(|v| v == value),
                "{name} = {value} from linux/bpf.h is missing in the table"
            );
        }
    }
    compared
}

#[test]
fn every_table_matches_the_system_header() {
    let path = "/usr/include/linux/bpf.h";
    let Ok(header) = std::fs::read_to_string(path) else {
        eprintln!("SKIPPED: {path} is not installed (Debian: linux-libc-dev)");
        return;
    };
    let n = check(
        &header,
        "bpf_prog_type",
        ProgramType::ALL,
        ProgramType::as_raw,
        ProgramType::kernel_name,
    ) + check(
        &header,
        "bpf_attach_type",
        AttachType::ALL,
        AttachType::as_raw,
        AttachType::kernel_name,
    ) + check(
        &header,
        "bpf_map_type",
        MapType::ALL,
        MapType::as_raw,
        MapType::kernel_name,
    ) + check(
        &header,
        "bpf_link_type",
        LinkType::ALL,
        LinkType::as_raw,
        LinkType::kernel_name,
    ) + check(
        &header,
        "bpf_cmd",
        Command::ALL,
        Command::as_raw,
        Command::kernel_name,
    );
    assert!(n > 150, "only {n} values compared");
}

#[test]
fn tables_are_dense_and_round_trip() {
    fn dense<T: Copy + PartialEq + std::fmt::Debug>(
        all: &[T],
        raw: impl Fn(T) -> u32,
        from: impl Fn(u32) -> T,
    ) {
        for (i, &t) in all.iter().enumerate() {
            assert_eq!(raw(t) as usize, i, "{t:?}");
            assert_eq!(from(raw(t)), t);
        }
    }
    dense(ProgramType::ALL, ProgramType::as_raw, ProgramType::from_raw);
    dense(AttachType::ALL, AttachType::as_raw, AttachType::from_raw);
    dense(MapType::ALL, MapType::as_raw, MapType::from_raw);
    dense(LinkType::ALL, LinkType::as_raw, LinkType::from_raw);
    dense(Command::ALL, Command::as_raw, Command::from_raw);
}

#[test]
fn unknown_values_are_carried() {
    let t = MapType::from_raw(1000);
    assert_eq!(t, MapType::Unknown(1000));
    assert_eq!(
        (t.as_raw(), t.is_known(), t.name()),
        (1000, false, "unknown")
    );
    assert_eq!(t.to_string(), "unknown (1000)");
    assert_eq!(ProgramType::SocketFilter.to_string(), "socket_filter");
    assert_eq!(
        AttachType::TcxIngress.kernel_name(),
        Some("BPF_TCX_INGRESS")
    );
    assert_eq!(Command::ProgLoad.as_raw(), 5);
    assert_eq!(Command::ProgLoad.kernel_name(), Some("BPF_PROG_LOAD"));
}
