//! The kernel's BPF ABI numbers, defined once: program types, attach types, map types,
//! link types and `bpf(2)` commands (`linux/bpf.h`). The bottom of the crate: every other
//! module (the pure parser, the syscall layer, the loader) uses these types, and this
//! module uses none of them.
//!
//! Each is an enum of the values known here plus `Unknown(raw)`, so a number from a newer
//! kernel (read back from `bpf_prog_info`, say) is carried, printed and passed on as it
//! is. The numbering only ever grows, so values newer than the build host's headers are
//! safe to list: the Debian `linux-libc-dev` 6.1 header ends at `BPF_LSM_CGROUP` (attach
//! type 43), `BPF_PROG_TYPE_SYSCALL` (31) and `BPF_MAP_TYPE_USER_RINGBUF` (31); later
//! values come from the upstream UAPI header and are marked with the kernel that
//! introduced them. Values that exist only in `bpf-next` so far are left out until they
//! reach a release. A test compares every value with the system's `linux/bpf.h`.

mod attach_type;
mod command;
mod link_type;
mod map_type;
mod program_type;

pub use attach_type::AttachType;
pub use command::Command;
pub use link_type::LinkType;
pub use map_type::MapType;
pub use program_type::ProgramType;

/// Defines a kernel enum: the known values (`Variant = number => "lower_name",
/// "KERNEL_NAME"`) plus `Unknown(u32)`, with `as_raw`, `from_raw`, `name` and
/// `kernel_name`.
macro_rules! kernel_enum {
    (
        $(#[$meta:meta])*
        pub enum $ty:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $raw:literal => $name:literal, $kernel:literal, )+
        }
    ) => {
        $(#[$meta])*
        #[non_exhaustive]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum $ty {
            $( $(#[$vmeta])* #[doc(alias = $kernel)] $variant, )+
            /// A number this table does not know (a newer kernel's), carried as it is.
            /// [`Self::from_raw`] gives this only for numbers without a variant.
            Unknown(u32),
        }

        impl $ty {
            /// Every known value, in kernel numbering order.
            pub const ALL: &'static [$ty] = &[ $( $ty::$variant, )+ ];

            /// The kernel's number for this value.
            pub const fn as_raw(self) -> u32 {
                match self {
                    $( $ty::$variant => $raw, )+
                    $ty::Unknown(raw) => raw,
                }
            }

            /// The value the kernel numbers `raw` (`Unknown(raw)` if this table lacks it).
            pub const fn from_raw(raw: u32) -> Self {
                match raw {
                    $( $raw => $ty::$variant, )+
                    other => $ty::Unknown(other),
                }
            }

            /// Whether this table knows the value.
            pub const fn is_known(self) -> bool {
                !matches!(self, $ty::Unknown(_))
            }

            /// libbpf's lower-case name (as `bpftool` prints it), or `"unknown"`.
            pub const fn name(self) -> &'static str {
                match self {
                    $( $ty::$variant => $name, )+
                    $ty::Unknown(_) => "unknown",
                }
            }

            /// The name in `linux/bpf.h`, if known.
            pub const fn kernel_name(self) -> Option<&'static str> {
                match self {
                    $( $ty::$variant => Some($kernel), )+
                    $ty::Unknown(_) => None,
                }
            }
        }

        impl std::fmt::Display for $ty {
            /// The lower-case name, or the number for unknown values.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                match self {
                    $ty::Unknown(raw) => write!(f, "unknown ({raw})"),
                    known => f.write_str(known.name()),
                }
            }
        }
    };
}
use kernel_enum;

#[cfg(test)]
mod tests;
