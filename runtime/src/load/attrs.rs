//! The effective load attributes of one load: inherited from the program, then overridden.

use crate::abi::{AttachType, ProgramType};
use std::os::fd::{AsFd, BorrowedFd, RawFd};

use super::clone_opts::CloneOpts;
use super::error::ProgramError;
use crate::obj::ProgramSpec;
use crate::prepare::kernel::running_kernel_version;
use crate::prepare::Shared;

/// Resolved attributes for `BPF_PROG_LOAD`.
#[derive(Debug, Clone)]
pub(crate) struct LoadAttrs<'a> {
    pub prog_type: ProgramType,
    pub expected_attach_type: AttachType,
    /// `None`: resolved from the section (or `attach_target`) when the program needs it.
    pub attach_btf_id: Option<u32>,
    /// A clone's attach target name, resolved through vmlinux BTF.
    pub attach_target: Option<&'a str>,
    pub attach_btf_obj_fd: Option<BorrowedFd<'a>>,
    pub attach_prog_fd: Option<BorrowedFd<'a>>,
    pub prog_flags: u32,
    pub prog_ifindex: u32,
    pub kern_version: u32,
    pub fd_array: Option<&'a [RawFd]>,
    pub token_fd: Option<BorrowedFd<'a>>,
    pub log_level: u32,
    /// Retry a failed load with a verbose log (lazy loads; clones only when the caller did
    /// not choose a log level, since logs are caller-controlled there).
    pub log_on_failure: bool,
    pub log_size: Option<u32>,
    pub name: &'a str,
}

impl<'a> LoadAttrs<'a> {
    /// The program's own attributes, as a lazy load uses them.
    pub fn inherit(shared: &'a Shared, spec: &'a ProgramSpec) -> Result<Self, ProgramError> {
        let prog_type = spec.prog_type.ok_or_else(|| ProgramError::UnknownSection {
            program: spec.name.clone(),
            section: spec.section.clone(),
        })?;
        Ok(LoadAttrs {
            prog_type,
            expected_attach_type: spec.load_attach_type(),
            attach_btf_id: None,
            attach_target: None,
            attach_btf_obj_fd: None,
            attach_prog_fd: None,
            prog_flags: spec.prog_flags,
            prog_ifindex: spec.ifindex,
            kern_version: shared.kern_version.unwrap_or_else(running_kernel_version),
            fd_array: None,
            token_fd: shared.token.as_ref().map(|t| t.as_fd()),
            log_level: 0,
            log_on_failure: true,
            log_size: None,
            name: &spec.name,
        })
    }

    /// Applies clone overrides: `None` inherits, `Some` replaces (zero included).
    pub fn override_with(&mut self, o: &CloneOpts<'a>) {
        set(&mut self.expected_attach_type, o.expected_attach_type);
        if o.attach_btf_id.is_some() {
            self.attach_btf_id = o.attach_btf_id;
        }
        if o.attach_target.is_some() {
            self.attach_target = o.attach_target;
        }
        set(&mut self.attach_btf_obj_fd, o.attach_btf_obj_fd);
        set(&mut self.attach_prog_fd, o.attach_prog_fd);
        set(&mut self.prog_flags, o.prog_flags);
        set(&mut self.prog_ifindex, o.prog_ifindex);
        set(&mut self.kern_version, o.kern_version);
        set(&mut self.fd_array, o.fd_array);
        if o.token_fd.is_some() {
            self.token_fd = o.token_fd;
        }
        if let Some(level) = o.log_level {
            self.log_level = level;
            self.log_on_failure = false;
        }
        if o.log_size.is_some() {
            self.log_size = o.log_size;
        }
        if let Some(n) = o.name {
            self.name = n;
        }
    }
}

fn set<T>(field: &mut T, value: Option<T>) {
    if let Some(v) = value {
        *field = v;
    }
}
