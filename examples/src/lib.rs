//! The examples' code, one module per use case, each with a `run` that writes what it
//! does to `out`. The example binaries (`cargo run --release --example NAME`) call `run`
//! with stdout; `tests/examples.rs` calls it on the kernel and checks the output.
//! Each module creates what it needs and removes it again, and stops by itself.

pub mod clone_to_many;
pub mod exec_events;
pub mod feature_flags;
pub mod tail_calls;
pub mod tc_filter;
pub mod xdp_counter;

mod netns;

/// What an example's `run` returns.
pub type Result<T = ()> = std::result::Result<T, Box<dyn std::error::Error>>;

/// This thread's id (`/proc/thread-self` links to `<pid>/task/<tid>`): examples count only
/// their own thread's events, so tests running beside them cannot disturb the counts.
///
/// # Errors
/// When `/proc` is not mounted.
pub fn this_thread() -> Result<u32> {
    let link = std::fs::read_link("/proc/thread-self")?;
    let tid = link
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default();
    Ok(tid.parse()?)
}
