//! `bpfgen verify`: veristat's job done the prepared way. Per object: parse and prepare
//! once, then load every program alone (a clone), collect the verifier's statistics, and
//! close it. Output and CSV columns match veristat so `veristat -C` can compare.

mod compare;
mod filter;
mod fixups;
mod output;
mod prefetch;
mod row;
mod runner;
mod sort;

pub use compare::{compare_csv, CompareError};
pub use filter::Filter;
pub use output::{render, Column, Format};
pub use row::{Row, Verdict};
pub use runner::{verify, VerifyOpts};
pub use sort::{sort_rows, SortKey};
