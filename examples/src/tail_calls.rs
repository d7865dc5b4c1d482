//! A dispatcher whose PROG_ARRAY slots are declared in C
//! (`examples/tail_calls/tail_calls.bpf.c`): it tail-calls the slot named by the first
//! byte of each UDP payload. Loading a target lazily makes its slot live; unloading it
//! empties the slot again, and the dispatcher falls through.

use std::io::Write;
use std::net::UdpSocket;
use std::time::Duration;

bpfgen_macros::skeleton!("tail_calls/tail_calls.bpf.o");

use tail_calls::TailCallsSkel;

/// `hits` slot of the datagrams that fell through an empty slot.
const FELL_THROUGH: u32 = 3;

/// Runs the example, writing what happens to `out`.
///
/// # Errors
/// When the kernel refuses a load or an attach, or the loopback socket fails.
pub fn run(out: &mut dyn Write) -> crate::Result {
    let skel = TailCallsSkel::open()?.prepare()?;
    let rx = UdpSocket::bind("127.0.0.1:0")?;
    rx.set_read_timeout(Some(Duration::from_secs(5)))?;
    let tx = UdpSocket::bind("127.0.0.1:0")?;
    let _filter = skel.progs.dispatcher.load_lazy()?.attach(&rx)?;
    writeln!(
        out,
        "dispatcher attached to a UDP socket on {}; no target loaded",
        rx.local_addr()?
    )?;

    // Sends one datagram for `slot` and reports which counter it moved.
    let send = |out: &mut dyn Write, slot: u8| -> crate::Result {
        let before = counts(&skel)?;
        tx.send_to(&[slot, 0, 0, 0], rx.local_addr()?)?;
        rx.recv(&mut [0u8; 16])?;
        let after = counts(&skel)?;
        let moved = (0..4).find(|&i| after[i] > before[i]);
        let what = match moved {
            Some(i) if i == FELL_THROUGH as usize => "fell through (slot empty)".to_string(),
            Some(i) => format!("ran target_{}", ["a", "b", "c"][i]),
            None => "counted nothing".to_string(),
        };
        writeln!(out, "  datagram for slot {slot}: {what}")?;
        Ok(())
    };

    send(out, 0)?;
    writeln!(out, "load target_a and target_c lazily: their slots fill")?;
    skel.progs.target_a.load_lazy()?;
    skel.progs.target_c.load_lazy()?;
    for slot in 0..3 {
        send(out, slot)?;
    }
    writeln!(out, "unload target_a: its slot empties")?;
    skel.progs.target_a.unload();
    send(out, 0)?;
    send(out, 2)?;
    let hits = counts(&skel)?;
    writeln!(
        out,
        "hits: target_a {}, target_b {}, target_c {}, fell through {}",
        hits[0], hits[1], hits[2], hits[3]
    )?;
    Ok(())
}

/// The four counters of `hits`.
fn counts(skel: &tail_calls::TailCalls) -> crate::Result<[u64; 4]> {
    let mut c = [0; 4];
    for (i, v) in c.iter_mut().enumerate() {
        *v = skel.maps.hits.get(u32::try_from(i)?)?;
    }
    Ok(c)
}
