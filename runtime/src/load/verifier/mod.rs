//! The verifier's side of a load: statistics from the log, and rejections that point at
//! the failing source line.

mod error;
mod stats;

pub use error::{SourceLine, VerifierError};
pub use stats::VerifierStats;

pub(crate) use error::failing_source_line;
