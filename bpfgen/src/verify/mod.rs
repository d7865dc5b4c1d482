//! `bpfgen verify`: veristat's job done the prepared way. Per object: parse and prepare
//! once, then load every program alone (a clone), collect the verifier's statistics, and
//! close it. Output and CSV columns match veristat so `veristat -C` can compare.

mod at_file;
mod baseline;
mod column;
pub mod command;
mod compare;
mod csv_in;
mod filter;
mod fixups;
mod mem_peak;
mod output;
mod prefetch;
mod presets;
mod row;
mod runner;
mod sort;
mod stat_spec;

pub use baseline::{regressions, Thresholds};
pub use column::{Column, Value};
pub use compare::{join, render_joined, Joined};
pub use csv_in::{parse_rows, read_rows};
pub use filter::Filter;
pub use mem_peak::MemPeak;
pub use output::{render, Format};
pub use presets::{read_presets, Preset};
pub use row::{Row, Verdict};
pub use runner::{top_src_lines, verify, VerifyOpts};
pub use sort::{sort_joined, sort_rows, SortKey};
pub use stat_spec::{StatRef, Variant};
