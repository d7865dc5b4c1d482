//! Ring-buffer consumer throughput, bpfgen-runtime against libbpf-rs and aya, on the same
//! object (`tests/fixtures/ring_events.bpf.o`) in the same run.
//!
//! `cargo run --release --manifest-path tests/bench-compare/Cargo.toml -- ringbuf [ROUNDS]`
//!
//! Each round, for each reader: one `BPF_PROG_TEST_RUN` of `emit` fills the 4 MiB ring
//! with 50,000 records of 64 bytes (each loader runs its own loaded copy of the object),
//! then only the draining is timed. The callbacks do the same work (sum the first byte).
//! Prints M records/s per reader, median and min–max over the rounds, and each bpfgen
//! reader's ratio to libbpf-rs's median.

use std::cell::Cell;
use std::os::fd::AsFd;
use std::time::Instant;

use bpfgen_runtime::kind::RawTracepoint;
use bpfgen_runtime::maps::{Array, RingBuf, RingBufReader};
use bpfgen_runtime::sys::{self, TestRun};
use bpfgen_runtime::{ObjectSpec, PreparedObject, Program};
use libbpf_rs::{MapCore, MapFlags};

use crate::Res;

const RECORDS: u32 = 50_000;
const OBJECT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../fixtures/ring_events.bpf.o");

/// Runs `rounds` rounds of every reader and prints the table.
pub fn ringbuf(rounds: usize) -> Res {
    // bpfgen-runtime.
    let obj = PreparedObject::prepare(ObjectSpec::parse_named(
        &std::fs::read(OBJECT)?,
        "ring_events",
    )?)?;
    Array::<u32>::new(&obj, "config")?.set(0, &RECORDS)?;
    let emit = Program::<RawTracepoint>::new(&obj, "emit")?.load_lazy()?;
    let mut reader = RingBuf::new(&obj, "ring")?.reader()?;
    let fill_bpfgen = |reader: &RingBufReader| -> Res {
        sys::prog_test_run(&mut TestRun::new(emit.as_fd()))?;
        check(reader.pending())
    };

    // libbpf-rs.
    let lobj = libbpf_rs::ObjectBuilder::default()
        .open_file(OBJECT)?
        .load()?;
    let config = lobj
        .maps()
        .find(|m| m.name() == "config")
        .ok_or("no config map")?;
    config.update(&0u32.to_ne_bytes(), &RECORDS.to_ne_bytes(), MapFlags::ANY)?;
    let ring = lobj
        .maps()
        .find(|m| m.name() == "ring")
        .ok_or("no ring map")?;
    let lemit = lobj
        .progs_mut()
        .find(|p| p.name() == "emit")
        .ok_or("no emit program")?;
    // aya: its own copy of the object; `emit` run through the same BPF_PROG_TEST_RUN.
    let mut ebpf = aya::Ebpf::load_file(OBJECT)?;
    {
        let mut config: aya::maps::Array<_, u32> =
            aya::maps::Array::try_from(ebpf.map_mut("config").ok_or("no config map")?)?;
        config.set(0, RECORDS, 0)?;
    }
    {
        let prog: &mut aya::programs::RawTracePoint = ebpf
            .program_mut("emit")
            .ok_or("no emit program")?
            .try_into()?;
        prog.load()?;
    }
    let mut aring = aya::maps::RingBuf::try_from(ebpf.take_map("ring").ok_or("no ring map")?)?;
    let aemit = ebpf
        .program("emit")
        .ok_or("no emit program")?
        .fd()?
        .try_clone()?;
    let fill_aya = || -> Res {
        sys::prog_test_run(&mut TestRun::new(aemit.as_fd()))?;
        Ok(())
    };

    let sum = Cell::new(0u64);
    let mut builder = libbpf_rs::RingBufferBuilder::new();
    builder.add(&ring, |data: &[u8]| {
        sum.set(sum.get() + u64::from(data[0]));
        0
    })?;
    let lring = builder.build()?;
    let fill_libbpf = || -> Res {
        lemit.test_run(libbpf_rs::ProgramInput::default())?;
        Ok(())
    };

    let names = [
        "libbpf-rs RingBuffer::consume",
        "bpfgen owned Vec<u8>",
        "bpfgen borrowed (consume)",
        "bpfgen typed (next_as)",
        "bpfgen borrowed (next_record)",
        "aya RingBuf::next",
    ];
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); names.len()];
    for _ in 0..rounds {
        for (i, rate) in rates.iter_mut().enumerate() {
            let secs = if i == names.len() - 1 {
                fill_aya()?;
                let t = Instant::now();
                let mut s = 0u64;
                let mut n = 0u32;
                while let Some(item) = aring.next() {
                    s += u64::from(item[0]);
                    n += 1;
                }
                std::hint::black_box(s);
                let secs = t.elapsed().as_secs_f64();
                if n != RECORDS {
                    return Err(format!("aya consumed {n} records, not {RECORDS}").into());
                }
                secs
            } else if i == 0 {
                fill_libbpf()?;
                let t = Instant::now();
                let n = lring.consume_raw();
                let secs = t.elapsed().as_secs_f64();
                if n != RECORDS as i32 {
                    return Err(format!("libbpf-rs consumed {n} records, not {RECORDS}").into());
                }
                secs
            } else {
                fill_bpfgen(&reader)?;
                let t = Instant::now();
                let total = match i {
                    1 => (&mut reader).map(|v| u64::from(v[0])).sum::<u64>(),
                    2 => {
                        let mut s = 0u64;
                        reader.consume(|b| s += u64::from(b[0]));
                        s
                    }
                    3 => {
                        let mut s = 0u64;
                        while let Some(e) = reader.next_as::<[u64; 8]>() {
                            s = s.wrapping_add(e[0]);
                        }
                        s
                    }
                    4 => {
                        let mut s = 0u64;
                        while let Some(r) = reader.next_record() {
                            s += u64::from(r[0]);
                        }
                        s
                    }
                    _ => unreachable!("aya's reader is timed above"),
                };
                std::hint::black_box(total);
                let secs = t.elapsed().as_secs_f64();
                check(reader.pending()).map_err(|_| "not drained")?;
                secs
            };
            rate.push(f64::from(RECORDS) / secs / 1e6);
        }
    }
    std::hint::black_box(sum.get());
    println!("{RECORDS} records of 64 bytes per round, {rounds} rounds, M records/s:");
    let medians: Vec<f64> = rates
        .iter_mut()
        .map(|r| {
            r.sort_by(f64::total_cmp);
            r[r.len() / 2]
        })
        .collect();
    for ((name, r), median) in names.iter().zip(&rates).zip(&medians) {
        println!(
            "  {name:<30} median {median:>6.1} (min {:.1} – max {:.1})  {:.2}× libbpf-rs  {:.2}× aya",
            r[0],
            r[r.len() - 1],
            median / medians[0],
            median / medians[names.len() - 1]
        );
    }
    Ok(())
}

/// Fails unless the ring holds exactly the round's records (or, drained, nothing).
fn check(pending: u64) -> Res {
    if pending == u64::from(RECORDS) * 72 || pending == 0 {
        Ok(())
    } else {
        Err(format!("ring holds {pending} bytes, not {RECORDS} records").into())
    }
}
