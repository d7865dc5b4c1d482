//! Ring-buffer consumer throughput, owned vs borrowed vs typed records, in one run.
//!
//! `cargo run --release -p bpfgen-runtime --example ringbuf_throughput [ROUNDS]` (as root)
//!
//! Each round fills the 4 MiB ring of `tests/fixtures/ring_events.bpf.o` with 50,000
//! 64-byte records (one `BPF_PROG_TEST_RUN` of `emit`, which loops with `bpf_loop`), then
//! times only the draining, once per reader mode. Prints records/s per mode: median and
//! min–max over the rounds.

use std::os::fd::AsFd;
use std::time::Instant;

use bpfgen_runtime::kind::RawTracepoint;
use bpfgen_runtime::maps::{Array, RingBuf, RingBufReader};
use bpfgen_runtime::sys::{self, TestRun};
use bpfgen_runtime::{ObjectSpec, PreparedObject, Program};

const RECORDS: u32 = 50_000;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let rounds: usize = std::env::args().nth(1).map_or(Ok(5), |r| r.parse())?;
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/ring_events.bpf.o"
    );
    let obj = PreparedObject::prepare(ObjectSpec::parse_named(
        &std::fs::read(path)?,
        "ring_events",
    )?)?;
    let config: Array<u32> = Array::new(&obj, "config")?;
    config.set(0, &RECORDS)?;
    let emit = Program::<RawTracepoint>::new(&obj, "emit")?.load_lazy()?;
    let mut reader = RingBuf::new(&obj, "ring")?.reader()?;
    let fill = |reader: &RingBufReader| -> Result<(), Box<dyn std::error::Error>> {
        sys::prog_test_run(&mut TestRun::new(emit.as_fd()))?;
        if reader.pending() != u64::from(RECORDS) * 72 {
            return Err(format!(
                "ring holds {} bytes, not {RECORDS} records",
                reader.pending()
            )
            .into());
        }
        Ok(())
    };
    type Drain = fn(&mut RingBufReader) -> u64;
    let modes: [(&str, Drain); 3] = [
        ("owned Vec<u8> (Iterator)", |r| r.map(|v| v[0] as u64).sum()),
        ("borrowed &[u8] (consume)", |r| {
            let mut sum = 0u64;
            r.consume(|b| sum += u64::from(b[0]));
            sum
        }),
        ("typed [u64; 8] (next_as)", |r| {
            let mut sum = 0u64;
            while let Some(e) = r.next_as::<[u64; 8]>() {
                sum = sum.wrapping_add(e[0]);
            }
            sum
        }),
    ];
    let mut rates: Vec<Vec<f64>> = vec![Vec::new(); modes.len()];
    for _ in 0..rounds {
        for (i, (_, drain)) in modes.iter().enumerate() {
            fill(&reader)?;
            let t = Instant::now();
            std::hint::black_box(drain(&mut reader));
            let secs = t.elapsed().as_secs_f64();
            if reader.pending() != 0 {
                return Err("the ring was not drained".into());
            }
            rates[i].push(f64::from(RECORDS) / secs / 1e6);
        }
    }
    println!("{RECORDS} records of 64 bytes per round, {rounds} rounds, M records/s:");
    for ((name, _), mut r) in modes.iter().zip(rates) {
        r.sort_by(f64::total_cmp);
        println!(
            "  {name:<26} median {:>6.1}  (min {:.1} – max {:.1})",
            r[r.len() / 2],
            r[0],
            r[r.len() - 1]
        );
    }
    Ok(())
}
