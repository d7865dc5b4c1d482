//! Proc-macro front end of bpfgen. The `skeleton!` macro arrives with the generator
//! (issue 3); this crate exists now so the workspace has its final shape.
#![forbid(unsafe_code)]
