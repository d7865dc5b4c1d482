//! Facts about the running kernel the loader needs after open: its BTF (parsed once per
//! process and shared), its configuration (`.kconfig` externs), its symbols (`.ksyms`),
//! its version and struct lookups for struct_ops. Part of `prepare`; `load` and `attach`
//! use it too. Product code asks what the kernel offers through [`tracepoint_exists`],
//! [`kernel_function_exists`] and [`kernel_type_exists`].

mod available;
mod btf;
mod config;
mod kallsyms;
mod struct_types;
mod version;
mod wanted;

pub use available::{
    kernel_function_exists, kernel_type_exists, tracepoint_exists, tracepoint_id_file,
};
pub use btf::{module_btf_fd, vmlinux, KernelBtf, KernelSource};
pub use config::{kernel_config, KernelConfig};
pub use kallsyms::kallsyms_address;
pub(crate) use struct_types::{kernel_members, kernel_struct};
pub(crate) use version::running_kernel_version;
pub(crate) use wanted::{attach_btf_name, needs_attach_btf, wanted_kernel_names};
