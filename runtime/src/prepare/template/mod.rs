//! Program templates (part of `prepare`): the static linker turns one program of an
//! [`ObjectSpec`](crate::ObjectSpec) into an immutable [`ProgramTemplate`]: its own
//! instructions followed by every `.text` subprogram it reaches, calls rewritten,
//! func/line info rebased, and map/extern references left as symbolic [`Fixup`]s.
//! Pure: no system calls, so a template can be built once and loaded any number of times.

mod builder;

pub use builder::{build_template, Fixup, ProgramTemplate, TemplateError, TemplateLine};
