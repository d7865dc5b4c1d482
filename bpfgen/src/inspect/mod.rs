//! `bpfgen inspect`: what an object holds, before generating anything.

mod model;
mod render;

pub use model::{inspect, GlobalVar, Inspection, MapRow, ProgramRow};
pub use render::{to_json, to_text};
